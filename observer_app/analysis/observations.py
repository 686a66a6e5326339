"""Completed observations streamed from any database, a batch at a time, answers attached.

A coordinator's database may hold 100,000 submissions and millions of answers: they are
read in two cursors ordered by submission id and merged, so memory stays flat whatever
the size, and the queries are plain enough for SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, cast, select
from sqlalchemy.engine import Connection

from observer_app.analysis.filters import Filters
from observer_app.domain.submission import SubmissionStatus, join_time
from observer_app.store.models import AnswerRow, SubmissionRow

#: Rows fetched per round trip: large enough to be fast, small enough to stay flat.
BATCH = 5000


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

    @property
    def place(self) -> str | None:
        """The polling station or TEC observed; None for a form filled elsewhere."""
        return self.station_id or self.tec_id


#: A share of the submission ids, [first, past): None for an open end.
IdRange = tuple[str | None, str | None]
ALL_IDS: IdRange = (None, None)


def id_ranges(parts: int, head_start: float = 0.0) -> list[IdRange]:
    """`parts` ranges that split random (UUID) ids by their first two hex digits.

    The first range is `head_start` larger than an even share: it is counted by the
    process that also starts the others and needs no time to start itself.
    """
    first = min(1.0, 1 / parts + head_start)
    rest = (1 - first) / (parts - 1) if parts > 1 else 0.0
    cuts = [first + rest * i for i in range(parts - 1)]
    bounds = [None, *(format(min(255, round(256 * cut)), "02x") for cut in cuts), None]
    return list(itertools.pairwise(bounds))


def _binary(column: Any, dialect: str) -> Any:
    """The id column compared byte by byte: both cursors and this code must agree on order.

    SQLite compares text that way already; PostgreSQL follows the database's collation
    unless told "C".
    """
    return column.collate("C") if dialect == "postgresql" else column


def _in_range(column: Any, ids: IdRange) -> list[ColumnElement[bool]]:
    first, past = ids
    conditions: list[ColumnElement[bool]] = []
    if first is not None:
        conditions.append(column >= first)
    if past is not None:
        conditions.append(column < past)
    return conditions


def submission_conditions(filters: Filters, ids: IdRange = ALL_IDS) -> list[ColumnElement[bool]]:
    """The WHERE conditions that the database can apply itself: status, region, form, team."""
    conditions: list[ColumnElement[bool]] = [
        SubmissionRow.status == SubmissionStatus.COMPLETE.value,
        *_in_range(SubmissionRow.id, ids),
    ]
    if filters.regions:
        conditions.append(SubmissionRow.region.in_(filters.regions))
    if filters.forms:
        conditions.append(SubmissionRow.form_id.in_(filters.forms))
    if filters.teams:
        conditions.append(SubmissionRow.team.in_(filters.teams))
    return conditions


class _Decoder:
    """JSON answers decoded once per distinct short text: "yes" is parsed once, not a million
    times, and every "yes" is then the same object, which keeps memory small.

    Decoded values are shared between observations: readers must not change them.
    """

    LIMIT = 20_000

    def __init__(self) -> None:
        self._seen: dict[str, Any] = {}

    def __call__(self, raw: Any) -> Any:
        if not isinstance(raw, str):
            return raw
        value = self._seen.get(raw)
        if value is None:
            value = json.loads(raw)
            if len(raw) <= 40 and len(self._seen) < self.LIMIT:
                self._seen[raw] = value
        return value


def _submissions_query(filters: Filters, ids: IdRange, dialect: str) -> Select[*tuple[Any, ...]]:
    s = SubmissionRow
    return (
        select(
            s.id,
            s.form_id,
            s.form_version,
            s.station_id,
            s.tec_id,
            s.region,
            s.observer,
            s.team,
            s.created_at,
            s.created_offset,
            s.completed_at,
            s.completed_offset,
        )
        .where(*submission_conditions(filters, ids))
        .order_by(_binary(s.id, dialect))
    )


def _answers_query(filters: Filters, ids: IdRange, dialect: str) -> Select[*tuple[Any, ...]]:
    # The value as its JSON text: one decoding rule for every backend (PostgreSQL's driver
    # would otherwise hand back some values decoded and others not).
    query = select(AnswerRow.submission_id, AnswerRow.question_id, cast(AnswerRow.value, Text))
    if filters.regions or filters.forms or filters.teams:
        # Narrowed in the database; otherwise reading every answer in index order is
        # faster, and those of drafts are skipped while merging.
        query = query.join(SubmissionRow, SubmissionRow.id == AnswerRow.submission_id).where(
            *submission_conditions(filters)
        )
    return query.where(*_in_range(AnswerRow.submission_id, ids)).order_by(AnswerRow.submission_id)


def stream_observations(
    connection: Connection, filters: Filters, ids: IdRange = ALL_IDS
) -> Iterator[Observation]:
    """Every complete submission that passes the database-side filters, with its answers.

    The time window is left to the caller: the time of an observation may be an answer
    (an incident's time), which only the form knows how to read.
    """
    decode = _Decoder()
    dialect = connection.dialect.name
    options = {"yield_per": BATCH, "stream_results": True}
    submissions = connection.execution_options(**options).execute(
        _submissions_query(filters, ids, dialect)
    )
    answers = connection.execution_options(**options).execute(_answers_query(filters, ids, dialect))
    pending = next(answers, None)
    for row in submissions:
        submission_id = row[0]
        values: dict[str, Any] = {}
        while pending is not None and pending[0] < submission_id:
            pending = next(answers, None)  # an answer of a draft, or of one filtered out
        while pending is not None and pending[0] == submission_id:
            values[pending[1]] = decode(pending[2])
            pending = next(answers, None)
        yield Observation(
            id=submission_id,
            form_id=row[1],
            form_version=row[2],
            station_id=row[3],
            tec_id=row[4],
            region=row[5],
            observer=row[6],
            team=row[7],
            started_at=join_time(row[8], row[9]),
            completed_at=join_time(row[10], row[11]) if row[10] is not None else None,
            answers=values,
        )
