"""Completed observations written straight into a database, for tests and the benchmark.

The store's own service checks every answer and completion; here rows are inserted as a
coordinator's database holds them after a merge, so a test can say exactly which
answers exist (including ones a form's logic skips) and a benchmark can write 100,000.
"""

from __future__ import annotations

import random
import shutil
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from observer_app.domain.bundled import forms_dir, registry_dir
from observer_app.domain.registry import Registry, read_registry
from observer_app.domain.submission import Submission, SubmissionStatus, given_answers
from observer_app.formspec import CompiledForm, FormLibrary, evaluate_form, load_forms
from observer_app.formspec.models import (
    NOT_OBSERVED,
    AnyQuestion,
    DateTimeQuestion,
    DecimalQuestion,
    IntegerQuestion,
    RepeatQuestion,
    SelectMultipleQuestion,
    SelectOneQuestion,
    TextQuestion,
    TimeQuestion,
    YesNoQuestion,
)
from observer_app.store.database import Database, open_database
from observer_app.store.models import SubmissionRow
from observer_app.store.records import row_values
from observer_app.store.registry import replace_registry

ALMATY = timezone(timedelta(hours=6))
ELECTION_DAY = datetime(2021, 1, 10, 8, 0, tzinfo=ALMATY)

_registry: Registry | None = None
_library: FormLibrary | None = None


def builtin_registry() -> Registry:
    global _registry
    if _registry is None:
        _registry = read_registry(registry_dir())
    return _registry


def builtin_forms() -> FormLibrary:
    global _library
    if _library is None:
        _library = load_forms(forms_dir())
    return _library


def template_database(folder: Path) -> Path:
    """An empty database with the built-in registry loaded, made once and then copied."""
    path = folder / "template.sqlite3"
    if not path.exists():
        database = open_database(f"sqlite:///{path}")
        with database.transaction() as session:
            replace_registry(session, builtin_registry())
        database.close()
    return path


def copy_of(template: Path, target: Path) -> Database:
    shutil.copy(template, target)
    return open_database(f"sqlite:///{target}")


class Dataset:
    """Adds complete submissions to a database, one call per observation."""

    def __init__(self, database: Database, registry: Registry | None = None) -> None:
        self.database = database
        self.registry = registry or builtin_registry()
        self._serial = 0

    def row(
        self,
        form_id: str,
        answers: Mapping[str, Any],
        *,
        station: str | None = None,
        tec: str | None = None,
        observer: str = "Observer",
        team: str = "Team 1",
        started: datetime | None = None,
        status: str = "complete",
        version: int = 1,
    ) -> dict[str, Any]:
        """The submissions row of one observation, not yet written; its verdicts are left
        for the summary to work out (store.verdicts), as after a change of forms."""
        self._serial += 1
        started = started or ELECTION_DAY + timedelta(minutes=self._serial)
        region = None
        if station is not None:
            found = self.registry.station(station)
            region, tec = found.region, found.tec
        elif tec is not None:
            region = self.registry.tec(tec).region
        completed = started + timedelta(minutes=20)
        submission = Submission(
            id=uuid.uuid4(),
            form_id=form_id,
            form_version=version,
            station_id=station,
            tec_id=tec,
            region=region,
            observer=observer,
            team=team,
            status=SubmissionStatus(status),
            revision=1,
            created_at=started,
            updated_at=completed,
            completed_at=completed if status == "complete" else None,
            content_hash="",
            answers=given_answers(answers),
        ).with_content_hash()
        return row_values(submission)

    def add(self, form_id: str, answers: Mapping[str, Any], **place: Any) -> str:
        """Write one observation; returns its id."""
        submission = self.row(form_id, answers, **place)
        self.write([submission])
        return str(submission["id"])

    def write(self, submissions: list[dict[str, Any]]) -> None:
        with self.database.transaction() as session:
            session.execute(insert(SubmissionRow), submissions)


def plausible_answers(
    compiled: CompiledForm, rng: random.Random, concern_rate: float = 0.12
) -> dict[str, Any]:
    """A filled form as an observer might hand it in: every question answered at random
    (concern answers at about `concern_rate`), then the answers its logic skips removed."""
    answers: dict[str, Any] = {}
    for question_id, question in compiled.questions.items():
        value = _plausible(compiled, question, rng, concern_rate)
        if value is not None:
            answers[question_id] = value
    state = evaluate_form(compiled, answers)
    return {key: value for key, value in answers.items() if key in state.relevant}


_TEXT = (
    "Наблюдатели стояли далеко от стола, урна для голосования не была опечатана. "
    "Сайлау жәшігі мөрленбеген, бөгде адамдар болды. The chairperson asked us to leave; "
    "police officers were standing at the entrance and checked documents."
)
_WORDS = _TEXT.split(" ")


def _plausible(
    compiled: CompiledForm, question: AnyQuestion, rng: random.Random, concern_rate: float
) -> Any:
    if isinstance(question, YesNoQuestion | SelectOneQuestion | SelectMultipleQuestion):
        values = [v for v in compiled.answer_values(question) or [] if v != NOT_OBSERVED]
        concern = [v for v in values if v in question.concern]
        fine = [v for v in values if v not in question.concern] or values
        if isinstance(question, YesNoQuestion) and question.not_observed and rng.random() < 0.05:
            return NOT_OBSERVED
        if rng.random() < 0.03 and not question.required:
            return None
        pick = rng.choice(concern) if concern and rng.random() < concern_rate else rng.choice(fine)
        if isinstance(question, SelectMultipleQuestion):
            return sorted({pick, rng.choice(values)})
        return pick
    if isinstance(question, IntegerQuestion):
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else 3000
        return rng.randint(low, min(high, low + 2500))
    if isinstance(question, DecimalQuestion):
        return round(rng.uniform(question.min or 0, question.max or 100), 1)
    if isinstance(question, TimeQuestion):
        return f"{rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}"
    if isinstance(question, DateTimeQuestion):
        moment = ELECTION_DAY + timedelta(minutes=rng.randint(0, 14 * 60))
        return moment.isoformat()
    if isinstance(question, TextQuestion):
        if not question.required and rng.random() < 0.7:
            return None
        return " ".join(rng.choices(_WORDS, k=rng.randint(5, 40)))[: question.max_length]
    if isinstance(question, RepeatQuestion):
        children = compiled.row_questions[question.id].values()
        return [
            {
                child.id: value
                for child in children
                if (value := _plausible(compiled, child, rng, concern_rate)) is not None
            }
            for _ in compiled.fixed_rows(question) or [None]
        ]
    return None
