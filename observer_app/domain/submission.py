"""A submission as every layer sees it: plain, immutable data, never an ORM object.

The content hash is defined here, once, because the observer's laptop, the exchange file
and the coordinator's database must all compute the same hash for the same content.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class SubmissionStatus(StrEnum):
    DRAFT = "draft"
    COMPLETE = "complete"


def new_submission_id() -> uuid.UUID:
    """A random UUID made on the device: unique without asking anyone, offline."""
    return uuid.uuid4()


def now_local() -> datetime:
    """The current time with the device's UTC offset, as observers' times are recorded."""
    return datetime.now(UTC).astimezone()


@dataclass(frozen=True, slots=True)
class Submission:
    """One filled (or half-filled) checklist, with its answers keyed by question id."""

    id: uuid.UUID
    form_id: str
    form_version: int
    observer: str
    team: str
    status: SubmissionStatus
    revision: int
    created_at: datetime
    updated_at: datetime
    content_hash: str
    station_id: str | None = None
    tec_id: str | None = None
    region: str | None = None
    completed_at: datetime | None = None
    answers: Mapping[str, Any] = field(default_factory=dict)


def canonical_json(value: Any) -> bytes:
    """JSON with sorted keys, no spaces, UTF-8 text as is: equal content, equal bytes."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def content_hash(
    *,
    submission_id: uuid.UUID,
    form_id: str,
    form_version: int,
    station_id: str | None,
    tec_id: str | None,
    observer: str,
    team: str,
    status: SubmissionStatus,
    revision: int,
    answers: Mapping[str, Any],
) -> str:
    """SHA-256 (hex) over what the observer reported.

    Save and completion times are left out: they record when, not what, so re-saving the
    same answers or exporting twice gives the same hash. Cleared answers (None) are left
    out, so clearing an answer is the same as never giving it.
    """
    document = {
        "id": str(submission_id),
        "form": form_id,
        "form_version": form_version,
        "station": station_id,
        "tec": tec_id,
        "observer": observer,
        "team": team,
        "status": str(status),
        "revision": revision,
        "answers": {key: value for key, value in answers.items() if value is not None},
    }
    return hashlib.sha256(canonical_json(document)).hexdigest()
