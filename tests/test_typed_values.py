"""What an observer types into a number, time or date-time field, read as the stored answer."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observer_app.formspec.typed import (
    Reason,
    Verdict,
    format_datetime,
    format_decimal,
    format_integer,
    read_datetime,
    read_decimal,
    read_integer,
    read_time,
)

ACCEPTED, INCOMPLETE, REFUSED = Verdict.ACCEPTED, Verdict.INCOMPLETE, Verdict.REFUSED


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1020", 1020),
        ("1 020", 1020),
        ("1\u00a0020", 1020),
        ("1\u202f020", 1020),
        ("1,020", 1020),
        ("1.020", 1020),
        ("1 020 300", 1020300),
        ("  7 ", 7),
        ("-12", -12),
        ("0", 0),
        ("", None),
    ],
)
def test_whole_numbers_as_people_write_them(typed: str, stored: int | None) -> None:
    reading = read_integer(typed)
    assert (reading.verdict, reading.value) == (ACCEPTED, stored)


@pytest.mark.parametrize(
    ("typed", "verdict", "reason"),
    [
        ("1 0", INCOMPLETE, Reason.GROUPS),  # on the way to "1 020"
        ("1 02", INCOMPLETE, Reason.GROUPS),
        ("1,5", INCOMPLETE, Reason.GROUPS),  # "1,500" may follow; left so, it is refused
        ("-", INCOMPLETE, Reason.NOT_A_NUMBER),
        ("12a", REFUSED, Reason.NOT_A_NUMBER),
        ("1 0200", REFUSED, Reason.GROUPS),
        ("1 020.300", REFUSED, Reason.GROUPS),  # two kinds of separator
        ("1020 300", REFUSED, Reason.GROUPS),  # a first group of four
        ("1234567890123", REFUSED, Reason.TOO_LONG),
        ("1-2", REFUSED, Reason.NOT_A_NUMBER),
    ],
)
def test_whole_numbers_not_yet_or_never(typed: str, verdict: Verdict, reason: Reason) -> None:
    reading = read_integer(typed)
    assert (reading.verdict, reading.reason, reading.value) == (verdict, reason, None)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1,5", 1.5),
        ("1.5", 1.5),
        ("1 020,5", 1020.5),
        ("1.020,5", 1020.5),
        ("1,020.5", 1020.5),
        ("1.020.300", 1020300),
        ("12", 12),
        ("12,0", 12.0),
    ],
)
def test_decimal_numbers(typed: str, stored: float) -> None:
    reading = read_decimal(typed)
    assert reading.verdict == ACCEPTED
    assert reading.value == stored and type(reading.value) is type(stored)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("7:30", "07:30"),
        ("07:30", "07:30"),
        ("0730", "07:30"),
        ("7.30", "07:30"),
        ("730", "07:30"),
        ("7,30", "07:30"),
        ("23:59", "23:59"),
        ("0:00", "00:00"),
    ],
)
def test_times_as_people_write_them(typed: str, stored: str) -> None:
    assert (read_time(typed).verdict, read_time(typed).value) == (ACCEPTED, stored)


@pytest.mark.parametrize(
    ("typed", "verdict", "reason"),
    [
        ("7", INCOMPLETE, Reason.NOT_A_TIME),
        ("7:", INCOMPLETE, Reason.NOT_A_TIME),
        ("7:3", INCOMPLETE, Reason.NOT_A_TIME),
        ("073", INCOMPLETE, Reason.NOT_A_TIME),  # on the way to "0730"
        ("25", INCOMPLETE, Reason.NOT_A_TIME),  # "250" is 2:50
        ("25:", REFUSED, Reason.HOUR),
        ("25:00", REFUSED, Reason.HOUR),
        ("2500", REFUSED, Reason.HOUR),
        ("7:6", REFUSED, Reason.MINUTE),
        ("7:61", REFUSED, Reason.MINUTE),
        ("7_:30", REFUSED, Reason.NOT_A_TIME),
        ("ab", REFUSED, Reason.NOT_A_TIME),
    ],
)
def test_times_not_yet_or_never(typed: str, verdict: Verdict, reason: Reason) -> None:
    reading = read_time(typed)
    assert (reading.verdict, reading.reason, reading.value) == (verdict, reason, None)


@pytest.mark.parametrize(
    "typed", ["10.01.2021 7:30", "10/01/2021 0730", "2021-01-10 07:30", "10.1.2021 7.30"]
)
def test_date_times(typed: str) -> None:
    reading = read_datetime(typed)
    assert reading.verdict == ACCEPTED
    moment = datetime.fromisoformat(str(reading.value))
    assert moment.utcoffset() is not None
    assert (moment.year, moment.month, moment.day, moment.hour, moment.minute) == (
        2021,
        1,
        10,
        7,
        30,
    )
    assert format_datetime(str(reading.value)) == "10.01.2021 07:30"


@pytest.mark.parametrize(
    ("typed", "verdict", "reason"),
    [
        ("1", INCOMPLETE, Reason.NOT_A_DATE),
        ("10.0", INCOMPLETE, Reason.NOT_A_DATE),
        ("10.01.2021", INCOMPLETE, Reason.NOT_A_DATE),
        ("10.01.2021 7:", INCOMPLETE, Reason.NOT_A_TIME),
        ("2021-1", INCOMPLETE, Reason.NOT_A_DATE),
        ("2021-13", REFUSED, Reason.NOT_A_DATE),
        ("32.", REFUSED, Reason.NOT_A_DATE),
        ("10.13", REFUSED, Reason.NOT_A_DATE),
        ("30.02.2021", REFUSED, Reason.DATE),
        ("10.01.2021 25:00", REFUSED, Reason.HOUR),
        ("yesterday", REFUSED, Reason.NOT_A_DATE),
    ],
)
def test_date_times_not_yet_or_never(typed: str, verdict: Verdict, reason: Reason) -> None:
    reading = read_datetime(typed)
    assert (reading.verdict, reading.reason) == (verdict, reason)


def test_shown_as_stored() -> None:
    assert format_integer(1020) == "1 020"
    assert format_integer(-1020300) == "-1 020 300"
    assert format_decimal(1020.5, ",") == "1 020,5"
    assert format_decimal(12, ",") == "12"


@given(st.integers(min_value=-(10**11), max_value=10**12 - 1))
def test_a_whole_number_shown_reads_back_the_same(value: int) -> None:
    assert read_integer(format_integer(value)).value == value


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 4)),
    st.sampled_from([",", "."]),
)
def test_a_decimal_shown_reads_back_the_same(value: float, mark: str) -> None:
    assert read_decimal(format_decimal(value, mark)).value == value


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_time_of_day_reads_back(hour: int, minute: int) -> None:
    for typed in (f"{hour}:{minute:02d}", f"{hour:02d}{minute:02d}", f"{hour}.{minute:02d}"):
        assert read_time(typed).value == f"{hour:02d}:{minute:02d}"
