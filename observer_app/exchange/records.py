"""Submission records as the exchange moves them: checked, canonical, told apart by hash.

What a record is (its fields, its canonical JSON, its content hash, its times) is defined
once in domain.submission, and the mapping to and from the store's rows once in
store.records; this module checks a record's content hash and keeps the SHA-256 of its
canonical text, which tells two copies of one revision apart.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from observer_app.domain.submission import (
    RECORD_FIELDS,
    TIME_FIELDS,
    Submission,
    SubmissionStatus,
    canonical_record,
    content_hash,
    record_text_and_hash,
    time_text,
)
from observer_app.exchange.formats import SubmissionRecord

#: The content hash a record's fields call for (defined in domain.submission).
record_hash = content_hash


class RecordError(ValueError):
    """A record whose content does not hold together; the message says how."""


@dataclass(frozen=True)
class Record:
    """A checked record in canonical form, with what the merge rules look at."""

    document: dict[str, Any]
    record_sha256: str
    #: The canonical JSON text of `document`, which `record_sha256` is the hash of.
    canonical_text: str

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

    def submission(self) -> Submission:
        """The submission this record describes, with typed fields and times."""
        return Submission.from_document(self.document)

    def text(self) -> str:
        """The canonical JSON text, as the store keeps a record wherever it keeps one."""
        return self.canonical_text


def make_record(document: Mapping[str, Any]) -> Record:
    """The canonical record of `document` after checking its content hash; RecordError if off."""
    canonical = canonical_record(document)
    try:
        text, expected = record_text_and_hash(canonical)
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
    return Record(canonical, hashlib.sha256(text).hexdigest(), text.decode("utf-8"))


def record_of(submission: Submission) -> Record:
    """The record of `submission`, its content hash made for it."""
    return make_record(submission.with_content_hash().document())


def record_from_model(model: SubmissionRecord) -> Record:
    """The record of a validated entry of submissions.json."""
    document = {name: getattr(model, name) for name in RECORD_FIELDS}
    document.update({name: time_text(document[name]) for name in TIME_FIELDS})
    return make_record(document)
