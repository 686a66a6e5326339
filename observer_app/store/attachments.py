"""The bytes of files attached to submissions (protocol photos), kept apart from the records.

A submission's record holds only a reference to each file (formspec/attachments.py); the
bytes live in `submission_attachments`, one row per submission and content, on the
observer's laptop as in the coordination centre. Rows are only ever added: a photo the
observer replaced may still be what an earlier, handed-in revision refers to.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from observer_app.formspec.attachments import AttachmentRef, stored_name
from observer_app.store.driver import DriverTransaction, PlainStatement
from observer_app.store.models import AttachmentRow

ATTACHMENTS: Table = AttachmentRow.__table__  # type: ignore[assignment]


def insert_ignoring_duplicates(session: Session, table: Table) -> Insert:
    """INSERT that skips a row whose key is taken: ON CONFLICT DO NOTHING where there is one."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    return insert(table)


def keep_attachment(session: Session, submission_id: str, ref: AttachmentRef, data: bytes) -> None:
    """Store `data` for `submission_id` under its content's name; kept once however often."""
    session.execute(
        insert_ignoring_duplicates(session, ATTACHMENTS).values(
            submission_id=submission_id,
            name=stored_name(ref),
            sha256=ref.sha256,
            size=len(data),
            content=data,
        )
    )


_STORED_HASHES = PlainStatement(
    select(AttachmentRow.sha256).where(AttachmentRow.submission_id == bindparam("submission"))
)


def stored_hashes(transaction: DriverTransaction, submission_id: str) -> set[str]:
    """The content hashes of the files kept for a submission (read by the autosave)."""
    return {row[0] for row in transaction.rows(_STORED_HASHES, {"submission": submission_id})}


def attachment_contents(
    session: Session, submission_id: str, refs: Iterable[AttachmentRef]
) -> dict[str, bytes]:
    """The bytes of each referenced file kept for a submission, by content hash.

    A file is looked up by its stored name as well as its hash, and only bytes whose size
    matches the reference are returned, so what is shown is what the answer names.
    """
    wanted = {ref.sha256: ref for ref in refs}
    if not wanted:
        return {}
    rows = session.execute(
        select(AttachmentRow.name, AttachmentRow.sha256, AttachmentRow.content).where(
            AttachmentRow.submission_id == submission_id,
            AttachmentRow.sha256.in_(list(wanted)),
        )
    )
    found: dict[str, bytes] = {}
    for name, sha256, content in rows:
        ref = wanted[sha256]
        if name == stored_name(ref) and len(content) == ref.size:
            found[sha256] = bytes(content)
    return found
