"""XLSForm's expression language: a safe tokenizer, parser and evaluator (never `eval`).

Forms written for ODK or KoboToolbox use this syntax for `relevant`, `constraint`,
`required` and `calculate`, so a mission can bring the forms it already has. Values
follow XPath 1.0: an unanswered question is the empty string, which compares as NaN
with numbers; `=`/`!=` compare as numbers when either side is a number, else as text.
One deliberate extension: `<`, `<=`, `>`, `>=` between two non-numeric texts compare
them as text, so that ISO times and dates ("07:05" < "20:00") order as expected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

# --- values -------------------------------------------------------------------------


class NodeSet(tuple[Any, ...]):
    """Several values of one field: a repeat's rows, or one field across all rows."""

    __slots__ = ()


#: What an expression yields or reads: text, number, truth, or a node set.
Value = str | int | float | bool | NodeSet | None


def is_empty(value: Value) -> bool:
    """True for an answer that was not given (XLSForm's empty string)."""
    return value is None or value == "" or (isinstance(value, NodeSet) and len(value) == 0)


def to_number(value: Value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, NodeSet):
        return to_number(value[0]) if value else math.nan
    if value is None:
        return math.nan
    try:
        return float(value.strip())
    except ValueError:
        return math.nan


def to_string(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, NodeSet):
        return to_string(value[0]) if value else ""
    return value


def to_bool(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return not (value == 0 or math.isnan(value))
    if isinstance(value, NodeSet):
        return len(value) > 0
    return bool(value)


def _tidy_number(number: float) -> int | float:
    """Integral results read as integers ("3", not "3.0") in answers and exports."""
    if math.isfinite(number) and number.is_integer():
        return int(number)
    return number


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


Node = Literal | Ref | Current | Unary | Binary | Call


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
  | (?P<op><=|>=|!=|=|<|>|\+|-|\*|\(|\)|,)
  | (?P<dot>\.)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z][A-Za-z0-9_]*)*)
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
        elif kind != "space":
            yield _Token(kind, match.group(), position)
        position = match.end()
    yield _Token("end", "", len(source))


# --- functions ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Function:
    min_args: int
    max_args: int | None  # None: any number


FUNCTIONS: Final[Mapping[str, _Function]] = {
    "not": _Function(1, 1),
    "selected": _Function(2, 2),
    "count-selected": _Function(1, 1),
    "string-length": _Function(1, 1),
    "if": _Function(3, 3),
    "coalesce": _Function(2, 2),
    "sum": _Function(1, 1),
    "count": _Function(1, 1),
    "number": _Function(1, 1),
    "int": _Function(1, 1),
    "round": _Function(1, 2),
    "string": _Function(1, 1),
    "boolean": _Function(1, 1),
    "concat": _Function(0, None),
    "true": _Function(0, 0),
    "false": _Function(0, 0),
}

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

    def _peek(self) -> _Token:
        return self._tokens[self._index]

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
        if self._peek().kind == "op" and self._peek().text == "-":
            self._advance()
            return Unary("-", self._unary())
        return self._primary()

    def _primary(self) -> Node:
        token = self._advance()
        if token.kind == "number":
            return Literal(_tidy_number(float(token.text)))
        if token.kind == "string":
            return Literal(token.text)
        if token.kind == "ref":
            return Ref(token.text, token.position)
        if token.kind == "dot":
            return Current(token.position)
        if token.kind == "op" and token.text == "(":
            node = self._binary(0)
            self._expect(")", "to close '('")
            return node
        if token.kind == "name" and token.text not in _WORD_OPERATORS:
            return self._call(token)
        raise ExpressionError(f"unexpected {_describe(token)}", token.position)

    def _call(self, name: _Token) -> Node:
        function = FUNCTIONS.get(name.text)
        if function is None:
            raise ExpressionError(f"unknown function {name.text}()", name.position)
        self._expect("(", f"after {name.text}")
        args: list[Node] = []
        if not (self._peek().kind == "op" and self._peek().text == ")"):
            args.append(self._binary(0))
            while self._peek().kind == "op" and self._peek().text == ",":
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
        return Call(name.text, tuple(args), name.position)

    def _expect(self, text: str, why: str) -> None:
        token = self._peek()
        if token.kind != "op" or token.text != text:
            raise ExpressionError(
                f"expected '{text}' {why}, found {_describe(token)}", token.position
            )
        self._advance()


def _describe(token: _Token) -> str:
    if token.kind == "end":
        return "end of expression"
    if token.kind == "ref":
        return f"${{{token.text}}}"
    return repr(token.text)


def parse(source: str) -> Node:
    """The syntax tree of `source`; raises ExpressionError on any syntax error."""
    return _Parser(source).parse()


def references(node: Node) -> set[str]:
    """Every question id the expression reads through `${...}`."""
    found: set[str] = set()
    for child in walk(node):
        if isinstance(child, Ref):
            found.add(child.name)
    return found


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


# --- evaluation ---------------------------------------------------------------------

#: Resolves `${name}` to its current value.
Resolver = Callable[[str], Value]


def evaluate(node: Node, resolve: Resolver, current: Value = None) -> Value:
    """The value of a parsed expression; `current` is what `.` stands for."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Ref):
        return resolve(node.name)
    if isinstance(node, Current):
        return current
    if isinstance(node, Unary):
        return _tidy_number(-to_number(evaluate(node.operand, resolve, current)))
    if isinstance(node, Binary):
        return _binary(node, resolve, current)
    return _call(node, resolve, current)


def _binary(node: Binary, resolve: Resolver, current: Value) -> Value:
    op = node.op
    if op == "and":
        return to_bool(evaluate(node.left, resolve, current)) and to_bool(
            evaluate(node.right, resolve, current)
        )
    if op == "or":
        return to_bool(evaluate(node.left, resolve, current)) or to_bool(
            evaluate(node.right, resolve, current)
        )
    left = evaluate(node.left, resolve, current)
    right = evaluate(node.right, resolve, current)
    if op in ("=", "!="):
        equal = _equal(left, right)
        return equal if op == "=" else not equal
    if op in ("<", "<=", ">", ">="):
        return _order(op, left, right)
    a, b = to_number(left), to_number(right)
    if op == "+":
        return _tidy_number(a + b)
    if op == "-":
        return _tidy_number(a - b)
    if op == "*":
        return _tidy_number(a * b)
    if op == "div":
        if b == 0:
            return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a)
        return _tidy_number(a / b)
    # mod: XPath's remainder takes the sign of the dividend, like math.fmod.
    return math.nan if b == 0 else _tidy_number(math.fmod(a, b))


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, NodeSet):
        return any(_equal(item, right) for item in left)
    if isinstance(right, NodeSet):
        return any(_equal(left, item) for item in right)
    if isinstance(left, bool) or isinstance(right, bool):
        return to_bool(left) == to_bool(right)
    if isinstance(left, int | float) or isinstance(right, int | float):
        return to_number(left) == to_number(right)
    return to_string(left) == to_string(right)


def _order(op: str, left: Value, right: Value) -> bool:
    a, b = to_number(left), to_number(right)
    if math.isnan(a) and math.isnan(b):
        sa, sb = to_string(left), to_string(right)
        if sa and sb and isinstance(left, str) and isinstance(right, str):
            a_key: Any = sa
            b_key: Any = sb
        else:
            return False
    else:
        a_key, b_key = a, b
    if op == "<":
        return bool(a_key < b_key)
    if op == "<=":
        return bool(a_key <= b_key)
    if op == ">":
        return bool(a_key > b_key)
    return bool(a_key >= b_key)


def _items(value: Value) -> Sequence[Value]:
    if isinstance(value, NodeSet):
        return value
    return () if is_empty(value) else (value,)


def _call(node: Call, resolve: Resolver, current: Value) -> Value:
    name = node.name
    if name == "if":
        condition = to_bool(evaluate(node.args[0], resolve, current))
        return evaluate(node.args[1] if condition else node.args[2], resolve, current)
    if name == "coalesce":
        first = evaluate(node.args[0], resolve, current)
        return evaluate(node.args[1], resolve, current) if to_string(first) == "" else first
    args = [evaluate(arg, resolve, current) for arg in node.args]
    if name == "not":
        return not to_bool(args[0])
    if name == "selected":
        return to_string(args[1]) in to_string(args[0]).split()
    if name == "count-selected":
        return len(to_string(args[0]).split())
    if name == "string-length":
        return len(to_string(args[0]))
    if name == "sum":
        return _tidy_number(math.fsum(to_number(item) for item in _items(args[0])))
    if name == "count":
        return len(_items(args[0]))
    if name == "number":
        return _tidy_number(to_number(args[0]))
    if name == "int":
        number = to_number(args[0])
        return int(number) if math.isfinite(number) else number
    if name == "round":
        return _round(to_number(args[0]), int(to_number(args[1])) if len(args) > 1 else 0)
    if name == "string":
        return to_string(args[0])
    if name == "boolean":
        return to_bool(args[0])
    if name == "concat":
        return "".join(to_string(arg) for arg in args)
    if name == "true":
        return True
    if name == "false":
        return False
    raise ExpressionError(f"unknown function {name}()", node.position)  # pragma: no cover


def _round(number: float, digits: int) -> int | float:
    """Half away from zero, as ODK rounds (Python's round() rounds half to even)."""
    if not math.isfinite(number) or digits > 15:
        return _tidy_number(number)
    digits = max(digits, -300)
    scale = 10.0**digits
    rounded = math.floor(abs(number) * scale + 0.5) / scale
    return _tidy_number(math.copysign(rounded, number))
