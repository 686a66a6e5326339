"""Plain rows the coordinator's tables show, made from merge reports, summaries and records.

Pure functions and dataclasses, no Qt: the window's item models only adapt these lists,
and the rules (which observations are behind a finding, which answers differ) are tested
without a window.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from observer_app.analysis.filters import Filters
from observer_app.analysis.layout import ItemKind, form_layouts
from observer_app.analysis.observations import stream_observations
from observer_app.analysis.reading import Outcome as Reading
from observer_app.analysis.reading import Plan, observed_at, read_observation
from observer_app.analysis.summary import Summary
from observer_app.domain.i18n import Language
from observer_app.exchange.merge import FileResult
from observer_app.exchange.records import answers_of, document_from_row
from observer_app.exchange.rules import Outcome
from observer_app.formspec import CompiledForm, FormLibrary
from observer_app.formspec.models import (
    NOT_OBSERVED,
    RepeatQuestion,
    SelectMultipleQuestion,
    SelectOneQuestion,
    YesNoQuestion,
)
from observer_app.store.database import Database
from observer_app.store.models import SubmissionRow


@dataclass(frozen=True, slots=True)
class ImportLine:
    """What became of one file handed in."""

    name: str
    path: str
    imported: int
    duplicate: int
    updated: int
    stale: int
    conflict: int
    #: Why the file was refused, in words; None when it was merged.
    reason: str | None

    @property
    def rejected(self) -> bool:
        return self.reason is not None


def import_line(result: FileResult) -> ImportLine:
    counts = result.counts
    return ImportLine(
        name=result.path.name,
        path=str(result.path),
        imported=counts[Outcome.IMPORTED],
        duplicate=counts[Outcome.DUPLICATE],
        updated=counts[Outcome.UPDATED],
        stale=counts[Outcome.STALE],
        conflict=counts[Outcome.CONFLICT],
        reason=result.reason,
    )


def percent(x: int, y: int) -> int | None:
    """X of Y as a whole percentage, rounded half up; None when Y is zero."""
    return None if y == 0 else int(100 * x / y + 0.5)


def x_of_y(x: int, y: int, of: str) -> str:
    """ "12 of 40 (30%)", with the word "of" in the current language."""
    share = percent(x, y)
    return f"{x} {of} {y}" + ("" if share is None else f" ({share}%)")


@dataclass(frozen=True, slots=True)
class FindingLine:
    """One concern of one form, counted as X of Y."""

    form_id: str
    form_title: str
    kind: ItemKind
    item_id: str
    finding: str
    concern: int
    answered: int

    @property
    def percent(self) -> int | None:
        return percent(self.concern, self.answered)


def finding_lines(summary: Summary, language: Language) -> list[FindingLine]:
    """Every concern, grouped by form in the order of the day, most prevalent first."""
    from observer_app.analysis.tally import by_prevalence

    lines: list[FindingLine] = []
    for form in summary.forms:
        title = form.layout.title.get(language)
        for count in by_prevalence(form.counts):
            lines.append(
                FindingLine(
                    form_id=form.layout.form_id,
                    form_title=title,
                    kind=count.item.kind,
                    item_id=count.item.id,
                    finding=count.item.finding.get(language),
                    concern=count.concern,
                    answered=count.answered,
                )
            )
    return lines


@dataclass(frozen=True, slots=True)
class RegionLine:
    """One region's coverage: observations, and polling stations observed of all."""

    code: str
    name: str
    observations: int
    stations_observed: int
    stations_total: int


def region_lines(summary: Summary, language: Language) -> list[RegionLine]:
    return [
        RegionLine(
            code=line.code,
            name=line.region.name(language) if line.region is not None else line.code,
            observations=line.observations,
            stations_observed=line.stations_observed,
            stations_total=line.stations_total,
        )
        for line in summary.coverage.by_region
    ]


@dataclass(frozen=True, slots=True)
class IncidentLine:
    """One incident as the observer reported it."""

    submission_id: str
    time: datetime
    place: str
    region: str
    team: str
    category: str
    words: str


def incident_lines(summary: Summary, language: Language) -> list[IncidentLine]:
    return [
        IncidentLine(
            submission_id=incident.ref.id,
            time=incident.ref.observed_at,
            place=incident.ref.place or "",
            region=incident.ref.region or "",
            team=incident.ref.team,
            category=(
                incident.category_label.get(language)
                if incident.category_label is not None
                else incident.category or ""
            ),
            words=incident.words or "",
        )
        for incident in summary.incidents
    ]


@dataclass(frozen=True, slots=True)
class ObservationLine:
    """One observation behind a finding: who, where, when."""

    submission_id: str
    form_id: str
    place: str
    region: str
    team: str
    observer: str
    observed_at: datetime


def observations_behind(
    database: Database,
    library: FormLibrary,
    filters: Filters,
    form_id: str,
    kind: str,
    item_id: str,
) -> list[ObservationLine]:
    """The observations that count in X for one finding, under the same filters as the summary.

    Read by the summary's own rules (analysis.reading), so their number is the X shown.
    """
    layouts = form_layouts(library)
    layout = layouts[form_id]
    position = layout.item_index()[(ItemKind(kind), item_id)]
    narrowed = Filters(
        regions=filters.regions,
        forms=(form_id,),
        teams=filters.teams,
        since=filters.since,
        until=filters.until,
    )
    if filters.forms and form_id not in filters.forms:
        return []
    plans: dict[tuple[str, int], Plan] = {}
    found: list[ObservationLine] = []
    with database.engine.connect() as connection:
        for observation in stream_observations(connection, narrowed):
            key = (observation.form_id, observation.form_version)
            if key not in library.forms:
                continue
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = Plan(layout, library.forms[key])
            when = observed_at(observation, plan.event_time, observation.answers)
            if not narrowed.admits_time(when):
                continue
            reading = read_observation(plan, observation, when)
            if reading.codes[position] == Reading.CONCERN:
                found.append(
                    ObservationLine(
                        submission_id=observation.id,
                        form_id=observation.form_id,
                        place=observation.place or "",
                        region=observation.region or "",
                        team=observation.team,
                        observer=observation.observer,
                        observed_at=when,
                    )
                )
    found.sort(key=lambda line: (line.observed_at, line.submission_id))
    return found


def read_record(database: Database, submission_id: str) -> dict[str, Any] | None:
    """A stored submission as a record document (its answers under "answers")."""
    with database.reading() as session:
        row = session.scalars(
            select(SubmissionRow).where(SubmissionRow.id == submission_id)
        ).first()
        if row is None:
            return None
        return document_from_row(row, answers_of(session, [submission_id])[submission_id])


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


def answer_text(
    form: CompiledForm | None,
    question_id: str,
    value: Any,
    language: Language,
    words: Mapping[str, str],
) -> str:
    """An answer as a coordinator reads it: choice labels, "Yes"/"No", rows counted."""
    if value is None or value == "" or value == []:
        return ""
    question = form.questions.get(question_id) if form is not None else None
    if isinstance(question, YesNoQuestion):
        if value == NOT_OBSERVED and question.not_observed_label is not None:
            return question.not_observed_label.get(language)
        return words.get(str(value), str(value))
    if isinstance(question, SelectOneQuestion | SelectMultipleQuestion):
        labels = {choice.value: choice.label.get(language) for choice in form.choices(question)}  # type: ignore[union-attr]
        if isinstance(value, list):
            return ", ".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(str(value), str(value))
    if isinstance(question, RepeatQuestion) and isinstance(value, list):
        rows = []
        for row in value:
            if isinstance(row, dict):
                rows.append("; ".join(f"{k}={v}" for k, v in row.items()))
        return " | ".join(rows)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def question_label(form: CompiledForm | None, question_id: str, language: Language) -> str:
    question = form.questions.get(question_id) if form is not None else None
    label = getattr(question, "label", None)
    return label.get(language) if label is not None else question_id


def _form_of(library: FormLibrary, record: Mapping[str, Any]) -> CompiledForm | None:
    key = (str(record.get("form_id")), int(record.get("form_version") or 0))
    return library.forms.get(key)


def _order(form: CompiledForm | None, ids: set[str]) -> list[str]:
    known = [q for q in form.questions if q in ids] if form is not None else []
    return known + sorted(ids - set(known))


def answer_lines(
    library: FormLibrary, record: Mapping[str, Any], language: Language, words: Mapping[str, str]
) -> list[AnswerLine]:
    """Every answer of a record, in the order of its form."""
    form = _form_of(library, record)
    answers: Mapping[str, Any] = record.get("answers") or {}
    return [
        AnswerLine(
            q,
            question_label(form, q, language),
            answer_text(form, q, answers[q], language, words),
        )
        for q in _order(form, set(answers))
    ]


def compare_records(
    library: FormLibrary,
    left: Mapping[str, Any],
    right: Mapping[str, Any],
    language: Language,
    words: Mapping[str, str],
) -> list[ComparedLine]:
    """Two versions of one submission side by side, answer by answer."""
    form = _form_of(library, left) or _form_of(library, right)
    a: Mapping[str, Any] = left.get("answers") or {}
    b: Mapping[str, Any] = right.get("answers") or {}
    return [
        ComparedLine(
            q,
            question_label(form, q, language),
            answer_text(form, q, a.get(q), language, words),
            answer_text(form, q, b.get(q), language, words),
        )
        for q in _order(form, set(a) | set(b))
    ]
