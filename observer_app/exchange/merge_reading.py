"""Reading a bundle for a merge: everything that needs the mission but not the database.

A merge spends most of its time here, not in the database: verifying and decrypting the
file, checking every record against the mission's registry and forms, and working out
each record's verdicts (formspec.verdicts), which are stored with it. None of it depends
on what the database holds, so for a batch of files it is done in a second process, one
file ahead of the writer: while one bundle's transaction commits, the next is read. The
writer stays the only one writing, and takes each file whole or not at all as before.

Nothing here imports database code (SQLAlchemy, store.models): the second process holds
what it imports for the whole merge, and a coordinator's laptop holds both processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from observer_app.domain.shown import one_line
from observer_app.exchange.bundle import ATTACHMENTS, Attachment, Bundle, read_bundle
from observer_app.exchange.documents import RefusalKind, Refused
from observer_app.exchange.keys import CoordinatorKey
from observer_app.exchange.mission_model import MISSION_FILE, Mission
from observer_app.exchange.records import Record
from observer_app.formspec import AnswerTypeError, CompiledForm, FormLibrary
from observer_app.formspec.answers import AnswerChecks
from observer_app.formspec.attachments import AttachmentRef, sniff_media_type, stored_name
from observer_app.store.rows import row_values

#: Fewer files than this are read in the merging process itself: starting a second
#: process costs more than it saves.
AHEAD_FROM = 8


@dataclass(frozen=True)
class Places:
    """The mission's registry as a merge checks a record's place against it: every
    station with its TEC and region, every TEC with its region, every region."""

    stations: dict[str, tuple[str, str]]
    tecs: dict[str, str]
    regions: frozenset[str]

    def problem(self, record: Record) -> str | None:
        """Why the record's station, TEC and region are not a place of the registry, or
        None. A laptop takes all three from the registry, so anything else (an unknown
        code, a look-alike letter, a hidden character, a station with another region) was
        not made by one; counted, it would place an observation where none was made."""
        document = record.document
        station, tec, region = document["station_id"], document["tec_id"], document["region"]
        if region is not None and region not in self.regions:
            return f"region {region!r} is not in the mission's registry"
        if tec is not None:
            if tec not in self.tecs:
                return f"TEC {tec!r} is not in the mission's registry"
            if region is not None and self.tecs[tec] != region:
                return f"TEC {tec!r} is in region {self.tecs[tec]!r}, not {region!r}"
        if station is not None:
            if station not in self.stations:
                return f"polling station {station!r} is not in the mission's registry"
            station_tec, station_region = self.stations[station]
            if tec is not None and station_tec != tec:
                return f"polling station {station!r} belongs to TEC {station_tec!r}, not {tec!r}"
            if region is not None and station_region != region:
                return (
                    f"polling station {station!r} is in region {station_region!r}, not {region!r}"
                )
        return None


@dataclass(frozen=True)
class PreparedBundle:
    """A bundle read and checked, with the submissions row of each record worked out
    (verdicts included), or the reason the mission refuses it."""

    bundle: Bundle
    #: By record id and record hash (a bundle may hold two revisions of one submission).
    rows: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    refused: Refused | None = None


class BundleReader:
    """Reads and checks bundles for one mission; picklable, so that it can work in a
    second process."""

    def __init__(
        self,
        coordinator_key: CoordinatorKey | None,
        mission: Mission,
        forms: FormLibrary,
        places: Places,
    ) -> None:
        self.coordinator_key = coordinator_key
        self.mission = mission
        self.forms = forms
        self.places = places
        self.answer_checks = AnswerChecks()

    def prepare(self, data: bytes, *, rows: bool = True) -> PreparedBundle:
        """The bundle in `data`, checked against the mission, its rows worked out when
        `rows` (ahead of the writer; read in the writer's own process, the writer works
        out the rows of the records it writes, and a duplicate costs no verdicts).

        Refused (raised) when the file is no readable bundle; a bundle the mission refuses
        comes back with the reason, so that the refusal can still say whose file it was.
        """
        bundle = self.read(data)
        try:
            self.check_against_mission(bundle)
        except Refused as refused:
            return PreparedBundle(bundle, refused=refused)
        if not rows:
            return PreparedBundle(bundle)
        forms = self.forms.forms
        return PreparedBundle(
            bundle,
            rows={
                (record.id, record.record_sha256): row_values(
                    record.submission(), form=forms.get(record.form), text=record.text()
                )
                for record in bundle.records
            },
        )

    def read(self, data: bytes) -> Bundle:
        try:
            return read_bundle(data, self.coordinator_key)
        except Refused as refused:
            if "neither manifest.json" in str(refused) and MISSION_FILE.encode() in data:
                raise Refused(
                    "a mission package, not a bundle: import it with `observer-app mission import`",
                    RefusalKind.MISSION_PACKAGE,
                ) from None
            raise

    # --- checks that need the mission ------------------------------------------------

    def check_against_mission(self, bundle: Bundle) -> None:
        manifest = bundle.manifest
        if manifest.mission.id != self.mission.id:
            raise Refused(
                f"a bundle of another mission ({manifest.mission.name!r}, {manifest.mission.id}); "
                f"this database is for {self.mission.name!r} ({self.mission.id})",
                RefusalKind.OTHER_MISSION,
                one_line(manifest.mission.name),
            )
        if self.mission.encrypted and not bundle.encrypted:
            raise Refused(
                "not encrypted, but this mission's bundles are encrypted to its coordinator key "
                f"({self.mission.coordinator_short_fingerprint}): a plain file could have been "
                "read on the way; the observer's laptop should export it again with the "
                "mission package installed",
                RefusalKind.NOT_ENCRYPTED,
            )
        forms = self.forms.forms
        carried = {(a.submission_id, a.name): a for a in bundle.attachments}
        for record in bundle.records:
            if problem := self.places.problem(record):
                raise Refused(f"submission {record.id}: {problem}")
            compiled = forms.get(record.form)
            if compiled is None:
                form_id, version = record.form
                versions = sorted(v for (i, v) in forms if i == form_id)
                raise Refused(
                    f"submission {record.id}: unknown form version {form_id} v{version} "
                    f"(this mission has {', '.join(f'v{v}' for v in versions)})"
                    if versions
                    else f"submission {record.id}: unknown form {form_id!r}"
                )
            for question_id, value in record.answers.items():
                try:
                    self.answer_checks.check(compiled, question_id, value)
                except AnswerTypeError as error:
                    raise Refused(f"submission {record.id}: answer {error}") from None
            if compiled.attachment_questions:
                _check_attachments(record, compiled, carried)


def _check_attachments(
    record: Record, compiled: CompiledForm, carried: Mapping[tuple[str, str], Attachment]
) -> None:
    """Every file a record's answers name travels with it, and is what the answer says.

    The answer is inside the signed record and names the file's hash, size and type; the
    member is checked against all three, and its type is read from its own bytes, so a
    file can neither be swapped nor disguised on the way.
    """
    for question_id in compiled.attachment_questions:
        value = record.answers.get(question_id)
        if value is None:
            continue
        ref = AttachmentRef.from_answer(value)
        attachment = carried.get((record.id, stored_name(ref)))
        if attachment is None:
            raise Refused(
                f"submission {record.id}: the file {ref.name!r} answered to {question_id!r} "
                f"is not in the bundle (no member {ATTACHMENTS}{record.id}/{stored_name(ref)})"
            )
        content = attachment.content
        if (
            len(content) != ref.size
            or attachment.sha256 != ref.sha256
            or sniff_media_type(content) != ref.media_type
        ):
            raise Refused(
                f"{attachment.path}: not the file the answer to {question_id!r} of submission "
                f"{record.id} names (its size, SHA-256 or type differs)"
            )


#: The reader of a process that reads ahead (set by _start_reading).
_READER: BundleReader | None = None


def _start_reading(reader: BundleReader) -> None:
    global _READER
    _READER = reader


def _prepare_ahead(data: bytes) -> PreparedBundle:
    assert _READER is not None, "a reading process starts with its reader"
    return _READER.prepare(data)


class Ahead:
    """A bundle being prepared: in the second process, or here when asked for."""

    def __init__(
        self, reader: BundleReader, data: bytes, future: Future[PreparedBundle] | None
    ) -> None:
        self.reader = reader
        self.data = data
        self.future = future

    def result(self) -> PreparedBundle:
        """The prepared bundle; Refused (or another error) as reading it here would raise.

        Should the second process be gone (killed, or unable to start in the program that
        merges), the file is read here instead: a merge never fails for want of it.
        """
        if self.future is not None:
            try:
                return self.future.result()
            except BrokenProcessPool:
                pass
        return self.reader.prepare(self.data, rows=False)


Prepare = Callable[[bytes], Ahead]


@contextmanager
def reading(reader: BundleReader, files: int) -> Iterator[Prepare]:
    """`prepare(data)`, a future of the prepared bundle: read in a second process when
    there are many files and more than one core, here otherwise.

    The second process is started fresh ("spawn"), never forked: a fork of a process with
    open database connections, threads or a window would share what must not be shared.
    """
    if files < AHEAD_FROM or (os.cpu_count() or 1) < 2:
        yield lambda data: Ahead(reader, data, None)
        return
    pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_reading,
        initargs=(reader,),
    )
    broken = False

    def prepare(data: bytes) -> Ahead:
        nonlocal broken
        if not broken:
            try:
                return Ahead(reader, data, pool.submit(_prepare_ahead, data))
            except BrokenProcessPool:
                broken = True
        return Ahead(reader, data, None)

    try:
        yield prepare
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
