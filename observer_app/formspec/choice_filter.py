"""A select's `choice_filter`: which of its choices are offered for the answers given so far.

As in XLSForm, a bare name in the filter is a column of the choice (its `attributes`) and
`${name}` an answer: `region = ${region}` offers the TECs of the region chosen above, and
`tec = ${tec}` then the stations of that TEC. The filter is parsed once, its bare names
turned into references no question can have (`choice::region`), so that the evaluator
reads them from the choice being tried.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from observer_app.formspec.expression_context import Context
from observer_app.formspec.expression_syntax import (
    Binary,
    Call,
    Node,
    Path,
    Ref,
    Unary,
    parse,
    references,
)
from observer_app.formspec.expression_values import Value
from observer_app.formspec.expressions import Evaluator, Resolver
from observer_app.formspec.models import Choice

#: What a choice's attribute is called inside a parsed filter.
ATTRIBUTE_PREFIX: Final = "choice::"


def parse_choice_filter(source: str) -> Node:
    """The filter's syntax tree, bare names read as the choice's attributes."""
    return _attributes_as_refs(parse(source))


def _attributes_as_refs(node: Node) -> Node:
    if isinstance(node, Path):
        bare = (
            node.start == "context"
            and not node.predicates
            and len(node.steps) == 1
            and node.steps[0].axis == "child"
            and not node.steps[0].predicates
        )
        if bare:
            return Ref(ATTRIBUTE_PREFIX + node.steps[0].name, node.position)
        return node
    if isinstance(node, Unary):
        return replace(node, operand=_attributes_as_refs(node.operand))
    if isinstance(node, Binary):
        return replace(
            node, left=_attributes_as_refs(node.left), right=_attributes_as_refs(node.right)
        )
    if isinstance(node, Call):
        return replace(node, args=tuple(_attributes_as_refs(arg) for arg in node.args))
    return node


def attributes_read(node: Node) -> set[str]:
    """The choice attributes a parsed filter reads."""
    return {
        name[len(ATTRIBUTE_PREFIX) :]
        for name in references(node)
        if name.startswith(ATTRIBUTE_PREFIX)
    }


def offered_choices(
    node: Node, choices: list[Choice], resolve: Resolver, context: Context | None = None
) -> list[Choice]:
    """The choices the parsed filter keeps, in their order, for the answers `resolve` reads."""
    kept = []
    for choice in choices:

        def read(name: str, choice: Choice = choice) -> Value:
            if name.startswith(ATTRIBUTE_PREFIX):
                return choice.attributes.get(name[len(ATTRIBUTE_PREFIX) :], "")
            return resolve(name)

        if Evaluator(read, context).holds(node):
            kept.append(choice)
    return kept
