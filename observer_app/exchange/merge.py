"""Merging bundles into the coordinator's database: a bundle is taken whole or not at all.

A file merged before is known by its SHA-256 (the `bundles` table keeps it) and skipped
unread. Any other file is read and checked in memory first (exchange.bundle), then checked
against the mission and its forms, then written in one transaction: the device's key
pinned, what the database holds for the bundle's submissions read at once, each record
placed by the rules of exchange.rules, a new submission written as one row with its
verdicts (formspec.verdicts). A refused file leaves the database as it was and gets one
line naming the file and the reason. In a batch of files the reading and checking of the
next file runs in a second process while this one is written (exchange.merge_reading).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, and_, delete, exists, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from observer_app.domain.json_reading import read_json
from observer_app.domain.shown import one_line
from observer_app.domain.submission import canonical_record, record_sha256, split_time
from observer_app.exchange.bundle import MAX_FILE_BYTES, file_sha256
from observer_app.exchange.documents import RefusalKind, Refused
from observer_app.exchange.files import read_regular_file
from observer_app.exchange.keys import CoordinatorKey, b64decode, short_fingerprint
from observer_app.exchange.merge_reading import (
    Ahead,
    BundleReader,
    Places,
    Prepare,
    PreparedBundle,
    reading,
)
from observer_app.exchange.mission import (
    Mission,
    MissionError,
    current_mission,
    mission_library,
)
from observer_app.exchange.records import Record, make_record
from observer_app.exchange.rules import Action, Decision, KeptAs, Outcome, Version, decide
from observer_app.formspec import FormLibrary
from observer_app.store.attachments import insert_ignoring_duplicates
from observer_app.store.database import Database, DatabaseBusy
from observer_app.store.driver import insert_rows
from observer_app.store.models import (
    AttachmentRow,
    BundleRow,
    ConflictDecisionRow,
    DeviceRow,
    RegionRow,
    RevisionRow,
    StationRow,
    SubmissionRow,
    SubmissionVersionRow,
    TecRow,
)
from observer_app.store.records import documents_of, row_values

#: Ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits.
CHUNK = 500
#: A bundle whose transaction lost a race for a unique key (another merge inserted the
#: same submission or device first) is merged again from the start, this many times.
ATTEMPTS = 10

SUBMISSIONS: Table = SubmissionRow.__table__  # type: ignore[assignment]
VERSIONS: Table = SubmissionVersionRow.__table__  # type: ignore[assignment]
REVISIONS: Table = RevisionRow.__table__  # type: ignore[assignment]
ATTACHMENTS: Table = AttachmentRow.__table__  # type: ignore[assignment]
DEVICES: Table = DeviceRow.__table__  # type: ignore[assignment]
BUNDLES: Table = BundleRow.__table__  # type: ignore[assignment]


@dataclass
class FileResult:
    """What merging one file did: its counts, or why it was refused."""

    path: Path
    counts: Counter[Outcome] = field(default_factory=Counter)
    reason: str | None = None
    bundle_id: str | None = None
    device: str | None = None
    observer: str | None = None
    conflicts: list[str] = field(default_factory=list)
    #: Submissions of other laptops this file held records of: refused one by one, never
    #: counted (a submission belongs to the laptop that first handed it in).
    foreign: list[str] = field(default_factory=list)
    team: str | None = None
    #: A common refusal by name, and what its wording needs (see RefusalKind).
    kind: RefusalKind | None = None
    detail: str | None = None

    @property
    def rejected(self) -> bool:
        return self.reason is not None

    @property
    def shown_path(self) -> str:
        """The file's path as people see it: one line, whatever its name holds."""
        return one_line(str(self.path))

    @property
    def message(self) -> str:
        """The one line a coordinator reads for a refused file: the file, then the reason."""
        return f"{self.shown_path}: {one_line(self.reason or '')}"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.shown_path,
            "status": "rejected" if self.rejected else "merged",
            **{outcome.value: self.counts[outcome] for outcome in Outcome},
            "reason": self.reason,
            "bundle_id": self.bundle_id,
            "device": self.device,
            "observer": self.observer,
            "team": self.team,
            "conflicts": self.conflicts,
            "refused_records": self.foreign,
            "refusal": None if self.kind is None else self.kind.value,
        }


@dataclass
class MergeReport:
    files: list[FileResult] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        counts: Counter[Outcome] = Counter()
        for result in self.files:
            counts.update(result.counts)
        return {
            "files": len(self.files),
            **{outcome.value: counts[outcome] for outcome in Outcome},
            "rejected": sum(1 for result in self.files if result.rejected),
        }

    @property
    def rejected(self) -> int:
        return sum(1 for result in self.files if result.rejected)

    def to_json(self) -> dict[str, Any]:
        return {"files": [result.to_json() for result in self.files], "totals": self.totals}


Progress = Callable[[int, int, FileResult], None]


def bundle_paths(arguments: Iterable[Path]) -> list[Path]:
    """The files to merge: files as given, folders as the *.zip files in them (and below)."""
    found: list[Path] = []
    for argument in arguments:
        if argument.is_dir():
            found.extend(
                sorted(
                    path
                    for path in argument.rglob("*")
                    if path.suffix.lower() == ".zip"
                    and path.is_file()
                    and not any(part.startswith(".") for part in path.relative_to(argument).parts)
                )
            )
        else:
            found.append(argument)
    return found


@dataclass
class _Pending:
    """A file begun: its result so far, its hash, its bundle being prepared."""

    result: FileResult
    sha256: str = ""
    prepared: Ahead | None = None


@contextmanager
def _reported(result: FileResult) -> Iterator[None]:
    """A file's failure as its result's reason; DatabaseBusy is not the file's fault and
    is raised."""
    try:
        yield
    except Refused as refused:
        result.reason = str(refused)
        result.kind, result.detail = refused.kind, refused.detail
    except DatabaseBusy:
        raise
    except FileNotFoundError:
        result.reason = "no such file"
    except OSError as error:
        result.reason = f"cannot read the file ({error.strerror or error})"
    except SQLAlchemyError as error:
        detail = str(error.orig if hasattr(error, "orig") else error).split("\n")[0]
        result.reason = f"database error, nothing of this file was merged ({detail})"
    except Exception as error:  # a fault of ours: one file refused, the others still merged
        detail = str(error).split("\n")[0]
        result.reason = (
            f"unexpected error, nothing of this file was merged "
            f"({type(error).__name__}: {detail}); please report it"
        )


class _LockRace(Exception):
    """A submission appeared between taking the locks and reading: the bundle is retried."""


#: PostgreSQL's deadlock_detected and serialization_failure: the transaction may be retried.
RETRYABLE = frozenset({"40P01", "40001"})


def _pgcode(error: OperationalError) -> str | None:
    return getattr(getattr(error, "orig", None), "sqlstate", None) or getattr(
        getattr(error, "orig", None), "pgcode", None
    )


def _read_places(session: Session) -> Places:
    """The mission's registry as a merge checks places against it (merge_reading.Places)."""
    return Places(
        stations={
            row.id: (row.tec, row.region)
            for row in session.execute(select(StationRow.id, StationRow.tec, StationRow.region))
        },
        tecs={code: region for code, region in session.execute(select(TecRow.code, TecRow.region))},
        regions=frozenset(session.scalars(select(RegionRow.code))),
    )


class Merger:
    """Merges bundle files into one database set up for a mission (see exchange.mission)."""

    def __init__(
        self,
        database: Database,
        *,
        coordinator_key: CoordinatorKey | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        mission: Mission | None = None,
        forms: FormLibrary | None = None,
    ) -> None:
        self.database = database
        self._clock = clock
        if mission is None or forms is None:
            with database.reading() as session:
                mission = mission or current_mission(session)
                if mission is None:
                    raise MissionError(
                        f"{database.url} is not set up for a mission: import the mission "
                        "package first (observer-app mission import FILE)"
                    )
                forms = forms or mission_library(session)
        self.mission = mission
        self.forms = forms
        with database.reading() as session:
            places = _read_places(session)
        self.reader = BundleReader(coordinator_key, mission, forms, places)

    @property
    def coordinator_key(self) -> CoordinatorKey | None:
        """The key that opens encrypted bundles (set once the mission says one is needed)."""
        return self.reader.coordinator_key

    @coordinator_key.setter
    def coordinator_key(self, key: CoordinatorKey | None) -> None:
        self.reader.coordinator_key = key

    # --- files ---------------------------------------------------------------------

    def merge_files(self, paths: Sequence[Path], progress: Progress | None = None) -> MergeReport:
        """Merge each file in its own transaction; `progress(done, total, result)` after each.

        Raises DatabaseBusy, and merges no further file, when another program keeps the
        database's write lock too long (SQLite): the files merged so far stay merged, and
        merging them all again later only finds them as duplicates.
        """
        report = MergeReport()
        with closing(self.merging(paths)) as results:
            for result in results:
                report.files.append(result)
                if progress is not None:
                    progress(len(report.files), len(paths), result)
        return report

    def merging(self, paths: Sequence[Path]) -> Generator[FileResult, None, None]:
        """What became of each file, in order, as it is merged; the next file is read and
        checked (exchange.merge_reading) while this one is written. Stopping between two
        files (closing the generator) leaves the ones not yet yielded unwritten."""
        if not paths:
            return
        with reading(self.reader, len(paths)) as prepare:
            pending = [self._begin(paths[0], prepare)]
            for following in [*paths[1:], None]:
                if following is not None:
                    pending.append(self._begin(following, prepare))
                yield self._finish(pending.pop(0))

    def merge_file(self, path: Path) -> FileResult:
        """Merge one file, or say why it was refused; DatabaseBusy is not the file's fault
        and is raised, not reported as the file's reason."""
        with reading(self.reader, 1) as prepare:
            return self._finish(self._begin(path, prepare))

    def _begin(self, path: Path, prepare: Prepare) -> _Pending:
        """Read the file and, unless merged before, start preparing its bundle."""
        pending = _Pending(FileResult(path))
        with _reported(pending.result):
            if path.is_dir():
                raise Refused("a folder with no bundles (*.zip) in it")
            data = read_regular_file(path, MAX_FILE_BYTES)
            pending.sha256 = file_sha256(data)
            if not self._merged_before(pending.sha256, pending.result):
                pending.prepared = prepare(data)
        return pending

    def _finish(self, pending: _Pending) -> FileResult:
        """Write the prepared bundle in one transaction, or say why the file was refused."""
        result = pending.result
        if pending.prepared is not None:
            with _reported(result):
                prepared = pending.prepared.result()
                # A copy of a file merged since this one was begun (earlier in the batch).
                if not self._merged_before(pending.sha256, result):
                    bundle = prepared.bundle
                    result.bundle_id = bundle.manifest.bundle_id
                    result.observer = one_line(bundle.manifest.observer)
                    result.team = one_line(bundle.manifest.team)
                    result.device = short_fingerprint(
                        b64decode(bundle.manifest.device.public_key, 32)
                    )
                    if prepared.refused is not None:
                        raise prepared.refused
                    self._merge(prepared, pending.sha256, result)
        if result.rejected:
            result.counts.clear()
            result.conflicts.clear()
            result.foreign.clear()
        return result

    def _merged_before(self, sha256: str, result: FileResult) -> bool:
        """Whether this very file was merged into this database; if so, `result` says what
        merging it again does: nothing, every submission a duplicate.

        Merging is idempotent, so the same bytes again can change nothing; recognising them
        by their hash spares decrypting, checking and classifying them again.
        """
        with self.database.reading() as session:
            seen = session.execute(
                select(
                    BUNDLES.c.id, BUNDLES.c.observer, BUNDLES.c.submissions, DEVICES.c.public_key
                )
                .join(DEVICES, DEVICES.c.id == BUNDLES.c.device_id)
                .where(BUNDLES.c.file_sha256 == sha256)
                .limit(1)
            ).first()
        if seen is None:
            return False
        result.bundle_id, result.observer = seen.id, one_line(seen.observer)
        result.device = short_fingerprint(b64decode(seen.public_key, 32))
        result.counts[Outcome.DUPLICATE] = seen.submissions
        return True

    # --- writing -------------------------------------------------------------------

    def _merge(self, prepared: PreparedBundle, sha256: str, result: FileResult) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            result.counts.clear()
            result.conflicts.clear()
            result.foreign.clear()
            try:
                with self.database.transaction(bulk=True) as session:
                    _Writer(session, prepared, self.forms, self._clock(), result).write(sha256)
                return
            except (IntegrityError, OperationalError, _LockRace) as error:
                # A submission new to two merges at once (its key taken meanwhile), or a
                # deadlock PostgreSQL broke by aborting us: the whole bundle again. (SQLite
                # never gets here: its writing transactions take turns, see store.database.)
                retry = not isinstance(error, OperationalError) or _pgcode(error) in RETRYABLE
                if not retry or attempt == ATTEMPTS:
                    raise


def swap_primary(
    session: Session,
    submission_id: str,
    primary: SubmissionVersionRow,
    chosen: SubmissionVersionRow,
) -> None:
    """Make the conflict copy `chosen` the counted content of its revision, in place of
    `primary`, which joins the conflicts (a coordinator's decision, see exchange.review)."""
    assert chosen.record is not None  # a conflict copy carries its record
    record = make_record(json.loads(chosen.record))
    keeper = _Keeper(session, mission_library(session))
    displaced = Version(
        primary.revision,
        primary.content_hash,
        primary.record_sha256,
        primary.complete,
        primary.updated_at,
        KeptAs(primary.kept_as),
    )
    session.flush()
    keeper._to_conflicts(submission_id, displaced)
    keeper._put(record, displaced.kept_as)
    keeper._set_version(record, displaced.kept_as, None)


class _Keeper:
    """Moves records between where they are kept: the submission (current), its history,
    or the conflicts. Used by the merge and by a coordinator's decision on a conflict."""

    def __init__(
        self,
        session: Session,
        forms: FormLibrary,
        rows: dict[tuple[str, str], dict[str, Any]] | None = None,
    ) -> None:
        self.session = session
        self.forms = forms
        #: Rows worked out already (merge_reading), by record id and record hash.
        self.rows = rows or {}
        #: Record texts of current submissions already read, by submission id.
        self.documents: dict[str, str] = {}

    def _row(self, record: Record) -> dict[str, Any]:
        """The submissions row of `record` as the current one, its verdicts worked out."""
        row = self.rows.get((record.id, record.record_sha256))
        if row is not None:
            return row
        return row_values(
            record.submission(), form=self.forms.forms.get(record.form), text=record.text()
        )

    def _put(self, record: Record, kept_as: KeptAs) -> None:
        """Write `record` where records kept as `kept_as` live (a conflict lives in its version)."""
        if kept_as == KeptAs.CURRENT:
            self.session.execute(
                update(SUBMISSIONS).where(SUBMISSIONS.c.id == record.id).values(self._row(record))
            )
            self.documents[record.id] = record.text()
        elif kept_as == KeptAs.HISTORY:
            self.session.execute(
                delete(REVISIONS).where(
                    REVISIONS.c.submission_id == record.id,
                    REVISIONS.c.revision == record.revision,
                )
            )
            self.session.execute(
                insert(REVISIONS).values(
                    submission_id=record.id,
                    revision=record.revision,
                    content_hash=record.content_hash,
                    snapshot=record.text(),
                    recorded_at=record.updated_at,
                )
            )

    def _text_of(self, submission_id: str, version: Version) -> str:
        """The record text of a primary version, read from where it is kept."""
        if version.kept_as == KeptAs.CURRENT:
            if submission_id not in self.documents:
                self.documents.update(documents_of(self.session, [submission_id]))
            return self.documents[submission_id]
        snapshot = self.session.execute(
            select(REVISIONS.c.snapshot).where(
                REVISIONS.c.submission_id == submission_id,
                REVISIONS.c.revision == version.revision,
            )
        ).scalar_one()
        return str(snapshot)

    def _to_history(self, submission_id: str, current: Version) -> None:
        text = self._text_of(submission_id, current)
        self.session.execute(
            insert(REVISIONS).values(
                submission_id=submission_id,
                revision=current.revision,
                content_hash=current.content_hash,
                snapshot=text,
                recorded_at=current.updated_at,
            )
        )
        self._move_version(submission_id, current, KeptAs.HISTORY, None)

    def _to_conflicts(self, submission_id: str, primary: Version) -> None:
        text = self._text_of(submission_id, primary)
        if primary.kept_as == KeptAs.HISTORY:
            self.session.execute(
                delete(REVISIONS).where(
                    REVISIONS.c.submission_id == submission_id,
                    REVISIONS.c.revision == primary.revision,
                )
            )
        self._move_version(submission_id, primary, KeptAs.CONFLICT, text)

    def _move_version(
        self, submission_id: str, version: Version, kept_as: KeptAs, text: str | None
    ) -> None:
        self.session.execute(
            update(VERSIONS)
            .where(
                VERSIONS.c.submission_id == submission_id,
                VERSIONS.c.revision == version.revision,
                VERSIONS.c.content_hash == version.content_hash,
            )
            .values(kept_as=kept_as.value, record=text)
        )

    def _set_version(self, record: Record, kept_as: KeptAs, text: str | None) -> None:
        """The kept copy of this content is now `record`'s copy."""
        if kept_as != KeptAs.CONFLICT:
            text = None
        self.session.execute(
            update(VERSIONS)
            .where(
                VERSIONS.c.submission_id == record.id,
                VERSIONS.c.revision == record.revision,
                VERSIONS.c.content_hash == record.content_hash,
            )
            .values(
                record_sha256=record.record_sha256,
                updated_at=record.updated_at,
                kept_as=kept_as.value,
                record=text,
            )
        )


class _Writer(_Keeper):
    """The writes of one bundle, inside its transaction."""

    def __init__(
        self,
        session: Session,
        prepared: PreparedBundle,
        forms: FormLibrary,
        now: datetime,
        result: FileResult,
    ) -> None:
        super().__init__(session, forms, prepared.rows)
        bundle = prepared.bundle
        self.bundle = bundle
        self.now = now
        self.result = result
        self.manifest = bundle.manifest
        self.new_submissions: list[dict[str, Any]] = []
        self.new_versions: list[dict[str, Any]] = []
        #: The coordinators' choices on conflicts of the bundle's submissions (see _known).
        self.decided: dict[str, dict[int, str]] = {}
        #: The device that first handed in each of the bundle's known submissions (see
        #: _known); absent for one made in this database and never handed in.
        self.owners: dict[str, str] = {}

    def write(self, sha256: str) -> None:
        self._pin_device()
        self._note_bundle(sha256)
        records = self.bundle.records
        known = self._known([record.id for record in records])
        decided = self.decided
        later: list[tuple[Record, Decision]] = []
        device = self.manifest.device.id
        for record in records:
            decision = decide(known.get(record.id, []), _version(record), decided.get(record.id))
            owner = self.owners.get(record.id, device)
            if owner != device and decision.action != Action.NOTHING:
                # Another laptop's submission: this record is refused, the rest of the
                # bundle is not (one stolen id must not block a laptop's every file).
                self.result.foreign.append(record.id)
                continue
            self.result.counts[decision.outcome] += 1
            if decision.outcome == Outcome.CONFLICT:
                self.result.conflicts.append(record.id)
            if decision.action == Action.INSERT:
                self._add_new(record)
            elif decision.action != Action.NOTHING:
                later.append((record, decision))
        self._flush_new()
        for record, decision in later:
            self._apply(record, decision)
        self._add_attachments()

    # --- the device and the bundle ---------------------------------------------------

    def _pin_device(self) -> None:
        device = self.manifest.device
        self.session.execute(
            insert_ignoring_duplicates(self.session, DEVICES).values(
                id=device.id,
                public_key=device.public_key,
                first_seen_at=self.now,
                first_bundle=self.manifest.bundle_id,
            )
        )
        pinned = self.session.execute(
            select(DEVICES.c.public_key).where(DEVICES.c.id == device.id)
        ).scalar_one()
        if pinned != device.public_key:
            raise Refused(
                f"device {device.id} is known by another key "
                f"({short_fingerprint(b64decode(pinned, 32))}); this bundle is signed by "
                f"{short_fingerprint(b64decode(device.public_key, 32))}: refused"
            )

    def _note_bundle(self, sha256: str) -> None:
        seen = self.session.execute(
            select(exists().where(BUNDLES.c.id == self.manifest.bundle_id))
        ).scalar()
        if seen:
            return
        created_at, offset = split_time(self.manifest.created_at)
        self.session.execute(
            insert_ignoring_duplicates(self.session, BUNDLES).values(
                id=self.manifest.bundle_id,
                device_id=self.manifest.device.id,
                file_sha256=sha256,
                observer=self.manifest.observer,
                team=self.manifest.team,
                created_at=created_at,
                created_offset=offset,
                merged_at=self.now,
                submissions=len(self.bundle.records),
            )
        )

    # --- what is known -------------------------------------------------------------

    def _known(self, ids: list[str]) -> dict[str, list[Version]]:
        """Every record known for these submissions, in one read (a chunk of ids at a time):
        the versions on record, the current record's text, the coordinators' decisions.

        Concurrent merges (PostgreSQL) serialise on the submission rows, locked in id order
        so that two bundles never wait on each other crosswise. The read is a later
        statement than the lock: under READ COMMITTED it sees what a merge that held the
        lock before us committed, new rows included (a `FOR UPDATE` on the read itself
        would not, and could find a submission with no current record). A submission new
        to both merges is caught by its primary key and retried. SQLite has no row locks
        and one writer at a time (the write lock is taken at BEGIN, store.database): the
        read alone.
        """
        known: dict[str, list[Version]] = {}
        locking = self.session.get_bind().dialect.name == "postgresql"
        decisions = ConflictDecisionRow.__table__
        ids = sorted(set(ids))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            locked: set[str] = set()
            if locking:
                locked = set(
                    self.session.scalars(
                        select(SUBMISSIONS.c.id)
                        .where(SUBMISSIONS.c.id.in_(chunk))
                        .order_by(SUBMISSIONS.c.id)
                        .with_for_update()
                    )
                )
            rows = self.session.execute(
                select(
                    SUBMISSIONS.c.id,
                    SUBMISSIONS.c.document,
                    VERSIONS.c.revision,
                    VERSIONS.c.content_hash,
                    VERSIONS.c.record_sha256,
                    VERSIONS.c.complete,
                    VERSIONS.c.updated_at,
                    VERSIONS.c.kept_as,
                    VERSIONS.c.device_id,
                    VERSIONS.c.received_at,
                    decisions.c.kept_hash,
                )
                .outerjoin(VERSIONS, VERSIONS.c.submission_id == SUBMISSIONS.c.id)
                .outerjoin(
                    decisions,
                    and_(
                        decisions.c.submission_id == VERSIONS.c.submission_id,
                        decisions.c.revision == VERSIONS.c.revision,
                    ),
                )
                .where(SUBMISSIONS.c.id.in_(chunk))
            )
            unrecorded: list[str] = []
            first_seen: dict[str, datetime] = {}
            for (
                submission_id,
                document,
                revision,
                content,
                record,
                complete,
                updated_at,
                kept,
                device_id,
                received_at,
                decided,
            ) in rows:
                if locking and submission_id not in locked:
                    # Merged by another coordinator between our lock and this read: we
                    # hold no lock on it, so start the bundle again.
                    raise _LockRace(submission_id)
                self.documents[submission_id] = document
                if revision is None:
                    unrecorded.append(submission_id)
                    continue
                known.setdefault(submission_id, []).append(
                    Version(revision, content, record, complete, updated_at, KeptAs(kept))
                )
                if decided is not None:
                    self.decided.setdefault(submission_id, {})[revision] = decided
                if device_id is not None and (
                    submission_id not in first_seen or received_at < first_seen[submission_id]
                ):
                    first_seen[submission_id] = received_at
                    self.owners[submission_id] = device_id
            for submission_id in unrecorded:
                known[submission_id] = self._adopt(submission_id)
        return known

    def _adopt(self, submission_id: str) -> list[Version]:
        """Record the versions of a submission made in this database rather than merged.

        A team leader may merge teammates' bundles into the database they fill forms in;
        their own submissions enter the rules like any merged one.
        """
        versions: list[Version] = []
        current = _version_of(read_json(self.documents[submission_id]), KeptAs.CURRENT)
        versions.append(current)
        self._insert_version(submission_id, current, device_id=None, bundle_id=None)
        for kept in self.session.scalars(
            select(RevisionRow).where(RevisionRow.submission_id == submission_id)
        ):
            version = _version_of(read_json(kept.snapshot), KeptAs.HISTORY)
            versions.append(version)
            self._insert_version(submission_id, version, device_id=None, bundle_id=None)
        return versions

    # --- new submissions, in bulk -------------------------------------------------------

    def _add_new(self, record: Record) -> None:
        self.new_submissions.append(self._row(record))
        self.new_versions.append(self._version_values(record, KeptAs.CURRENT))

    def _flush_new(self) -> None:
        # In id order, as the locks are taken: two merges inserting the same new
        # submissions then wait on each other in one order, never crosswise.
        self.new_submissions.sort(key=lambda row: str(row["id"]))
        self.new_versions.sort(key=lambda row: str(row["submission_id"]))
        connection = self.session.connection()
        insert_rows(connection, SUBMISSIONS, self.new_submissions)
        insert_rows(connection, VERSIONS, self.new_versions)

    def _version_values(
        self, record: Record, kept_as: KeptAs, text: str | None = None
    ) -> dict[str, Any]:
        return {
            "submission_id": record.id,
            "revision": record.revision,
            "content_hash": record.content_hash,
            "record_sha256": record.record_sha256,
            "complete": record.complete,
            "updated_at": record.updated_at,
            "kept_as": kept_as.value,
            "record": text,
            "device_id": self.manifest.device.id,
            "bundle_id": self.manifest.bundle_id,
            "received_at": self.now,
        }

    def _insert_version(
        self, submission_id: str, version: Version, *, device_id: str | None, bundle_id: str | None
    ) -> None:
        self.session.execute(
            insert(VERSIONS).values(
                submission_id=submission_id,
                revision=version.revision,
                content_hash=version.content_hash,
                record_sha256=version.record_sha256,
                complete=version.complete,
                updated_at=version.updated_at,
                kept_as=version.kept_as.value,
                record=None,
                device_id=device_id,
                bundle_id=bundle_id,
                received_at=self.now,
            )
        )

    # --- every other decision, one by one ----------------------------------------------

    def _apply(self, record: Record, decision: Decision) -> None:
        displaced = decision.displaced
        match decision.action:
            case Action.REFRESH:
                assert displaced is not None
                self._put(record, displaced.kept_as)
                self._set_version(record, displaced.kept_as, record.text())
            case Action.PROMOTE:
                primary = decision.primary
                assert primary is not None
                self._to_conflicts(record.id, primary)
                self._put(record, primary.kept_as)
                self._set_version(record, primary.kept_as, None)
            case Action.SUPERSEDE:
                assert displaced is not None
                self._to_history(record.id, displaced)
                self._put(record, KeptAs.CURRENT)
                self._add_version(record, KeptAs.CURRENT)
            case Action.ADD_HISTORY:
                self._put(record, KeptAs.HISTORY)
                self._add_version(record, KeptAs.HISTORY)
            case Action.ADD_CONFLICT:
                self._add_version(record, KeptAs.CONFLICT, record.text())
            case Action.TAKE_PLACE:
                assert displaced is not None
                self._to_conflicts(record.id, displaced)
                self._put(record, displaced.kept_as)
                self._add_version(record, displaced.kept_as)
            case _:  # pragma: no cover - INSERT and NOTHING are handled in bulk
                raise AssertionError(decision.action)

    def _add_version(self, record: Record, kept_as: KeptAs, text: str | None = None) -> None:
        self.session.execute(insert(VERSIONS).values(self._version_values(record, kept_as, text)))

    # --- attachments -------------------------------------------------------------------

    def _add_attachments(self) -> None:
        foreign = set(self.result.foreign)
        for attachment in self.bundle.attachments:
            if attachment.submission_id in foreign:
                continue
            self.session.execute(
                insert_ignoring_duplicates(self.session, ATTACHMENTS).values(
                    submission_id=attachment.submission_id,
                    name=attachment.name,
                    sha256=attachment.sha256,
                    size=len(attachment.content),
                    content=attachment.content,
                )
            )


def _version(record: Record) -> Version:
    return Version(
        record.revision,
        record.content_hash,
        record.record_sha256,
        record.complete,
        record.updated_at,
    )


def _version_of(document: dict[str, Any], kept_as: KeptAs) -> Version:
    document = canonical_record(document)
    return Version(
        int(document["revision"]),
        str(document["content_hash"]),
        record_sha256(document),
        document["status"] == "complete",
        datetime.fromisoformat(document["updated_at"]).astimezone(UTC),
        kept_as,
    )
