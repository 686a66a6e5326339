"""The function library of XLSForm expressions, with ODK's (JavaRosa's) semantics.

Each function takes its arguments already evaluated (texts, numbers, truths, node sets)
and never raises: where ODK stops the form with an error at run time (`date('31 Feb')`,
an unreadable number of days), the result is empty, as an unanswered question would be,
so that one odd answer cannot stop a form on screen or a summary of 100,000 of them.
What can be known before any answer is given (an unknown function, the wrong number of
arguments, a bad regular expression or date pattern) is refused when the form is loaded.

A few functions need more than their arguments' values (`if()` evaluates one branch,
`position()` and `indexed-repeat()` read nodes); `expressions.py` evaluates them itself
and they have no `call` here.
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
import re
import secrets
import string
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from observer_app.formspec.expression_context import Context
from observer_app.formspec.expression_dates import (
    day_fraction,
    days_to_date,
    days_to_moment,
    format_moment,
    localize,
    moment_days,
    moment_value,
    parse_moment,
    parse_time,
)
from observer_app.formspec.expression_values import (
    DateValue,
    NodeSet,
    Value,
    is_empty,
    round_half,
    tidy_number,
    to_bool,
    to_number,
    to_string,
)

Call = Callable[[Sequence[Value], Context], Value]


@dataclass(frozen=True, slots=True)
class _Function:
    min_args: int
    max_args: int | None  # None: any number
    #: The implementation over evaluated arguments; None for those evaluated in place.
    call: Call | None = None
    #: Same arguments, same result, whatever the clock, language or place in the form.
    pure: bool = True


FUNCTIONS: dict[str, _Function] = {}


def _define(
    name: str, min_args: int, max_args: int | None = -1, *, pure: bool = True
) -> Callable[[Call], Call]:
    def register(call: Call) -> Call:
        FUNCTIONS[name] = _Function(min_args, min_args if max_args == -1 else max_args, call, pure)
        return call

    return register


def _special(name: str, min_args: int, max_args: int | None, *, pure: bool = True) -> None:
    FUNCTIONS[name] = _Function(min_args, max_args, None, pure)


# Evaluated in expressions.py: they choose what to evaluate, or read nodes, not values.
_special("if", 3, 3)
_special("coalesce", 2, 2)
_special("current", 0, 0, pure=False)
_special("position", 0, 1, pure=False)
_special("indexed-repeat", 3, 3)
_special("once", 1, 1, pure=False)
_special("jr:choice-name", 2, 2, pure=False)


def _items(value: Value) -> Sequence[Value]:
    """A node set's values; a single value as a set of one (none if it is empty)."""
    if isinstance(value, NodeSet):
        return value
    return () if is_empty(value) else (value,)


def _all_items(args: Sequence[Value]) -> Sequence[Value]:
    """min(), max(), concat(), join(): one node set stands for its values, else the args."""
    if len(args) == 1 and isinstance(args[0], NodeSet):
        return args[0]
    return args


def _whole(value: Value) -> int | None:
    """ODK's int() as a Python int (truncated toward zero); None for NaN or infinity."""
    number = to_number(value)
    return int(number) if math.isfinite(number) else None


# --- truth ---------------------------------------------------------------------------


@_define("true", 0)
def _true(args: Sequence[Value], context: Context) -> Value:
    return True


@_define("false", 0)
def _false(args: Sequence[Value], context: Context) -> Value:
    return False


@_define("not", 1)
def _not(args: Sequence[Value], context: Context) -> Value:
    return not to_bool(args[0])


@_define("boolean", 1)
def _boolean(args: Sequence[Value], context: Context) -> Value:
    return to_bool(args[0])


@_define("boolean-from-string", 1)
def _boolean_from_string(args: Sequence[Value], context: Context) -> Value:
    text = to_string(args[0])
    return text.lower() == "true" or text == "1"


@_define("checklist", 2, None)
def _checklist(args: Sequence[Value], context: Context) -> Value:
    """True when between min and max (-1: no bound) of the factors hold."""
    low, high = _whole(args[0]) or 0, _whole(args[1]) or 0
    factors = args[2] if len(args) == 3 and isinstance(args[2], NodeSet) else args[2:]
    count = sum(1 for factor in factors if to_bool(factor))
    return (low < 0 or count >= low) and (high < 0 or count <= high)


@_define("weighted-checklist", 2, None)
def _weighted_checklist(args: Sequence[Value], context: Context) -> Value:
    """True when the weights of the factors that hold add up to between min and max."""
    low, high = to_number(args[0]), to_number(args[1])
    rest = args[2:]
    if len(rest) == 2 and isinstance(rest[0], NodeSet) and isinstance(rest[1], NodeSet):
        pairs = list(zip(rest[0], rest[1], strict=False))
    else:
        pairs = list(zip(rest[0::2], rest[1::2], strict=False))
    total = sum(to_number(weight) for flag, weight in pairs if to_bool(flag))
    return low <= total <= high


# --- choices --------------------------------------------------------------------------


@_define("selected", 2)
def _selected(args: Sequence[Value], context: Context) -> Value:
    return to_string(args[1]).strip() in to_string(args[0]).split()


@_define("count-selected", 1)
def _count_selected(args: Sequence[Value], context: Context) -> Value:
    return len(to_string(args[0]).split())


@_define("selected-at", 2)
def _selected_at(args: Sequence[Value], context: Context) -> Value:
    """The choice at a 0-based place of a multiple choice answer; '' past the end."""
    choices = to_string(args[0]).split()
    index = _whole(args[1])
    return choices[index] if index is not None and 0 <= index < len(choices) else ""


# --- numbers -------------------------------------------------------------------------


@_define("number", 1)
def _number(args: Sequence[Value], context: Context) -> Value:
    return tidy_number(to_number(args[0]))


@_define("int", 1)
def _int(args: Sequence[Value], context: Context) -> Value:
    number = to_number(args[0])
    return int(number) if math.isfinite(number) else number


@_define("round", 1, 2)
def _round(args: Sequence[Value], context: Context) -> Value:
    digits = _whole(args[1]) if len(args) > 1 else 0
    return tidy_number(round_half(to_number(args[0]), digits or 0))


@_define("sum", 1)
def _sum(args: Sequence[Value], context: Context) -> Value:
    return tidy_number(math.fsum(to_number(item) for item in _items(args[0])))


@_define("count", 1)
def _count(args: Sequence[Value], context: Context) -> Value:
    return len(_items(args[0]))


@_define("count-non-empty", 1)
def _count_non_empty(args: Sequence[Value], context: Context) -> Value:
    return sum(1 for item in _items(args[0]) if to_string(item) != "")


def _extreme(args: Sequence[Value], pick: Callable[[list[float]], float]) -> Value:
    """min()/max(): unanswered values (NaN) are left out; NaN when nothing is left."""
    numbers = [n for n in (to_number(item) for item in _all_items(args)) if not math.isnan(n)]
    return tidy_number(pick(numbers)) if numbers else math.nan


@_define("max", 1, None)
def _max(args: Sequence[Value], context: Context) -> Value:
    return _extreme(args, max)


@_define("min", 1, None)
def _min(args: Sequence[Value], context: Context) -> Value:
    return _extreme(args, min)


def _math(name: str, arity: int, function: Callable[..., float]) -> None:
    """A math function as Java's Math computes it: NaN or infinity instead of an error."""

    def call(args: Sequence[Value], context: Context) -> Value:
        numbers = [to_number(arg) for arg in args]
        try:
            return tidy_number(function(*numbers))
        except (ValueError, ZeroDivisionError):
            return math.nan
        except OverflowError:
            return math.inf

    FUNCTIONS[name] = _Function(arity, arity, call)


def _log(number: float) -> float:
    if number == 0:
        return -math.inf
    return math.log(number) if not number < 0 else math.nan


def _log10(number: float) -> float:
    if number == 0:
        return -math.inf
    return math.log10(number) if not number < 0 else math.nan


def _pow(base: float, exponent: float) -> float:
    """Java's Math.pow: 0 to a negative power is infinity, a root of a negative is NaN."""
    if base == 0 and exponent < 0:
        return math.inf
    try:
        result = math.pow(base, exponent)
    except ValueError:
        return math.nan
    return result


_math("abs", 1, abs)
_math("pow", 2, _pow)
_math("sqrt", 1, math.sqrt)
_math("exp", 1, math.exp)
_math("exp10", 1, lambda x: _pow(10.0, x))
_math("log", 1, _log)
_math("log10", 1, _log10)
_math("sin", 1, math.sin)
_math("cos", 1, math.cos)
_math("tan", 1, math.tan)
_math("asin", 1, math.asin)
_math("acos", 1, math.acos)
_math("atan", 1, math.atan)
_math("atan2", 2, math.atan2)
_math("pi", 0, lambda: math.pi)


# --- text ---------------------------------------------------------------------------


@_define("string", 1)
def _string(args: Sequence[Value], context: Context) -> Value:
    return to_string(args[0])


@_define("string-length", 0, 1)
def _string_length(args: Sequence[Value], context: Context) -> Value:
    return len(to_string(args[0])) if args else 0


@_define("normalize-space", 0, 1)
def _normalize_space(args: Sequence[Value], context: Context) -> Value:
    return " ".join(to_string(args[0]).split()) if args else ""


@_define("concat", 0, None)
def _concat(args: Sequence[Value], context: Context) -> Value:
    return "".join(to_string(arg) for arg in _all_items(args))


@_define("join", 1, None)
def _join(args: Sequence[Value], context: Context) -> Value:
    parts = args[1] if len(args) == 2 and isinstance(args[1], NodeSet) else args[1:]
    return to_string(args[0]).join(to_string(part) for part in parts)


@_define("contains", 2)
def _contains(args: Sequence[Value], context: Context) -> Value:
    return to_string(args[1]) in to_string(args[0])


@_define("starts-with", 2)
def _starts_with(args: Sequence[Value], context: Context) -> Value:
    return to_string(args[0]).startswith(to_string(args[1]))


@_define("ends-with", 2)
def _ends_with(args: Sequence[Value], context: Context) -> Value:
    return to_string(args[0]).endswith(to_string(args[1]))


@_define("substr", 2, 3)
def _substr(args: Sequence[Value], context: Context) -> Value:
    """Characters from a 0-based start up to an end (exclusive); negative counts from the end."""
    text = to_string(args[0])
    length = len(text)
    start = _whole(args[1]) or 0
    end = (_whole(args[2]) or 0) if len(args) == 3 else length
    if start < 0:
        start += length
    if end < 0:
        end += length
    start, end = min(max(start, 0), length), min(max(end, 0), length)
    return text[start:end] if start <= end else ""


@_define("substring-before", 2)
def _substring_before(args: Sequence[Value], context: Context) -> Value:
    text, part = to_string(args[0]), to_string(args[1])
    where = text.find(part)
    return text[:where] if where >= 0 else ""


@_define("substring-after", 2)
def _substring_after(args: Sequence[Value], context: Context) -> Value:
    text, part = to_string(args[0]), to_string(args[1])
    where = text.find(part)
    return text[where + len(part) :] if where >= 0 else ""


@_define("translate", 3)
def _translate(args: Sequence[Value], context: Context) -> Value:
    """Each character of the second text becomes the one at its place in the third, or goes."""
    source, replacements = to_string(args[1]), to_string(args[2])
    table: dict[int, int | None] = {}
    for index, character in enumerate(source):
        if ord(character) not in table:  # the first mapping of a character wins
            table[ord(character)] = ord(replacements[index]) if index < len(replacements) else None
    return to_string(args[0]).translate(table)


@_define("regex", 2)
def _regex(args: Sequence[Value], context: Context) -> Value:
    """True when the whole text matches the pattern (Java's Pattern.matches)."""
    try:
        return re.fullmatch(to_string(args[1]), to_string(args[0])) is not None
    except re.error:
        return False


_DIGESTS: Final[Mapping[str, str]] = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}


@_define("digest", 2, 3)
def _digest(args: Sequence[Value], context: Context) -> Value:
    algorithm = _DIGESTS.get(to_string(args[1]))
    encoding = to_string(args[2]) if len(args) == 3 else "base64"
    if algorithm is None or encoding not in ("base64", "hex"):
        return ""
    digest = hashlib.new(algorithm, to_string(args[0]).encode("utf-8"))
    if encoding == "hex":
        return digest.hexdigest()
    return base64.b64encode(digest.digest()).decode("ascii")


# --- identifiers and chance ----------------------------------------------------------

_GUID_CHARACTERS: Final = string.ascii_letters + string.digits


@_define("uuid", 0, 1, pure=False)
def _uuid(args: Sequence[Value], context: Context) -> Value:
    if not args:
        return str(uuid.uuid4())
    length = max(_whole(args[0]) or 0, 0)
    return "".join(secrets.choice(_GUID_CHARACTERS) for _ in range(min(length, 4096)))


@_define("random", 0, pure=False)
def _random(args: Sequence[Value], context: Context) -> Value:
    return random.random()  # noqa: S311 - a sample draw, not a secret


# --- dates and times -----------------------------------------------------------------


def _moment(value: Value, context: Context) -> datetime | date | None:
    """A value as a date or a local date-time; None if it is none (numbers are days)."""
    if isinstance(value, NodeSet):
        value = value[0] if value else ""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return days_to_moment(value, context.zone) if math.isfinite(value) else None
    text = to_string(value)
    if not text:
        return None
    found = parse_moment(text, context.zone)
    if found is None:
        found = parse_time(text, context.zone, date(1970, 1, 1))
    return found


def _local(moment: datetime | date, context: Context) -> datetime:
    """A date as its local midnight; a date-time as it is."""
    if isinstance(moment, datetime):
        return moment
    midnight = datetime(moment.year, moment.month, moment.day)
    return midnight.replace(tzinfo=context.zone) if context.zone else midnight.astimezone()


@_define("today", 0, pure=False)
def _today(args: Sequence[Value], context: Context) -> Value:
    return DateValue(localize(context.now(), context.zone).date().isoformat())


@_define("now", 0, pure=False)
def _now(args: Sequence[Value], context: Context) -> Value:
    return moment_value(localize(context.now(), context.zone))


@_define("date", 1, pure=False)
def _date(args: Sequence[Value], context: Context) -> Value:
    """A date from 'YYYY-MM-DD', a date-time (its local day) or a number of days."""
    value = args[0]
    if isinstance(value, NodeSet):
        value = value[0] if value else ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isnan(value):
            return value
        days = _whole(value)
        found = days_to_date(days) if days is not None else None
        return found if found is not None else ""
    if isinstance(value, DateValue):
        return value
    moment = None if isinstance(value, bool) else parse_moment(to_string(value), context.zone)
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return DateValue(moment.date().isoformat())
    return DateValue(moment.isoformat())


@_define("date-time", 1, pure=False)
def _date_time(args: Sequence[Value], context: Context) -> Value:
    """A date-time from ISO text or a number of days since 1970-01-01T00:00Z."""
    value = args[0]
    if isinstance(value, float) and math.isnan(value):
        return value
    moment = _moment(value, context)
    return "" if moment is None else moment_value(_local(moment, context))


@_define("decimal-date-time", 1, pure=False)
def _decimal_date_time(args: Sequence[Value], context: Context) -> Value:
    value = args[0]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    moment = _moment(value, context)
    return "" if moment is None else moment_days(_local(moment, context))


@_define("decimal-time", 1, pure=False)
def _decimal_time(args: Sequence[Value], context: Context) -> Value:
    """The share of the (local) day at a time or date-time: 06:00 is 0.25."""
    value = args[0]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value - math.floor(value) if math.isfinite(value) else value
    moment = _moment(value, context)
    return "" if moment is None else day_fraction(_local(moment, context))


@_define("format-date", 2, pure=False)
def _format_date(args: Sequence[Value], context: Context) -> Value:
    moment = _moment(args[0], context)
    if moment is None:
        return ""
    return format_moment(_local(moment, context), to_string(args[1]), context.language) or ""


FUNCTIONS["format-date-time"] = FUNCTIONS["format-date"]
