"""The five election-day checklists: what the rest of the product relies on them to hold."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import BaseModel

from observer_app.formspec import (
    CompiledForm,
    FormLibrary,
    evaluate_form,
    find_problems,
    flagged_checks,
    load_forms,
)
from observer_app.formspec.models import (
    NOT_OBSERVED,
    CalculateQuestion,
    DateTimeQuestion,
    DecimalQuestion,
    IntegerQuestion,
    NoteQuestion,
    RepeatQuestion,
    Role,
    SelectMultipleQuestion,
    SelectOneQuestion,
    StationQuestion,
    TextQuestion,
    TimeQuestion,
    YesNoQuestion,
)
from observer_app.formspec.text import Text
from tests.conftest import FORMS

PLACES = {
    "opening": "polling_station",
    "voting": "polling_station",
    "counting": "polling_station",
    "tabulation": "tec",
    "incident": "any",
}
KAZAKH_LETTERS = set("әғқңөұүі")  # the ones ordinary Kazakh words need
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


@pytest.fixture(scope="module")
def library() -> FormLibrary:
    return load_forms(FORMS)


def test_the_five_forms_and_where_they_are_filled(library: FormLibrary) -> None:
    assert {form.id: form.form.place.value for form in library} == PLACES


@pytest.mark.parametrize("form_id", ["opening", "voting", "counting", "tabulation"])
def test_a_visit_has_arrival_departure_and_an_overall_assessment(
    library: FormLibrary, form_id: str
) -> None:
    form = library.get(form_id)
    arrival = form.by_role(Role.ARRIVAL_TIME)
    assert isinstance(arrival, TimeQuestion) and arrival.default == "now" and arrival.required
    assert isinstance(form.by_role(Role.DEPARTURE_TIME), TimeQuestion)
    assessment = form.by_role(Role.OVERALL_ASSESSMENT)
    assert isinstance(assessment, SelectOneQuestion)
    assert assessment.concern == ["bad", "very_bad"]
    assert assessment.required


def test_an_incident_has_its_time_and_the_observers_own_words(library: FormLibrary) -> None:
    form = library.get("incident")
    assert isinstance(form.by_role(Role.EVENT_TIME), DateTimeQuestion)
    assert isinstance(form.by_role(Role.NARRATIVE), TextQuestion)


def test_the_tabulation_form_can_say_the_process_was_not_transparent(
    library: FormLibrary,
) -> None:
    question = library.get("tabulation").question("transparent")
    assert isinstance(question, YesNoQuestion)
    assert question.concern == ["no"]
    assert question.finding is not None
    assert question.finding.en == "Tabulation process not transparent"


def test_votes_per_party_have_a_row_for_each_party_on_the_ballot(library: FormLibrary) -> None:
    form = library.get("counting")
    repeat = form.question("party_votes")
    assert isinstance(repeat, RepeatQuestion)
    rows = form.fixed_rows(repeat)
    assert rows is not None
    assert [row.label.ru for row in rows] == [
        "Нур Отан",
        "Ак жол",
        "Народная партия Казахстана",
        "Ауыл",
        "Адал",
    ]


def _texts(value: Any) -> list[Text]:
    if isinstance(value, Text):
        return [value]
    if isinstance(value, list | tuple):
        return [t for item in value for t in _texts(item)]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _texts(item)]
    if isinstance(value, BaseModel):
        return [t for name in type(value).model_fields for t in _texts(getattr(value, name))]
    return []


def test_every_text_is_translated_into_russian_and_kazakh(library: FormLibrary) -> None:
    untranslated = [
        (form.id, text.en)
        for form in library
        for text in _texts(form.form)
        if not CYRILLIC.search(text.ru)
        or not CYRILLIC.search(text.kk)
        # a sentence left in Russian where Kazakh belongs (short names may be the same)
        or (text.ru == text.kk and len(text.en) > 12)
    ]
    assert untranslated == []
    kazakh = "".join(text.kk for form in library for text in _texts(form.form))
    assert set(kazakh) >= KAZAKH_LETTERS, KAZAKH_LETTERS - set(kazakh)


# --- the findings table --------------------------------------------------------------

README = (FORMS / "README.md").read_text(encoding="utf-8")
REFERENCE = re.compile(r"`(opening|voting|counting|tabulation|incident)\.(check:)?([a-z0-9_]+)`")

#: What the "Election Day" section and the election-day sentences of the Preliminary
#: Conclusions report; each must be quoted in forms/README.md's table.
STATEMENT_FINDINGS = [
    "voting itself was generally organized efficiently",
    "lacked full transparency",
    "government-associated observers",
    "meaningful observation was often not possible",
    "procedural safeguards were often skipped during counting and tabulation",
    "doubts about the accuracy of announced results",
    "generally calm",
    "13 out of 17 regions",
    "prevented",
    "activists surrounded by some 100 police officers",
    "detentions of activists",
    "Internet slow-downs",
    "Voting procedures were generally followed",
    "ballot box stuffing",
    "lacking signatures on the voter list",
    "multiple entries in the supplementary voter list",
    "ballot boxes not sealed properly",
    "unauthorized people present in polling stations",
    "considerable distance",
    "no clear view of procedures, particularly voter identification",
    "Observers did not object",
    "unassisted access to voters with disabilities",
    "Interactive Accessibility Map",
    "Mitigating measures against the COVID-19",
    "personal protective equipment (PPE) was available",
    "social distancing was not always respected",
    "overcrowding",
    "limited the maximum number of people present",
    "turned away observers",
    "not consistently asked to present",
    "did not consistently follow procedures",
    "announce voters' choice",
    "number of votes cast per party",
    "reconciliation safeguards",
    "large distance from the vote count",
    "In 8 of the 12 TECs where tabulation was observed by the IEOM, the process was not "
    "transparent",
    "overcrowding did not allow to follow health protection protocols",
    "domestic observers and proxies were not present",
    "were closed and no tabulation was on-going",
    "postponed the tabulation until the following day for no apparent reason",
    "entry of results into databases",
    "preliminary turnout of 63.3 per cent",
]


def _table_rows() -> list[str]:
    start = README.index("## Where each election-day finding")
    end = README.index("\n## ", start + 1)
    return [line for line in README[start:end].splitlines() if line.startswith("| ")][1:]


@pytest.mark.parametrize("finding", STATEMENT_FINDINGS)
def test_every_election_day_finding_is_in_the_table(finding: str) -> None:
    assert any(finding.lower() in row.lower() for row in _table_rows()), finding


def test_every_question_and_check_the_table_names_exists(library: FormLibrary) -> None:
    named = [ref for ref in REFERENCE.findall(README) if ref[2] != "yaml"]
    assert len(named) > 60
    missing = []
    for form_id, check, item in named:
        form = library.get(form_id)
        ids = {c.id for c in form.form.checks} if check else set(form.questions) | set(form.parent)
        if item not in ids:
            missing.append(f"{form_id}.{check}{item}")
    assert missing == []


def test_every_concern_question_of_the_forms_is_recorded_somewhere_a_reader_can_find() -> None:
    # The README's per-form section lists each form; the table lists the statement's
    # findings. Both exist for each form.
    for form_id in PLACES:
        assert f"### `{form_id}`" in README


# --- the forms can be filled -----------------------------------------------------------


def _clean_answer(form: CompiledForm, question: Any) -> Any:
    """A plausible answer that reports no problem: how most visits go."""
    if isinstance(question, YesNoQuestion | SelectOneQuestion | SelectMultipleQuestion):
        values = [v for v in form.answer_values(question) or [] if v != NOT_OBSERVED]
        value = next(v for v in values if v not in question.concern)
        if isinstance(question, YesNoQuestion) and question.id.endswith(
            ("_present", "_turned_away")
        ):
            value = "yes" if "yes" not in question.concern else "no"
        return [value] if isinstance(question, SelectMultipleQuestion) else value
    if isinstance(question, IntegerQuestion | DecimalQuestion):
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else 10**6
        return type(low)(min(max(low, 10), high))
    if isinstance(question, TimeQuestion):
        return "20:30" if question.role == Role.DEPARTURE_TIME else "07:30"
    if isinstance(question, DateTimeQuestion):
        return "2021-01-10T07:30:00+06:00"
    if isinstance(question, TextQuestion):
        return "Сайлау учаскесі жақсы ұйымдастырылды."
    if isinstance(question, StationQuestion):
        return "ALA-1"
    return None


def _fill(form: CompiledForm) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for _ in range(4):  # answering one question can make the next one relevant
        state = evaluate_form(form, answers)
        for question_id in form.order:
            question = form.questions[question_id]
            if question_id not in state.relevant or question_id in answers:
                continue
            if isinstance(question, NoteQuestion | CalculateQuestion):
                continue
            if isinstance(question, RepeatQuestion):
                count = len(form.fixed_rows(question) or []) or max(question.min_rows, 1)
                answers[question_id] = [
                    {
                        child.id: _clean_answer(form, child)
                        for child in question.questions
                        if not isinstance(child, NoteQuestion | CalculateQuestion)
                    }
                    for _ in range(count)
                ]
            else:
                answers[question_id] = _clean_answer(form, question)
    return answers


@pytest.mark.parametrize("form_id", sorted(PLACES))
def test_each_form_can_be_completed_by_an_observer(library: FormLibrary, form_id: str) -> None:
    form = library.get(form_id)
    answers = _fill(form)
    assert [p.describe() for p in find_problems(form, answers)] == []


def test_a_stuffed_ballot_box_is_flagged_by_the_counting_checks(library: FormLibrary) -> None:
    form = library.get("counting")
    answers = _fill(form)
    answers.update({"signatures": 400, "ballots_in_box": 520})
    assert "ballots_exceed_signatures" in {c.id for c in flagged_checks(form, answers)}
