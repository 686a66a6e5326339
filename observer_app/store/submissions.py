"""Submissions in the store: create, answer, complete, reopen; each call one short transaction.

This is the service the window and the command line both call. Every answer is checked
for shape against its form before it is written, and written in a transaction of its
own, so a killed process loses nothing whose save had returned.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from observer_app.domain.submission import (
    Submission,
    SubmissionStatus,
    canonical_json,
    content_hash,
    new_submission_id,
    now_local,
)
from observer_app.formspec import (
    CompiledForm,
    FormLibrary,
    Problem,
    check_answer,
    find_problems,
)
from observer_app.formspec.models import Place
from observer_app.store.database import Database
from observer_app.store.models import AnswerRow, RevisionRow, SubmissionRow
from observer_app.store.registry import get_station, get_tec


class SubmissionError(Exception):
    """Something asked of a submission that cannot be done; the message says why."""


class SubmissionNotFound(SubmissionError):
    pass


class NotEditable(SubmissionError):
    pass


class CompletionRefused(SubmissionError):
    """The form still has problems; `problems` lists each, in the order of the form."""

    def __init__(self, submission_id: uuid.UUID, problems: list[Problem]) -> None:
        self.problems = problems
        listed = "; ".join(problem.describe() for problem in problems)
        super().__init__(f"submission {submission_id} cannot be completed: {listed}")


@dataclass(frozen=True, slots=True)
class SubmissionSummary:
    """A row of "My submissions": everything but the answers."""

    id: uuid.UUID
    form_id: str
    form_version: int
    station_id: str | None
    tec_id: str | None
    region: str | None
    observer: str
    team: str
    status: SubmissionStatus
    revision: int
    created_at: datetime
    updated_at: datetime


def _split(moment: datetime) -> tuple[datetime, int]:
    """An aware time as (UTC instant, local offset in minutes)."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("times must carry their UTC offset")
    return moment.astimezone(UTC), int(offset.total_seconds() // 60)


def _join(utc: datetime, offset_minutes: int) -> datetime:
    return utc.astimezone(timezone(timedelta(minutes=offset_minutes)))


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
            return self._to_domain(self._row(session, submission_id))

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
            return [self._summary(row) for row in session.scalars(query)]

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

    # --- writing -------------------------------------------------------------------

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
        now_utc, offset = _split(self._clock())
        with self.database.transaction() as session:
            region, station_id, tec_id = self._place(session, form, station_id, tec_id)
            submission_id = new_submission_id()
            row = SubmissionRow(
                id=str(submission_id),
                form_id=form.id,
                form_version=form.version,
                station_id=station_id,
                tec_id=tec_id,
                region=region,
                observer=observer.strip(),
                team=team.strip(),
                status=SubmissionStatus.DRAFT.value,
                revision=1,
                created_at=now_utc,
                created_offset=offset,
                updated_at=now_utc,
                updated_offset=offset,
                content_hash="",
            )
            row.content_hash = self._hash(row, {})
            session.add(row)
            session.flush()
            return self._to_domain(row, answers={})

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
        """Write several answers at once, all or none."""
        saved_at = self._clock()
        now_utc, offset = _split(saved_at)
        with self.database.transaction() as session:
            row = self._row(session, submission_id)
            if row.status != SubmissionStatus.DRAFT.value:
                raise NotEditable(
                    f"submission {submission_id} is complete: reopen it to change an answer"
                )
            form = self.forms.get(row.form_id, row.form_version)
            for question_id, value in answers.items():
                check_answer(form, question_id, value)
            for question_id, value in answers.items():
                key = (row.id, question_id)
                answer = session.get(AnswerRow, key)
                if value is None:
                    if answer is not None:
                        session.delete(answer)
                elif answer is None:
                    session.add(
                        AnswerRow(
                            submission_id=row.id,
                            question_id=question_id,
                            value=value,
                            saved_at=now_utc,
                        )
                    )
                else:
                    answer.value = value
                    answer.saved_at = now_utc
            session.flush()
            row.updated_at = now_utc
            row.updated_offset = offset
            row.content_hash = self._hash(row, self._answers(session, row.id))
        return saved_at

    def complete(self, submission_id: uuid.UUID) -> Submission:
        """Mark complete, or raise CompletionRefused with every problem still in the form."""
        now_utc, offset = _split(self._clock())
        with self.database.transaction() as session:
            row = self._row(session, submission_id)
            if row.status == SubmissionStatus.COMPLETE.value:
                return self._to_domain(row)
            answers = self._answers(session, row.id)
            problems = find_problems(self.forms.get(row.form_id, row.form_version), answers)
            if problems:
                raise CompletionRefused(submission_id, problems)
            row.status = SubmissionStatus.COMPLETE.value
            row.completed_at = now_utc
            row.completed_offset = offset
            row.updated_at = now_utc
            row.updated_offset = offset
            row.content_hash = self._hash(row, answers)
            return self._to_domain(row, answers=answers)

    def reopen(self, submission_id: uuid.UUID) -> Submission:
        """Back to draft for a correction, as a new revision; the completed one is kept."""
        now_utc, offset = _split(self._clock())
        with self.database.transaction() as session:
            row = self._row(session, submission_id)
            if row.status != SubmissionStatus.COMPLETE.value:
                raise SubmissionError(f"submission {submission_id} is not complete")
            answers = self._answers(session, row.id)
            kept = self._to_domain(row, answers=answers)
            session.add(
                RevisionRow(
                    submission_id=row.id,
                    revision=row.revision,
                    content_hash=row.content_hash,
                    snapshot=canonical_json(_snapshot(kept)).decode("utf-8"),
                    recorded_at=now_utc,
                )
            )
            row.status = SubmissionStatus.DRAFT.value
            row.revision += 1
            row.completed_at = None
            row.completed_offset = None
            row.updated_at = now_utc
            row.updated_offset = offset
            row.content_hash = self._hash(row, answers)
            return self._to_domain(row, answers=answers)

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
    def _answers(session: Session, row_id: str) -> dict[str, Any]:
        rows = session.execute(
            select(AnswerRow.question_id, AnswerRow.value).where(AnswerRow.submission_id == row_id)
        )
        return {question_id: value for question_id, value in rows}

    @staticmethod
    def _hash(row: SubmissionRow, answers: Mapping[str, Any]) -> str:
        return content_hash(
            submission_id=uuid.UUID(row.id),
            form_id=row.form_id,
            form_version=row.form_version,
            station_id=row.station_id,
            tec_id=row.tec_id,
            observer=row.observer,
            team=row.team,
            status=SubmissionStatus(row.status),
            revision=row.revision,
            answers=answers,
        )

    def _to_domain(
        self, row: SubmissionRow, answers: Mapping[str, Any] | None = None
    ) -> Submission:
        if answers is None:
            answers = {answer.question_id: answer.value for answer in row.answers}
        return Submission(
            id=uuid.UUID(row.id),
            form_id=row.form_id,
            form_version=row.form_version,
            observer=row.observer,
            team=row.team,
            status=SubmissionStatus(row.status),
            revision=row.revision,
            created_at=_join(row.created_at, row.created_offset),
            updated_at=_join(row.updated_at, row.updated_offset),
            content_hash=row.content_hash,
            station_id=row.station_id,
            tec_id=row.tec_id,
            region=row.region,
            completed_at=(
                _join(row.completed_at, row.completed_offset or 0) if row.completed_at else None
            ),
            answers=dict(answers),
        )

    @staticmethod
    def _summary(row: SubmissionRow) -> SubmissionSummary:
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
            created_at=_join(row.created_at, row.created_offset),
            updated_at=_join(row.updated_at, row.updated_offset),
        )


def _snapshot(submission: Submission) -> dict[str, Any]:
    """A submission as JSON-ready data, times in ISO 8601 with their offsets."""
    data = asdict(submission)
    data["id"] = str(submission.id)
    data["status"] = str(submission.status)
    data["answers"] = dict(submission.answers)
    for key in ("created_at", "updated_at", "completed_at"):
        if data[key] is not None:
            data[key] = data[key].isoformat()
    return data
