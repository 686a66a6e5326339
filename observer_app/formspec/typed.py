"""Reading what an observer types into a number, time or date-time field.

People write numbers and times as they learned to: "1 020" or "1.020" (Russian and Kazakh
group thousands with a space or a dot), "1,020" (English), "7:30", "0730" or "7.30". A field
reads the text of every keystroke here and gets one of three verdicts: ACCEPTED gives the
answer as it is stored, INCOMPLETE text may still become one (the "1 0" of "1 020", the
"7:3" of "7:30"), REFUSED text never can, whatever follows; the reason says why, so the
window can say it beside the field in the observer's language.

Rules, deliberately narrow so that no text is read two ways:
- a whole number is digits, or groups of three digits after a first group of one to three,
  all joined by the same separator (space, no-break space, thin space, comma or dot);
- a decimal number has one decimal mark: the last of a comma and a dot when both appear,
  the only one when it appears once (so "1,5" and "1.5" are one and a half); spaces, or a
  repeated comma or dot, group its thousands;
- a time is hours and minutes: "7:30", "07.30", "7,30", "7 30", "730" or "0730";
- a date is "10.01.2021", "10/01/2021" or "2021-01-10";
- a date-time is a date ("10.01.2021", "10/01/2021" or "2021-01-10"), a space and a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

#: What may join groups of thousands.
THOUSANDS = " \u00a0\u202f\u2009,."
MAX_DIGITS = 12
MAX_FRACTION_DIGITS = 6
_MINUS = "-\u2212"


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    INCOMPLETE = "incomplete"
    REFUSED = "refused"


class Reason(StrEnum):
    """Why a text is not (yet) an answer; the window words each one."""

    NOT_A_NUMBER = "not_a_number"  # letters or signs among the digits
    GROUPS = "groups"  # thousands not in groups of three, or a fraction in a whole number
    TOO_LONG = "too_long"
    NOT_A_TIME = "not_a_time"
    HOUR = "hour"  # no such hour
    MINUTE = "minute"  # no such minute
    NOT_A_DATE = "not_a_date"
    DATE = "date"  # no such day
    NOT_A_DAY = "not_a_day"  # a date alone was asked for


@dataclass(frozen=True, slots=True)
class Reading:
    verdict: Verdict
    #: The answer as stored (ACCEPTED; None for an empty field).
    value: int | float | str | None = None
    reason: Reason | None = None

    @property
    def accepted(self) -> bool:
        return self.verdict == Verdict.ACCEPTED


_EMPTY = Reading(Verdict.ACCEPTED)

# --- numbers --------------------------------------------------------------------------------


def _sign(text: str) -> tuple[int, str]:
    if text[:1] and text[0] in _MINUS:
        return -1, text[1:]
    return 1, text


def _whole_digits(body: str, separators: str) -> str | None:
    """The digits of `body` when it is plain digits or correctly grouped thousands."""
    if body.isascii() and body.isdigit():
        return body
    used = {c for c in body if not c.isdigit()}
    if len(used) != 1 or not used <= set(separators):
        return None
    separator = used.pop()
    groups = body.split(separator)
    if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
        return None
    if not all(g.isascii() and g.isdigit() for g in groups):
        return None
    return "".join(groups)


def _integer(text: str) -> int | None:
    sign, body = _sign(text)
    digits = _whole_digits(body, THOUSANDS)
    if digits is None or len(digits) > MAX_DIGITS:
        return None
    return sign * int(digits)


def _decimal(text: str) -> int | float | None:
    sign, body = _sign(text)
    commas, dots = body.count(","), body.count(".")
    mark: str | None
    if commas and dots:
        mark = "," if body.rfind(",") > body.rfind(".") else "."
    elif commas == 1 or dots == 1:
        mark = "," if commas == 1 else "."
    else:
        mark = None
    if mark is None:
        whole, fraction = body, None
    else:
        whole, _mark, fraction = body.rpartition(mark)
    other = "." if mark == "," else ","
    digits = _whole_digits(whole, " \u00a0\u202f\u2009" + (other if mark else ",."))
    if digits is None or len(digits) > MAX_DIGITS:
        return None
    if fraction is None:
        return sign * int(digits)
    if not (fraction.isascii() and fraction.isdigit()) or len(fraction) > MAX_FRACTION_DIGITS:
        return None
    return sign * float(f"{digits}.{fraction}")


def _number_reason(text: str) -> Reason:
    allowed = set(THOUSANDS + _MINUS)
    if any(not (c.isascii() and c.isdigit()) and c not in allowed for c in text):
        return Reason.NOT_A_NUMBER
    if sum(c.isdigit() for c in text) > MAX_DIGITS:
        return Reason.TOO_LONG
    if text.strip(_MINUS) == "" or any(c in _MINUS for c in text[1:]):
        return Reason.NOT_A_NUMBER
    return Reason.GROUPS


def _read_number(text: str, parse: type[int] | type[float]) -> Reading:
    text = text.strip()
    if not text:
        return _EMPTY
    value = _integer(text) if parse is int else _decimal(text)
    if value is not None:
        return Reading(Verdict.ACCEPTED, value)
    reason = _number_reason(text)
    if reason == Reason.NOT_A_NUMBER and text not in tuple(_MINUS):
        return Reading(Verdict.REFUSED, reason=reason)
    completes = (
        (_integer if parse is int else _decimal)(text + tail) is not None
        for tail in ("0", "00", "000")
    )
    if reason != Reason.TOO_LONG and any(completes):
        return Reading(Verdict.INCOMPLETE, reason=reason)
    return Reading(Verdict.REFUSED, reason=reason)


def read_integer(text: str) -> Reading:
    """A whole number: "1020", "1 020", "1\u00a0020", "1,020", "1.020"."""
    return _read_number(text, int)


def read_decimal(text: str) -> Reading:
    """A number with an optional fraction: "1,5", "1.5", "1 020,5", "1.020,5", "1,020.5".

    A number written without a decimal mark is kept whole (12, not 12.0)."""
    return _read_number(text, float)


def format_integer(value: int) -> str:
    """As Russian and Kazakh write it, and readable in English: "1 020"."""
    return f"{value:,}".replace(",", " ")


def format_decimal(value: float, mark: str = ".") -> str:
    """A decimal answer with grouped thousands and the language's decimal mark."""
    if isinstance(value, int):
        return format_integer(value)
    whole, _dot, fraction = repr(float(value)).partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{format_integer(abs(int(whole)))}{mark}{fraction}"


# --- times ----------------------------------------------------------------------------------

_SEPARATED = re.compile(r"(\d{1,2})[:., ](\d{2})")
_RUN = re.compile(r"(\d)(\d{2})|(\d{2})(\d{2})")


def _time(text: str) -> tuple[str | None, Reason]:
    """The time as "HH:MM", or None and why not."""
    match = _SEPARATED.fullmatch(text)
    if match:
        hour, minute = int(match[1]), int(match[2])
    elif (run := _RUN.fullmatch(text)) is not None:
        hour = int(run[1] or run[3])
        minute = int(run[2] or run[4])
    else:
        return None, Reason.NOT_A_TIME
    if hour > 23:
        return None, Reason.HOUR
    if minute > 59:
        return None, Reason.MINUTE
    return f"{hour:02d}:{minute:02d}", Reason.NOT_A_TIME


def read_time(text: str) -> Reading:
    """A time of day as "HH:MM": "7:30", "07.30", "730", "0730" are all 07:30."""
    text = text.strip()
    if not text:
        return _EMPTY
    value, reason = _time(text)
    if value is not None:
        return Reading(Verdict.ACCEPTED, value)
    specific = [] if reason == Reason.NOT_A_TIME else [reason]
    for tail in ("0", "00", ":00", "000"):
        completed, why = _time(text + tail)
        if completed is not None:
            return Reading(Verdict.INCOMPLETE, reason=Reason.NOT_A_TIME)
        if why != Reason.NOT_A_TIME:
            specific.append(why)
    return Reading(Verdict.REFUSED, reason=specific[0] if specific else Reason.NOT_A_TIME)


# --- date-times -----------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_ISO_PREFIX = re.compile(r"\d{0,4}(?:-(?P<month>\d{0,2})(?P<m_end>-(?P<day>\d{0,2}))?)?")
_DAY_FIRST_PREFIX = re.compile(
    r"(?P<day>\d{1,2})(?P<d_end>[./](?P<month>\d{0,2})(?P<m_end>[./]\d{0,4})?)?"
)


def _date(text: str) -> tuple[date | None, Reason]:
    if (iso := _ISO_DATE.fullmatch(text)) is not None:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    elif (day_first := _DAY_FIRST.fullmatch(text)) is not None:
        day, month, year = int(day_first[1]), int(day_first[2]), int(day_first[3])
    else:
        return None, Reason.NOT_A_DATE
    try:
        return date(year, month, day), Reason.NOT_A_DATE
    except ValueError:
        return None, Reason.DATE


def _date_may_follow(text: str) -> bool:
    """True when `text` can still grow into a date: its finished day and month are possible.

    A day or month is finished when a separator follows it or it has two digits."""
    match = _ISO_PREFIX.fullmatch(text) or _DAY_FIRST_PREFIX.fullmatch(text)
    if match is None:
        return False
    parts = match.groupdict()
    finished = {
        "month": (1, 12, parts.get("m_end") is not None),
        "day": (1, 31, parts.get("d_end") is not None),
    }
    for name, (low, high, followed) in finished.items():
        digits = parts.get(name) or ""
        if digits and (followed or len(digits) == 2) and not low <= int(digits) <= high:
            return False
    return True


def read_date(text: str) -> Reading:
    """A calendar day, stored as 'YYYY-MM-DD'."""
    text = text.strip()
    if not text:
        return _EMPTY
    day, reason = _date(text)
    if day is not None:
        return Reading(Verdict.ACCEPTED, day.isoformat())
    if reason == Reason.DATE:
        return Reading(Verdict.REFUSED, reason=reason)
    if _date_may_follow(text):
        return Reading(Verdict.INCOMPLETE, reason=Reason.NOT_A_DAY)
    return Reading(Verdict.REFUSED, reason=Reason.NOT_A_DAY)


def format_date(value: str) -> str:
    """A stored date as the observer reads and types it, day first: "10.01.2021"."""
    try:
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    except ValueError:
        return ""


def read_datetime(text: str) -> Reading:
    """A date and a time, stored as ISO 8601 with this computer's UTC offset."""
    text = text.strip()
    if not text:
        return _EMPTY
    date_text, _space, time_text = text.partition(" ")
    time_text = time_text.strip()
    if not _space:
        day, reason = _date(date_text)
        if reason == Reason.DATE:  # a whole date that is no day of the calendar
            return Reading(Verdict.REFUSED, reason=reason)
        if day is not None or _date_may_follow(date_text):
            return Reading(Verdict.INCOMPLETE, reason=Reason.NOT_A_DATE)
        return Reading(Verdict.REFUSED, reason=reason)
    day, reason = _date(date_text)
    if day is None:
        return Reading(Verdict.REFUSED, reason=reason)
    time = read_time(time_text)
    if not time_text:
        return Reading(Verdict.INCOMPLETE, reason=Reason.NOT_A_DATE)
    if time.verdict != Verdict.ACCEPTED:
        return Reading(time.verdict, reason=time.reason)
    hour, minute = str(time.value).split(":")
    moment = datetime(day.year, day.month, day.day, int(hour), int(minute))
    return Reading(Verdict.ACCEPTED, moment.astimezone().isoformat())


def format_datetime(value: str) -> str:
    """A stored date-time as the observer reads and types it, day first: "10.01.2021 07:30"."""
    try:
        return datetime.fromisoformat(value).strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return ""
