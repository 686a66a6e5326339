"""What a summary counts: filters by region, form, team and time window, and the counting unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum


class FilterError(ValueError):
    """A filter that cannot be applied; the message names the value and the reason."""


class Unit(StrEnum):
    """What one count stands for.

    OBSERVATION (the default): every completed form counts once. STATION: each polling
    station (or TEC) counts once per form, and a concern counts when at least one visit
    reported it, the rule of an observation statement ("ballot box stuffing in 3 of the 40
    polling stations visited"): a problem seen at 09:00 and put right by noon still counts.
    LATEST_VISIT: each station counts once per form, by its latest visit only.
    """

    OBSERVATION = "observation"
    STATION = "station"
    LATEST_VISIT = "latest_visit"

    @property
    def per_station(self) -> bool:
        return self != Unit.OBSERVATION


@dataclass(frozen=True, slots=True)
class Filters:
    """Which observations a summary counts; an empty tuple or None means "all".

    The time window is half-open, [since, until): consecutive windows never count an
    observation twice.
    """

    regions: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None

    def __post_init__(self) -> None:
        for name, moment in (("since", self.since), ("until", self.until)):
            if moment is not None and moment.utcoffset() is None:
                raise FilterError(f"{name} {moment.isoformat()} needs a UTC offset")
        if self.since is not None and self.until is not None and self.since >= self.until:
            raise FilterError(
                f"the time window is empty: since {self.since.isoformat()} "
                f"is not before until {self.until.isoformat()}"
            )

    def admits_time(self, moment: datetime) -> bool:
        return (self.since is None or moment >= self.since) and (
            self.until is None or moment < self.until
        )

    @property
    def is_empty(self) -> bool:
        """True when nothing is filtered out."""
        return not (self.regions or self.forms or self.teams or self.since or self.until)


def parse_moment(text: str) -> datetime:
    """An ISO 8601 date or date-time as typed on the command line.

    A time without an offset is read in this computer's time zone, and a date alone as
    its midnight: the coordinator types the times of the election day as they live them.
    """
    value = text.strip()
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), time())
        else:
            moment = datetime.fromisoformat(value)
    except ValueError:
        raise FilterError(
            f"{text!r} is not a date or date-time (e.g. 2021-01-10 or 2021-01-10T14:00+06:00)"
        ) from None
    return moment if moment.utcoffset() is not None else moment.astimezone()
