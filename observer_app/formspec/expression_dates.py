"""Dates and times in expressions, read and written as ODK does.

ODK keeps a date as 'YYYY-MM-DD' and a date-time as ISO 8601 with the UTC offset; a
date-time without an offset is a local time, and a date-time is shown in the local time
zone. "Local" is the zone the evaluation is given (the laptop's by default), so that a
test or a coordinator replaying answers gets the same figures as the observer did.
`format-date()` takes ODK's %-codes (%Y %y %m %n %b %d %e %H %h %M %S %3 %a %W), not
Python's strftime ones.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Final

from observer_app.formspec.expression_values import DateTimeValue, DateValue

_DATE: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME: Final = re.compile(
    r"(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?"
)
_UTC_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
DAY_SECONDS: Final = 86400.0
#: The escapes format-date() knows; any other is refused when the form is checked.
FORMAT_CODES: Final = frozenset("YymnbdeHhMS3aW%")


def localize(moment: datetime, zone: tzinfo | None) -> datetime:
    """`moment` in the evaluation's zone (None: the laptop's own)."""
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def _offset(text: str) -> timezone:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_time(text: str, zone: tzinfo | None, day: date) -> datetime | None:
    """'HH:MM[:SS[.fff]][offset]' on `day`, in the evaluation's zone; None if not a time."""
    match = _TIME.fullmatch(text)
    if match is None:
        return None
    hour, minute, second, fraction, offset = match.groups()
    try:
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        clock = time(int(hour), int(minute), int(second or 0), micro)
    except ValueError:
        return None
    moment = datetime.combine(day, clock)
    if offset is None:
        return moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()
    return localize(moment.replace(tzinfo=_offset(offset)), zone)


def parse_moment(text: str, zone: tzinfo | None) -> datetime | date | None:
    """A date ('YYYY-MM-DD') or a date-time ('YYYY-MM-DDTHH:MM...', local if it has no
    offset, else moved into the local zone), as JavaRosa reads them; None otherwise."""
    day_text, separator, time_text = text.partition("T")
    match = _DATE.fullmatch(day_text)
    if match is None:
        return None
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    if not separator:
        return day
    return parse_time(time_text, zone, day)


def days_to_moment(days: float, zone: tzinfo | None) -> datetime | None:
    """The moment `days` after 1970-01-01T00:00Z, in the local zone; None out of range."""
    try:
        return localize(_UTC_EPOCH + timedelta(days=days), zone)
    except (OverflowError, ValueError):
        return None


def days_to_date(days: int) -> DateValue | None:
    try:
        return DateValue((date(1970, 1, 1) + timedelta(days=days)).isoformat())
    except (OverflowError, ValueError):
        return None


def moment_value(moment: datetime) -> DateTimeValue:
    """A date-time as ODK writes it: milliseconds and the offset ('Z' for UTC)."""
    text = moment.isoformat(timespec="milliseconds")
    if text.endswith("+00:00"):
        text = text[:-6] + "Z"
    return DateTimeValue(text)


def moment_days(moment: datetime) -> float:
    return (moment - _UTC_EPOCH).total_seconds() / DAY_SECONDS


def day_fraction(moment: datetime) -> float:
    """The share of its (local) day that has passed at `moment`."""
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return (moment - midnight).total_seconds() / DAY_SECONDS


def bad_format_code(pattern: str) -> str | None:
    """The first escape of a format-date() pattern that ODK does not know, or None."""
    index = 0
    while index < len(pattern):
        if pattern[index] == "%":
            code = pattern[index + 1 : index + 2]
            if code not in FORMAT_CODES or not code:
                return "%" + code
            index += 2
        else:
            index += 1
    return None


def _short_name(moment: datetime, pattern: str, language: str) -> str:
    """A short month ('MMM') or weekday ('EEE') name in the form's language."""
    from babel.core import UnknownLocaleError  # babel is slow to import: only when asked
    from babel.dates import format_datetime

    try:
        return str(format_datetime(moment, pattern, locale=language))
    except (UnknownLocaleError, ValueError):
        return str(format_datetime(moment, pattern, locale="en"))


def format_moment(moment: datetime, pattern: str, language: str) -> str | None:
    """`moment` written with ODK's format-date() codes; None for an unknown code."""
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        character = pattern[index]
        if character != "%":
            parts.append(character)
            index += 1
            continue
        code = pattern[index + 1 : index + 2]
        index += 2
        if code == "%":
            parts.append("%")
        elif code == "Y":
            parts.append(f"{moment.year:04d}")
        elif code == "y":
            parts.append(f"{moment.year:04d}"[2:])
        elif code == "m":
            parts.append(f"{moment.month:02d}")
        elif code == "n":
            parts.append(str(moment.month))
        elif code == "b":
            parts.append(_short_name(moment, "MMM", language))
        elif code == "d":
            parts.append(f"{moment.day:02d}")
        elif code == "e":
            parts.append(str(moment.day))
        elif code == "H":
            parts.append(f"{moment.hour:02d}")
        elif code == "h":
            parts.append(str(moment.hour))
        elif code == "M":
            parts.append(f"{moment.minute:02d}")
        elif code == "S":
            parts.append(f"{moment.second:02d}")
        elif code == "3":
            parts.append(f"{moment.microsecond // 1000:03d}")
        elif code == "a":
            parts.append(_short_name(moment, "EEE", language))
        elif code == "W":
            parts.append(str(moment.isocalendar().week))
        else:
            return None
    return "".join(parts)
