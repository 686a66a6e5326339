"""Stations where two observations of the same form disagree on a concern question.

In per-station counting only the latest observation counts; an earlier one that said
the opposite must not vanish silently, so every such station is listed with every answer.
Two observations disagree when one gave a concern answer and the other an answer
without concern; "not observed", blanks and skipped questions never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from observer_app.analysis.layout import FormLayout, Item, ItemKind
from observer_app.analysis.reading import ObservationRef, Outcome, by_fields
from observer_app.formspec import FormLibrary
from observer_app.formspec.models import NOT_OBSERVED, SelectMultipleQuestion


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One concern question at one station (or TEC), with what each observation answered."""

    item: Item
    place: str
    region: str | None
    #: Every observation there that answered it, with or without concern, oldest first.
    answers: tuple[tuple[ObservationRef, Any], ...]

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return by_fields(self)


class DisagreementTracker:
    """Keeps, for each form and place, what its observations answered to concern questions.

    Every observation at a place is kept until the end (a later one may disagree with it),
    so each is kept small: its outcomes, and its answers only where the outcome does not
    tell them. A yes/no question's answer is its outcome (the concern answer, or the other
    one): of a voting checklist's 29 concern questions, one needs its answer kept.
    """

    def __init__(self, layouts: dict[str, FormLayout], library: FormLibrary) -> None:
        self._questions = {
            form_id: [i for i, item in enumerate(layout.items) if item.kind == ItemKind.QUESTION]
            for form_id, layout in layouts.items()
        }
        self._layouts = layouts
        #: Per form, the concern questions whose answer the outcome tells: index -> (the
        #: concern answer, the other answer); the answers of the rest are kept, in order.
        self._told = {
            form_id: _answers_told(layout, library) for form_id, layout in layouts.items()
        }
        self._kept = {
            form_id: tuple(i for i in questions if i not in self._told[form_id])
            for form_id, questions in self._questions.items()
        }
        self._seen: dict[tuple[str, str], list[tuple[ObservationRef, bytes, tuple[Any, ...]]]] = {}
        #: What `settle` found at the places it let go of.
        self._found: list[Disagreement] = []

    def add(self, ref: ObservationRef, codes: bytes, concern_answers: tuple[Any, ...]) -> None:
        """One observation: its outcomes, and its answers per concern item where they are
        CONCERN or FINE (Reading.concern_answers: the only ones a disagreement shows)."""
        if ref.place is None:
            return
        kept = tuple(map(concern_answers.__getitem__, self._kept[ref.form_id]))
        self._seen.setdefault((ref.form_id, ref.place), []).append((ref, codes, kept))

    def merge(self, other: DisagreementTracker) -> None:
        for place, seen in other._seen.items():
            self._seen.setdefault(place, []).extend(seen)
        self._found.extend(other._found)

    def settle(self) -> None:
        """Work out the disagreements of every place seen so far and let go of what was
        kept for them: for a share of the count that holds every observation of its places
        (summary), so it hands over what it found, not all it kept."""
        self._found.extend(self._disagreements())
        self._seen.clear()

    def result(self) -> list[Disagreement]:
        """Every disagreement, by form and place, then in the order of the form."""
        found = self._found + self._disagreements()
        return sorted(found, key=lambda d: (d.item.form_id, d.place))  # stable: form order kept

    def _disagreements(self) -> list[Disagreement]:
        concern, fine = int(Outcome.CONCERN), int(Outcome.FINE)
        # Per form, where each kept answer sits in an observation's kept answers.
        positions = {
            form_id: {index: position for position, index in enumerate(kept)}
            for form_id, kept in self._kept.items()
        }
        found: list[Disagreement] = []
        for (form_id, place), seen in sorted(self._seen.items()):
            if len(seen) < 2:
                continue
            seen.sort(key=lambda s: (s[0].observed_at, s[0].id))
            items = self._layouts[form_id].items
            told, kept = self._told[form_id], positions[form_id]
            columns = list(zip(*(codes for _ref, codes, _answers in seen), strict=True))
            for index in self._questions[form_id]:
                column = columns[index]
                if concern in column and fine in column:
                    # A told answer is its outcome: CONCERN (0) is pair[0], FINE (1) pair[1].
                    pair, position = told.get(index), kept.get(index, 0)
                    found.append(
                        Disagreement(
                            item=items[index],
                            place=place,
                            region=seen[0][0].region,
                            answers=tuple(
                                (ref, answers[position] if pair is None else pair[codes[index]])
                                for ref, codes, answers in seen
                                if codes[index] <= fine
                            ),
                        )
                    )
        return found


def _answers_told(layout: FormLayout, library: FormLibrary) -> dict[int, tuple[str, str]]:
    """The concern questions whose answer, in every version of the form, is one concern
    answer or one other (besides "not observed"): (concern answer, other answer) by item.

    Stored answers are among their question's answers (checked when stored and merged),
    so for these an outcome of CONCERN or FINE is the answer itself.
    """
    versions = [compiled for compiled in library if compiled.id == layout.form_id]
    told: dict[int, tuple[str, str]] = {}
    for index, item in enumerate(layout.items):
        if item.kind != ItemKind.QUESTION or len(item.concern) != 1:
            continue
        (concern,) = item.concern
        others: set[str | None] = set()
        for compiled in versions:
            question = compiled.questions.get(item.id)
            if question is None:
                continue
            values = None
            if not isinstance(question, SelectMultipleQuestion):
                values = compiled.answer_values(question)
            rest = set(values or ()) - {NOT_OBSERVED, concern}
            if values is None or concern not in values or len(rest) != 1:
                others.add(None)
            else:
                others |= rest
        if len(others) == 1 and None not in others:
            (other,) = others
            assert other is not None
            told[index] = (concern, other)
    return told


def places_in(disagreements: Iterable[Disagreement]) -> int:
    return len({(d.item.form_id, d.place) for d in disagreements})
