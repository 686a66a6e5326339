"""A form's answers as the tree ODK's paths walk: `/data/question`, `/data/rows[2]/votes`.

XLSForm turns a form into an XML document: one element per question under the form's
top element, and one element per row of a repeat, named after the repeat, holding that
row's questions. Paths (`../name`, `current()/..`, `position(..)`) and `indexed-repeat()`
are read from this view of an evaluation's state; the election-day forms, which only
use `${name}`, never build it. A section may be named in a path (as an XLSForm group
is) or left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, Protocol, cast

from observer_app.formspec.compiled import CompiledForm
from observer_app.formspec.expression_context import DocumentNode
from observer_app.formspec.expression_values import Value, to_string
from observer_app.formspec.models import SelectMultipleQuestion, SelectOneQuestion
from observer_app.formspec.text import LANGUAGES, Language

ROOT: Final = ("root",)


class _Row(Protocol):
    values: dict[str, Value]


def _handle(node: DocumentNode) -> tuple[Any, ...]:
    """This document's nodes are tuples: ('root',), ('section', id), ('q', id),
    ('row', repeat, index) and ('rq', repeat, index, id)."""
    return cast(tuple[Any, ...], node)


def section_node(section_id: str) -> DocumentNode:
    return ("section", section_id)


def question_node(question_id: str) -> DocumentNode:
    return ("q", question_id)


def row_question_node(repeat_id: str, row: int, question_id: str) -> DocumentNode:
    return ("rq", repeat_id, row, question_id)


class FormDocument:
    """The Document of one evaluation: it reads the state as it is being computed."""

    __slots__ = ("_compiled", "_rows", "_values")

    def __init__(
        self,
        compiled: CompiledForm,
        values: Mapping[str, Value],
        rows: Mapping[str, Sequence[_Row]],
    ) -> None:
        self._compiled = compiled
        self._values = values
        self._rows = rows

    def root(self) -> DocumentNode:
        return ROOT

    def _rows_of(self, repeat_id: str) -> list[DocumentNode]:
        return [("row", repeat_id, index) for index in range(len(self._rows.get(repeat_id, ())))]

    def _top(self, name: str) -> list[DocumentNode]:
        compiled = self._compiled
        if name in compiled.row_questions:
            return self._rows_of(name)
        if name in compiled.questions:
            return [("q", name)]
        return []

    def children(self, node: DocumentNode, name: str) -> Sequence[DocumentNode]:
        h = _handle(node)
        kind = h[0]
        compiled = self._compiled
        if kind == "root":
            if any(section.id == name for section in compiled.form.sections):
                return [("section", name)]
            return self._top(name)
        if kind == "section":
            section = compiled.section_of.get(name)
            return self._top(name) if section is not None and section.id == h[1] else []
        if kind == "row":
            _, repeat_id, index = h
            if name in compiled.row_questions.get(repeat_id, {}):
                return [("rq", repeat_id, index, name)]
        return []

    def parent(self, node: DocumentNode) -> DocumentNode | None:
        h = _handle(node)
        kind = h[0]
        if kind == "root":
            return None
        if kind == "rq":
            return ("row", h[1], h[2])
        return ROOT

    def value(self, node: DocumentNode) -> Value:
        h = _handle(node)
        kind = h[0]
        if kind == "q":
            return self._values.get(h[1], "")
        if kind == "rq":
            row = self._row(h[1], h[2])
            return row.values.get(h[3], "") if row is not None else ""
        if kind == "row":
            row = self._row(h[1], h[2])
            return "".join(to_string(v) for v in row.values.values()) if row is not None else ""
        return ""

    def _row(self, repeat_id: str, index: int) -> _Row | None:
        rows = self._rows.get(repeat_id, ())
        return rows[index] if 0 <= index < len(rows) else None

    def position(self, node: DocumentNode) -> int:
        h = _handle(node)
        return h[2] + 1 if h[0] == "row" else 1

    def named(self, name: str, context: DocumentNode | None) -> Sequence[DocumentNode]:
        compiled = self._compiled
        repeat_id = compiled.parent.get(name)
        if repeat_id is None:
            return self._top(name)
        h = _handle(context) if context is not None else ("root",)
        if h[0] in ("row", "rq") and h[1] == repeat_id:
            return [("rq", repeat_id, h[2], name)]
        return [
            ("rq", repeat_id, index, name) for index in range(len(self._rows.get(repeat_id, ())))
        ]


def choice_labels(compiled: CompiledForm, language: str) -> Callable[[str, str], str | None]:
    """jr:choice-name()'s look-up: the label of a question's choice in `language`
    (English when the form has no such language)."""
    shown: Language = language if language in LANGUAGES else "en"

    def label(question_id: str, value: str) -> str | None:
        try:
            question = compiled.question(question_id)
        except KeyError:
            return None
        if not isinstance(question, SelectOneQuestion | SelectMultipleQuestion):
            return None
        for choice in compiled.choices(question):
            if choice.value == value:
                return choice.label.get(shown)
        return None

    return label
