"""Findings as a statement's sentences: quantifier words by their documented thresholds,
figures on small bases, the grammar of the base in Russian and Kazakh, zero findings
gathered, a positive lead where the form asks for one."""

from __future__ import annotations

import pytest

from observer_app.analysis.filters import Unit
from observer_app.analysis.layout import form_layouts
from observer_app.analysis.tally import Count, FormFindings
from observer_app.domain.i18n import Language
from observer_app.reporting.statement import form_statement, quantifier, where
from observer_app.reporting.words import Words
from tests.analysis.factory import builtin_forms

LAYOUTS = form_layouts(builtin_forms())


@pytest.mark.parametrize(
    ("x", "y", "word"),
    [
        (40, 40, "all"),
        (36, 40, "almost_all"),
        (35, 40, "most"),
        (27, 40, "most"),
        (21, 40, "majority"),
        (20, 40, "many"),
        (10, 40, "many"),
        (9, 40, "some"),
        (4, 40, "some"),
        (3, 40, "few"),
        (0, 40, "none"),
    ],
)
def test_quantifier_words_follow_the_documented_thresholds(x: int, y: int, word: str) -> None:
    assert quantifier(x, y) == word


def findings(form_id: str, answers: dict[str, tuple[int, int]]) -> FormFindings:
    """A form's findings with (concern, fine) given per question; the rest unanswered."""
    layout = LAYOUTS[form_id]
    counts = [Count(item, *answers.get(item.id, (0, 0)), 0, 0, 0) for item in layout.items]
    return FormFindings(layout, 50, counts, {}, {}, [])


PLACES = {
    # (x, y): en, ru, kk for TECs where tabulation was observed
    (8, 12): (
        "in 8 of the 12 TECs where tabulation was observed",
        "в 8 из 12 ТИК, где наблюдалось подведение итогов,",
        "Қорытындыларды шығару байқалған 12 АСК-ның 8-інде",
    ),
    (12, 12): (
        "in all TECs where tabulation was observed",
        "во всех ТИК, где наблюдалось подведение итогов,",
        "Қорытындыларды шығару байқалған АСК-лардың барлығында",
    ),
    (30, 40): (
        "in most TECs where tabulation was observed",
        "в большинстве ТИК, где наблюдалось подведение итогов,",
        "Қорытындыларды шығару байқалған АСК-лардың көпшілігінде",
    ),
}


@pytest.mark.parametrize(("x", "y"), list(PLACES))
@pytest.mark.parametrize("index", [0, 1, 2])
def test_the_place_phrase_in_each_language(x: int, y: int, index: int) -> None:
    language: Language = ("en", "ru", "kk")[index]
    base = LAYOUTS["tabulation"].base
    assert base is not None
    assert where(Words(language), base, x, y) == PLACES[(x, y)][index]


def test_russian_takes_the_genitive_singular_after_21() -> None:
    base = LAYOUTS["voting"].base
    assert base is not None
    assert where(Words("ru"), base, 5, 21) == "на 5 из 21 посещённого избирательного участка"
    assert where(Words("ru"), base, 5, 11) == "на 5 из 11 посещённых избирательных участков"
    assert where(Words("ru"), base, 40, 40) == "на всех посещённых избирательных участках"


def test_a_small_base_gets_figures_and_no_percentage() -> None:
    form = findings("tabulation", {"transparent": (8, 4)})
    line = next(x for x in form_statement(Words("en"), form, Unit.STATION).lines)
    assert line.sentence == (
        "In 8 of the 12 TECs where tabulation was observed, the process was not transparent."
    )
    assert line.figures == "8 of 12 TECs"


def test_a_large_base_gets_a_word_and_a_percentage() -> None:
    form = findings("voting", {"people_limited": (30, 10)})
    [line] = form_statement(Words("en"), form, Unit.STATION).lines
    assert line.sentence == (
        "In most polling stations visited, the PEC limited the number of people present."
    )
    assert line.figures == "30 of 40 polling stations (75.0%)"


def test_a_positive_lead_counts_the_other_answers() -> None:
    form = findings("voting", {"ppe_available": (0, 43), "accessible_unassisted": (15, 28)})
    lines = form_statement(Words("en"), form, Unit.STATION).lines
    assert [line.sentence for line in lines] == [
        "In the majority of polling stations visited, voters with disabilities had "
        "unassisted access.",
        "In all polling stations visited, personal protective equipment was available for "
        "PEC members, observers and voters.",
    ]


def test_a_positive_lead_that_nobody_answered_is_written_negatively() -> None:
    form = findings("voting", {"ppe_available": (3, 0)})
    [line] = form_statement(Words("en"), form, Unit.STATION).lines
    assert line.sentence.startswith("In all polling stations visited, personal protective ")
    assert "was not available" in line.sentence


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "No observer reported any of the following: ballot boxes not properly sealed; "),
        ("ru", "Ни в одном наблюдении не отмечено следующее: "),
        ("kk", "Байқаушылар мына жағдайлардың ешқайсысын тіркеген жоқ: "),
    ],
)
def test_concerns_nobody_reported_are_one_sentence(language: Language, expected: str) -> None:
    form = findings(
        "opening",
        {"ballot_boxes_sealed": (0, 30), "opened_on_time": (0, 30), "voter_list_present": (2, 28)},
    )
    statement = form_statement(Words(language), form, Unit.STATION)
    assert len(statement.lines) == 1  # the voter list; the other two are in one sentence
    assert statement.none_reported is not None
    assert statement.none_reported.startswith(expected)
    assert statement.none_reported.count(";") == 1
