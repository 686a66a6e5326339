"""XLSForm's expression language: a safe tokenizer, parser and evaluator (never `eval`).

Forms written for ODK or KoboToolbox use this syntax for `relevant`, `constraint`,
`required` and `calculate`, so a mission can bring the forms it already has. Semantics
are ODK's (JavaRosa's, whose own XPath tests are ported in tests/test_expressions_odk.py):
an unanswered question is the empty string, which compares as NaN with numbers;
`=`/`!=` compare as numbers (within 1e-12) when either side is a number, else as text;
`${name}`, `/data/...` paths, `..`, `current()`, and filters (`${votes}[position() = 2]`,
`/data/rows[party = 'adal']/votes`) read the answers. One deliberate extension: `<`,
`<=`, `>`, `>=` between two texts of the same ISO shape (two times, two dates, two
date-times) compare them in time order, so that "07:05" < "20:00" as an observer expects,
where ODK compares numbers only. The form format's documentation (forms/README.md) lists
every deliberate difference from ODK with its reason.

The syntax is read by expression_syntax.py, values converted by expression_values.py, the
library in expression_functions.py; this module evaluates, and is the one to import.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from observer_app.formspec.expression_context import (
    DEFAULT_CONTEXT,
    Context,
    Document,
    DocumentNode,
)
from observer_app.formspec.expression_dates import parse_moment
from observer_app.formspec.expression_syntax import (
    FUNCTIONS,
    Binary,
    Call,
    Current,
    ExpressionError,
    Literal,
    Node,
    Path,
    Ref,
    Step,
    Unary,
    choice_question,
    is_pure,
    parse,
    path_names,
    path_target,
    references,
    walk,
)
from observer_app.formspec.expression_values import (
    DateTimeValue,
    DateValue,
    NodeSet,
    Value,
    is_empty,
    numbers_equal,
    tidy_number,
    to_bool,
    to_number,
    to_string,
)

__all__ = [
    "FUNCTIONS",
    "Binary",
    "Call",
    "Context",
    "Current",
    "DateTimeValue",
    "DateValue",
    "Document",
    "Evaluator",
    "ExpressionError",
    "Literal",
    "Node",
    "NodeSet",
    "Path",
    "Ref",
    "Resolver",
    "Step",
    "Unary",
    "Value",
    "choice_question",
    "evaluate",
    "is_empty",
    "is_pure",
    "parse",
    "path_names",
    "references",
    "to_bool",
    "to_number",
    "to_string",
    "walk",
]

# --- evaluation ---------------------------------------------------------------------

#: Resolves `${name}` to its current value.
Resolver = Callable[[str], Value]


class _Loose:
    """A value read through the resolver, standing as a node of a path without a Document."""

    __slots__ = ("position", "value")

    def __init__(self, value: Value, position: int) -> None:
        self.value = value
        self.position = position


class _Env:
    """What one evaluation reads: the resolver, the answer being checked, the context,
    the node the expression belongs to, and inside a filter the candidate node."""

    __slots__ = ("context", "current", "focus", "node", "place", "resolve", "size")

    def __init__(
        self,
        resolve: Resolver,
        current: Value,
        context: Context,
        node: DocumentNode | None,
    ) -> None:
        self.resolve = resolve
        self.current = current
        self.context = context
        self.node = node
        self.focus: Any = None  # the candidate node inside a filter
        self.place = 0  # its 1-based position among the candidates
        self.size = 0

    def within(self, focus: Any, place: int, size: int) -> _Env:
        inner = _Env(self.resolve, self.current, self.context, self.node)
        inner.focus, inner.place, inner.size = focus, place, size
        return inner


def evaluate(
    node: Node,
    resolve: Resolver,
    current: Value = None,
    context: Context | None = None,
    *,
    at: DocumentNode | None = None,
) -> Value:
    """The value of a parsed expression; `current` is what `.` stands for.

    `context` gives the clock, the language and the form as a tree for paths; `at` is the
    node the expression belongs to (by default the context's own `node`).
    """
    context = context or DEFAULT_CONTEXT
    return _evaluate(node, _Env(resolve, current, context, at if at is not None else context.node))


class Evaluator:
    """Evaluates many expressions over the same answers (one resolver, one context).

    `evaluate()` for a whole form: the summary evaluates each form's expressions for
    each of 100,000 submissions, and this spares building the evaluation's state for
    every expression. Not reentrant: one expression at a time.
    """

    __slots__ = ("_env",)

    def __init__(self, resolve: Resolver, context: Context | None = None) -> None:
        context = context or DEFAULT_CONTEXT
        self._env = _Env(resolve, None, context, context.node)

    def __call__(self, node: Node, current: Value = None, at: DocumentNode | None = None) -> Value:
        """The value of `node`; `current` is what `.` stands for, `at` the node it belongs to."""
        env = self._env
        env.current = current
        env.node = at
        return _evaluate(node, env)

    def holds(self, node: Node, current: Value = None, at: DocumentNode | None = None) -> bool:
        env = self._env
        env.current = current
        env.node = at
        return to_bool(_evaluate(node, env))


def _evaluate(node: Node, env: _Env) -> Value:
    kind = type(node)
    if kind is Ref:
        return env.resolve(node.name)  # type: ignore[union-attr]
    if kind is Literal:
        return node.value  # type: ignore[union-attr]
    if kind is Binary:
        return _binary(node, env)  # type: ignore[arg-type]
    if kind is Call:
        return _call(node, env)  # type: ignore[arg-type]
    if kind is Current:
        return _dot(env)
    if kind is Unary:
        return tidy_number(-to_number(_evaluate(node.operand, env)))  # type: ignore[union-attr]
    return NodeSet(_node_value(found, env) for found in _path_nodes(node, env))


def _dot(env: _Env) -> Value:
    if env.focus is not None:
        return _node_value(env.focus, env)
    if env.current is not None:
        return env.current
    return _context_value(env)


def _context_value(env: _Env) -> Value:
    document = env.context.document
    if document is not None and env.node is not None:
        return document.value(env.node)
    return env.current


def _binary(node: Binary, env: _Env) -> Value:
    op = node.op
    if op == "and":
        return to_bool(_evaluate(node.left, env)) and to_bool(_evaluate(node.right, env))
    if op == "or":
        return to_bool(_evaluate(node.left, env)) or to_bool(_evaluate(node.right, env))
    left = _evaluate(node.left, env)
    right = _evaluate(node.right, env)
    if op == "=":
        return _equal(left, right)
    if op == "!=":
        return not _equal(left, right)
    if op in ("<", "<=", ">", ">="):
        return _order(op, left, right)
    a, b = to_number(left), to_number(right)
    if op == "+":
        return tidy_number(a + b)
    if op == "-":
        return tidy_number(a - b)
    if op == "*":
        return tidy_number(a * b)
    if op == "div":
        if b == 0:
            return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a)
        return tidy_number(a / b)
    # mod: XPath's remainder takes the sign of the dividend, like math.fmod.
    return math.nan if b == 0 or math.isinf(a) else tidy_number(math.fmod(a, b))


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, NodeSet):
        return any(_equal(item, right) for item in left)
    if isinstance(right, NodeSet):
        return any(_equal(left, item) for item in right)
    if isinstance(left, bool) or isinstance(right, bool):
        return to_bool(left) == to_bool(right)
    if isinstance(left, int | float) or isinstance(right, int | float):
        return numbers_equal(to_number(left), to_number(right))
    return to_string(left) == to_string(right)


_TIME_SHAPE: Final = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_DATE_SHAPE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def _time_order(left: str, right: str) -> tuple[Any, Any] | None:
    """Two texts of one ISO shape as keys that sort in time order; None otherwise."""
    if _DATE_SHAPE.fullmatch(left) and _DATE_SHAPE.fullmatch(right):
        return left, right
    if _TIME_SHAPE.fullmatch(left) and _TIME_SHAPE.fullmatch(right):
        return left.zfill(len(right)), right.zfill(len(left))
    if "T" in left and "T" in right:
        a, b = parse_moment(left, None), parse_moment(right, None)
        if isinstance(a, datetime) and isinstance(b, datetime):
            return a, b
    return None


def _order(op: str, left: Value, right: Value) -> bool:
    a_key: Any = to_number(left)
    b_key: Any = to_number(right)
    if math.isnan(a_key) or math.isnan(b_key):
        if not (isinstance(left, str) and isinstance(right, str)):
            return False
        keys = _time_order(left, right)
        if keys is None:
            return False
        a_key, b_key = keys
    if op == "<":
        return bool(a_key < b_key)
    if op == "<=":
        return bool(a_key <= b_key)
    if op == ">":
        return bool(a_key > b_key)
    return bool(a_key >= b_key)


# --- calls and paths ----------------------------------------------------------------


def _call(node: Call, env: _Env) -> Value:
    function = FUNCTIONS[node.name]
    if function.call is not None:
        args = [_evaluate(arg, env) for arg in node.args]
        if not args and node.name in ("string-length", "normalize-space"):
            args = [_dot(env)]
        return function.call(args, env.context)
    return _SPECIAL[node.name](node, env)


def _if(node: Call, env: _Env) -> Value:
    condition = to_bool(_evaluate(node.args[0], env))
    return _evaluate(node.args[1] if condition else node.args[2], env)


def _coalesce(node: Call, env: _Env) -> Value:
    first = _evaluate(node.args[0], env)
    if to_string(first) == "" or (isinstance(first, float) and math.isnan(first)):
        return _evaluate(node.args[1], env)
    return first


def _current(node: Call, env: _Env) -> Value:
    return env.current if env.current is not None else _context_value(env)


def _position(node: Call, env: _Env) -> Value:
    """position(): the candidate's place inside a filter, else the expression's own node's;
    position(path): the place of the first node the path finds (`position(..)` is the
    number of the row an expression is in)."""
    if not node.args:
        if env.focus is not None:
            return env.place
        found: Sequence[Any] = [env.node] if env.node is not None else []
    else:
        found = _path_nodes(node.args[0], env)
    if not found:
        return 0
    first = found[0]
    if isinstance(first, _Loose):
        return first.position
    document = env.context.document
    return document.position(first) if document is not None else 1


def _indexed_repeat(node: Call, env: _Env) -> Value:
    """indexed-repeat(${field}, ${repeat}, n): the field's value in row n of the repeat."""
    field, repeat = path_target(node.args[0]), path_target(node.args[1])
    index = to_number(_evaluate(node.args[2], env))
    number = int(index) if math.isfinite(index) else 1
    number = max(number, 1)  # as ODK: an index not given yet reads the first row
    if field is None or repeat is None:
        return ""
    document = env.context.document
    if document is None:
        values = env.resolve(field)
        items = values if isinstance(values, NodeSet) else (values,)
        return items[number - 1] if number <= len(items) else ""
    rows = document.named(repeat, env.node)
    if number > len(rows):
        return ""
    cells = document.children(rows[number - 1], field)
    return document.value(cells[0]) if cells else ""


def _once(node: Call, env: _Env) -> Value:
    """The value the question already has, else the argument's (a value that stays)."""
    kept = env.current if env.current is not None else _context_value(env)
    if kept is not None and to_string(kept) != "":
        return kept
    return _evaluate(node.args[0], env)


def _choice_name(node: Call, env: _Env) -> Value:
    """jr:choice-name(value, '${question}'): the label of that choice in the form's language."""
    question = choice_question(node.args[1])
    label_of = env.context.choice_label
    if question is None or label_of is None:
        return ""
    value = to_string(_evaluate(node.args[0], env))
    return label_of(question, value) or ""


_SPECIAL: Final[Mapping[str, Callable[[Call, _Env], Value]]] = {
    "if": _if,
    "coalesce": _coalesce,
    "current": _current,
    "position": _position,
    "indexed-repeat": _indexed_repeat,
    "once": _once,
    "jr:choice-name": _choice_name,
}


def _node_value(found: Any, env: _Env) -> Value:
    if isinstance(found, _Loose):
        return found.value
    document = env.context.document
    return document.value(found) if document is not None else ""


def _filter(candidates: Sequence[Any], predicates: tuple[Node, ...], env: _Env) -> list[Any]:
    """XPath filters: a number keeps the candidate at that place, anything else its truth."""
    kept = list(candidates)
    for predicate in predicates:
        size = len(kept)
        chosen = []
        for place, candidate in enumerate(kept, start=1):
            verdict = _evaluate(predicate, env.within(candidate, place, size))
            if isinstance(verdict, int | float) and not isinstance(verdict, bool):
                if numbers_equal(float(verdict), float(place)):
                    chosen.append(candidate)
            elif to_bool(verdict):
                chosen.append(candidate)
        kept = chosen
    return kept


def _loose(value: Value) -> list[_Loose]:
    items = value if isinstance(value, NodeSet) else (value,)
    return [_Loose(item, place) for place, item in enumerate(items, start=1)]


def _path_nodes(node: Node, env: _Env) -> Sequence[Any]:
    """The nodes a path (or a plain `${name}`) finds, in document order."""
    if isinstance(node, Ref):
        node = Path("ref", node.name, (), (), node.position)
    if isinstance(node, Call) and node.name == "current":
        return [env.node] if env.node is not None else []
    if not isinstance(node, Path):
        return []
    document = env.context.document
    if document is None:
        return _resolver_path(node, env)
    steps = node.steps
    found: Sequence[Any]
    if node.start == "root":
        found = [document.root()]
        found = _filter(found, steps[0].predicates, env)
        steps = steps[1:]
    elif node.start == "ref":
        found = document.named(node.name, env.node)
    elif node.start == "current" or env.focus is None:
        found = [env.node] if env.node is not None else []
    else:
        found = [env.focus]
    found = _filter(found, node.predicates, env)
    for step in steps:
        following: list[Any] = []
        for origin in found:
            if isinstance(origin, _Loose):
                continue
            if step.axis == "self":
                candidates: Sequence[Any] = [origin]
            elif step.axis == "parent":
                parent = document.parent(origin)
                candidates = [parent] if parent is not None else []
            else:
                candidates = document.children(origin, step.name)
            for candidate in _filter(candidates, step.predicates, env):
                if candidate not in following:
                    following.append(candidate)
        found = following
    return found


def _resolver_path(node: Path, env: _Env) -> list[Any]:
    """A path read with the resolver alone: `${name}[...]` filters its values, and a path
    whose only filter is on its last step reads that question as `${name}` would."""
    if node.start == "ref" and not node.steps:
        return _filter(_loose(env.resolve(node.name)), node.predicates, env)
    if node.start != "ref" and node.steps and node.steps[-1].axis == "child":
        if node.start == "context" and env.focus is not None:
            return []  # a field of a candidate that has none
        earlier = node.steps[1:-1] if node.start == "root" else node.steps[:-1]
        if all(not step.predicates for step in earlier):
            last = node.steps[-1]
            return _filter(_loose(env.resolve(last.name)), last.predicates, env)
    return []
