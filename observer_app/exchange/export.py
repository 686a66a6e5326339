"""Exporting the day's bundle: every completed submission, signed, sealed to the coordinator.

Each bundle holds everything completed on the laptop so far, not only the day's work: a
lost or broken file is made good by the next one, and the merge counts what it already
has as duplicates.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from anyascii import anyascii
from sqlalchemy import select
from sqlalchemy.orm import Session

from observer_app.domain.submission import SubmissionStatus, now_local
from observer_app.exchange.bundle import MAX_TOTAL_BYTES, Attachment, write_bundle
from observer_app.exchange.keys import DeviceKey
from observer_app.exchange.mission import MissionError, current_mission
from observer_app.exchange.records import Record, make_record
from observer_app.formspec.attachments import references, stored_name
from observer_app.store.attachments import attachment_contents
from observer_app.store.database import Database
from observer_app.store.models import RevisionRow, SubmissionRow
from observer_app.store.records import document_from_row
from observer_app.store.settings import get_observer


def records_for_export(session: Session) -> list[Record]:
    """What a laptop hands in: every completed submission, at its latest completed revision.

    A submission reopened for a correction is still handed in, as the completed revision
    kept when it was reopened, until the correction is completed in turn. Drafts that were
    never completed stay on the laptop.
    """
    rows = list(session.scalars(select(SubmissionRow).order_by(SubmissionRow.created_at)))
    complete = [row for row in rows if row.status == SubmissionStatus.COMPLETE.value]
    records = {row.id: make_record(document_from_row(row)) for row in complete}
    reopened = [row.id for row in rows if row.status != "complete" and row.revision > 1]
    for start in range(0, len(reopened), 500):
        kept = session.scalars(
            select(RevisionRow)
            .where(RevisionRow.submission_id.in_(reopened[start : start + 500]))
            .order_by(RevisionRow.revision)
        )
        for revision in kept:  # the last one read for a submission is its latest
            records[revision.submission_id] = make_record(json.loads(revision.snapshot))
    order = {row.id: index for index, row in enumerate(rows)}
    return sorted(records.values(), key=lambda record: order[record.id])


class NothingToExport(ValueError):
    """No completed submission yet: a bundle would carry nothing."""


class AttachmentsUnfit(ValueError):
    """The files the completed submissions refer to cannot all travel in one bundle."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    submissions: int
    encrypted: bool


#: "team-07-aygul-2021-01-10-2045.zip", with "-2", "-3"... when that name is taken.
_NAME = re.compile(
    r"^(?:(?P<team>[a-z0-9-]+)-)?(?P<observer>[a-z0-9]+)"
    r"-(?P<date>\d{4}-\d{2}-\d{2})-(?P<time>\d{4})(?:-\d+)?\.zip$"
)


def file_slug(text: str, *, limit: int = 30) -> str:
    """`text` as safe ASCII for a file name: transliterated (Kazakh and Russian letters
    alike, "Айгүл" is "aygul"), lower case, words joined by "-", a lone digit padded to two
    so that files sort by team ("team-07" before "team-12")."""
    words = re.split(r"[^a-z0-9]+", anyascii(text).lower())
    words = [f"0{word}" if word.isdigit() and len(word) == 1 else word for word in words]
    return "-".join(word for word in words if word)[:limit].strip("-")


def bundle_name(team: str, observer: str, created_at: datetime) -> str:
    """A name that tells the coordinator whose file it is and when it was written, as
    "team-07-aygul-2021-01-10-2045.zip": the team, the observer's first name, the local time.

    The name travels in clear beside the (encrypted) file: it names the team and a first
    name only, never the mission, the organisation or the observer's full name.
    """
    first_name = observer.split()[0] if observer.split() else ""
    who = file_slug(first_name, limit=20).replace("-", "") or "observer"
    team_part = file_slug(team)
    stamp = f"{created_at:%Y-%m-%d-%H%M}"
    return f"{team_part}-{who}-{stamp}.zip" if team_part else f"{who}-{stamp}.zip"


def bundle_name_parts(name: str) -> tuple[str | None, str] | None:
    """The team and observer a file name written by `bundle_name` gives (None: not one)."""
    match = _NAME.match(name)
    if match is None:
        return None
    return match["team"], match["observer"]


def write_file_atomically(path: Path, data: bytes) -> None:
    """`data` at `path`, whole or not at all, even if the laptop dies mid-write."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temporary.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def export_bundle(
    database: Database,
    out_dir: Path,
    device_key: DeviceKey,
    *,
    now: datetime | None = None,
) -> ExportResult:
    """Write this laptop's bundle into `out_dir`, encrypted when the mission has a key."""
    created_at = now or now_local()
    with database.reading() as session:
        mission = current_mission(session)
        if mission is None:
            raise MissionError(
                "this laptop is not set up for a mission: import the mission package first "
                "(observer-app mission import FILE)"
            )
        profile = get_observer(session)
        records = records_for_export(session)
        attachments = _attachments(session, records)
    if not records:
        raise NothingToExport("nothing to export: no submission has been completed yet")
    last = records[-1].document
    observer = profile.name if profile else str(last["observer"])
    team = profile.team if profile else str(last["team"])
    data = write_bundle(
        records,
        mission_id=mission.id,
        mission_name=mission.name,
        device_key=device_key,
        observer=observer,
        team=team,
        created_at=created_at,
        recipient_public_key=mission.coordinator_key,
        attachments=attachments,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    name = bundle_name(team, observer, created_at)
    path = out_dir / name
    number = 1
    while path.exists():
        number += 1
        path = out_dir / name.replace(".zip", f"-{number}.zip")
    write_file_atomically(path, data)
    return ExportResult(path, len(records), mission.encrypted)


def _attachments(session: Session, records: list[Record]) -> list[Attachment]:
    """The files the handed-in records refer to, each under its stored name.

    A record whose file is not on the laptop is not handed in half: the export stops and
    says which one, since the coordinator would refuse a bundle that names a file it lacks.
    """
    attachments: list[Attachment] = []
    total = 0
    for record in records:
        refs = references(record.answers)
        if not refs:
            continue
        contents = attachment_contents(session, record.id, refs.values())
        for question_id, ref in refs.items():
            content = contents.get(ref.sha256)
            if content is None:
                raise AttachmentsUnfit(
                    f"submission {record.id}: the file {ref.name!r} answered to "
                    f"{question_id!r} is not stored on this laptop; reopen the form and "
                    "attach it again"
                )
            total += len(content)
            attachments.append(Attachment(record.id, stored_name(ref), content))
    if total > MAX_TOTAL_BYTES - _ROOM_FOR_RECORDS:
        raise AttachmentsUnfit(
            f"the attached files come to {total / (1024 * 1024):.0f} MB, over the "
            f"{(MAX_TOTAL_BYTES - _ROOM_FOR_RECORDS) // (1024 * 1024)} MB a bundle may carry"
        )
    return attachments


#: What a bundle keeps free of attachments for its records and manifest.
_ROOM_FOR_RECORDS = 16 * 1024 * 1024
