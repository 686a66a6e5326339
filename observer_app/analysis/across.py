"""What the summary gathers across forms, observation by observation: the observers' access,
the time of day of the problems, and how long counts and tabulations took.

These are counted per observation whatever the summary's unit: an access refusal, an hour
and a duration belong to one visit, and merging visits (per station) would lose them. The
places where access was restricted are counted apart, once each.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from observer_app.analysis.layout import ACCESS_TAG, FormLayout, ItemKind
from observer_app.analysis.reading import Outcome, Reading
from observer_app.formspec.models import Role

#: The bands of the election day, by the observer's local hour: (name, first hour, past
#: hour). Hours past midnight belong to the evening's count and tabulation.
BANDS: tuple[tuple[str, int, int], ...] = (
    ("opening", 5, 8),
    ("morning", 8, 12),
    ("midday", 12, 15),
    ("afternoon", 15, 20),
    ("evening", 20, 29),
)

_CONCERN = int(Outcome.CONCERN)
_FINE = int(Outcome.FINE)


def band_of(moment: datetime) -> str:
    """The band of the day a local time falls in (00:00-04:59 is the evening's night)."""
    hour = moment.hour if moment.hour >= 5 else moment.hour + 24
    return next(name for name, first, past in BANDS if first <= hour < past)


def minutes_between(start: str, end: str) -> int | None:
    """Minutes from one "HH:MM" to the next; past midnight when the end reads earlier."""
    try:
        sh, sm = (int(part) for part in start.split(":"))
        eh, em = (int(part) for part in end.split(":"))
    except ValueError:
        return None
    minutes = (eh * 60 + em) - (sh * 60 + sm)
    return minutes if minutes >= 0 else minutes + 24 * 60


@dataclass(frozen=True, slots=True)
class Band:
    """One band of the day: its observations, the overall assessments given in them and
    how many were bad or very bad, the concerns they reported, and incidents."""

    name: str
    observations: int
    assessed: int
    negative: int
    #: Concern answers and checks that held, all together (composites and tags, which
    #: repeat their questions, left out).
    concerns: int
    incidents: int

    @property
    def concerns_per_observation(self) -> float | None:
        return self.concerns / self.observations if self.observations else None


@dataclass(frozen=True, slots=True)
class Duration:
    """How long a form's process took (process_start to process_end), over its timings."""

    form_id: str
    n: int
    median: float
    shortest: int
    longest: int


@dataclass(frozen=True)
class Access:
    """Observations and places where a question tagged `access` was answered, and where
    one of them reported a restriction."""

    restricted: int
    answered: int
    stations_restricted: int
    stations_answered: int
    tecs_restricted: int
    tecs_answered: int
    #: Form id -> (restricted, answered) observations.
    by_form: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class AcrossForms:
    access: Access
    #: The day's bands in order, all of them.
    bands: list[Band]
    #: Forms with start and end times, by form id.
    durations: list[Duration]


class _Plan:
    """Where one layout's access outcome and process times are."""

    def __init__(self, layout: FormLayout) -> None:
        index = layout.item_index()
        self.access = index.get((ItemKind.TAG, ACCESS_TAG))
        assessment = layout.assessment
        self.assessment = index.get((ItemKind.QUESTION, assessment)) if assessment else None
        #: Composites and tags repeat their questions' concerns: left out of the count.
        self.gathered = [
            position
            for position, item in enumerate(layout.items)
            if item.kind in (ItemKind.COMPOSITE, ItemKind.TAG)
        ]
        entries = layout.entry_index()
        start = layout.latest.by_role(Role.PROCESS_START)
        end = layout.latest.by_role(Role.PROCESS_END)
        self.times = (
            (entries[start.id], entries[end.id])
            if start is not None and end is not None and start.id in entries and end.id in entries
            else None
        )
        self.incident = layout.is_incident


class AcrossTally:
    """Add every observation read (`add`); `result` gives the figures across forms."""

    def __init__(self, layouts: dict[str, FormLayout]) -> None:
        self._plans = {form_id: _Plan(layout) for form_id, layout in layouts.items()}
        #: form id -> [restricted, answered] observations.
        self._access: dict[str, list[int]] = {}
        #: (a station?, place) -> its best access outcome (a concern before an answer).
        self._places: dict[tuple[bool, str], int] = {}
        #: band -> [observations, assessed, negative, concerns]; band -> incidents.
        self._bands: dict[str, list[int]] = {name: [0, 0, 0, 0] for name, _f, _p in BANDS}
        self._incidents: Counter[str] = Counter()
        self._minutes: dict[str, list[int]] = {}

    def add(self, reading: Reading) -> None:
        ref = reading.ref
        plan = self._plans.get(ref.form_id)
        if plan is None:
            return
        band = band_of(ref.observed_at)
        codes = reading.codes
        if plan.incident:
            self._incidents[band] += 1
        else:
            cells = self._bands[band]
            cells[0] += 1
            if plan.assessment is not None and codes[plan.assessment] <= _FINE:
                cells[1] += 1
                cells[2] += codes[plan.assessment] == _CONCERN
            # (bytes.count runs in C: most of a summary's time is spent per observation)
            cells[3] += codes.count(_CONCERN) - sum(
                1 for position in plan.gathered if codes[position] == _CONCERN
            )
        if plan.access is not None:
            code = codes[plan.access]
            if code <= _FINE:
                counts = self._access.setdefault(ref.form_id, [0, 0])
                counts[1] += 1
                counts[0] += code == _CONCERN
                if ref.place is not None:
                    place = (ref.station_id is not None, ref.place)
                    self._places[place] = min(code, self._places.get(place, code))
        if plan.times is not None:
            start, end = (reading.values[p] for p in plan.times)
            if isinstance(start, str) and isinstance(end, str):
                minutes = minutes_between(start, end)
                if minutes is not None:
                    self._minutes.setdefault(ref.form_id, []).append(minutes)

    def merge(self, other: AcrossTally) -> None:
        for form_id, (restricted, answered) in other._access.items():
            counts = self._access.setdefault(form_id, [0, 0])
            counts[0] += restricted
            counts[1] += answered
        for place, code in other._places.items():
            self._places[place] = min(code, self._places.get(place, code))
        for name, theirs in other._bands.items():
            self._bands[name] = [a + b for a, b in zip(self._bands[name], theirs, strict=True)]
        self._incidents.update(other._incidents)
        for form_id, minutes in other._minutes.items():
            self._minutes.setdefault(form_id, []).extend(minutes)

    def result(self) -> AcrossForms:
        places = [(station, code) for (station, _place), code in self._places.items()]
        access = Access(
            restricted=sum(r for r, _a in self._access.values()),
            answered=sum(a for _r, a in self._access.values()),
            stations_restricted=sum(1 for s, c in places if s and c == _CONCERN),
            stations_answered=sum(1 for s, _c in places if s),
            tecs_restricted=sum(1 for s, c in places if not s and c == _CONCERN),
            tecs_answered=sum(1 for s, _c in places if not s),
            by_form={form_id: (r, a) for form_id, (r, a) in sorted(self._access.items())},
        )
        bands = []
        for name, _first, _past in BANDS:
            observations, assessed, negative, concerns = self._bands[name]
            bands.append(
                Band(name, observations, assessed, negative, concerns, self._incidents[name])
            )
        durations = [
            Duration(
                form_id,
                len(minutes),
                statistics.median(minutes),
                min(minutes),
                max(minutes),
            )
            for form_id, minutes in sorted(self._minutes.items())
        ]
        return AcrossForms(access, bands, durations)
