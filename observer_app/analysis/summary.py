"""The summary of a database: every count the PDF, the exports and the dashboard show.

`summarize` streams the completed observations once, applies the filters, reads each
with its form (from the verdicts kept beside it, store.verdicts) and adds it to the
tallies. Large databases are counted by as many processes as the computer has cores
(two on a 2-core laptop) and the memory budget allow: the polling stations are cut into
ranges, which the processes take one at a time, each counting its ranges on its own;
their tallies are merged. Counting is a sum, so they add up exactly, and a place's
observations are all in one range, which settles its disagreements itself. Memory grows
with what the summary lists (disagreements, incidents), never with the number of answers.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from observer_app.analysis import worker
from observer_app.analysis.across import AcrossForms, AcrossTally
from observer_app.analysis.coverage import Coverage, CoverageTally, registry_extent
from observer_app.analysis.disagreements import Disagreement, DisagreementTracker
from observer_app.analysis.filters import Filters, Unit
from observer_app.analysis.incidents import Incident, incident_of
from observer_app.analysis.layout import FormLayout, form_layouts
from observer_app.analysis.observations import (
    PlaceRange,
    place_ranges,
    submission_conditions,
)
from observer_app.analysis.reading import Reading, read_observation
from observer_app.analysis.selection import Selected, select_observations
from observer_app.analysis.tally import FormFindings, FormTally
from observer_app.domain.batch_work import cycles_collected_after
from observer_app.domain.i18n import texts_by_language
from observer_app.domain.registry import Region
from observer_app.domain.submission import now_local
from observer_app.formspec import FormLibrary
from observer_app.formspec.models import Place
from observer_app.store.database import Database, open_database
from observer_app.store.models import SubmissionRow
from observer_app.store.settings import get_setting
from observer_app.store.verdicts import keep_verdicts

#: The settings key where a mission package leaves the mission's name and election.
MISSION_SETTING = "mission"
#: Below this many submissions a second process costs more than it saves.
PARALLEL_FROM = 20_000
#: The memory all of a summary's counting processes may take together, in MB.
MEMORY_BUDGET_MB = 300
#: What one counting process takes besides what grows with the observations (the
#: interpreter, the analysis and the store imported, the forms, its caches, the range of
#: observations in hand); what each observation adds (what the summary lists of it: the
#: disagreements it is part of, an incident); and, for one a worker counted, what handing
#: that back adds in both processes (pickled, and read back). Measured with
#: tests/benchmarks/bench_report.py's data, where most stations' observations disagree:
#: one process 86 MB at 20,000 submissions and 128 MB at 100,000; two processes 163 MB
#: and 275 MB together.
PROCESS_MB = 78
OBSERVATION_KB = 0.6
HANDED_BACK_KB = 1.3

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Mission:
    """Who observed which election: printed on the cover."""

    name: str | None = None
    election: str | None = None
    #: The name and the election per report language; a language missing here is printed
    #: with `name` / `election` (packages made before had only those).
    names: Mapping[str, str] = field(default_factory=dict)
    elections: Mapping[str, str] = field(default_factory=dict)

    def name_in(self, language: str) -> str | None:
        return self.names.get(language) or self.name

    def election_in(self, language: str) -> str | None:
        return self.elections.get(language) or self.election


@dataclass(frozen=True)
class Summary:
    """Every count of one summary, made at `made_at` over the data up to `cut_off`."""

    filters: Filters
    unit: Unit
    made_at: datetime
    #: The completion time of the newest observation counted.
    cut_off: datetime | None
    mission: Mission
    regions: dict[str, Region]
    coverage: Coverage
    #: Forms with at least one observation, in the order of the election day.
    forms: list[FormFindings]
    disagreements: list[Disagreement]
    #: Incidents, oldest first, all of them whatever the unit.
    incidents: list[Incident]
    #: Observations whose form version the mission's forms do not have: "form vN" -> count.
    unreadable: dict[str, int] = field(default_factory=dict)
    #: Access, time of day and durations, gathered across forms per observation.
    across: AcrossForms | None = None

    def form(self, form_id: str) -> FormFindings:
        return next(f for f in self.forms if f.layout.form_id == form_id)


def read_mission(database: Database) -> Mission:
    """The mission as its package recorded it in the database's settings, if it did."""
    with database.reading() as session:
        value = get_setting(session, MISSION_SETTING)
    if not isinstance(value, dict):
        return Mission()
    name, election = value.get("name"), value.get("election")
    return Mission(
        name=name if isinstance(name, str) and name.strip() else None,
        election=election if isinstance(election, str) and election.strip() else None,
        names=texts_by_language(value.get("names")),
        elections=texts_by_language(value.get("elections")),
    )


def counts_per_station(layout: FormLayout, unit: Unit) -> bool:
    """Per-station counting applies to visits to a place; an incident is an event of its own."""
    return unit.per_station and layout.place != Place.ANY and not layout.is_incident


def latest_per_station(
    connection: Connection, filters: Filters, form_ids: list[str]
) -> frozenset[str]:
    """The ids of the latest observation of each station (or TEC) and form, in the window.

    Latest by the time the form was started, then completed, then id: a fixed choice
    whatever the order the rows come in.
    """
    s = SubmissionRow
    rows = connection.execute(
        select(s.id, s.form_id, s.station_id, s.tec_id, s.created_at, s.completed_at).where(
            *submission_conditions(filters), s.form_id.in_(form_ids)
        )
    )
    latest: dict[tuple[str, str], tuple[datetime, datetime, str]] = {}
    for submission_id, form_id, station, tec, created, completed in rows:
        place = station or tec
        if place is None or not filters.admits_time(created):
            continue
        key = (created, completed or created, submission_id)
        kept = latest.get((form_id, place))
        if kept is None or key > kept:
            latest[(form_id, place)] = key
    return frozenset(key[2] for key in latest.values())


@dataclass
class _Share:
    """The tallies of one share of the observations, to be merged with the others'."""

    tallies: dict[str, FormTally]
    coverage: CoverageTally
    tracker: DisagreementTracker
    incidents: list[Incident]
    unreadable: Counter[str]
    across: AcrossTally
    cut_off: datetime | None = None
    #: Per station, "at least one visit": (form id, place) -> the visits' reading merged.
    stations: dict[tuple[str, str], Reading] = field(default_factory=dict)

    def visit(self, reading: Reading) -> None:
        """Add one visit to its station's reading (see `merge_visits`)."""
        key = (reading.ref.form_id, reading.ref.place or "")
        kept = self.stations.get(key)
        self.stations[key] = reading if kept is None else merge_visits(kept, reading)

    def settle(self) -> None:
        for tally in self.tallies.values():
            tally.settle()

    def merge(self, other: _Share) -> None:
        for form_id, tally in other.tallies.items():
            self.tallies[form_id].merge(tally)
        self.coverage.merge(other.coverage)
        self.tracker.merge(other.tracker)
        self.across.merge(other.across)
        self.incidents.extend(other.incidents)
        self.unreadable.update(other.unreadable)
        if other.cut_off is not None and (self.cut_off is None or other.cut_off > self.cut_off):
            self.cut_off = other.cut_off
        for reading in other.stations.values():
            self.visit(reading)


def merge_visits(one: Reading, other: Reading) -> Reading:
    """Two visits to one station as one: a concern that either reported counts, then an
    answer either gave (Outcome's order: concern, fine, not observed, no answer, not
    asked); the annex's values and the place, region and time are the later visit's."""
    first, last = sorted((one, other), key=lambda r: (r.ref.observed_at, r.ref.id))
    codes = bytes(min(a, b) for a, b in zip(first.codes, last.codes, strict=True))
    return Reading(last.ref, codes, last.values, last.concern_answers)


@dataclass(frozen=True)
class _Job:
    library: FormLibrary
    filters: Filters
    unit: Unit
    #: For per-station counting: the observations that count.
    chosen: frozenset[str] | None


def _count(
    connection: Connection,
    job: _Job,
    ranges: Iterable[PlaceRange],
    progress: Callable[[int], None] | None = None,
) -> _Share:
    """Read and tally every observation of these ranges of stations (observations.place_ranges)."""
    library, filters = job.library, job.filters
    layouts = form_layouts(library)
    share = _Share(
        tallies={form_id: FormTally(layout) for form_id, layout in layouts.items()},
        coverage=CoverageTally(),
        tracker=DisagreementTracker(layouts, library),
        incidents=[],
        unreadable=Counter(),
        across=AcrossTally(layouts),
    )
    done = 0
    for places in ranges:
        for selected in select_observations(
            connection,
            library,
            filters,
            places,
            layouts=layouts,
            unreadable=share.unreadable,
            by_place=True,
        ):
            done += 1
            if progress is not None and done % 2000 == 0:
                progress(done)
            _add(share, selected, job)
        share.tracker.settle()  # every observation of these places is in
        share.settle()  # here, not after the last range: the processes end together
        if progress is not None:
            progress(done)
    return share


def _add(share: _Share, selected: Selected, job: _Job) -> None:
    """One observation into the share's tallies."""
    observation, plan, when = selected.observation, selected.plan, selected.when
    reading = read_observation(plan, observation, when)
    ref = reading.ref
    share.coverage.add(ref)
    share.tracker.add(ref, reading.codes, reading.concern_answers)
    share.across.add(reading)
    if ref.completed_at is not None and (share.cut_off is None or ref.completed_at > share.cut_off):
        share.cut_off = ref.completed_at
    if plan.layout.is_incident:
        share.incidents.append(incident_of(plan.layout, ref, observation.answers))
    per_station = ref.place is not None and counts_per_station(plan.layout, job.unit)
    if per_station and job.unit == Unit.STATION:
        share.visit(reading)  # counted once all visits to the station are in
    elif not per_station or job.chosen is None or ref.id in job.chosen:
        share.tallies[ref.form_id].add(reading)


# --- one moment for every process ----------------------------------------------------
#
# The processes that share a summary must all count the same moment, though merges go on.
# PostgreSQL hands the parent's snapshot to the others (pg_export_snapshot). SQLite cannot:
# each process's snapshot is the moment of its first read. So on SQLite the parent holds
# the writers off (it takes the write lock and writes nothing) from just before its own
# first read until every worker has taken its first read: no commit can fall between the
# snapshots, and a merge waits about as long as a worker takes to start (a second), never
# for the count. The parent counts meanwhile; a worker not ready within SNAPSHOT_WAIT is
# let go, so that no merge waits longer, and the others count without it.
#
# The ranges of stations are handed out one at a time, to whichever process asks first:
# one that started later, or reads slower, simply counts fewer of them, and all end
# together. A worker that fails hands back nothing; the parent counts the ranges it took.
#
# The conversation, parent -> worker: the URL, the snapshot (PostgreSQL's id, or None),
# the job; worker -> parent: OPENED, SNAPPED; then (NEXT, how many it has counted so far),
# answered with a range of stations or None when none is left; at last its tallies.

OPENED, SNAPPED, NEXT = "opened", "snapshot taken", "next range"
#: The longest the writers are held off for the workers to take their snapshots, in
#: seconds: well under the time a merge waits for the write lock (store.database).
SNAPSHOT_WAIT = 4.0


@cycles_collected_after()
def count_in_process(receive: Callable[[], Any], send: Callable[[Any], None]) -> None:
    """A worker's side of a summary: open the database, take the snapshot when told,
    count the ranges it is handed until none is left, send back its tallies."""
    database = open_database(receive(), migrate=False)
    try:
        with _reading(database) as connection:
            send(OPENED)
            snapshot: str | None = receive()
            if snapshot is not None:
                connection.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            _first_read(connection)
            send(SNAPPED)
            job: _Job = receive()
            counted = [0]

            def handed_out() -> Iterator[PlaceRange]:
                while True:
                    send((NEXT, counted[0]))
                    places: PlaceRange | None = receive()
                    if places is None:
                        return
                    yield places

            share = _count(connection, job, handed_out(), partial(counted.__setitem__, 0))
    finally:
        database.close()
    send(share)


def _first_read(connection: Connection) -> None:
    """A read that fixes the moment a transaction sees (SQLite takes it at the first read)."""
    connection.execute(select(SubmissionRow.id).limit(1)).all()


@contextmanager
def _reading(database: Database) -> Iterator[Connection]:
    """A connection for counting, in one read-only transaction that sees one moment
    (see `Database.reading`), so a summary made while merges go on is not a mixture."""
    with database.reading() as session:
        yield session.connection()


@contextmanager
def _writers_held(database: Database) -> Iterator[None]:
    """No commit by anyone while inside (SQLite): the write lock held, nothing written.

    The lock is waited for like any writer's: a merge's bundle is finished first.
    """
    with database.transaction() as session:
        session.connection()  # BEGIN IMMEDIATE
        yield


@dataclass(eq=False)
class _Helper:
    """A worker process as the parent sees it, and the thread that talks to it."""

    process: worker.Worker
    snapped: threading.Event = field(default_factory=threading.Event)
    #: The ranges handed to it: the parent's to count should it fail.
    taken: list[PlaceRange] = field(default_factory=list)
    #: The observations it has counted, as it last said (for progress).
    counted: int = 0
    share: _Share | None = None
    thread: threading.Thread | None = None


class _Sharing:
    """The parent's side of a summary counted by several processes (see above): a thread
    per worker answers it, and on SQLite a thread holds the writers off."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.helpers: list[_Helper] = []
        self._left: deque[PlaceRange] = deque()
        self._lock = threading.Lock()
        self._job: _Job | None = None
        self._handed = threading.Event()
        self._holding: threading.Thread | None = None

    def start(self, helpers: int) -> None:
        """Start `helpers` workers and tell each the database; each is kept as soon as it
        runs, so that `close` ends it whatever happens next."""
        url = self.database.engine.url.render_as_string(hide_password=False)
        for _ in range(helpers):
            helper = _Helper(worker.Worker())
            self.helpers.append(helper)
            with contextlib.suppress(RuntimeError):  # gone already: its thread hears so
                helper.process.send(url)

    def hold_writers(self) -> None:
        """Hold the writers off (SQLite) until every worker has its snapshot; returns once
        they are held. DatabaseBusy if another program keeps the write lock too long."""
        held = threading.Event()
        failed: list[BaseException] = []

        def hold() -> None:
            try:
                with _writers_held(self.database):
                    held.set()
                    deadline = time.monotonic() + SNAPSHOT_WAIT
                    for helper in self.helpers:
                        if not helper.snapped.wait(max(0.0, deadline - time.monotonic())):
                            helper.process.kill()  # too slow to start: counted without it
                    for helper in self.helpers:
                        helper.snapped.wait()
            except BaseException as error:  # raised in the counting thread instead
                failed.append(error)
            finally:
                held.set()

        self._holding = threading.Thread(target=hold, name="summary: writers held", daemon=True)
        self._holding.start()
        held.wait()
        if failed:
            raise failed[0]

    def serve(self, snapshot: str | None) -> None:
        """Answer the workers from now on, telling each the `snapshot` to take."""
        for helper in self.helpers:
            helper.thread = threading.Thread(
                target=self._serve, args=(helper, snapshot), name="summary: worker", daemon=True
            )
            helper.thread.start()

    @property
    def counted_elsewhere(self) -> int:
        """The observations the workers have counted so far, as they last said."""
        return sum(helper.counted for helper in self.helpers)

    def hand_out(self, job: _Job, ranges: list[PlaceRange]) -> Iterator[PlaceRange]:
        """Let the workers start on `ranges`; the parent's own, taken as it asks for them."""
        self._job = job
        self._left.extend(ranges)
        self._handed.set()
        while (taken := self._take()) is not None:
            yield taken

    def finish(self) -> tuple[list[_Share], list[PlaceRange]]:
        """The workers' tallies, once all are in, and the ranges of any that failed."""
        shares: list[_Share] = []
        lost: list[PlaceRange] = []
        for helper in self.helpers:
            if helper.thread is not None:
                helper.thread.join()
            if helper.share is not None:
                shares.append(helper.share)
            else:
                lost.extend(helper.taken)
        if self._holding is not None:
            self._holding.join()
        return shares, lost

    def close(self) -> None:
        """End the workers, and let every thread go (a summary that failed midway)."""
        for helper in self.helpers:
            helper.process.close()
            helper.snapped.set()
        self._handed.set()
        for thread in [self._holding, *(helper.thread for helper in self.helpers)]:
            if thread is not None:
                thread.join()

    def _take(self) -> PlaceRange | None:
        with self._lock:
            return self._left.popleft() if self._left else None

    def _serve(self, helper: _Helper, snapshot: str | None) -> None:
        process = helper.process
        try:
            if process.receive() != OPENED:
                raise RuntimeError("a counting process said something else")
            process.send(snapshot)
            if process.receive() != SNAPPED:
                raise RuntimeError("a counting process said something else")
            helper.snapped.set()
            self._handed.wait()
            process.send(self._job)
            while type(message := process.receive()) is tuple and message[0] == NEXT:
                helper.counted = int(message[1])
                taken = self._take()
                if taken is not None:
                    helper.taken.append(taken)
                process.send(taken)
            if not isinstance(message, _Share):
                raise RuntimeError("a counting process said something else")
            helper.share = message
        except RuntimeError:
            process.kill()  # of no more use; what it took is counted by the parent
            helper.counted = 0
        finally:
            helper.snapped.set()


def _workers(database: Database, total: int, workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    url = database.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return 1  # a database in memory cannot be opened by another process
    if getattr(sys, "frozen", False):
        return 1  # a frozen desktop build has no interpreter to start a worker with
    if total < PARALLEL_FROM:
        return 1
    parts = max(1, min(os.cpu_count() or 1, 4))
    while parts > 1 and counting_mb(parts, total) > MEMORY_BUDGET_MB:
        parts -= 1  # a faster summary is not worth more memory than the budget
    return parts


def counting_mb(parts: int, total: int) -> float:
    """The memory `parts` processes take together to count `total` submissions, in MB."""
    handed_back = total * (parts - 1) / parts
    return parts * PROCESS_MB + (total * OBSERVATION_KB + handed_back * HANDED_BACK_KB) / 1024


@cycles_collected_after()
def summarize(
    database: Database,
    library: FormLibrary,
    filters: Filters | None = None,
    unit: Unit = Unit.OBSERVATION,
    *,
    mission: Mission | None = None,
    clock: Callable[[], datetime] = now_local,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Summary:
    """Count everything the summary shows, over the database's completed submissions.

    `workers` processes share the counting (default: one per core, up to 4, for 20,000
    submissions and more, as many as fit in MEMORY_BUDGET_MB together);
    `progress(done, total)` is called now and then. All of them
    count one moment: a merge that commits meanwhile is counted whole or not at all.
    """
    filters = filters or Filters()
    counting = (
        select(func.count()).select_from(SubmissionRow).where(*submission_conditions(filters))
    )
    with database.reading() as session:
        estimate = session.scalar(counting) or 0  # enough to choose how many processes
    parts = _workers(database, estimate, workers)
    sharing = _Sharing(database)
    try:
        sharing.start(parts - 1)  # they start while the rest is made ready
        layouts = form_layouts(library)
        keep_verdicts(database, library)  # once after a change of forms; a look otherwise
        with database.reading() as session:
            extent = registry_extent(session)
        with _reading(database) as connection:
            postgresql = connection.dialect.name == "postgresql"
            snapshot: str | None = None
            if postgresql:
                snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            else:
                if sharing.helpers:
                    sharing.hold_writers()
                _first_read(connection)
            sharing.serve(snapshot)
            total = connection.scalar(counting) or 0
            chosen = None
            if unit == Unit.LATEST_VISIT:
                station_forms = [
                    f for f, layout in layouts.items() if counts_per_station(layout, unit)
                ]
                chosen = latest_per_station(connection, filters, station_forms)
            job = _Job(library, filters, unit, chosen)
            ranges = place_ranges(connection)

            def report(done: int) -> None:
                if progress is not None:
                    progress(done + sharing.counted_elsewhere, total)

            share = _count(connection, job, sharing.hand_out(job, ranges), report)
            counted, lost = sharing.finish()
            for other in counted:
                share.merge(other)
            if lost:
                share.merge(_count(connection, job, lost))
    finally:
        sharing.close()
    for reading in share.stations.values():
        share.tallies[reading.ref.form_id].add(reading)
    if progress is not None:
        progress(total, total)
    forms = sorted(
        (tally for tally in share.tallies.values() if tally.units),
        key=lambda t: (t.layout.is_incident, t.time_total / t.units, t.layout.form_id),
    )
    share.incidents.sort(key=lambda i: (i.ref.observed_at, i.ref.id))
    return Summary(
        filters=filters,
        unit=unit,
        made_at=clock(),
        cut_off=share.cut_off,
        mission=mission or read_mission(database),
        regions={region.code: region for region in extent.regions},  # names, all regions
        coverage=share.coverage.result(extent.only(filters.regions)),
        forms=[tally.result() for tally in forms],
        disagreements=share.tracker.result(),
        incidents=share.incidents,
        unreadable=dict(share.unreadable),
        across=share.across.result(),
    )
