"""The one mapping between a submission's record (domain.submission) and its row.

A submission is kept as one `submissions` row: the record's canonical JSON text in
`document`, which is read back as the submission, and the record's fields again as
columns (times as UTC + offset minutes) for the database to filter and sort on; beside
them, once it is complete, what its answers mean under its form (formspec.verdicts).
Everything that reads or writes a whole submission goes through here, so the store, the
exchange and the coordinator's review cannot map it differently.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from observer_app.domain.json_reading import read_json
from observer_app.domain.submission import (
    Submission,
    SubmissionStatus,
    SubmissionSummary,
    join_time,
    split_time,
)
from observer_app.formspec import CompiledForm
from observer_app.store.driver import DriverTransaction, PlainStatement
from observer_app.store.models import SubmissionRow

# The row of a record, worked out without the database (store.rows), is part of the one
# mapping this module is.
from observer_app.store.rows import row_values as row_values
from observer_app.store.rows import verdict_values as verdict_values
from observer_app.store.rows import verdicts_text as verdicts_text

#: Ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits.
CHUNK = 500

SUBMISSIONS: Table = SubmissionRow.__table__  # type: ignore[assignment]


def submission_of(row: SubmissionRow) -> Submission:
    """A stored submission, as its record says: times in the offsets they were made in."""
    return Submission.from_document(read_json(row.document))


def summary_of(row: SubmissionRow) -> SubmissionSummary:
    """A stored submission without its answers, from its columns: a list of many
    submissions reads no documents."""
    return SubmissionSummary(
        id=uuid.UUID(row.id),
        form_id=row.form_id,
        form_version=row.form_version,
        station_id=row.station_id,
        tec_id=row.tec_id,
        region=row.region,
        observer=row.observer,
        team=row.team,
        status=SubmissionStatus(row.status),
        revision=row.revision,
        created_at=join_time(row.created_at, row.created_offset),
        updated_at=join_time(row.updated_at, row.updated_offset),
        completed_at=(
            join_time(row.completed_at, row.completed_offset)
            if row.completed_at is not None
            else None
        ),
        content_hash=row.content_hash,
    )


def document_from_row(row: SubmissionRow) -> dict[str, Any]:
    """A stored submission as its record document."""
    return dict(read_json(row.document))


def write_row(row: SubmissionRow, submission: Submission, form: CompiledForm | None = None) -> None:
    """Bring `row` to `submission` (only the columns that changed are written)."""
    for column, value in row_values(submission, form=form).items():
        setattr(row, column, value)


def documents_of(session: Session, submission_ids: Iterable[str]) -> dict[str, str]:
    """The record texts of several submissions at once, by submission id."""
    ids = list(submission_ids)
    found: dict[str, str] = {}
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(SubmissionRow.id, SubmissionRow.document).where(
                SubmissionRow.id.in_(ids[start : start + CHUNK])
            )
        )
        found.update({submission_id: document for submission_id, document in rows})
    return found


_DOCUMENT = select(SUBMISSIONS.c.document).where(SUBMISSIONS.c.id == bindparam("key"))
#: The autosave's two statements, run on the driver's cursor (store.driver). An autosave
#: changes answers and nothing else of the record, so it sets the document and the
#: columns that follow from it, and no index but `updated_at`'s is touched.
_PLAIN_DOCUMENT = PlainStatement(_DOCUMENT)
_REWRITE_ANSWERS = PlainStatement(
    update(SUBMISSIONS).where(SUBMISSIONS.c.id == bindparam("key")),
    columns=("document", "content_hash", "updated_at", "updated_offset"),
)


def read_submission(session: Session, submission_id: str) -> Submission | None:
    """A stored submission, read afresh from the database.

    Afresh, because a merge writes rows with plain statements that the session's copy of
    a row would not know of.
    """
    text = session.execute(_DOCUMENT, {"key": submission_id}).scalar()
    return None if text is None else Submission.from_document(read_json(text))


def read_document(transaction: DriverTransaction, submission_id: str) -> Submission | None:
    """`read_submission` inside the autosave's driver transaction."""
    text = transaction.scalar(_PLAIN_DOCUMENT, {"key": submission_id})
    return None if text is None else Submission.from_document(read_json(text))


def rewrite_answers(transaction: DriverTransaction, submission: Submission) -> None:
    """Write `submission`'s answers and the time they were saved over its row: the autosave
    of every keystroke. Its other fields must be as stored (they are not written)."""
    updated_at, updated_offset = split_time(submission.updated_at)
    transaction.execute(
        _REWRITE_ANSWERS,
        {
            "key": str(submission.id),
            "document": submission.text(),
            "content_hash": submission.content_hash,
            "updated_at": updated_at,
            "updated_offset": updated_offset,
        },
    )
