"""The syntax of XLSForm expressions: the tree, the tokenizer and the parser.

XPath's grammar is small, and a hand-written recursive descent gives the messages a form
author needs ("expected ')' to close '(', found end of expression at column 27"). The
parser also refuses, when a form is loaded, what ODK would only refuse on the observer's
screen: an unknown function, the wrong number of arguments, a bad regular expression or
date pattern, a choice not in quotes. `expressions.py` evaluates the tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from observer_app.formspec.expression_dates import bad_format_code
from observer_app.formspec.expression_functions import FUNCTIONS as _LIBRARY
from observer_app.formspec.expression_functions import _Function
from observer_app.formspec.expression_values import tidy_number

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
            if path_target(arg) is None:
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


def path_target(node: Node) -> str | None:
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
