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
from observer_app.analysis.reading import ObservationRef, Outcome


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One concern question at one station (or TEC), with what each observation answered."""

    item: Item
    place: str
    region: str | None
    #: Every observation there that answered it, with or without concern, oldest first.
    answers: tuple[tuple[ObservationRef, Any], ...]


class DisagreementTracker:
    """Keeps, for each form and place, what its observations answered to concern questions."""

    def __init__(self, layouts: dict[str, FormLayout]) -> None:
        self._questions = {
            form_id: [i for i, item in enumerate(layout.items) if item.kind == ItemKind.QUESTION]
            for form_id, layout in layouts.items()
        }
        self._layouts = layouts
        self._seen: dict[tuple[str, str], list[tuple[ObservationRef, bytes, tuple[Any, ...]]]] = {}

    def add(self, ref: ObservationRef, codes: bytes, concern_answers: tuple[Any, ...]) -> None:
        """One observation: its outcomes, and its answers per concern item where they are
        CONCERN or FINE (Reading.concern_answers: the only ones a disagreement shows)."""
        if ref.place is None:
            return
        self._seen.setdefault((ref.form_id, ref.place), []).append((ref, codes, concern_answers))

    def merge(self, other: DisagreementTracker) -> None:
        for place, seen in other._seen.items():
            self._seen.setdefault(place, []).extend(seen)

    def result(self) -> list[Disagreement]:
        concern, fine = int(Outcome.CONCERN), int(Outcome.FINE)
        found: list[Disagreement] = []
        for (form_id, place), seen in sorted(self._seen.items()):
            if len(seen) < 2:
                continue
            seen.sort(key=lambda s: (s[0].observed_at, s[0].id))
            items = self._layouts[form_id].items
            columns = list(zip(*(codes for _ref, codes, _answers in seen), strict=True))
            for index in self._questions[form_id]:
                column = columns[index]
                if concern in column and fine in column:
                    found.append(
                        Disagreement(
                            item=items[index],
                            place=place,
                            region=seen[0][0].region,
                            answers=tuple(
                                (ref, answers[index])
                                for ref, codes, answers in seen
                                if codes[index] <= fine
                            ),
                        )
                    )
        return found


def places_in(disagreements: Iterable[Disagreement]) -> int:
    return len({(d.item.form_id, d.place) for d in disagreements})
