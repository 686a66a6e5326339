"""What an expression may read besides `${name}`: the form as a tree, the clock, the language.

`${name}` is answered by a resolver, which is all the forms of the election day need.
ODK's fuller XPath (`/data/rows[2]/votes`, `../name`, `current()`, `position(..)`,
`indexed-repeat()`) walks the form's answers as a tree, which the form evaluation gives
as a `Document`; `today()` and `now()` read the `Context`'s clock, so that a test or a
replay of old answers can fix the day; `jr:choice-name()` and `format-date()`'s month
names read its language.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Protocol

from observer_app.formspec.expression_values import Value

#: A node of a Document: any hashable handle the document understands.
DocumentNode = Hashable


class Document(Protocol):
    """A form's answers as an XML-like tree, for paths: one element per question, and one
    element per row of a repeat, named after the repeat."""

    def root(self) -> DocumentNode:
        """The form's top element (`/data`)."""
        ...

    def children(self, node: DocumentNode, name: str) -> Sequence[DocumentNode]:
        """The child elements of `node` called `name`, in order (a repeat's rows)."""
        ...

    def parent(self, node: DocumentNode) -> DocumentNode | None: ...

    def value(self, node: DocumentNode) -> Value:
        """What the element holds, as an expression reads it ('' when unanswered)."""
        ...

    def position(self, node: DocumentNode) -> int:
        """1-based place of `node` among its siblings of the same name (a row's number)."""
        ...

    def named(self, name: str, context: DocumentNode | None) -> Sequence[DocumentNode]:
        """The elements `${name}` stands for, seen from `context`: the same row's question
        inside a repeat, else every row's."""
        ...


def system_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Context:
    """How to evaluate beyond the resolver; every field has a default that suits the app."""

    #: The form's answers as a tree; without one, paths read the resolver by name.
    document: Document | None = None
    #: The node the expression belongs to: `current()`, and where `..` starts.
    node: DocumentNode | None = None
    #: The clock of `today()` and `now()`: an aware datetime.
    now: Callable[[], datetime] = system_now
    #: The zone dates are read and written in; None is the laptop's own.
    zone: tzinfo | None = None
    #: The language of `jr:choice-name()` and of month and weekday names.
    language: str = "en"
    #: The label of a choice: (question id, choice value) -> label, None if unknown.
    choice_label: Callable[[str, str], str | None] | None = None


DEFAULT_CONTEXT = Context()
