"""Submissions in the store: create, answer, complete, reopen; each call one short transaction.

This is the service the window and the command line both call. Every answer is checked
for shape against its form before it is written, and written in a transaction of its
own, so a killed process loses nothing whose save had returned. A save rewrites the
submission's one row (its record as one document, store.records); completing it also
keeps what its answers mean under its form (formspec.verdicts), for every summary to read.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from observer_app.domain.submission import (
    Submission,
    SubmissionStatus,
    given_answers,
    join_time,
    new_submission_id,
    now_local,
    split_time,
)
from observer_app.domain.submission import SubmissionSummary as SubmissionSummary
from observer_app.formspec import (
    CompiledForm,
    FormLibrary,
    Problem,
    check_answer,
    find_problems,
)
from observer_app.formspec.attachments import (
    AttachmentRef,
    accept_attachment,
    references,
)
from observer_app.formspec.models import FileQuestion, ImageQuestion, Place
from observer_app.store.attachments import attachment_contents, keep_attachment, stored_hashes
from observer_app.store.database import Database
from observer_app.store.driver import DriverTransaction
from observer_app.store.models import RevisionRow, SubmissionRow
from observer_app.store.records import (
    read_document,
    read_submission,
    rewrite_answers,
    row_values,
    submission_of,
    summary_of,
    write_row,
)
from observer_app.store.registry import get_station, get_tec


class SubmissionError(Exception):
    """Something asked of a submission that cannot be done; the message says why."""


class SubmissionNotFound(SubmissionError):
    pass


class NotEditable(SubmissionError):
    pass


class MissingAttachment(SubmissionError):
    """An answer names a file whose bytes were never stored for its submission."""


class CompletionRefused(SubmissionError):
    """The form still has problems; `problems` lists each, in the order of the form."""

    def __init__(self, submission_id: uuid.UUID, problems: list[Problem]) -> None:
        self.problems = problems
        listed = "; ".join(problem.describe() for problem in problems)
        super().__init__(f"submission {submission_id} cannot be completed: {listed}")


class SubmissionStore:
    """The observer's submissions in one database, checked against the mission's forms."""

    def __init__(
        self,
        database: Database,
        forms: FormLibrary,
        clock: Callable[[], datetime] = now_local,
    ) -> None:
        self.database = database
        self.forms = forms
        self._clock = clock

    # --- reading -------------------------------------------------------------------

    def get(self, submission_id: uuid.UUID) -> Submission:
        with self.database.reading() as session:
            return self._read(session, self._row(session, submission_id))

    def list_submissions(
        self, *, status: SubmissionStatus | None = None, form_id: str | None = None
    ) -> list[SubmissionSummary]:
        """Newest first."""
        query = select(SubmissionRow).order_by(SubmissionRow.updated_at.desc())
        if status is not None:
            query = query.where(SubmissionRow.status == status.value)
        if form_id is not None:
            query = query.where(SubmissionRow.form_id == form_id)
        with self.database.reading() as session:
            return [summary_of(row) for row in session.scalars(query)]

    def problems(self, submission_id: uuid.UUID) -> list[Problem]:
        submission = self.get(submission_id)
        return find_problems(self.form_of(submission), submission.answers)

    def form_of(self, submission: Submission | SubmissionSummary) -> CompiledForm:
        return self.forms.get(submission.form_id, submission.form_version)

    def revisions(self, submission_id: uuid.UUID) -> list[dict[str, Any]]:
        """The completed revisions kept when the submission was reopened, oldest first."""
        with self.database.reading() as session:
            rows = session.scalars(
                select(RevisionRow)
                .where(RevisionRow.submission_id == str(submission_id))
                .order_by(RevisionRow.revision)
            )
            return [json.loads(row.snapshot) for row in rows]

    def attachments(self, submission_id: uuid.UUID) -> dict[str, bytes]:
        """The bytes of every file the submission's answers refer to, by content hash."""
        with self.database.reading() as session:
            submission = self._read(session, self._row(session, submission_id))
            refs = references(submission.answers).values()
            return attachment_contents(session, str(submission_id), refs)

    # --- writing -------------------------------------------------------------------

    def attach(
        self, submission_id: uuid.UUID, question_id: str, name: str, data: bytes
    ) -> AttachmentRef:
        """Keep a file for an image or file question and return the reference to answer with.

        The file is checked (type by its content, size) before anything is written, and
        AttachmentRefused says why it is not taken. The answer itself is saved as any other
        (save_answers), after this: the bytes are always stored before an answer names them.
        """
        with self.database.transaction() as session:
            current = _draft(session, submission_id)
            question = self.form_of(current).questions.get(question_id)
            if not isinstance(question, ImageQuestion | FileQuestion):
                raise SubmissionError(f"{question_id!r} is not an image or file question")
            ref = accept_attachment(question, name, data)
            keep_attachment(session, str(submission_id), ref, data)
        return ref

    def create(
        self,
        form_id: str,
        *,
        observer: str,
        team: str,
        station_id: str | None = None,
        tec_id: str | None = None,
    ) -> Submission:
        """A new draft of the latest version of `form_id` at a station or a TEC."""
        try:
            form = self.forms.get(form_id)
        except KeyError:
            raise SubmissionError(f"no form {form_id!r} in this mission") from None
        if not observer.strip():
            raise SubmissionError("the observer's name is needed")
        now = _as_stored(self._clock())
        with self.database.transaction() as session:
            region, station_id, tec_id = self._place(session, form, station_id, tec_id)
            submission = Submission(
                id=new_submission_id(),
                form_id=form.id,
                form_version=form.version,
                station_id=station_id,
                tec_id=tec_id,
                region=region,
                observer=observer.strip(),
                team=team.strip(),
                status=SubmissionStatus.DRAFT,
                revision=1,
                created_at=now,
                updated_at=now,
                content_hash="",
            ).with_content_hash()
            session.add(SubmissionRow(**row_values(submission)))
            session.flush()
            return submission

    def _place(
        self, session: Session, form: CompiledForm, station_id: str | None, tec_id: str | None
    ) -> tuple[str | None, str | None, str | None]:
        """(region, station, TEC) of a new submission, checked against the registry."""
        place = form.form.place
        if place == Place.TEC:
            if not tec_id:
                raise SubmissionError(f"form {form.id!r} is filled at a TEC: pick one")
            tec = get_tec(session, tec_id)
            if tec is None:
                raise SubmissionError(f"no TEC {tec_id!r} in the registry")
            return tec.region, None, tec.code
        if not station_id:
            if place == Place.POLLING_STATION:
                raise SubmissionError(f"form {form.id!r} is filled at a polling station: pick one")
            return None, None, None
        station = get_station(session, station_id)
        if station is None:
            raise SubmissionError(f"no polling station {station_id!r} in the registry")
        return station.region, station.id, station.tec

    def save_answer(self, submission_id: uuid.UUID, question_id: str, value: Any) -> datetime:
        """Write one answer (None clears it) in its own transaction; returns when it was saved."""
        return self.save_answers(submission_id, {question_id: value})

    def save_answers(self, submission_id: uuid.UUID, answers: Mapping[str, Any]) -> datetime:
        """Write several answers at once, all or none.

        The autosave of every keystroke: one read of the document and one UPDATE of its
        row, run on the driver's cursor (store.driver), not through a Session.
        """
        saved_at = self._clock()
        now = _as_stored(saved_at)
        with self.database.driver_transaction() as transaction:
            current = _editable(read_document(transaction, str(submission_id)), submission_id)
            form = self.form_of(current)
            for question_id, value in answers.items():
                check_answer(form, question_id, value)
            _check_stored(transaction, str(submission_id), form, answers)
            given = given_answers({**current.answers, **answers})  # None clears an answer
            saved = replace(current, answers=given, updated_at=now)
            rewrite_answers(transaction, saved.with_content_hash())
        return saved_at

    def complete(self, submission_id: uuid.UUID) -> Submission:
        """Mark complete, or raise CompletionRefused with every problem still in the form."""
        now = _as_stored(self._clock())
        with self.database.transaction() as session:
            row = self._row(session, submission_id)
            current = self._read(session, row)
            if current.status == SubmissionStatus.COMPLETE:
                return current
            problems = find_problems(self.form_of(current), current.answers)
            if problems:
                raise CompletionRefused(submission_id, problems)
            completed = replace(
                current, status=SubmissionStatus.COMPLETE, completed_at=now, updated_at=now
            ).with_content_hash()
            write_row(row, completed, self.form_of(completed))
            return completed

    def reopen(self, submission_id: uuid.UUID) -> Submission:
        """Back to draft for a correction, as a new revision; the completed one is kept."""
        now = _as_stored(self._clock())
        with self.database.transaction() as session:
            row = self._row(session, submission_id)
            if row.status != SubmissionStatus.COMPLETE.value:
                raise SubmissionError(f"submission {submission_id} is not complete")
            kept = self._read(session, row)
            session.add(
                RevisionRow(
                    submission_id=row.id,
                    revision=kept.revision,
                    content_hash=kept.content_hash,
                    snapshot=kept.text(),
                    recorded_at=now,
                )
            )
            reopened = replace(
                kept,
                status=SubmissionStatus.DRAFT,
                revision=kept.revision + 1,
                completed_at=None,
                updated_at=now,
            ).with_content_hash()
            write_row(row, reopened)
            return reopened

    def delete_draft(self, submission_id: uuid.UUID) -> None:
        """Delete a draft; completed submissions are evidence and are never deleted here."""
        with self.database.transaction() as session:
            row = self._row(session, submission_id)
            if row.status != SubmissionStatus.DRAFT.value or row.revision > 1:
                raise NotEditable(
                    f"submission {submission_id} has been completed and cannot be deleted"
                )
            session.execute(delete(SubmissionRow).where(SubmissionRow.id == row.id))

    # --- mapping -------------------------------------------------------------------

    @staticmethod
    def _row(session: Session, submission_id: uuid.UUID) -> SubmissionRow:
        row = session.get(SubmissionRow, str(submission_id))
        if row is None:
            raise SubmissionNotFound(f"no submission {submission_id}")
        return row

    @staticmethod
    def _read(session: Session, row: SubmissionRow) -> Submission:
        return submission_of(row)


def _draft(session: Session, submission_id: uuid.UUID) -> Submission:
    """The stored draft, read afresh; an error saying why when there is no draft to change."""
    return _editable(read_submission(session, str(submission_id)), submission_id)


def _editable(current: Submission | None, submission_id: uuid.UUID) -> Submission:
    if current is None:
        raise SubmissionNotFound(f"no submission {submission_id}")
    if current.status != SubmissionStatus.DRAFT:
        raise NotEditable(f"submission {submission_id} is complete: reopen it to change an answer")
    return current


def _check_stored(
    transaction: DriverTransaction,
    submission_id: str,
    form: CompiledForm,
    answers: Mapping[str, Any],
) -> None:
    """Refuse an answer naming a file that is not stored for this submission."""
    named = {q: answers[q] for q in form.attachment_questions if answers.get(q) is not None}
    if not named:
        return
    kept = stored_hashes(transaction, submission_id)
    for question_id, ref in references(named).items():
        if ref.sha256 not in kept:
            raise MissingAttachment(
                f"{ref.name}: the file for {question_id!r} was not stored with this submission; "
                "attach it again"
            )


def _as_stored(moment: datetime) -> datetime:
    """`moment` as the store gives it back: the same instant, in its own fixed offset."""
    return join_time(*split_time(moment))
