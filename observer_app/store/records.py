"""The one mapping between a submission's record (domain.submission) and its rows.

A submission is kept as a `submissions` row (times as UTC + offset minutes) and one
`answers` row per answer; everything that reads or writes those rows as a whole
submission goes through here, so the store, the exchange and the coordinator's review
cannot map them differently.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from observer_app.domain.submission import (
    Submission,
    SubmissionStatus,
    SubmissionSummary,
    join_time,
    split_time,
)
from observer_app.store.models import AnswerRow, SubmissionRow

#: Ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits.
CHUNK = 500


def _fields(row: SubmissionRow) -> dict[str, Any]:
    """The record's fields but the answers, from a submissions row."""
    return {
        "id": uuid.UUID(row.id),
        "form_id": row.form_id,
        "form_version": row.form_version,
        "station_id": row.station_id,
        "tec_id": row.tec_id,
        "region": row.region,
        "observer": row.observer,
        "team": row.team,
        "status": SubmissionStatus(row.status),
        "revision": row.revision,
        "created_at": join_time(row.created_at, row.created_offset),
        "updated_at": join_time(row.updated_at, row.updated_offset),
        "completed_at": (
            join_time(row.completed_at, row.completed_offset)
            if row.completed_at is not None
            else None
        ),
        "content_hash": row.content_hash,
    }


def summary_of(row: SubmissionRow) -> SubmissionSummary:
    """A stored submission without its answers, times in the offsets they were made in."""
    return SubmissionSummary(**_fields(row))


def submission_of(row: SubmissionRow, answers: Mapping[str, Any]) -> Submission:
    """A stored submission with its answers, times in the offsets they were made in."""
    return Submission(**_fields(row), answers=dict(answers))


def document_from_row(row: SubmissionRow, answers: Mapping[str, Any]) -> dict[str, Any]:
    """A stored submission as its record document."""
    return submission_of(row, answers).document()


def row_values(submission: Submission) -> dict[str, Any]:
    """The submissions row of `submission`, column by column (its answers are apart)."""
    created_at, created_offset = split_time(submission.created_at)
    updated_at, updated_offset = split_time(submission.updated_at)
    completed_at, completed_offset = (
        split_time(submission.completed_at) if submission.completed_at is not None else (None, None)
    )
    return {
        "id": str(submission.id),
        "form_id": submission.form_id,
        "form_version": submission.form_version,
        "station_id": submission.station_id,
        "tec_id": submission.tec_id,
        "region": submission.region,
        "observer": submission.observer,
        "team": submission.team,
        "status": submission.status.value,
        "revision": submission.revision,
        "created_at": created_at,
        "created_offset": created_offset,
        "updated_at": updated_at,
        "updated_offset": updated_offset,
        "completed_at": completed_at,
        "completed_offset": completed_offset,
        "content_hash": submission.content_hash,
    }


def write_row(row: SubmissionRow, submission: Submission) -> None:
    """Bring `row` to `submission` (only the columns that changed are written)."""
    for column, value in row_values(submission).items():
        setattr(row, column, value)


def answer_values(submission: Submission) -> list[dict[str, Any]]:
    """The answers rows of `submission`, each saved at the submission's last save."""
    saved_at = split_time(submission.updated_at)[0]
    submission_id = str(submission.id)
    return [
        {
            "submission_id": submission_id,
            "question_id": question_id,
            "value": value,
            "saved_at": saved_at,
        }
        for question_id, value in submission.answers.items()
        if value is not None
    ]


def answers_of(session: Session, submission_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The answers of several submissions at once, by submission id."""
    ids = list(submission_ids)
    found: dict[str, dict[str, Any]] = {submission_id: {} for submission_id in ids}
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(AnswerRow.submission_id, AnswerRow.question_id, AnswerRow.value).where(
                AnswerRow.submission_id.in_(ids[start : start + CHUNK])
            )
        )
        for submission_id, question_id, value in rows:
            found[submission_id][question_id] = value
    return found


def read_submission(session: Session, submission_id: str) -> Submission | None:
    """A stored submission with its answers, read afresh from the database.

    Afresh, because a merge writes rows with plain statements that the session's copy of
    a row would not know of.
    """
    row = session.get(SubmissionRow, submission_id, populate_existing=True)
    if row is None:
        return None
    return submission_of(row, answers_of(session, [submission_id])[submission_id])
