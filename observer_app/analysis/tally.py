"""Counters that readings are added to, and the findings they add up to: X of Y, distributions.

Pure accumulation: `FormTally.add` takes one reading, `result` gives the counts. The
unit (observation or station) is decided before a reading is added, never here.
"""

from __future__ import annotations

import statistics
from array import array
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from observer_app.analysis.layout import Entry, EntryKind, FormLayout, Item, ItemKind
from observer_app.analysis.reading import NOT_ASKED, Outcome, Reading

NEGATIVE_ASSESSMENTS = ("bad", "very_bad")


@dataclass(frozen=True, slots=True)
class Count:
    """X of Y for one concern, and what was left out of Y."""

    item: Item
    concern: int  # X
    fine: int
    not_observed: int
    no_answer: int  # for a check: could not be evaluated (an answer it reads is missing)
    not_asked: int  # skipped by the form's logic

    @property
    def answered(self) -> int:
        """Y: answered with or without concern; "not observed" and blanks left out."""
        return self.concern + self.fine

    @property
    def share(self) -> float | None:
        return self.concern / self.answered if self.answered else None


def by_prevalence(counts: list[Count]) -> list[Count]:
    """Most prevalent first (share, then X); concerns nobody could answer last."""
    return sorted(
        counts,
        key=lambda c: (c.answered == 0, -(c.share or 0.0), -c.concern, c.item.id),
    )


@dataclass(frozen=True, slots=True)
class NumberSummary:
    n: int
    minimum: float
    median: float
    maximum: float
    total: float


@dataclass(frozen=True, slots=True)
class Distribution:
    """How one annex entry was answered."""

    entry: Entry
    answered: int
    no_answer: int
    not_asked: int
    #: Count per answer value (choices); for a multiple choice, per choice selected.
    counts: dict[str, int] = field(default_factory=dict)
    numbers: NumberSummary | None = None
    earliest: str | None = None
    latest: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceFlag:
    """A station or TEC where a check held, and how many of its observations said so."""

    place: str
    region: str | None
    observations: int


@dataclass(frozen=True, slots=True)
class Reason:
    """One concern among the units assessed negatively and among the rest assessed."""

    item: Item
    negative: int  # X among those assessed bad or very bad
    negative_answered: int  # their Y
    other: int  # X among those assessed good or very good
    other_answered: int


@dataclass(frozen=True)
class Reasons:
    """What lies behind negative overall assessments: each concern's X of Y among the
    units assessed bad or very bad, beside the same among those assessed good or very
    good (units with no assessment are in neither)."""

    negative_units: int
    other_units: int
    #: The assessment question's id: itself no reason for its answer.
    assessment: str
    #: Concern questions, composites and checks, in the layout's order.
    reasons: list[Reason]

    def most_frequent(self) -> list[Reason]:
        """Concerns reported among the negatively assessed, most frequent first."""
        found = [
            r
            for r in self.reasons
            if r.negative and r.item.kind is not ItemKind.TAG and r.item.id != self.assessment
        ]
        return sorted(found, key=lambda r: (-r.negative / r.negative_answered, -r.negative))


@dataclass(frozen=True)
class FormFindings:
    """Everything counted for one form id."""

    layout: FormLayout
    units: int
    counts: list[Count]
    #: Region code -> (X, Y) per count, in the order of `counts`.
    by_region: dict[str, list[tuple[int, int]]]
    #: Check id -> the places where it held, most flagged first.
    flagged: dict[str, list[PlaceFlag]]
    distributions: list[Distribution]
    #: Concerns behind negative overall assessments, for a form with an assessment.
    reasons: Reasons | None = None

    def count(self, kind: ItemKind, item_id: str) -> Count:
        return next(c for c in self.counts if c.item.kind == kind and c.item.id == item_id)

    @property
    def assessment(self) -> Distribution | None:
        """The overall assessment's distribution, when the form has one."""
        question = self.layout.assessment
        return next((d for d in self.distributions if d.entry.key == question), None)


class _EntryTally:
    __slots__ = ("answered", "counts", "entry", "extremes", "no_answer", "not_asked", "numbers")

    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        self.answered = 0
        self.no_answer = 0
        self.not_asked = 0
        self.counts: Counter[str] = Counter()
        self.numbers = array("d")
        self.extremes: list[str] = []

    def add(self, value: Any) -> None:
        if value is NOT_ASKED:
            self.not_asked += 1
            return
        if value is None:
            self.no_answer += 1
            return
        self.take(value)

    def take(self, value: Any) -> None:
        """An answer given (neither NOT_ASKED nor None)."""
        self.answered += 1
        kind = self.entry.kind
        if kind is EntryKind.CHOICE:
            self.counts[str(value)] += 1
        elif kind is EntryKind.NUMBER:
            if isinstance(value, int | float) and not isinstance(value, bool):
                self.numbers.append(value)
        elif kind is EntryKind.MULTIPLE:
            self.counts.update(str(v) for v in value)
        elif kind is EntryKind.TIME:
            text = str(value)
            extremes = self.extremes
            if not extremes:
                self.extremes = [text, text]
            elif text < extremes[0]:
                extremes[0] = text
            elif text > extremes[1]:
                extremes[1] = text

    def take_choices(self, value: Any, n: int) -> None:
        """`n` answers of the same value to a choice: what `add` does n times over."""
        if value is NOT_ASKED:
            self.not_asked += n
        elif value is None:
            self.no_answer += n
        else:
            self.answered += n
            self.counts[str(value)] += n

    def _extend(self, earliest: str, latest: str) -> None:
        if not self.extremes:
            self.extremes = [earliest, latest]
        else:
            self.extremes = [min(self.extremes[0], earliest), max(self.extremes[1], latest)]

    def merge(self, other: _EntryTally) -> None:
        self.answered += other.answered
        self.no_answer += other.no_answer
        self.not_asked += other.not_asked
        self.counts.update(other.counts)
        self.numbers.extend(other.numbers)
        if other.extremes:
            self._extend(*other.extremes)

    def result(self) -> Distribution:
        numbers = None
        if self.numbers:
            ordered = sorted(self.numbers)
            numbers = NumberSummary(
                n=len(ordered),
                minimum=ordered[0],
                median=statistics.median(ordered),
                maximum=ordered[-1],
                total=sum(ordered),
            )
        return Distribution(
            entry=self.entry,
            answered=self.answered,
            no_answer=self.no_answer,
            not_asked=self.not_asked,
            counts=dict(self.counts),
            numbers=numbers,
            earliest=self.extremes[0] if self.extremes else None,
            latest=self.extremes[1] if self.extremes else None,
        )


_OUTCOMES = len(Outcome)
#: Distinct (region, outcomes) a tally holds before it adds them up: memory stays flat.
PATTERNS_KEPT = 20_000


class FormTally:
    """The running counts of one form id; `add` one reading per unit counted.

    Outcomes are counted per region (None for no region), in one flat list per region
    (item * 5 + outcome); the form's totals are the sum of its regions'. Two tallies of
    the same form over different observations `merge` into the tally of all of them.
    """

    def __init__(self, layout: FormLayout) -> None:
        self.layout = layout
        self.units = 0
        #: Sum of the observation times (epoch seconds), to put forms in the order of the day.
        self.time_total = 0.0
        self._bases = range(0, _OUTCOMES * len(layout.items), _OUTCOMES)
        self._regions: dict[str | None, list[int]] = {}
        self._entries = [_EntryTally(entry) for entry in layout.entries]
        #: The choice entries' values are counted in one Counter of (position, value),
        #: in C, and handed to their entries' tallies when the counts are asked for.
        self._choices = [
            position
            for position, entry in enumerate(layout.entries)
            if entry.kind is EntryKind.CHOICE
        ]
        #: (itemgetter gives a tuple from two positions up; it pickles, a lambda does not)
        self._pick_choices = itemgetter(*self._choices) if len(self._choices) > 1 else None
        self._pending: Counter[tuple[int, Any]] = Counter()
        #: Likewise the outcomes: most observations of a region share a few patterns of
        #: outcomes; (region, codes) -> how many, added to `_regions` now and then.
        self._patterns: Counter[tuple[str | None, bytes]] = Counter()
        self._others = [
            (position, tally)
            for position, tally in enumerate(self._entries)
            if tally.entry.kind is not EntryKind.CHOICE
        ]
        self._checks = [i for i, item in enumerate(layout.items) if item.kind == ItemKind.CHECK]
        self._flagged: dict[int, Counter[tuple[str, str | None]]] = {
            i: Counter() for i in self._checks
        }
        #: The overall assessment's concern item (bad or very bad: in per-station counting,
        #: by at least one visit, as the findings count it), and per side (negative, the
        #: rest) its units and one flat list of outcomes (item * 5 + outcome).
        assessment = layout.assessment
        self._assessment = (
            layout.item_index().get((ItemKind.QUESTION, assessment)) if assessment else None
        )
        self._assessed: Counter[tuple[bool, bytes]] = Counter()
        self._sides = {side: [0] * (_OUTCOMES * len(layout.items)) for side in (True, False)}
        self._side_units: Counter[bool] = Counter()

    def add(self, reading: Reading) -> None:
        self.units += 1
        ref = reading.ref
        self.time_total += ref.observed_at.timestamp()
        codes = reading.codes
        if len(codes) != len(self._bases):
            raise ValueError("a reading of another layout")
        patterns = self._patterns
        patterns[(ref.region, codes)] += 1
        if len(patterns) > PATTERNS_KEPT:
            self.settle()
        place = ref.place
        if place is not None:
            for index in self._checks:
                if codes[index] == Outcome.CONCERN:
                    self._flagged[index][(place, ref.region)] += 1
        values = reading.values
        if len(values) != len(self._entries):
            raise ValueError("a reading of another layout")
        if self._assessment is not None:
            assessed = codes[self._assessment]
            if assessed <= Outcome.FINE:
                self._assessed[(assessed == Outcome.CONCERN, codes)] += 1
        pick = self._pick_choices
        choices = pick(values) if pick is not None else tuple(values[p] for p in self._choices)
        try:
            hash(choices)  # a choice's answer is text; anything else is counted one by one
        except TypeError:
            self.settle()  # so each entry's counts keep the order answers came in
            for position, value in zip(self._choices, choices, strict=True):
                self._entries[position].take_choices(value, 1)
        else:
            self._pending.update(zip(self._choices, choices, strict=True))
        for position, tally in self._others:
            # _EntryTally.add, its two commonest cases here: one call fewer per entry
            value = values[position]
            if value is NOT_ASKED:
                tally.not_asked += 1
            elif value is None:
                tally.no_answer += 1
            else:
                tally.take(value)

    def settle(self) -> None:
        """Add the outcomes and the choices counted together to the counts they belong to
        (a summary does so after each range of stations, so that what is left at the end,
        and what a worker hands back, is small)."""
        for (region, codes), n in self._patterns.items():
            cells = self._regions.get(region)
            if cells is None:
                cells = self._regions[region] = [0] * (_OUTCOMES * len(codes))
            for base, code in zip(self._bases, codes, strict=True):
                cells[base + code] += n
        self._patterns.clear()
        for (side, codes), n in self._assessed.items():
            self._side_units[side] += n
            cells = self._sides[side]
            for base, code in zip(self._bases, codes, strict=True):
                cells[base + code] += n
        self._assessed.clear()
        entries = self._entries
        for (position, value), n in self._pending.items():
            entries[position].take_choices(value, n)
        self._pending.clear()

    def merge(self, other: FormTally) -> None:
        self.settle()
        other.settle()
        self.units += other.units
        self.time_total += other.time_total
        for region, theirs in other._regions.items():
            cells = self._regions.get(region)
            if cells is None:
                self._regions[region] = list(theirs)
            else:
                self._regions[region] = [a + b for a, b in zip(cells, theirs, strict=True)]
        for mine, their_entry in zip(self._entries, other._entries, strict=True):
            mine.merge(their_entry)
        for index, places in other._flagged.items():
            self._flagged[index].update(places)
        for side, theirs in other._sides.items():
            self._sides[side] = [a + b for a, b in zip(self._sides[side], theirs, strict=True)]
        self._side_units.update(other._side_units)

    def result(self) -> FormFindings:
        self.settle()
        totals = [0] * (_OUTCOMES * len(self.layout.items))
        for cells in self._regions.values():
            totals = [a + b for a, b in zip(totals, cells, strict=True)]
        counts = [
            Count(item, *totals[base : base + _OUTCOMES])
            for item, base in zip(self.layout.items, self._bases, strict=True)
        ]
        by_region = {
            region: [
                (
                    cells[base + Outcome.CONCERN],
                    cells[base + Outcome.CONCERN] + cells[base + Outcome.FINE],
                )
                for base in self._bases
            ]
            for region, cells in sorted(self._regions.items(), key=lambda kv: kv[0] or "")
            if region is not None
        }
        flagged = {
            self.layout.items[index].id: [
                PlaceFlag(place, region, n)
                for (place, region), n in sorted(places.items(), key=lambda kv: (-kv[1], kv[0][0]))
            ]
            for index, places in self._flagged.items()
        }
        return FormFindings(
            layout=self.layout,
            units=self.units,
            counts=counts,
            by_region=by_region,
            flagged=flagged,
            distributions=[tally.result() for tally in self._entries],
            reasons=self._reasons(),
        )

    def _reasons(self) -> Reasons | None:
        if self._assessment is None:
            return None
        bad, rest = self._sides[True], self._sides[False]
        reasons = [
            Reason(
                item,
                bad[base + Outcome.CONCERN],
                bad[base + Outcome.CONCERN] + bad[base + Outcome.FINE],
                rest[base + Outcome.CONCERN],
                rest[base + Outcome.CONCERN] + rest[base + Outcome.FINE],
            )
            for item, base in zip(self.layout.items, self._bases, strict=True)
        ]
        assessment = self.layout.assessment
        assert assessment is not None
        return Reasons(self._side_units[True], self._side_units[False], assessment, reasons)


def negative_share(distribution: Distribution) -> float | None:
    """Share of answered assessments that are bad or very bad."""
    if not distribution.answered:
        return None
    negative = sum(distribution.counts.get(value, 0) for value in NEGATIVE_ASSESSMENTS)
    return negative / distribution.answered
