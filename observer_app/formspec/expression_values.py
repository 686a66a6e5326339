"""Values of the expression language and ODK's rules for turning one kind into another.

An expression reads and yields text, numbers, truths and node sets (a question's values
across the rows of a repeat), as in XPath 1.0; dates and date-times are texts that know
what they are, as ODK's engine (JavaRosa) keeps them: a `DateValue` reads "2021-01-10"
and counts as 18637 days since 1970-01-01 in arithmetic. The conversions follow
JavaRosa where it differs from XPath: numbers within 1e-12 are equal, text becomes a
number only when it is plain digits (with a comma read as the decimal point), and
`round()` takes ties on negative numbers toward zero.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Final


class NodeSet(tuple[Any, ...]):
    """Several values of one field: a repeat's rows, or one field across all rows."""

    __slots__ = ()


class DateValue(str):
    """A date as 'YYYY-MM-DD'; as a number, the days since 1970-01-01 (ODK's `date`)."""

    __slots__ = ()


class DateTimeValue(str):
    """A moment as ISO 8601 with its UTC offset; as a number, the days (with their
    fraction) since 1970-01-01T00:00Z (ODK's `dateTime`)."""

    __slots__ = ()


#: What an expression yields or reads: text, number, truth, or a node set.
Value = str | int | float | bool | NodeSet | None

#: Numbers closer than this are equal, and a number closer than this to zero is false:
#: JavaRosa's tolerance, so that `0.1 + 0.2 = 0.3` holds as an observer expects.
TOLERANCE: Final = 1e-12

_EPOCH: Final = date(1970, 1, 1).toordinal()
_UTC_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
#: JavaRosa trims only ASCII control characters and spaces (Java's String.trim()).
_TRIMMED: Final = "".join(chr(code) for code in range(33))
#: Plain decimal digits, a sign and a point: nothing else reads as a number in ODK
#: (no exponent, no "Infinity", no "NaN", no '_' separators, no non-ASCII digits).
_PLAIN_NUMBER: Final = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")


def is_empty(value: Value) -> bool:
    """True for an answer that was not given (XLSForm's empty string)."""
    return value is None or value == "" or (isinstance(value, NodeSet) and len(value) == 0)


def text_to_number(text: str) -> float:
    """ODK's reading of text as a number: '4,6' is 4.6, '1.1e6' and 'Infinity' are NaN."""
    plain = text.replace(",", ".").strip(_TRIMMED)
    if _PLAIN_NUMBER.fullmatch(plain) is None:
        return math.nan
    return float(plain)


def date_days(value: DateValue) -> float:
    """Days from 1970-01-01 to a date."""
    try:
        return float(date.fromisoformat(value).toordinal() - _EPOCH)
    except ValueError:
        return math.nan


def moment_days(value: str) -> float:
    """Days (with their fraction) from 1970-01-01T00:00Z to an ISO date-time with offset."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return math.nan
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _UTC_EPOCH).total_seconds() / 86400.0


def to_number(value: Value) -> float:
    kind = type(value)
    if kind is int or kind is float:
        return float(value)  # type: ignore[arg-type]
    if kind is str:
        return text_to_number(value)  # type: ignore[arg-type]
    if kind is bool:
        return 1.0 if value else 0.0
    if kind is DateValue:
        return date_days(value)  # type: ignore[arg-type]
    if kind is DateTimeValue:
        return moment_days(value)  # type: ignore[arg-type]
    if isinstance(value, NodeSet):
        return to_number(value[0]) if value else math.nan
    if isinstance(value, str):
        return text_to_number(value)
    if isinstance(value, int | float):
        return float(value)
    return math.nan


def number_text(number: float) -> str:
    """A number as XPath writes it: no exponent, whole numbers without a point."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    nearest = round(number)
    if abs(number - nearest) < TOLERANCE:
        return str(int(nearest))
    text = repr(number)
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def to_string(value: Value) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, NodeSet):
        return to_string(value[0]) if value else ""
    return str(value)


def to_bool(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return abs(value) > TOLERANCE  # NaN compares false
    if isinstance(value, NodeSet):
        return len(value) > 0
    return bool(value)


def tidy_number(number: float) -> int | float:
    """Integral results read as integers ("3", not "3.0") in answers and exports."""
    if math.isfinite(number) and number.is_integer():
        return int(number)
    return number


def numbers_equal(a: float, b: float) -> bool:
    return a == b or abs(a - b) < TOLERANCE


def round_half(number: float, digits: int) -> float:
    """ODK's round(): half away from zero for positive numbers, toward zero for negative
    ones (`round(-2.5)` is -2), reckoned on the decimal digits the number is written with
    (`round(-12345.15, 1)` is -12345.1), like Excel's ROUND on what the observer typed."""
    if not math.isfinite(number):
        return number
    if digits > 30 or digits < -30:
        return math.nan
    rounding = ROUND_HALF_DOWN if number < 0 else ROUND_HALF_UP
    try:
        exact = Decimal(repr(number))
        return float(exact.quantize(Decimal(1).scaleb(-digits), rounding=rounding))
    except InvalidOperation:  # more digits than the decimal context holds
        return number
