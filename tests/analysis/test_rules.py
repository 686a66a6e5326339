"""The counting rules of one observation, case by case: what is X, what is Y, what is left out."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest

from observer_app.analysis.layout import form_layouts
from observer_app.analysis.observations import Observation
from observer_app.analysis.reading import (
    NOT_ASKED,
    Outcome,
    Plan,
    answer_outcome,
    observed_at,
    read_observation,
    verdict_outcome,
)
from observer_app.formspec import FormLibrary
from tests.conftest import build, q, text

CONCERN_NO = frozenset({"no"})
ALMATY = timezone(timedelta(hours=6))
START = datetime(2021, 1, 10, 9, 0, tzinfo=ALMATY)


@pytest.mark.parametrize(
    ("asked", "answer", "outcome"),
    [
        (True, "no", Outcome.CONCERN),
        (True, "yes", Outcome.FINE),
        (True, "not_observed", Outcome.NOT_OBSERVED),
        (True, None, Outcome.NO_ANSWER),
        (True, "", Outcome.NO_ANSWER),
        (True, [], Outcome.NO_ANSWER),
        (False, "no", Outcome.NOT_ASKED),  # a stale answer to a skipped question
        (False, None, Outcome.NOT_ASKED),
    ],
)
def test_a_yes_no_answer_counts_in_x_y_or_neither(
    asked: bool, answer: object, outcome: Outcome
) -> None:
    assert answer_outcome(CONCERN_NO, asked, answer) == outcome


def test_a_multiple_choice_is_a_concern_when_any_concern_choice_is_selected() -> None:
    concern = frozenset({"police", "akimat"})
    for selected in itertools.chain.from_iterable(
        itertools.combinations(["police", "akimat", "voters", "proxies"], n) for n in range(1, 5)
    ):
        expected = Outcome.CONCERN if set(selected) & concern else Outcome.FINE
        assert answer_outcome(concern, True, list(selected)) == expected


def test_a_check_that_could_not_be_evaluated_is_left_out_of_y() -> None:
    assert verdict_outcome(True) == Outcome.CONCERN
    assert verdict_outcome(False) == Outcome.FINE
    assert verdict_outcome(None) == Outcome.NO_ANSWER


FORM = build(
    q("access", "yes_no", required=True),
    q(
        "sealed",
        "yes_no",
        not_observed=True,
        relevant="${access} = 'yes'",
        concern=["no"],
        finding=text("Ballot box not properly sealed"),
    ),
    q("ballots", relevant="${access} = 'yes'"),
    q("signatures", relevant="${access} = 'yes'"),
    q(
        "pressure",
        "select_multiple",
        choices=[{"value": v, "label": text(v)} for v in ("police", "akimat", "none")],
        concern=["police", "akimat"],
        finding=text("Pressure on voters"),
    ),
    q("when", "datetime", role="event_time"),
    checks=[
        {
            "id": "stuffing",
            "expression": "${ballots} > ${signatures}",
            "finding": text("Ballots exceed signatures"),
            "message": text("Check the figures"),
        }
    ],
)


def read(answers: dict[str, object]) -> tuple[dict[str, Outcome], dict[str, object]]:
    layout = form_layouts(FormLibrary({("sample", 1): FORM}))["sample"]
    observation = Observation(
        id="1", form_id="sample", form_version=1, station_id=None, tec_id=None, region=None,
        observer="A", team="T", started_at=START, completed_at=START, answers=answers,
    )  # fmt: skip
    reading = read_observation(Plan(layout, FORM), observation)
    codes = {item.id: Outcome(code) for item, code in zip(layout.items, reading.codes, strict=True)}
    values = {e.key: v for e, v in zip(layout.entries, reading.values, strict=True)}
    return codes, values


def test_an_answer_to_a_question_the_form_skipped_is_not_counted() -> None:
    codes, values = read({"access": "no", "sealed": "no", "ballots": 500, "signatures": 400})
    assert codes["sealed"] == Outcome.NOT_ASKED
    assert values["sealed"] is NOT_ASKED
    assert codes["stuffing"] == Outcome.NO_ANSWER  # its figures were skipped too


def test_a_check_speaks_only_with_every_answer_it_reads() -> None:
    assert read({"access": "yes", "ballots": 500})[0]["stuffing"] == Outcome.NO_ANSWER
    assert (
        read({"access": "yes", "ballots": 500, "signatures": 400})[0]["stuffing"] == Outcome.CONCERN
    )
    assert read({"access": "yes", "ballots": 400, "signatures": 400})[0]["stuffing"] == Outcome.FINE


def test_values_for_the_annex_tell_no_answer_from_not_asked() -> None:
    codes, values = read({"access": "yes", "pressure": ["none"]})
    assert values["sealed"] is None
    assert codes["sealed"] == Outcome.NO_ANSWER
    assert codes["pressure"] == Outcome.FINE


def test_an_incident_is_dated_by_its_own_time_else_by_the_start_of_its_form() -> None:
    observation = Observation(
        id="1", form_id="sample", form_version=1, station_id=None, tec_id=None, region=None,
        observer="A", team="T", started_at=START, completed_at=None, answers={},
    )  # fmt: skip
    assert observed_at(observation, "when", {"when": "2021-01-10T06:30:00+05:00"}) == datetime(
        2021, 1, 10, 6, 30, tzinfo=timezone(timedelta(hours=5))
    )
    assert observed_at(observation, "when", {}) == START
    assert observed_at(observation, "when", {"when": "not a time"}) == START
    assert observed_at(observation, None, {"when": "2021-01-10T06:30:00+05:00"}) == START


def test_a_calculation_over_a_blank_counts_as_not_answered_not_as_a_figure() -> None:
    """XPath's arithmetic over a blank is NaN: a total of NaN, or a median that depends on
    the order observations are read in, would reach the printed summary."""
    form = build(
        q("ballots"),
        q("signatures"),
        q("surplus", "calculate", calculation="${ballots} - ${signatures}"),
        q("share", "calculate", calculation="${ballots} div ${signatures}"),
    )
    layout = form_layouts(FormLibrary({("sample", 1): form}))["sample"]

    def values(answers: dict[str, object]) -> dict[str, object]:
        observation = Observation(
            id="1", form_id="sample", form_version=1, station_id=None, tec_id=None,
            region=None, observer="A", team="T", started_at=START, completed_at=START,
            answers=answers,
        )  # fmt: skip
        reading = read_observation(Plan(layout, form), observation)
        return {e.key: v for e, v in zip(layout.entries, reading.values, strict=True)}

    assert values({"ballots": 500, "signatures": 400})["surplus"] == 100
    assert values({"signatures": 400})["surplus"] is None  # NaN: not a figure
    assert values({"ballots": 5, "signatures": 0})["share"] is None  # infinity: nor this
