"""Submission records: one revision of one submission as plain JSON, the unit the exchange moves.

A record has exactly the fields of the store's kept-revision snapshot, so a revision kept
on an observer's laptop and one merged on the coordinator's look alike. Its canonical
form (sorted keys, times as isoformat, cleared answers left out) makes equal content
equal bytes, and the SHA-256 of those bytes tells two copies of a record apart.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from observer_app.domain.submission import SubmissionStatus, canonical_json, content_hash
from observer_app.exchange.formats import SubmissionRecord
from observer_app.store.models import AnswerRow, RevisionRow, SubmissionRow


class RecordError(ValueError):
    """A record whose content does not hold together; the message says how."""


@dataclass(frozen=True)
class Record:
    """A checked record in canonical form, with what the merge rules look at."""

    document: dict[str, Any]
    record_sha256: str

    @property
    def id(self) -> str:
        return str(self.document["id"])

    @property
    def revision(self) -> int:
        return int(self.document["revision"])

    @property
    def content_hash(self) -> str:
        return str(self.document["content_hash"])

    @property
    def complete(self) -> bool:
        return bool(self.document["status"] == SubmissionStatus.COMPLETE.value)

    @property
    def updated_at(self) -> datetime:
        return datetime.fromisoformat(self.document["updated_at"]).astimezone(UTC)

    @property
    def form(self) -> tuple[str, int]:
        return str(self.document["form_id"]), int(self.document["form_version"])

    @property
    def answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = self.document["answers"]
        return answers

    def text(self) -> str:
        """The canonical JSON text, as kept in the revision history and for review."""
        return canonical_json(self.document).decode("utf-8")


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def record_hash(document: Mapping[str, Any]) -> str:
    """The content hash a record's fields call for (domain.submission.content_hash)."""
    return content_hash(
        submission_id=uuid.UUID(str(document["id"])),
        form_id=str(document["form_id"]),
        form_version=int(document["form_version"]),
        station_id=document["station_id"],
        tec_id=document["tec_id"],
        observer=str(document["observer"]),
        team=str(document["team"]),
        status=SubmissionStatus(document["status"]),
        revision=int(document["revision"]),
        answers=document["answers"],
    )


def make_record(document: Mapping[str, Any]) -> Record:
    """The canonical record of `document` after checking its content hash; RecordError if off."""
    canonical = dict(document)
    canonical["answers"] = {
        key: value for key, value in document["answers"].items() if value is not None
    }
    try:
        text = canonical_json(canonical)
        expected = record_hash(canonical)
    except ValueError:
        raise RecordError(
            f"submission {document['id']}: an answer holds a number JSON cannot carry "
            "(NaN or infinity)"
        ) from None
    if expected != canonical["content_hash"]:
        raise RecordError(
            f"submission {document['id']}: content hash does not match its content "
            "(altered, or written by a faulty program)"
        )
    return Record(canonical, hashlib.sha256(text).hexdigest())


def record_from_model(model: SubmissionRecord) -> Record:
    return make_record(
        {
            "id": model.id,
            "form_id": model.form_id,
            "form_version": model.form_version,
            "station_id": model.station_id,
            "tec_id": model.tec_id,
            "region": model.region,
            "observer": model.observer,
            "team": model.team,
            "status": model.status,
            "revision": model.revision,
            "created_at": _time(model.created_at),
            "updated_at": _time(model.updated_at),
            "completed_at": _time(model.completed_at),
            "content_hash": model.content_hash,
            "answers": model.answers,
        }
    )


def _local(utc: datetime, offset_minutes: int) -> datetime:
    return utc.astimezone(timezone(timedelta(minutes=offset_minutes)))


def document_from_row(row: SubmissionRow, answers: Mapping[str, Any]) -> dict[str, Any]:
    """A stored submission as a record document, times with the offsets they were made in."""
    return {
        "id": row.id,
        "form_id": row.form_id,
        "form_version": row.form_version,
        "station_id": row.station_id,
        "tec_id": row.tec_id,
        "region": row.region,
        "observer": row.observer,
        "team": row.team,
        "status": row.status,
        "revision": row.revision,
        "created_at": _local(row.created_at, row.created_offset).isoformat(),
        "updated_at": _local(row.updated_at, row.updated_offset).isoformat(),
        "completed_at": (
            _local(row.completed_at, row.completed_offset or 0).isoformat()
            if row.completed_at is not None
            else None
        ),
        "content_hash": row.content_hash,
        "answers": dict(answers),
    }


def split_time(text: str | None) -> tuple[datetime | None, int | None]:
    """An isoformat time as (UTC instant, offset in minutes), as the store keeps times."""
    if text is None:
        return None, None
    moment = datetime.fromisoformat(text)
    offset = moment.utcoffset()
    assert offset is not None  # records are checked to carry offsets
    return moment.astimezone(UTC), int(offset.total_seconds() // 60)


def answers_of(session: Session, submission_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The answers of several submissions at once, by submission id."""
    ids = list(submission_ids)
    found: dict[str, dict[str, Any]] = {submission_id: {} for submission_id in ids}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(AnswerRow.submission_id, AnswerRow.question_id, AnswerRow.value).where(
                AnswerRow.submission_id.in_(ids[start : start + 500])
            )
        )
        for submission_id, question_id, value in rows:
            found[submission_id][question_id] = value
    return found


def records_for_export(session: Session) -> list[Record]:
    """What a laptop hands in: every completed submission, at its latest completed revision.

    A submission reopened for a correction is still handed in, as the completed revision
    kept when it was reopened, until the correction is completed in turn. Drafts that were
    never completed stay on the laptop.
    """
    rows = list(session.scalars(select(SubmissionRow).order_by(SubmissionRow.created_at)))
    complete = [row for row in rows if row.status == SubmissionStatus.COMPLETE.value]
    answers = answers_of(session, [row.id for row in complete])
    records = {row.id: make_record(document_from_row(row, answers[row.id])) for row in complete}
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
