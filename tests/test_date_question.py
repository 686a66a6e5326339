"""A `date` question: typed as people write a date, stored as ODK stores it, read by expressions
as days, and brought in from an XLSForm's `date` rows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from observer_app.formspec import AnswerTypeError, check_answer, evaluate_form, evaluation_context
from observer_app.formspec.typed import Reason, Verdict, read_date
from observer_app.formspec.xlsform_import import read_xlsform
from tests.conftest import build, q

ALMATY = timezone(timedelta(hours=6))


@pytest.mark.parametrize("typed", ["10.01.2021", "10/01/2021", "2021-01-10", " 10.01.2021 "])
def test_a_date_as_people_write_it_is_stored_as_iso(typed: str) -> None:
    reading = read_date(typed)
    assert (reading.verdict, reading.value) == (Verdict.ACCEPTED, "2021-01-10")


@pytest.mark.parametrize(
    ("typed", "verdict", "reason"),
    [
        ("10.0", Verdict.INCOMPLETE, Reason.NOT_A_DAY),
        ("2021-01", Verdict.INCOMPLETE, Reason.NOT_A_DAY),
        ("31.02.2021", Verdict.REFUSED, Reason.DATE),
        ("10.13", Verdict.REFUSED, Reason.NOT_A_DAY),
        ("10.01.2021 7:30", Verdict.REFUSED, Reason.NOT_A_DAY),
    ],
)
def test_a_date_not_yet_or_never(typed: str, verdict: Verdict, reason: Reason) -> None:
    reading = read_date(typed)
    assert (reading.verdict, reading.reason) == (verdict, reason)


def test_only_an_iso_day_is_stored() -> None:
    form = build(q("protocol_date", "date"))
    check_answer(form, "protocol_date", "2021-01-10")
    for wrong in ("10.01.2021", "2021-02-31", "2021-01-10T07:30:00+06:00", 20210110):
        with pytest.raises(AnswerTypeError):
            check_answer(form, "protocol_date", wrong)


def test_expressions_count_a_date_in_days_against_the_given_clock() -> None:
    form = build(
        q("protocol_date", "date"),
        {"id": "age", "type": "calculate", "calculation": "today() - ${protocol_date}"},
        q("late", "yes_no", relevant="${protocol_date} < today()"),
    )
    context = evaluation_context(form, now=lambda: datetime(2021, 1, 12, 9, 0, tzinfo=ALMATY))
    state = evaluate_form(form, {"protocol_date": "2021-01-10"}, context)
    assert state.values["age"] == 2
    assert "late" in state.relevant


def test_an_xlsform_date_row_becomes_a_date_question(tmp_path: Path) -> None:
    path = tmp_path / "dated.md"
    path.write_text(
        "| survey |\n"
        "| | type | name | label::en | label::ru | label::kk |\n"
        "| | date | protocol_date | Date | Дата | Күні |\n",
        encoding="utf-8",
    )
    question = read_xlsform(path).compiled.questions["protocol_date"]
    assert question.type == "date"
