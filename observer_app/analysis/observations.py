"""Completed observations streamed from any database, a batch at a time, answers attached.

A coordinator's database may hold 100,000 submissions: each is one row holding its record
as one document, read in one pass ordered by submission id, a batch of rows at a time, so
memory stays flat whatever the size, and the query is plain enough for SQLite and
PostgreSQL alike. Beside each record come its verdicts (formspec.verdicts), when kept.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, null, or_, select
from sqlalchemy.engine import Connection

from observer_app.analysis.filters import Filters
from observer_app.domain.json_reading import read_json
from observer_app.domain.submission import SubmissionStatus
from observer_app.store.models import SubmissionRow

#: Rows fetched per round trip: large enough to be fast, small enough to stay flat.
BATCH = 1000


@dataclass(frozen=True, slots=True)
class Observation:
    """One completed submission with its answers, as the summary reads it."""

    id: str
    form_id: str
    form_version: int
    station_id: str | None
    tec_id: str | None
    region: str | None
    observer: str
    team: str
    #: When the form was started, in the observer's own UTC offset.
    started_at: datetime
    completed_at: datetime | None
    answers: dict[str, Any]
    #: formspec.verdicts as kept with the submission (JSON text), and the fingerprint of
    #: the form they were worked out with; None when not worked out yet.
    verdicts: str | None = None
    verdicts_form: str | None = None

    @property
    def place(self) -> str | None:
        """The polling station or TEC observed; None for a form filled elsewhere."""
        return self.station_id or self.tec_id


#: Observations by polling station: station ids from `first` up to, not including, `past`
#: (None for an open end). A range with no first bound also holds every observation made
#: without a station (at a TEC, or of an incident), so no place is ever in two ranges:
#: what is said about one place is settled with the range that holds it.
PlaceRange = tuple[str | None, str | None]
ALL_PLACES: PlaceRange = (None, None)
#: Submissions per range a summary is read in: what is kept for a place's disagreements is
#: let go of after each range, so a process holds a range's observations, not all it counts.
PLACES_READ_TOGETHER = 2000


def place_ranges(connection: Connection, together: int = PLACES_READ_TOGETHER) -> list[PlaceRange]:
    """The stations cut into ranges of about `together` submissions each, in order (counted
    from the station index alone, every status together); never a station cut in two.

    A summary's processes take these one at a time, whichever is free first, so a process
    that started later or reads slower simply counts fewer of them.
    """
    station = SubmissionRow.station_id
    counts: dict[str, int] = {}
    without = 0  # submissions without a station: in the first range
    for station_id, count in connection.execute(select(station, func.count()).group_by(station)):
        if station_id is None:
            without = count
        else:
            counts[station_id] = count
    bounds: list[str | None] = [None]
    in_range = without
    for station_id in sorted(counts):
        if in_range >= together:
            bounds.append(station_id)
            in_range = 0
        in_range += counts[station_id]
    return list(itertools.pairwise([*bounds, None]))


def _binary(column: Any, dialect: str) -> Any:
    """The id column compared byte by byte: both cursors and this code must agree on order.

    SQLite compares text that way already; PostgreSQL follows the database's collation
    unless told "C".
    """
    return column.collate("C") if dialect == "postgresql" else column


def _in_places(column: Any, places: PlaceRange) -> list[ColumnElement[bool]]:
    first, past = places
    conditions: list[ColumnElement[bool]] = []
    if first is not None:
        conditions.append(column >= first)  # and so never NULL
        if past is not None:
            conditions.append(column < past)  # one range of the station index
    elif past is not None:
        conditions.append(or_(column.is_(None), column < past))
    return conditions


def submission_conditions(
    filters: Filters, places: PlaceRange = ALL_PLACES
) -> list[ColumnElement[bool]]:
    """The WHERE conditions that the database can apply itself: status, places, region,
    form, team."""
    conditions: list[ColumnElement[bool]] = [
        SubmissionRow.status == SubmissionStatus.COMPLETE.value,
        *_in_places(SubmissionRow.station_id, places),
    ]
    if filters.regions:
        conditions.append(SubmissionRow.region.in_(filters.regions))
    if filters.forms:
        conditions.append(SubmissionRow.form_id.in_(filters.forms))
    if filters.teams:
        conditions.append(SubmissionRow.team.in_(filters.teams))
    return conditions


def _submissions_query(
    filters: Filters, places: PlaceRange, dialect: str, by_place: bool, verdicts: bool = True
) -> Select[*tuple[Any, ...]]:
    s = SubmissionRow
    order = (s.station_id, _binary(s.id, dialect)) if by_place else (_binary(s.id, dialect),)
    kept = (s.verdicts, s.verdicts_form) if verdicts else (null(), null())
    return (
        select(s.id, s.document, *kept)
        .where(*submission_conditions(filters, places))
        .order_by(*order)
    )


#: The record's fields that recur from one observation to the next (form, place, people).
_RECURRING = ("form_id", "station_id", "tec_id", "region", "observer", "team")


def stream_observations(
    connection: Connection,
    filters: Filters,
    places: PlaceRange = ALL_PLACES,
    *,
    kept: bool = True,
    by_place: bool = False,
) -> Iterator[Observation]:
    """Every complete submission that passes the database-side filters, with its answers.

    The time window is left to the caller: the time of an observation may be an answer
    (an incident's time), which only the form knows how to read. `kept=False` is for a
    caller that keeps nothing of an observation once it is done with it (an export):
    what only saves memory when many are kept is then not done, and the verdicts, which
    only counting reads (a quarter as many bytes again as the records), are not read
    (None). In submission id order; `by_place`: by station first, which lets a narrow
    range of `places` be read from the station index (a summary reads its share so, a
    range at a time).
    """
    options = {"yield_per": BATCH, "stream_results": True}
    rows = connection.execution_options(**options).execute(
        _submissions_query(filters, places, connection.dialect.name, by_place, verdicts=kept)
    )
    loads, parse = read_json, datetime.fromisoformat
    # Kept: the names that recur are kept once, not once per record, and one UTC offset
    # object per offset, not two more per time read (a summary keeps each observation's
    # place, people and times until it is made: a third of what it holds).
    names: dict[Any, Any] = {}
    name = names.setdefault
    zones: dict[Any, Any] = {}
    zone = zones.setdefault

    def shared(text: str) -> datetime:
        value = parse(text)
        offset = value.tzinfo
        return value.replace(tzinfo=zone(offset, offset))

    moment = shared if kept else parse
    for submission_id, text, verdicts, verdicts_form in rows:
        record = loads(text)
        if kept:
            for key in _RECURRING:
                value = record[key]
                record[key] = name(value, value)
        completed_at = record["completed_at"]
        yield Observation(
            submission_id,
            record["form_id"],
            record["form_version"],
            record["station_id"],
            record["tec_id"],
            record["region"],
            record["observer"],
            record["team"],
            moment(record["created_at"]),
            None if completed_at is None else moment(completed_at),
            record["answers"],
            verdicts,
            verdicts_form,
        )
