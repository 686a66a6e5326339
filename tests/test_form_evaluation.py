"""Relevance, required, constraints, calculate, repeats and checks over whole forms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from observer_app.formspec import (
    AnswerTypeError,
    ProblemKind,
    blank_questions,
    check_answer,
    evaluate_form,
    find_problems,
    flagged_checks,
)
from observer_app.formspec.evaluation import evaluation_context
from tests.conftest import build, q, text


def kinds(form: Any, answers: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p.question, p.kind.value) for p in find_problems(form, answers)]


SEALING = build(
    q(
        "sealed",
        "yes_no",
        not_observed=True,
        required=True,
        concern=["no"],
        finding=text("Ballot box not properly sealed"),
    ),
    q("why_not_sealed", "text", relevant="${sealed} = 'no'", required=True),
)


def test_relevance_shows_a_follow_up_only_for_the_concern_answer() -> None:
    assert "why_not_sealed" not in evaluate_form(SEALING, {}).relevant
    assert "why_not_sealed" not in evaluate_form(SEALING, {"sealed": "yes"}).relevant
    assert "why_not_sealed" not in evaluate_form(SEALING, {"sealed": "not_observed"}).relevant
    assert "why_not_sealed" in evaluate_form(SEALING, {"sealed": "no"}).relevant


def test_a_required_question_hidden_by_relevance_is_not_required() -> None:
    assert kinds(SEALING, {"sealed": "yes"}) == []
    assert kinds(SEALING, {"sealed": "no"}) == [("why_not_sealed", "required")]
    assert kinds(SEALING, {}) == [("sealed", "required")]


def test_an_answer_left_behind_a_hidden_question_does_not_count() -> None:
    # The observer answered the follow-up, then changed "no" to "yes".
    state = evaluate_form(SEALING, {"sealed": "yes", "why_not_sealed": "seal broken"})
    assert state.values["why_not_sealed"] == ""


def test_required_can_be_an_expression() -> None:
    form = build(
        q("proxies_present", "yes_no"),
        q("proxy_count", required="${proxies_present} = 'yes'"),
    )
    assert kinds(form, {"proxies_present": "no"}) == []
    assert kinds(form, {"proxies_present": "yes"}) == [("proxy_count", "required")]
    assert kinds(form, {"proxies_present": "yes", "proxy_count": 3}) == []


def test_constraint_with_dot_and_its_message() -> None:
    form = build(
        q("voters_on_list", min=0),
        q(
            "signatures",
            min=0,
            constraint=". <= ${voters_on_list}",
            constraint_message=text("More signatures than voters on the list"),
        ),
    )
    problems = find_problems(form, {"voters_on_list": 100, "signatures": 101})
    assert [(p.question, p.kind) for p in problems] == [("signatures", ProblemKind.CONSTRAINT)]
    assert problems[0].message.en == "More signatures than voters on the list"
    assert find_problems(form, {"voters_on_list": 100, "signatures": 100}) == []


def test_a_constraint_is_not_judged_on_an_empty_answer() -> None:
    form = build(q("signatures", constraint=". > 0"))
    assert find_problems(form, {}) == []


def test_bounds_are_reported_in_the_observers_language() -> None:
    form = build(q("pec_members", min=3, max=15))
    low = find_problems(form, {"pec_members": 2})
    high = find_problems(form, {"pec_members": 16})
    assert [p.kind for p in low + high] == [ProblemKind.RANGE, ProblemKind.RANGE]
    assert low[0].message.en == "Must be at least 3."
    assert high[0].message.kk == "Ең көбі 15 болуы керек."


def test_calculate_follows_its_inputs_whatever_their_order_in_the_form() -> None:
    form = build(
        q("excess", "calculate", calculation="${ballots} - ${signatures}"),
        q("signatures"),
        q("ballots"),
    )
    assert evaluate_form(form, {"ballots": 130, "signatures": 100}).values["excess"] == 30
    assert evaluate_form(form, {"ballots": 130}).values["excess"] != 30  # NaN: not yet known


def test_a_calculation_can_drive_relevance() -> None:
    form = build(
        q("signatures"),
        q("ballots"),
        q("excess", "calculate", calculation="${ballots} - ${signatures}"),
        q("explain_excess", "text", relevant="${excess} > 0", required=True),
    )
    assert "explain_excess" in evaluate_form(form, {"ballots": 5, "signatures": 4}).relevant
    assert kinds(form, {"ballots": 4, "signatures": 4}) == []


def test_a_section_relevance_hides_all_its_questions() -> None:
    from observer_app.formspec import Form, compile_form
    from tests.conftest import form_data

    data = form_data(q("counting_observed", "yes_no"))
    data["sections"].append(
        {
            "id": "count",
            "title": text("Count"),
            "relevant": "${counting_observed} = 'yes'",
            "questions": [q("announced_choice", "yes_no", required=True)],
        }
    )
    form = compile_form(Form.model_validate(data))
    assert kinds(form, {"counting_observed": "no"}) == []
    assert kinds(form, {"counting_observed": "yes"}) == [("announced_choice", "required")]


PARTY_VOTES = build(
    q("ballots_in_box", min=0),
    q("invalid_ballots", min=0),
    q(
        "results",
        "repeat",
        min_rows=1,
        questions=[
            q("party", "text", required=True),
            q("votes", min=0, required=True),
            q("recount", "yes_no", relevant="${votes} > ${ballots_in_box}"),
        ],
    ),
    checks=[
        {
            "id": "votes_do_not_add_up",
            "expression": "sum(${votes}) + ${invalid_ballots} != ${ballots_in_box}",
            "finding": text("Votes per party and invalid ballots do not add up"),
            "message": text("The figures do not add up"),
        }
    ],
)


def test_repeat_rows_are_checked_row_by_row() -> None:
    answers = {"ballots_in_box": 10, "results": [{"party": "Adal", "votes": 4}, {"party": "Auyl"}]}
    problems = find_problems(PARTY_VOTES, answers)
    assert [(p.question, p.row, p.field, p.kind.value) for p in problems] == [
        ("results", 1, "votes", "required")
    ]
    assert problems[0].describe() == "results row 2 votes: An answer is required."


def test_repeat_min_rows() -> None:
    assert kinds(PARTY_VOTES, {"ballots_in_box": 1, "results": []}) == [("results", "rows")]


def test_a_row_question_sees_its_own_row_and_the_form() -> None:
    answers = {"ballots_in_box": 10, "results": [{"party": "A", "votes": 11}, {"votes": 3}]}
    state = evaluate_form(PARTY_VOTES, answers)
    assert state.is_relevant("recount", row=0)
    assert not state.is_relevant("recount", row=1)


def test_a_check_flags_the_concern_once_every_figure_is_in() -> None:
    partial = {"ballots_in_box": 10, "results": [{"party": "A", "votes": 4}]}
    assert flagged_checks(PARTY_VOTES, partial) == []  # invalid ballots not counted yet
    wrong = {**partial, "invalid_ballots": 1}
    assert [c.id for c in flagged_checks(PARTY_VOTES, wrong)] == ["votes_do_not_add_up"]
    right = {**partial, "invalid_ballots": 6}
    assert flagged_checks(PARTY_VOTES, right) == []
    gap = {**right, "results": [{"party": "A", "votes": 4}, {"party": "B"}]}
    assert flagged_checks(PARTY_VOTES, gap) == []


def test_multiple_choice_in_expressions() -> None:
    form = build(
        q(
            "proxies",
            "select_multiple",
            choices=[
                {"value": "nur_otan", "label": text("Nur Otan")},
                {"value": "adal", "label": text("Adal")},
            ],
        ),
        q("adal_count", relevant="selected(${proxies}, 'adal')"),
        q("how_many", "calculate", calculation="count-selected(${proxies})"),
    )
    state = evaluate_form(form, {"proxies": ["nur_otan", "adal"]})
    assert "adal_count" in state.relevant
    assert state.values["how_many"] == 2


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (q("x", "yes_no"), "maybe"),
        (q("x", "yes_no"), "not_observed"),  # not offered by this question
        (q("x", "integer"), "12"),
        (q("x", "integer"), 1.5),
        (q("x", "integer"), True),
        (q("x", "decimal"), float("nan")),
        (q("x", "time"), "25:00"),
        (q("x", "time"), "7:05"),
        (q("x", "datetime"), "2021-01-10T07:05:00"),  # no offset
        (q("x", "text"), 5),
        (q("x", "select_multiple", choices=[{"value": "a", "label": text("A")}]), ["a", "a"]),
        (q("x", "select_multiple", choices=[{"value": "a", "label": text("A")}]), ["b"]),
        (q("x", "repeat", questions=[q("y")]), [{"z": 1}]),
        (q("x", "repeat", questions=[q("y")], max_rows=1), [{"y": 1}, {"y": 2}]),
    ],
)
def test_answers_of_the_wrong_shape_are_refused(question: dict[str, Any], value: Any) -> None:
    form = build(question)
    with pytest.raises(AnswerTypeError):
        check_answer(form, "x", value)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (q("x", "yes_no", not_observed=True), "not_observed"),
        (q("x", "integer"), -3),
        (q("x", "decimal"), 2),
        (q("x", "time"), "07:05"),
        (q("x", "datetime"), "2021-01-10T07:05:00+06:00"),
        (q("x", "text"), "Бюллетеньдерді заңсыз салу"),
        (q("x", "station"), "ALA-101"),
        (q("x", "repeat", questions=[q("y")]), [{"y": 1}, {"y": None}]),
        (q("x", "integer"), None),
    ],
)
def test_answers_of_the_right_shape_pass(question: dict[str, Any], value: Any) -> None:
    check_answer(build(question), "x", value)


def test_notes_and_calculations_take_no_answer() -> None:
    form = build(q("n", "note"), q("c", "calculate", calculation="1"), q("x"))
    for question_id in ("n", "c"):
        with pytest.raises(AnswerTypeError):
            check_answer(form, question_id, "anything")
    with pytest.raises(AnswerTypeError):
        check_answer(form, "nope", 1)


PARTIES = [
    {"value": "nur_otan", "label": text("Nur Otan", "Нур Отан", "Нұр Отан")},
    {"value": "adal", "label": text("Adal", "Адал", "Адал")},
]


def test_fixed_rows_give_every_party_its_row() -> None:
    form = build(
        q("party_votes", "repeat", rows="parties", questions=[q("votes", required=True)]),
        q("total", "calculate", calculation="sum(${votes})"),
        choice_lists={"parties": PARTIES},
    )
    assert [c.value for c in form.fixed_rows(form.question("party_votes"))] == [  # type: ignore[arg-type]
        "nur_otan",
        "adal",
    ]
    # Only the first party's votes given: the second row exists and is required all the same.
    problems = find_problems(form, {"party_votes": [{"votes": 120}]})
    assert [(p.question, p.row, p.field) for p in problems] == [("party_votes", 1, "votes")]
    assert (
        evaluate_form(form, {"party_votes": [{"votes": 120}, {"votes": 30}]}).values["total"] == 150
    )
    with pytest.raises(AnswerTypeError, match="3 rows, at most 2 allowed"):
        check_answer(form, "party_votes", [{"votes": 1}] * 3)


# --- ODK's library over whole forms ---------------------------------------------------

NOON = datetime(2021, 1, 10, 12, 0, tzinfo=UTC)


def at(moment: datetime, form: Any, **kwargs: Any) -> Any:
    return evaluation_context(form, now=lambda: moment, zone=UTC, **kwargs)


def test_a_row_can_read_the_total_of_all_rows() -> None:
    # A results protocol: each party's share of the votes counted, from a total of all rows.
    form = build(
        q(
            "party_votes",
            "repeat",
            questions=[
                q("votes", min=0),
                q("share", "calculate", calculation="round(${votes} * 100 div ${total}, 1)"),
            ],
        ),
        q("total", "calculate", calculation="sum(${votes})"),
    )
    state = evaluate_form(form, {"party_votes": [{"votes": 60}, {"votes": 20}, {"votes": 40}]})
    assert state.values["total"] == 120
    assert [row.values["share"] for row in state.rows["party_votes"]] == [50, 16.7, 33.3]


def test_today_reads_the_clock_it_is_given() -> None:
    form = build(
        q("visit_date", "calculate", calculation="today()"),
        q("late", "text", relevant="format-date(now(), '%H') >= '12'"),
    )
    morning = evaluate_form(form, {}, at(NOON - timedelta(hours=3), form))
    assert morning.values["visit_date"] == "2021-01-10"
    assert "late" not in morning.relevant
    noon = evaluate_form(form, {}, at(NOON, form))
    assert "late" in noon.relevant  # a condition on the clock is never answered from memory


def test_a_date_time_answer_counts_days_in_arithmetic() -> None:
    form = build(
        q("arrived", "datetime"),
        q("left", "datetime"),
        q("hours", "calculate", calculation="round((${left} - ${arrived}) * 24, 2)"),
        q("day", "calculate", calculation="format-date(${arrived}, '%e %b %Y')"),
    )
    answers = {"arrived": "2021-01-10T07:40:00+06:00", "left": "2021-01-10T09:10:00+06:00"}
    state = evaluate_form(form, answers, at(NOON, form, language="ru"))
    assert state.values["hours"] == 1.5
    assert state.values["day"] == "10 янв. 2021"  # the day at the mission's zone, in Russian


def test_choice_names_follow_the_language_shown() -> None:
    form = build(
        q(
            "where",
            "select_one",
            choices=[{"value": "tec", "label": text("Commission", "Комиссия", "Комиссия")}],
        ),
        q("where_label", "calculate", calculation="jr:choice-name(${where}, '${where}')"),
    )
    assert evaluate_form(form, {"where": "tec"}).values["where_label"] == "Commission"
    russian = evaluate_form(form, {"where": "tec"}, at(NOON, form, language="ru"))
    assert russian.values["where_label"] == "Комиссия"


def test_paths_filters_and_positions_over_fixed_rows() -> None:
    form = build(
        q(
            "party_votes",
            "repeat",
            rows="parties",
            questions=[q("votes", min=0), q("place", "calculate", calculation="position(..)")],
        ),
        q("adal", "calculate", calculation="/data/party_votes[2]/votes"),
        q("above_50", "calculate", calculation="count(${votes}[. > 50])"),
        q("first_ahead", "calculate", calculation="${votes}[1] > /data/party_votes[2]/votes"),
        choice_lists={
            "parties": [
                {"value": "nur_otan", "label": text("Nur Otan")},
                {"value": "adal", "label": text("Adal")},
                {"value": "auyl", "label": text("Auyl")},
            ]
        },
    )
    state = evaluate_form(form, {"party_votes": [{"votes": 71}, {"votes": 11}, {"votes": 55}]})
    assert state.values["adal"] == 11
    assert state.values["above_50"] == 2
    assert state.values["first_ahead"] is True
    assert [row.values["place"] for row in state.rows["party_votes"]] == [1, 2, 3]


def test_a_concern_question_is_answered_before_completion_unless_marked_optional() -> None:
    """A blank concern question would drop out of every "X of Y" (issue 13, failure 7)."""
    form = build(
        q("sealed", "yes_no", not_observed=True, concern=["no"], finding=text("Not sealed")),
        q("stuffing", "yes_no", concern=["yes"], finding=text("Stuffing"), optional=True),
        q("comments", "text"),
    )
    problems = find_problems(form, {})
    assert [(p.question, p.kind) for p in problems] == [("sealed", ProblemKind.REQUIRED)]
    assert "could not observe" in problems[0].message.en
    assert find_problems(form, {"sealed": "not_observed"}) == []
    assert blank_questions(form, {"sealed": "not_observed"}) == ["stuffing", "comments"]
    assert blank_questions(form, {"sealed": "yes", "stuffing": "no", "comments": "ok"}) == []
