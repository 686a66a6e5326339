"""What a stored answer may look like for each question type, checked before it is saved.

Answers are JSON values so that they round-trip unchanged through SQLite, PostgreSQL and
the exchange files: yes/no and single choice as the answer's id, multiple choice as a
list of ids, numbers as numbers, times as "HH:MM", dates as "YYYY-MM-DD", date-times as ISO 8601
with the local offset, a geopoint as ODK's "lat lon altitude accuracy" (see geopoint.py),
a station as its registry id, an image or file as a reference to its stored bytes
(attachments.py), a repeat as a list of row objects.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from observer_app.formspec.attachments import answer_problem as attachment_answer_problem
from observer_app.formspec.compiled import CompiledForm
from observer_app.formspec.geopoint import GeopointError, parse_geopoint
from observer_app.formspec.models import (
    ACKNOWLEDGED,
    AcknowledgeQuestion,
    AnyQuestion,
    CalculateQuestion,
    DateQuestion,
    DateTimeQuestion,
    DecimalQuestion,
    FileQuestion,
    GeopointQuestion,
    ImageQuestion,
    IntegerQuestion,
    NoteQuestion,
    RepeatQuestion,
    SelectMultipleQuestion,
    SelectOneQuestion,
    StationQuestion,
    TextQuestion,
    TimeQuestion,
    YesNoQuestion,
)

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")


class AnswerTypeError(ValueError):
    """An answer of the wrong shape for its question: a bug or a forged file, never saved."""

    def __init__(self, question_id: str, reason: str) -> None:
        self.question_id = question_id
        self.reason = reason
        super().__init__(f"{question_id}: {reason}")


#: The whole numbers a stored document and a hand-in carry: a coordinator refuses a file
#: with any other (exchange.documents), and stored documents are read on that promise
#: (domain.json_reading).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _outside_64_bits(value: int) -> str | None:
    if INT64_MIN <= value <= INT64_MAX:
        return None
    return "a whole number too large to store (more than 64 bits)"


def check_answer(compiled: CompiledForm, question_id: str, value: Any) -> None:
    """Raise AnswerTypeError unless `value` (None clears it) has the shape its question takes.

    Shape only: a number out of range or a failed constraint is still saved (the observer
    may be mid-way), and reported when the form is completed.
    """
    question = compiled.questions.get(question_id)
    if question is None:
        if question_id in compiled.parent:
            # Its answers live in the rows of its repeat: given at the top level, it is in
            # no row, and nothing would ever read it (a count, an export) though it is kept.
            raise AnswerTypeError(
                question_id,
                f"a question of the rows of {compiled.parent[question_id]!r}, "
                "not of the form's top level",
            )
        raise AnswerTypeError(question_id, "no such question in this form")
    if value is None:
        return
    reason = _shape_problem(compiled, question, value)
    if reason is not None:
        raise AnswerTypeError(question_id, reason)


class AnswerChecks:
    """`check_answer` over the many answers of a merge, a value that passed remembered.

    A coordinator's merge checks the same answers again and again ("yes" to one question
    in thousands of submissions): each value of a question is checked once and then
    recognised. Only values that compare exactly, type included, are remembered (short
    text, whole numbers, truth values, lists of choices), at most `LIMIT` of them.
    """

    LIMIT = 50_000

    def __init__(self) -> None:
        self._passed: set[tuple[Any, ...]] = set()

    def check(self, compiled: CompiledForm, question_id: str, value: Any) -> None:
        """As check_answer: AnswerTypeError unless `value` fits its question."""
        key = _remembered_as(compiled, question_id, value)
        if key is not None and key in self._passed:
            return
        check_answer(compiled, question_id, value)
        if key is not None and len(self._passed) < self.LIMIT:
            self._passed.add(key)


def _remembered_as(compiled: CompiledForm, question_id: str, value: Any) -> tuple[Any, ...] | None:
    kind = type(value)
    if (kind is str and len(value) <= 64) or kind is int or kind is bool:
        return (compiled.fingerprint, question_id, kind, value)
    if kind is list and len(value) <= 32 and all(type(item) is str for item in value):
        return (compiled.fingerprint, question_id, kind, tuple(value))
    return None


def _shape_problem(compiled: CompiledForm, question: AnyQuestion, value: Any) -> str | None:
    if isinstance(question, NoteQuestion | CalculateQuestion):
        return f"a {question.type} takes no answer"
    if isinstance(question, YesNoQuestion | SelectOneQuestion):
        allowed = compiled.answer_values(question) or []
        if not isinstance(value, str) or value not in allowed:
            return f"{value!r} is not one of {', '.join(allowed)}"
        return None
    if isinstance(question, SelectMultipleQuestion):
        allowed = compiled.answer_values(question) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "expected a list of choices"
        unknown = [v for v in value if v not in allowed]
        if unknown:
            return f"{', '.join(map(repr, unknown))} not among {', '.join(allowed)}"
        if len(set(value)) != len(value):
            return "a choice is selected twice"
        return None
    if isinstance(question, IntegerQuestion):
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number, got {value!r}"
        return _outside_64_bits(value)
    if isinstance(question, DecimalQuestion):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            return f"expected a number, got {value!r}"
        return _outside_64_bits(value) if isinstance(value, int) else None
    if isinstance(question, TextQuestion | StationQuestion):
        if not isinstance(value, str):
            return f"expected text, got {value!r}"
        return None
    if isinstance(question, TimeQuestion):
        if not isinstance(value, str) or not _TIME.match(value):
            return f"expected a time as HH:MM, got {value!r}"
        return None
    if isinstance(question, DateQuestion):
        return _date_problem(value)
    if isinstance(question, AcknowledgeQuestion):
        return None if value == ACKNOWLEDGED else f"expected {ACKNOWLEDGED!r}, got {value!r}"
    if isinstance(question, DateTimeQuestion):
        return _datetime_problem(value)
    if isinstance(question, GeopointQuestion):
        return _geopoint_problem(value)
    if isinstance(question, ImageQuestion | FileQuestion):
        return attachment_answer_problem(question, value)
    return _rows_problem(compiled, question, value)


def _date_problem(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) != 10:
        return f"expected a date as YYYY-MM-DD, got {value!r}"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"expected a date as YYYY-MM-DD, got {value!r}"
    return None


def _geopoint_problem(value: Any) -> str | None:
    try:
        parse_geopoint(value)
    except GeopointError as error:
        return str(error)
    return None


def _datetime_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a date-time, got {value!r}"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return f"expected an ISO 8601 date-time, got {value!r}"
    if moment.utcoffset() is None:
        return f"a date-time needs its UTC offset, got {value!r}"
    return None


def _rows_problem(compiled: CompiledForm, question: RepeatQuestion, value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        return "expected a list of rows"
    fixed = compiled.fixed_rows(question)
    limit = len(fixed) if fixed is not None else question.max_rows
    if limit is not None and len(value) > limit:
        return f"{len(value)} rows, at most {limit} allowed"
    children = compiled.row_questions[question.id]
    for number, row in enumerate(value, start=1):
        for key, cell in row.items():
            if key not in children:
                return f"row {number}: no question {key!r} in this repeat"
            if cell is not None and (reason := _shape_problem(compiled, children[key], cell)):
                return f"row {number}, {key}: {reason}"
    return None


def initial_answers(compiled: CompiledForm, now: datetime) -> dict[str, Any]:
    """Answers a new form starts with: times marked `default: now` (the arrival time)."""
    answers: dict[str, Any] = {}
    for question in compiled.questions.values():
        if isinstance(question, TimeQuestion) and question.default == "now":
            answers[question.id] = now.strftime("%H:%M")
        elif isinstance(question, DateTimeQuestion) and question.default == "now":
            answers[question.id] = now.replace(second=0, microsecond=0).isoformat()
    return answers
