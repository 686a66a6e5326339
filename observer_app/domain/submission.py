"""A submission as every layer sees it, and its record: the one definition of both.

The observer's laptop, the exchange file and the coordinator's database must agree to the
byte on what a submission holds, so it is defined here, once: its fields and their order,
the JSON document of one revision (what a laptop keeps when a form is reopened, what a
bundle carries, what the coordinator compares), the content hash over that document
(docs/exchange.md, "The content hash"), and times as a UTC instant plus the observer's
offset, which is how the store keeps them.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from observer_app.domain.json_writing import sorted_json


class SubmissionStatus(StrEnum):
    DRAFT = "draft"
    COMPLETE = "complete"


def new_submission_id() -> uuid.UUID:
    """A random UUID made on the device: unique without asking anyone, offline."""
    return uuid.uuid4()


def now_local() -> datetime:
    """The current time with the device's UTC offset, as observers' times are recorded."""
    return datetime.now(UTC).astimezone()


# --- times ---------------------------------------------------------------------------


def split_time(moment: datetime) -> tuple[datetime, int]:
    """An aware time as (UTC instant, local offset in minutes), as the store keeps times.

    The instant orders and compares; the offset keeps the observer's wall-clock time,
    which is part of what they reported.
    """
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("times must carry their UTC offset")
    return moment.astimezone(UTC), int(offset.total_seconds() // 60)


def join_time(utc: datetime, offset_minutes: int | None) -> datetime:
    """The observer's local time again from split_time's parts; no offset reads as UTC."""
    return utc.astimezone(timezone(timedelta(minutes=offset_minutes or 0)))


def time_text(moment: datetime | None) -> str | None:
    """A time as a record writes it: ISO 8601 with its offset (None stays None)."""
    return None if moment is None else moment.isoformat()


# --- the record ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmissionSummary:
    """A submission without its answers: what a list of submissions shows.

    The fields are the record's, in the record's order; Submission adds the answers.
    """

    id: uuid.UUID
    form_id: str
    form_version: int
    station_id: str | None = None
    tec_id: str | None = None
    region: str | None = None
    observer: str
    team: str
    status: SubmissionStatus
    revision: int
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    content_hash: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Submission(SubmissionSummary):
    """One filled (or half-filled) checklist, with its answers keyed by question id."""

    answers: Mapping[str, Any] = field(default_factory=dict)

    def document(self) -> dict[str, Any]:
        """This revision's record as JSON-ready data: the fields in record order, times in
        ISO 8601 with their offsets, cleared answers (None) left out."""
        return {
            "id": str(self.id),
            "form_id": self.form_id,
            "form_version": self.form_version,
            "station_id": self.station_id,
            "tec_id": self.tec_id,
            "region": self.region,
            "observer": self.observer,
            "team": self.team,
            "status": str(self.status),
            "revision": self.revision,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "completed_at": time_text(self.completed_at),
            "content_hash": self.content_hash,
            "answers": given_answers(self.answers),
        }

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Submission:
        """The submission a record document describes (one that passed the record's checks)."""
        completed_at = document["completed_at"]
        return cls(
            id=uuid.UUID(str(document["id"])),
            form_id=str(document["form_id"]),
            form_version=int(document["form_version"]),
            station_id=document["station_id"],
            tec_id=document["tec_id"],
            region=document["region"],
            observer=str(document["observer"]),
            team=str(document["team"]),
            status=SubmissionStatus(document["status"]),
            revision=int(document["revision"]),
            created_at=datetime.fromisoformat(document["created_at"]),
            updated_at=datetime.fromisoformat(document["updated_at"]),
            completed_at=None if completed_at is None else datetime.fromisoformat(completed_at),
            content_hash=str(document["content_hash"]),
            answers=given_answers(document["answers"]),
        )

    def text(self) -> str:
        """The canonical JSON text of this revision's record."""
        return canonical_json(self.document()).decode("utf-8")

    def with_content_hash(self) -> Submission:
        """The same submission with the content hash its content calls for."""
        return replace(self, content_hash=content_hash(self.document()))


#: The fields of a record, in the order a record document lists them.
RECORD_FIELDS: tuple[str, ...] = tuple(item.name for item in fields(Submission))
#: The fields that hold times (ISO 8601 text in a document; UTC + offset in the store).
TIME_FIELDS: tuple[str, ...] = ("created_at", "updated_at", "completed_at")


def given_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers without the cleared ones: clearing an answer is never giving it."""
    return {key: value for key, value in answers.items() if value is not None}


def canonical_json(value: Any) -> bytes:
    """JSON with sorted keys, no spaces, UTF-8 text as is: equal content, equal bytes."""
    return sorted_json(value)


def canonical_record(document: Mapping[str, Any]) -> dict[str, Any]:
    """A record document in canonical form: a copy, its cleared answers left out."""
    return {**document, "answers": given_answers(document["answers"])}


def record_sha256(document: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of a record's canonical text: tells two copies of one revision apart.

    Unlike the content hash it covers the times, so a re-saved copy differs.
    """
    return hashlib.sha256(canonical_json(canonical_record(document))).hexdigest()


def content_hash(document: Mapping[str, Any]) -> str:
    """SHA-256 (hex) over what the observer reported in a record document.

    Save and completion times are left out: they record when, not what, so re-saving the
    same answers or exporting twice gives the same hash; so is the region, which the
    registry placed. Cleared answers (None) are left out, so clearing an answer is the
    same as never giving it. docs/exchange.md describes this for other programs.
    """
    hashed = {**_hashed_fields(document), "answers": given_answers(document["answers"])}
    return hashlib.sha256(canonical_json(hashed)).hexdigest()


def _hashed_fields(document: Mapping[str, Any]) -> dict[str, Any]:
    """The fields the content hash covers besides the answers, as it names them."""
    return {
        "id": str(uuid.UUID(str(document["id"]))),
        "form": str(document["form_id"]),
        "form_version": int(document["form_version"]),
        "station": document["station_id"],
        "tec": document["tec_id"],
        "observer": str(document["observer"]),
        "team": str(document["team"]),
        "status": str(SubmissionStatus(document["status"])),
        "revision": int(document["revision"]),
    }


def record_text_and_hash(document: Mapping[str, Any]) -> tuple[bytes, str]:
    """canonical_json(canonical_record(document)) and content_hash(document), the same
    bytes and hash, with the answers (most of a record) written out once for both.

    Both documents list "answers" first, as sorted keys do, so each is the answers' text
    joined to the text of its other fields. A merge does this for every record it reads.
    """
    answers = canonical_json(given_answers(document["answers"]))
    others = canonical_json({key: value for key, value in document.items() if key != "answers"})
    hashed = canonical_json(_hashed_fields(document))
    return _joined(answers, others), hashlib.sha256(_joined(answers, hashed)).hexdigest()


def _joined(answers: bytes, others: bytes) -> bytes:
    """The canonical text of {"answers": ..., **others} from the texts of both parts."""
    if others == b"{}":
        return b'{"answers":' + answers + b"}"
    return b'{"answers":' + answers + b"," + others[1:]
