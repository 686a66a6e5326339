"""Findings as a statement's sentences: "In 8 of the 12 TECs where tabulation was observed,
the process was not transparent." in English, Russian and Kazakh.

The rules, as the methodology page states them:

- A finding is written with the clause its form leads with (`Sentence.lead`), counting the
  answers that clause describes; where none of them was given, the other clause is
  written with "all" ("In all polling stations visited, PPE was available").
- The whole base agreeing is "all". Otherwise a base under `FIGURES_BELOW` (30) is given
  as its figures, "in 8 of the 12 ..."; a larger base takes a quantifier word from
  `QUANTIFIERS`: almost all from 90 %, most from two thirds, the majority above half,
  many from a quarter, some from a tenth, a few below.
- A percentage is printed, beside the sentence, only from a base of `PERCENT_FROM` (30).
- Concerns nobody reported are gathered in one sentence per form, not one line each.

Each language builds the place phrase from the grammatical forms the form gives in its
`base` (formspec.models.StatementBase): English singular and plural, the Russian
genitive and prepositional with «в»/«на», the Kazakh genitive around the number with the
locative ending of `words.kazakh_locative`.
"""

from __future__ import annotations

from dataclasses import dataclass

from observer_app.analysis.filters import Unit
from observer_app.analysis.layout import ItemKind
from observer_app.analysis.tally import Count, FormFindings
from observer_app.formspec.models import EnglishBase, KazakhBase, RussianBase, StatementBase
from observer_app.reporting.phrases import left_out, x_of_y
from observer_app.reporting.words import Words, kazakh_locative

#: Below this base a sentence gives its figures ("8 of the 12"), not a quantifier word.
FIGURES_BELOW = 30
#: From this base on a share is printed as a percentage beside the sentence.
PERCENT_FROM = 30

#: The quantifier words, largest share first: (name, the share it starts at, inclusive).
QUANTIFIERS: tuple[tuple[str, float], ...] = (
    ("almost_all", 0.9),
    ("most", 2 / 3),
    ("majority", 0.5000001),
    ("many", 0.25),
    ("some", 0.1),
    ("few", 0.0000001),
)


def quantifier(x: int, y: int) -> str:
    """The word for X of Y by the documented thresholds: all, almost_all, ..., few, none."""
    if y <= 0 or x <= 0:
        return "none"
    if x >= y:
        return "all"
    share = x / y
    return next(name for name, start in QUANTIFIERS if share >= start)


_EN = {
    "all": "in all {other}",
    "almost_all": "in almost all {other}",
    "most": "in most {other}",
    "majority": "in the majority of {other}",
    "many": "in many {other}",
    "some": "in some {other}",
    "few": "in a few {other}",
}

_RU = {
    "all": "{vo} всех {prepositional}",
    "almost_all": "почти {vo} всех {prepositional}",
    "most": "{p} большинстве {genitive}",
    "majority": "более чем {p} половине {genitive}",
    "many": "{vo} многих {prepositional}",
    "some": "{p} ряде {genitive}",
    "few": "{p} отдельных {prepositional}",
}

_KK = {
    "all": "барлығында",
    "almost_all": "басым көпшілігінде",
    "most": "көпшілігінде",
    "majority": "жартысынан көбінде",
    "many": "едәуір бөлігінде",
    "some": "кейбірінде",
    "few": "бірнешеуінде",
}


def _english(base: EnglishBase, words: Words, x: int, y: int, word: str | None) -> str:
    if word is None:
        noun = base.one if y == 1 else base.other
        return f"in {words.number(x)} of the {words.number(y)} {noun}"
    return _EN[word].format(other=base.other)


def _russian(base: RussianBase, words: Words, x: int, y: int, word: str | None) -> str:
    p = base.preposition
    if word is None:
        one = y % 10 == 1 and y % 100 != 11
        noun = base.genitive_one if one else base.genitive_other
        return f"{p} {words.number(x)} из {words.number(y)} {noun}"
    # «во всех», «во многих»: «в» takes an «о» before these two words
    return _RU[word].format(
        p=p,
        vo="во" if p == "в" else p,
        genitive=base.genitive_other,
        prepositional=base.prepositional_other,
    )


def _kazakh(base: KazakhBase, words: Words, x: int, y: int, word: str | None) -> str:
    parts = [base.qualifier] if base.qualifier else []
    if word is None:
        located = kazakh_locative(x).replace(str(x), words.number(x), 1)
        parts += [words.number(y), base.genitive_one, located]
    else:
        parts += [base.genitive_other, _KK[word]]
    return " ".join(parts)


def where(words: Words, base: StatementBase, x: int, y: int) -> str:
    """ "in 8 of the 12 TECs where tabulation was observed", "in most polling stations
    visited", in the words' language."""
    word = quantifier(x, y)
    chosen = None if word not in ("all",) and y < FIGURES_BELOW else word
    if words.language == "ru":
        return _russian(base.ru, words, x, y, chosen)
    if words.language == "kk":
        return _kazakh(base.kk, words, x, y, chosen)
    return _english(base.en, words, x, y, chosen)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _joined(language: str, place: str, clause: str) -> str:
    """Place phrase and clause as one sentence. English sets the place off with a comma;
    Russian and Kazakh do not (a Russian place ending in a clause brings its own comma)."""
    place = _capital(place.strip())
    if language == "en" and not place.endswith(","):
        place += ","
    return f"{place} {clause}."


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One finding as a sentence, with the figures behind it."""

    count: Count
    sentence: str
    #: "8 of 12 TECs · not observed: 2", with the percentage from a base of 30.
    figures: str
    #: The X the sentence speaks of (concerns, or the other answers for a positive lead).
    x: int


@dataclass(frozen=True)
class FormStatement:
    """A form's findings as sentences, in the order of its sections."""

    form: FormFindings
    lines: list[StatementLine]
    #: One sentence for the concerns nobody reported, or None.
    none_reported: str | None


def _figures(words: Words, count: Count, x: int, form: FormFindings, unit: Unit) -> str:
    text = x_of_y(words, x, count.answered, form.layout, unit)
    if count.answered >= PERCENT_FROM:
        text = f"{text} ({words.percent(x / count.answered)})"
    extra = left_out(words, count)
    return f"{text} · {extra}" if extra else text


def _listed(text: str) -> str:
    """A finding label inside a list: lower case, unless it opens with an acronym (PEC)."""
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


#: What a statement words: questions and composites (checks are listed apart; a tag's
#: findings are gathered across forms).
WORDED_KINDS = (ItemKind.QUESTION, ItemKind.COMPOSITE)


def unworded_counts(form: FormFindings) -> list[Count]:
    """The answered concerns `form_statement` cannot word (a form written before sentences):
    the summary prints them as figures after the sentences."""
    return [
        c
        for c in form.counts
        if c.item.kind in WORDED_KINDS
        and c.answered
        and (c.item.sentence is None or form.layout.base is None)
    ]


def form_statement(words: Words, form: FormFindings, unit: Unit) -> FormStatement:
    """Every worded concern question and composite of `form` as a sentence; unworded ones
    are skipped."""
    _ = words.gettext
    lines: list[StatementLine] = []
    quiet: list[str] = []
    for count in form.counts:
        item = count.item
        sentence = item.sentence
        base = (sentence.base if sentence else None) or form.layout.base
        if item.kind not in WORDED_KINDS or sentence is None or base is None:
            continue
        if not count.answered:
            continue
        negative, positive = sentence.negative, sentence.positive
        if sentence.lead == "negative":
            if count.concern == 0:
                quiet.append(_listed(words.text(item.finding)))
                continue
            clause, x = negative, count.concern
        else:
            clause, x = positive, count.fine
            if x == 0:
                clause, x = negative, count.concern
        text = _joined(words.language, where(words, base, x, count.answered), words.text(clause))
        lines.append(StatementLine(count, text, _figures(words, count, x, form, unit), x))
    none_reported = None
    if quiet:
        none_reported = words.format(
            _("No observer reported any of the following: {findings}."),
            findings="; ".join(quiet),
        )
    return FormStatement(form, lines, none_reported)
