"""A stored submission read by a coordinator: every answer in words, or two versions side by side.

Answers are worded as the printed summary words them (choice labels, Yes / No / the form's
own "not observed"), in the coordinator's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from observer_app.domain.i18n import Language
from observer_app.formspec import CompiledForm, FormLibrary
from observer_app.formspec.attachments import AttachmentRef, caption, reference_problem, references
from observer_app.formspec.models import (
    NOT_OBSERVED,
    RepeatQuestion,
    SelectMultipleQuestion,
    SelectOneQuestion,
    YesNoQuestion,
)
from observer_app.reporting.phrases import answer_label
from observer_app.reporting.words import Words
from observer_app.store.attachments import attachment_contents
from observer_app.store.database import Database
from observer_app.store.records import read_submission


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """One question and its answer in words."""

    question_id: str
    label: str
    answer: str


@dataclass(frozen=True, slots=True)
class ComparedLine:
    """One question with both versions' answers, and whether they differ."""

    question_id: str
    label: str
    left: str
    right: str

    @property
    def differs(self) -> bool:
        return self.left != self.right


@dataclass(frozen=True, slots=True)
class AttachedFile:
    """A file answered to an image or file question, with its bytes when they are kept."""

    question_id: str
    label: str
    #: The observer's own name for the file, e.g. "IMG_0042.jpg".
    name: str
    caption: str
    media_type: str
    content: bytes | None


@dataclass(frozen=True, slots=True)
class RecordView:
    """One observation, read-only: a heading (who, where, when), every answer and its files."""

    submission_id: str
    heading: str
    lines: list[AnswerLine]
    files: list[AttachedFile] = field(default_factory=list)


def answer_text(form: CompiledForm | None, question_id: str, value: Any, words: Words) -> str:
    """An answer as a coordinator reads it: choice labels, "Yes"/"No", rows counted."""
    if value is None or value == "" or value == []:
        return ""
    question = form.questions.get(question_id) if form is not None else None
    if isinstance(question, YesNoQuestion):
        if value == NOT_OBSERVED and question.not_observed_label is not None:
            return words.text(question.not_observed_label)
        return answer_label(words, {}, value)
    if form is not None and isinstance(question, SelectOneQuestion | SelectMultipleQuestion):
        labels = {choice.value: choice.label for choice in form.choices(question)}
        return answer_label(words, labels, value)
    if isinstance(question, RepeatQuestion) and isinstance(value, list):
        rows = []
        for row in value:
            if isinstance(row, dict):
                rows.append("; ".join(f"{k}={v}" for k, v in row.items()))
        return " | ".join(rows)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict) and reference_problem(value) is None:
        return caption(AttachmentRef.from_answer(value))
    return str(value)


def question_label(form: CompiledForm | None, question_id: str, language: Language) -> str:
    question = form.questions.get(question_id) if form is not None else None
    label = getattr(question, "label", None)
    return label.get(language) if label is not None else question_id


def form_of(library: FormLibrary, record: Mapping[str, Any]) -> CompiledForm | None:
    key = (str(record.get("form_id")), int(record.get("form_version") or 0))
    return library.forms.get(key)


def _order(form: CompiledForm | None, ids: set[str]) -> list[str]:
    known = [q for q in form.questions if q in ids] if form is not None else []
    return known + sorted(ids - set(known))


def answer_lines(
    library: FormLibrary, record: Mapping[str, Any], language: Language
) -> list[AnswerLine]:
    """Every answer of a record, in the order of its form."""
    words = Words(language)
    form = form_of(library, record)
    answers: Mapping[str, Any] = record.get("answers") or {}
    return [
        AnswerLine(q, question_label(form, q, language), answer_text(form, q, answers[q], words))
        for q in _order(form, set(answers))
    ]


def compare_records(
    library: FormLibrary,
    left: Mapping[str, Any],
    right: Mapping[str, Any],
    language: Language,
) -> list[ComparedLine]:
    """Two versions of one submission side by side, answer by answer."""
    words = Words(language)
    form = form_of(library, left) or form_of(library, right)
    a: Mapping[str, Any] = left.get("answers") or {}
    b: Mapping[str, Any] = right.get("answers") or {}
    return [
        ComparedLine(
            q,
            question_label(form, q, language),
            answer_text(form, q, a.get(q), words),
            answer_text(form, q, b.get(q), words),
        )
        for q in _order(form, set(a) | set(b))
    ]


def read_record(database: Database, submission_id: str) -> dict[str, Any] | None:
    """A stored submission as a record document (its answers under "answers")."""
    with database.reading() as session:
        submission = read_submission(session, submission_id)
    return None if submission is None else submission.document()


def record_heading(record: Mapping[str, Any], form_title: str) -> str:
    """ "Voting · ALA-12 · Team 03 · Name · 2021-01-10 09:15" """
    place = record.get("station_id") or record.get("tec_id") or ""
    when = str(record.get("completed_at") or record.get("created_at") or "")[:16].replace("T", " ")
    parts = [
        form_title,
        str(place),
        str(record.get("team") or ""),
        str(record.get("observer") or ""),
    ]
    return " · ".join(part for part in [*parts, when] if part)


def record_view(
    database: Database, library: FormLibrary, submission_id: str, language: Language
) -> RecordView | None:
    """One stored submission, worded for reading; None when there is no such submission."""
    record = read_record(database, submission_id)
    if record is None:
        return None
    form = form_of(library, record)
    title = form.form.title.get(language) if form is not None else str(record.get("form_id"))
    return RecordView(
        submission_id,
        record_heading(record, title),
        answer_lines(library, record, language),
        attached_files(database, form, record, language),
    )


def attached_files(
    database: Database, form: CompiledForm | None, record: Mapping[str, Any], language: Language
) -> list[AttachedFile]:
    """The files a record's answers name, in the order of its form, with their bytes."""
    refs = references(record.get("answers") or {})
    if not refs:
        return []
    submission_id = str(record["id"])
    with database.reading() as session:
        contents = attachment_contents(session, submission_id, refs.values())
    return [
        AttachedFile(
            question_id,
            question_label(form, question_id, language),
            refs[question_id].name,
            caption(refs[question_id]),
            refs[question_id].media_type,
            contents.get(refs[question_id].sha256),
        )
        for question_id in _order(form, set(refs))
    ]
