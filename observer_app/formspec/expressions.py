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

The parser is a hand-written recursive descent: XPath's grammar is small, and it gives
messages that name the column and what was expected, which a form author needs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from observer_app.formspec.expression_context import (
    DEFAULT_CONTEXT,
    Context,
    Document,
    DocumentNode,
)
from observer_app.formspec.expression_dates import bad_format_code, parse_moment
from observer_app.formspec.expression_functions import FUNCTIONS as _LIBRARY
from observer_app.formspec.expression_functions import _Function
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

_tidy_number = tidy_number  # the name other modules of this package used

# --- syntax tree --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Literal:
    value: str | int | float


@dataclass(frozen=True, slots=True)
class Ref:
    name: str
    position: int


@dataclass(frozen=True, slots=True)
class Current:
    """`.`: the answer being checked in a constraint, the candidate inside a filter."""

    position: int


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]
    position: int


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a path: `name[filter]...`, `.` (axis 'self') or `..` (axis 'parent')."""

    axis: str  # "child", "self" or "parent"
    name: str  # the element's name for a child step, '' otherwise
    predicates: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class Path:
    """A location path: where it starts, the filters on that start, then its steps.

    start is "root" (`/data/...`: the first step names the form's top element),
    "context" (`../x`, `./x`, `x`: from the expression's own node, or the candidate
    inside a filter), "current" (`current()/..`) or "ref" (`${name}[...]/...`).
    """

    start: str
    name: str  # the question of a "ref" start
    predicates: tuple[Node, ...]
    steps: tuple[Step, ...]
    position: int


Node = Literal | Ref | Current | Unary | Binary | Call | Path


class ExpressionError(ValueError):
    """A syntax error, with the column (1-based) where it was found."""

    def __init__(self, reason: str, position: int | None = None) -> None:
        self.reason = reason
        self.position = position
        where = f" at column {position + 1}" if position is not None else ""
        super().__init__(f"{reason}{where}")


# --- tokens -------------------------------------------------------------------------

_TOKEN: Final = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<ref>\$\{\s*(?P<refname>[^}]*?)\s*\})
  | (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<descendants>//)
  | (?P<op><=|>=|!=|=|<|>|\+|-|\*|\(|\)|,|\[|\]|/)
  | (?P<dotdot>\.\.)
  | (?P<dot>\.)
  | (?P<name>(?:[A-Za-z_][A-Za-z0-9_]*:)?[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z][A-Za-z0-9_]*)*)
    """,
    re.VERBOSE,
)
_REF_NAME: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    position: int


def _tokenize(source: str) -> Iterator[_Token]:
    position = 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None:
            raise ExpressionError(f"unexpected character {source[position]!r}", position)
        kind = match.lastgroup or ""
        if kind == "refname":  # the inner group matched last; the token is the reference
            kind = "ref"
        if kind == "ref":
            name = match.group("refname")
            if not _REF_NAME.match(name):
                raise ExpressionError(f"bad reference ${{{name}}}", position)
            yield _Token("ref", name, position)
        elif kind == "string":
            yield _Token("string", match.group()[1:-1], position)
        elif kind == "descendants":
            raise ExpressionError("'//' (any descendant) is not supported", position)
        elif kind != "space":
            yield _Token(kind, match.group(), position)
        position = match.end()
    yield _Token("end", "", len(source))


# --- functions ----------------------------------------------------------------------

#: Every function an expression may call, with how many arguments it takes.
FUNCTIONS: Final[Mapping[str, _Function]] = _LIBRARY

_WORD_OPERATORS: Final = frozenset({"and", "or", "div", "mod"})

# --- parser -------------------------------------------------------------------------


class _Parser:
    """Recursive descent over XPath's precedence: or < and < = != < < <= > >= < + - < * div mod."""

    _LEVELS: Final = (
        frozenset({"or"}),
        frozenset({"and"}),
        frozenset({"=", "!="}),
        frozenset({"<", "<=", ">", ">="}),
        frozenset({"+", "-"}),
        frozenset({"*", "div", "mod"}),
    )

    def __init__(self, source: str) -> None:
        self._tokens = list(_tokenize(source))
        self._index = 0

    def parse(self) -> Node:
        if self._peek().kind == "end":
            raise ExpressionError("empty expression", 0)
        node = self._binary(0)
        token = self._peek()
        if token.kind != "end":
            raise ExpressionError(f"unexpected {_describe(token)}", token.position)
        return node

    def _peek(self, ahead: int = 0) -> _Token:
        return self._tokens[min(self._index + ahead, len(self._tokens) - 1)]

    def _at(self, text: str, ahead: int = 0) -> bool:
        token = self._peek(ahead)
        return token.kind == "op" and token.text == text

    def _advance(self) -> _Token:
        token = self._tokens[self._index]
        self._index += 1
        return token

    def _operator(self) -> str | None:
        token = self._peek()
        if token.kind == "op" or (token.kind == "name" and token.text in _WORD_OPERATORS):
            return token.text
        return None

    def _binary(self, level: int) -> Node:
        if level == len(self._LEVELS):
            return self._unary()
        node = self._binary(level + 1)
        while (op := self._operator()) in self._LEVELS[level]:
            self._advance()
            node = Binary(str(op), node, self._binary(level + 1))
        return node

    def _unary(self) -> Node:
        if self._at("-"):
            self._advance()
            return Unary("-", self._unary())
        return self._primary()

    def _primary(self) -> Node:
        token = self._peek()
        if token.kind == "op" and token.text == "/":
            return self._absolute_path()
        if token.kind in ("dot", "dotdot"):
            if token.kind == "dot" and not self._at("/", 1):
                self._advance()
                return Current(token.position)
            return self._relative_path("context", "", (), token.position)
        if token.kind == "name" and token.text not in _WORD_OPERATORS:
            if not self._at("(", 1):
                return self._relative_path("context", "", (), token.position)
            call = self._call(self._advance())
            if call.name == "current" and self._at("/"):
                self._advance()
                return self._relative_path("current", "", (), token.position)
            return call
        self._advance()
        if token.kind == "number":
            return Literal(tidy_number(float(token.text)))
        if token.kind == "string":
            return Literal(token.text)
        if token.kind == "ref":
            predicates = self._predicates()
            if self._at("/"):
                self._advance()
                return self._relative_path("ref", token.text, predicates, token.position)
            if predicates:
                return Path("ref", token.text, predicates, (), token.position)
            return Ref(token.text, token.position)
        if token.kind == "op" and token.text == "(":
            node = self._binary(0)
            self._expect(")", "to close '('")
            return node
        raise ExpressionError(f"unexpected {_describe(token)}", token.position)

    def _absolute_path(self) -> Node:
        start = self._advance()
        if self._peek().kind != "name":
            raise ExpressionError(
                f"expected the form's name after '/', found {_describe(self._peek())}",
                self._peek().position,
            )
        return self._relative_path("root", "", (), start.position)

    def _relative_path(
        self, start: str, name: str, predicates: tuple[Node, ...], position: int
    ) -> Path:
        steps = [self._step()]
        while self._at("/"):
            self._advance()
            steps.append(self._step())
        return Path(start, name, predicates, tuple(steps), position)

    def _step(self) -> Step:
        token = self._advance()
        if token.kind == "dot":
            return Step("self", "")
        if token.kind == "dotdot":
            return Step("parent", "")
        if token.kind != "name" or self._at("("):
            raise ExpressionError(
                f"expected a question name in the path, found {_describe(token)}", token.position
            )
        if ":" in token.text:
            raise ExpressionError(f"unknown name {token.text} in the path", token.position)
        return Step("child", token.text, self._predicates())

    def _predicates(self) -> tuple[Node, ...]:
        found: list[Node] = []
        while self._at("["):
            self._advance()
            found.append(self._binary(0))
            self._expect("]", "to close '['")
        return tuple(found)

    def _call(self, name: _Token) -> Call:
        function = FUNCTIONS.get(name.text)
        if function is None:
            raise ExpressionError(f"unknown function {name.text}()", name.position)
        self._expect("(", f"after {name.text}")
        args: list[Node] = []
        if not self._at(")"):
            args.append(self._binary(0))
            while self._at(","):
                self._advance()
                args.append(self._binary(0))
        self._expect(")", f"to close {name.text}(")
        if len(args) < function.min_args or (
            function.max_args is not None and len(args) > function.max_args
        ):
            expected = (
                str(function.min_args)
                if function.min_args == function.max_args
                else f"{function.min_args} or more"
                if function.max_args is None
                else f"{function.min_args} to {function.max_args}"
            )
            raise ExpressionError(
                f"{name.text}() takes {expected} argument(s), got {len(args)}", name.position
            )
        call = Call(name.text, tuple(args), name.position)
        _check_literal_arguments(call)
        return call

    def _expect(self, text: str, why: str) -> None:
        token = self._peek()
        if token.kind != "op" or token.text != text:
            raise ExpressionError(
                f"expected '{text}' {why}, found {_describe(token)}", token.position
            )
        self._advance()


def _check_literal_arguments(call: Call) -> None:
    """Refuse, when the form is loaded, what ODK would only refuse on the observer's screen."""
    args = call.args
    if (
        call.name == "selected"
        and isinstance(args[1], Literal)
        and not isinstance(args[1].value, str)
    ):
        raise ExpressionError(
            "selected() takes the choice in quotes, like '1', as its second argument",
            call.position,
        )
    if call.name == "regex" and isinstance(args[1], Literal):
        try:
            re.compile(str(args[1].value))
        except re.error as error:
            raise ExpressionError(f"regex(): bad pattern: {error}", call.position) from None
    if call.name in ("format-date", "format-date-time") and isinstance(args[1], Literal):
        bad = bad_format_code(str(args[1].value))
        if bad is not None:
            raise ExpressionError(f"{call.name}(): unknown code {bad!r}", call.position)
    if call.name == "jr:choice-name" and choice_question(args[1]) is None:
        raise ExpressionError(
            "jr:choice-name() takes the question in quotes, like '${name}', as its second argument",
            call.position,
        )
    if call.name == "indexed-repeat":
        for arg in args[:2]:
            if _path_target(arg) is None:
                raise ExpressionError(
                    "indexed-repeat() takes a question and its repeat as ${name} references",
                    call.position,
                )
    if (
        call.name == "position"
        and args
        and not isinstance(args[0], Path | Ref)
        and not (isinstance(args[0], Call) and args[0].name == "current")
    ):
        raise ExpressionError("position() takes a path such as '..'", call.position)


def _describe(token: _Token) -> str:
    if token.kind == "end":
        return "end of expression"
    if token.kind == "ref":
        return f"${{{token.text}}}"
    return repr(token.text)


def parse(source: str) -> Node:
    """The syntax tree of `source`; raises ExpressionError on any syntax error."""
    return _Parser(source).parse()


_QUOTED_REF: Final = re.compile(r"\s*\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\s*")
_QUOTED_PATH: Final = re.compile(
    r"\s*(?:(?:\.\.|\.|[A-Za-z_][A-Za-z0-9_-]*)?/)*([A-Za-z_][A-Za-z0-9_]*)\s*"
)


def choice_question(node: Node) -> str | None:
    """The question named by jr:choice-name()'s quoted second argument ('${q}',
    '/data/q' or '../q'), or None when it is not such a quotation."""
    if not isinstance(node, Literal) or not isinstance(node.value, str):
        return None
    match = _QUOTED_REF.fullmatch(node.value) or _QUOTED_PATH.fullmatch(node.value)
    return match.group(1) if match else None


def _path_target(node: Node) -> str | None:
    """The question or repeat a plain reference names (`${x}`, `/data/rows/x`, `../x`)."""
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Path):
        named = [step.name for step in node.steps if step.axis == "child"]
        if named and node.steps[-1].axis == "child":
            return named[-1]
        if not node.steps and node.start == "ref":
            return node.name
    return None


def walk(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, Unary):
        yield from walk(node.operand)
    elif isinstance(node, Binary):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from walk(arg)
    elif isinstance(node, Path):
        for predicate in node.predicates:
            yield from walk(predicate)
        for step in node.steps:
            for predicate in step.predicates:
                yield from walk(predicate)


def path_names(node: Path) -> list[str]:
    """The names a path reads: its `${name}` and each named step but the form's own
    (the `data` of `/data/...`)."""
    names = [node.name] if node.start == "ref" else []
    steps = node.steps[1:] if node.start == "root" else node.steps
    names.extend(step.name for step in steps if step.axis == "child")
    return names


def references(node: Node) -> set[str]:
    """Every name the expression reads: `${...}` references and the steps of paths."""
    found: set[str] = set()
    for child in walk(node):
        if isinstance(child, Ref):
            found.add(child.name)
        elif isinstance(child, Path):
            found.update(path_names(child))
    return found


def is_pure(node: Node) -> bool:
    """Whether the value depends only on the answers the expression reads: no clock, no
    chance, no language, no place in the form (`position()`, `current()`, `once()`)."""
    for child in walk(node):
        if isinstance(child, Call) and not FUNCTIONS[child.name].pure:
            return False
        if isinstance(child, Path) and child.start in ("context", "current"):
            return False
    return True


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
    field, repeat = _path_target(node.args[0]), _path_target(node.args[1])
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
