"""Conflicts for review: submissions handed in twice at one revision with different content.

The merge keeps both and picks one to count (exchange.rules); a coordinator reads both
here and decides with the observer which is right.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from observer_app.exchange.merge import swap_primary
from observer_app.exchange.rules import KeptAs
from observer_app.store.models import (
    ConflictDecisionRow,
    RevisionRow,
    SubmissionRow,
    SubmissionVersionRow,
)
from observer_app.store.records import read_submission


@dataclass(frozen=True)
class ConflictingVersion:
    content_hash: str
    kept_as: str
    counted: bool
    device_id: str | None
    bundle_id: str | None
    updated_at: datetime


@dataclass(frozen=True)
class Conflict:
    """One revision of one submission that arrived with more than one content."""

    submission_id: str
    revision: int
    form_id: str
    station_id: str | None
    observer: str
    versions: list[ConflictingVersion]

    def to_json(self) -> dict[str, Any]:
        return {
            "submission_id": self.submission_id,
            "revision": self.revision,
            "form_id": self.form_id,
            "station_id": self.station_id,
            "observer": self.observer,
            "versions": [
                {
                    "content_hash": v.content_hash,
                    "kept_as": v.kept_as,
                    "counted": v.counted,
                    "device_id": v.device_id,
                    "bundle_id": v.bundle_id,
                    "updated_at": v.updated_at.isoformat(),
                }
                for v in self.versions
            ],
        }


def list_conflicts(session: Session) -> list[Conflict]:
    """Every revision with conflicting contents; the counted (primary) one first."""
    keys = session.execute(
        select(SubmissionVersionRow.submission_id, SubmissionVersionRow.revision)
        .where(SubmissionVersionRow.kept_as == KeptAs.CONFLICT.value)
        .distinct()
        .order_by(SubmissionVersionRow.submission_id, SubmissionVersionRow.revision)
    ).all()
    conflicts: list[Conflict] = []
    for submission_id, revision in keys:
        submission = session.get(SubmissionRow, submission_id)
        assert submission is not None
        rows = session.scalars(
            select(SubmissionVersionRow).where(
                SubmissionVersionRow.submission_id == submission_id,
                SubmissionVersionRow.revision == revision,
            )
        ).all()
        versions = sorted(
            (
                ConflictingVersion(
                    row.content_hash,
                    row.kept_as,
                    row.kept_as != KeptAs.CONFLICT.value,
                    row.device_id,
                    row.bundle_id,
                    row.updated_at,
                )
                for row in rows
            ),
            key=lambda v: (not v.counted, v.content_hash),
        )
        conflicts.append(
            Conflict(
                submission_id,
                revision,
                submission.form_id,
                submission.station_id,
                submission.observer,
                versions,
            )
        )
    return conflicts


def conflict_record(session: Session, submission_id: str, revision: int, content_hash: str) -> Any:
    """The full record of one version, wherever it is kept, to read side by side."""
    row = session.get(SubmissionVersionRow, (submission_id, revision, content_hash))
    if row is None:
        return None
    if row.record is not None:
        return json.loads(row.record)
    if row.kept_as == KeptAs.HISTORY.value:
        kept = session.get(RevisionRow, (submission_id, revision))
        return None if kept is None else json.loads(kept.snapshot)
    current = read_submission(session, submission_id)
    assert current is not None
    return current.document()


@dataclass(frozen=True)
class ConflictDecision:
    submission_id: str
    revision: int
    kept_hash: str
    decided_by: str
    decided_at: datetime
    note: str


def decision_of(session: Session, submission_id: str, revision: int) -> ConflictDecision | None:
    row = session.get(ConflictDecisionRow, (submission_id, revision))
    if row is None:
        return None
    return ConflictDecision(
        row.submission_id, row.revision, row.kept_hash, row.decided_by, row.decided_at, row.note
    )


def resolve_conflict(
    session: Session,
    submission_id: str,
    revision: int,
    keep_hash: str,
    *,
    decided_by: str,
    note: str = "",
    now: datetime | None = None,
) -> ConflictDecision:
    """Keep the content `keep_hash` for this revision, in the caller's transaction.

    The chosen content becomes the one counted (the submission itself, or its history),
    the other goes among the conflicts, and the choice, who made it and why are recorded;
    later merges keep to it. Raises ValueError when there is no such conflict.
    """
    session.execute(
        select(SubmissionRow.id).where(SubmissionRow.id == submission_id).with_for_update()
    ).all()
    rows = session.scalars(
        select(SubmissionVersionRow).where(
            SubmissionVersionRow.submission_id == submission_id,
            SubmissionVersionRow.revision == revision,
        )
    ).all()
    chosen = next((row for row in rows if row.content_hash == keep_hash), None)
    primary = next((row for row in rows if row.kept_as != KeptAs.CONFLICT.value), None)
    if chosen is None or primary is None or len(rows) < 2:
        raise ValueError(
            f"no conflict at revision {revision} of submission {submission_id} "
            f"with content {keep_hash[:12]}"
        )
    if not decided_by.strip():
        raise ValueError("a decision needs the name of who made it")
    if chosen is not primary:
        swap_primary(session, submission_id, primary, chosen)
    decided_at = now or datetime.now(UTC)
    row = session.get(ConflictDecisionRow, (submission_id, revision))
    if row is None:
        session.add(
            ConflictDecisionRow(
                submission_id=submission_id,
                revision=revision,
                kept_hash=keep_hash,
                decided_by=decided_by.strip(),
                decided_at=decided_at,
                note=note.strip(),
            )
        )
    else:
        row.kept_hash, row.decided_by = keep_hash, decided_by.strip()
        row.decided_at, row.note = decided_at, note.strip()
    session.flush()
    return ConflictDecision(
        submission_id, revision, keep_hash, decided_by.strip(), decided_at, note.strip()
    )
