"""What the summary counts for each form: its concern items and annex entries, across versions.

A form id may have several versions in a mission; their observations are counted
together, question by question id, under the texts of the newest version (a question
that only an older version asks keeps its own texts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from observer_app.formspec import CompiledForm, FormLibrary, Text
from observer_app.formspec.models import (
    NOT_OBSERVED,
    AcknowledgeQuestion,
    AnyQuestion,
    CalculateQuestion,
    Composite,
    DateQuestion,
    DateTimeQuestion,
    DecimalQuestion,
    GeopointQuestion,
    IntegerQuestion,
    Place,
    RepeatQuestion,
    Role,
    SelectMultipleQuestion,
    SelectOneQuestion,
    Sentence,
    StatementBase,
    StationQuestion,
    TextQuestion,
    TimeQuestion,
    YesNoQuestion,
)

#: The question of an incident form whose answer sorts incidents ("category" by convention).
CATEGORY_QUESTION = "category"


class ItemKind(StrEnum):
    QUESTION = "question"
    CHECK = "check"
    #: A form's composite: several of its concern questions counted as one finding.
    COMPOSITE = "composite"
    #: The questions of a form sharing a tag (`access`), gathered across forms by the
    #: summary; counted like a composite, not printed as a finding of its own.
    TAG = "tag"


#: The tag of the questions whose concern restricts the observers' access.
ACCESS_TAG = "access"

#: How the summary names a tag's gathered finding; another tag is named by its id.
TAG_FINDINGS = {
    ACCESS_TAG: Text(
        en="Observers' access restricted",
        ru="Доступ наблюдателей ограничен",
        kk="Байқаушылардың қол жеткізуі шектелді",
    ),
}


@dataclass(frozen=True, slots=True)
class Item:
    """A concern the summary counts as X of Y: a question with concern answers, or a check."""

    form_id: str
    id: str
    kind: ItemKind
    finding: Text
    #: The question as asked (for a check: its finding).
    label: Text
    concern: frozenset[str] = frozenset()
    #: Labels of the question's answers, to print what each observer answered.
    answer_labels: dict[str, Text] = field(default_factory=dict)
    #: How a statement words it (None: a check, or a form written before sentences).
    sentence: Sentence | None = None
    #: The form section it is asked in, for the statement's order (None for a check).
    section: Text | None = None
    #: A composite's or a tag's questions: its outcome is the first of theirs in
    #: Outcome's order (a concern, else an answer, else not observed, ...).
    members: tuple[str, ...] = ()


class EntryKind(StrEnum):
    """How the annex shows a question's answers."""

    CHOICE = "choice"  # yes/no and single choice: count per answer
    MULTIPLE = "multiple"  # multiple choice: count per choice, several per observation
    NUMBER = "number"  # integer, decimal, numeric calculation: n, min, median, max
    TIME = "time"  # time and date-time: earliest and latest
    TEXT = "text"  # text and station: how many answered


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the annex: a question, or one question of one fixed row of a repeat."""

    key: str
    question_id: str
    kind: EntryKind
    label: Text
    section: Text
    answer_labels: dict[str, Text] = field(default_factory=dict)
    #: For a row question: its repeat and the fixed row (a choice value) it is read from.
    repeat: str | None = None
    row: int | None = None
    row_label: Text | None = None


def _answer_labels(compiled: CompiledForm, question: AnyQuestion) -> dict[str, Text]:
    if isinstance(question, YesNoQuestion):
        # "Yes", "No" and "Not observed" are the report's own words; only a form's own
        # label for the third answer ("Don't know") comes from the form.
        label = question.not_observed_label
        return {NOT_OBSERVED: label} if label is not None else {}
    if isinstance(question, SelectOneQuestion | SelectMultipleQuestion):
        return {choice.value: choice.label for choice in compiled.choices(question)}
    return {}


def _entry_kind(question: AnyQuestion) -> EntryKind | None:
    if isinstance(question, YesNoQuestion | SelectOneQuestion):
        return EntryKind.CHOICE
    if isinstance(question, SelectMultipleQuestion):
        return EntryKind.MULTIPLE
    if isinstance(question, IntegerQuestion | DecimalQuestion | CalculateQuestion):
        return EntryKind.NUMBER
    if isinstance(question, TimeQuestion | DateQuestion | DateTimeQuestion):
        return EntryKind.TIME
    if isinstance(
        question, TextQuestion | StationQuestion | AcknowledgeQuestion | GeopointQuestion
    ):
        return EntryKind.TEXT
    return None  # notes take no answer; repeats are read row by row


def _label(question: AnyQuestion) -> Text:
    label = getattr(question, "label", None)
    return (
        label if isinstance(label, Text) else Text(en=question.id, ru=question.id, kk=question.id)
    )


def _entries(compiled: CompiledForm) -> Iterable[Entry]:
    for question_id, question in compiled.questions.items():
        section = compiled.section_of[question_id].title
        if isinstance(question, RepeatQuestion):
            rows = compiled.fixed_rows(question)
            if rows is None:
                continue  # free rows have no common line to count on
            for index, row in enumerate(rows):
                for child_id, child in compiled.row_questions[question_id].items():
                    kind = _entry_kind(child)
                    if kind is None:
                        continue
                    yield Entry(
                        key=f"{question_id}[{row.value}].{child_id}",
                        question_id=child_id,
                        kind=kind,
                        label=_label(child),
                        section=section,
                        answer_labels=_answer_labels(compiled, child),
                        repeat=question_id,
                        row=index,
                        row_label=row.label,
                    )
            continue
        kind = _entry_kind(question)
        if kind is not None and not (
            isinstance(question, CalculateQuestion) and question.label is None
        ):
            yield Entry(
                key=question_id,
                question_id=question_id,
                kind=kind,
                label=_label(question),
                section=section,
                answer_labels=_answer_labels(compiled, question),
            )


def _items(compiled: CompiledForm) -> Iterable[Item]:
    """Concern questions in the form's order, each composite just before its first member
    (it leads the questions it gathers), then checks, then one item per tag."""
    composites: dict[str, list[Composite]] = {}
    for composite in compiled.form.composites:
        composites.setdefault(composite.members[0], []).append(composite)
    tags: dict[str, list[str]] = {}
    for question in compiled.questions.values():
        for composite in composites.get(question.id, ()):
            yield Item(
                form_id=compiled.id,
                id=composite.id,
                kind=ItemKind.COMPOSITE,
                finding=composite.finding,
                label=composite.finding,
                sentence=composite.sentence,
                section=compiled.section_of[question.id].title,
                members=tuple(composite.members),
            )
        if isinstance(question, YesNoQuestion | SelectOneQuestion | SelectMultipleQuestion) and (
            question.concern and question.finding is not None
        ):
            for tag in question.tags:
                tags.setdefault(tag, []).append(question.id)
            yield Item(
                form_id=compiled.id,
                id=question.id,
                kind=ItemKind.QUESTION,
                finding=question.finding,
                label=question.label,
                concern=frozenset(question.concern),
                answer_labels=_answer_labels(compiled, question),
                sentence=question.sentence,
                section=compiled.section_of[question.id].title,
            )
    for check in compiled.form.checks:
        yield Item(
            form_id=compiled.id,
            id=check.id,
            kind=ItemKind.CHECK,
            finding=check.finding,
            label=check.finding,
        )
    for tag, members in tags.items():
        finding = TAG_FINDINGS.get(tag, Text(en=tag, ru=tag, kk=tag))
        yield Item(
            form_id=compiled.id,
            id=tag,
            kind=ItemKind.TAG,
            finding=finding,
            label=finding,
            members=tuple(members),
        )


def _role(compiled: CompiledForm, role: Role) -> str | None:
    question = compiled.by_role(role)
    return question.id if question is not None else None


@dataclass
class FormLayout:
    """The concern items and annex entries of one form id, over all its versions."""

    latest: CompiledForm
    items: list[Item]
    entries: list[Entry]

    @property
    def form_id(self) -> str:
        return self.latest.id

    @property
    def title(self) -> Text:
        return self.latest.form.title

    @property
    def base(self) -> StatementBase | None:
        """What the form's findings count, as its sentences name it."""
        return self.latest.form.base

    @property
    def place(self) -> Place:
        return self.latest.form.place

    @cached_property
    def assessment(self) -> str | None:
        return _role(self.latest, Role.OVERALL_ASSESSMENT)

    @cached_property
    def narrative(self) -> str | None:
        return _role(self.latest, Role.NARRATIVE)

    @cached_property
    def event_time(self) -> str | None:
        return _role(self.latest, Role.EVENT_TIME)

    @cached_property
    def category(self) -> str | None:
        question = self.latest.questions.get(CATEGORY_QUESTION)
        return CATEGORY_QUESTION if isinstance(question, SelectOneQuestion) else None

    @cached_property
    def category_labels(self) -> dict[str, Text]:
        question = self.latest.questions.get(CATEGORY_QUESTION)
        if not isinstance(question, SelectOneQuestion):
            return {}
        return {choice.value: choice.label for choice in self.latest.choices(question)}

    @cached_property
    def is_incident(self) -> bool:
        """Forms that record an event at a time of its own (incidents), not a visit."""
        return self.event_time is not None

    def item_index(self) -> dict[tuple[ItemKind, str], int]:
        return {(item.kind, item.id): index for index, item in enumerate(self.items)}

    def entry_index(self) -> dict[str, int]:
        return {entry.key: index for index, entry in enumerate(self.entries)}


def form_layouts(library: FormLibrary) -> dict[str, FormLayout]:
    """One layout per form id: the newest version's items first, then older versions' own."""
    versions: dict[str, list[CompiledForm]] = {}
    for compiled in library:
        versions.setdefault(compiled.id, []).append(compiled)
    layouts: dict[str, FormLayout] = {}
    for form_id, forms in sorted(versions.items()):
        forms.sort(key=lambda f: f.version, reverse=True)
        items: dict[tuple[ItemKind, str], Item] = {}
        entries: dict[str, Entry] = {}
        for compiled in forms:
            for item in _items(compiled):
                items.setdefault((item.kind, item.id), item)
            for entry in _entries(compiled):
                entries.setdefault(entry.key, entry)
        layouts[form_id] = FormLayout(forms[0], list(items.values()), list(entries.values()))
    return layouts
