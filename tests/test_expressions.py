"""The expression language: every operator and function, empty answers, syntax errors."""

from __future__ import annotations

import contextlib
import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observer_app.formspec.expressions import (
    Context,
    ExpressionError,
    NodeSet,
    evaluate,
    is_pure,
    parse,
    references,
)

ANSWERS: dict[str, Any] = {
    "ballots": 120,
    "signatures": 100,
    "zero": 0,
    "decimal": 2.5,
    "sealed": "no",
    "empty": "",
    "parties": "nur_otan adal",
    "name": "Әлия",
    "time": "07:05",
    "votes": NodeSet([10, 20, 30]),
    "votes_gap": NodeSet([10, ""]),
}


def run(source: str, current: Any = None, answers: dict[str, Any] | None = None) -> Any:
    values = ANSWERS if answers is None else answers
    return evaluate(parse(source), lambda name: values.get(name, ""), current)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # comparison: numbers, text, mixed
        ("${ballots} = 120", True),
        ("${ballots} != 120", False),
        ("${ballots} > ${signatures}", True),
        ("${ballots} >= 120", True),
        ("${ballots} < 120", False),
        ("${ballots} <= 119", False),
        ("${sealed} = 'no'", True),
        ("${sealed} != 'yes'", True),
        ("'120' = ${ballots}", True),
        ("${time} < '20:00'", True),
        ("${time} >= '07:05'", True),
        # arithmetic
        ("${ballots} - ${signatures}", 20),
        ("${ballots} + 1", 121),
        ("${decimal} * 2", 5),
        ("${ballots} div 8", 15),
        ("7 div 2", 3.5),
        ("${ballots} mod 7", 1),
        ("-7 mod 3", -1),
        ("-${ballots}", -120),
        ("2 + 3 * 4", 14),
        ("(2 + 3) * 4", 20),
        ("10 - 4 - 3", 3),
        # logic and precedence: and binds tighter than or
        ("${ballots} > 1 and ${sealed} = 'no'", True),
        ("${ballots} > 1 and ${sealed} = 'yes'", False),
        ("${ballots} < 1 or ${sealed} = 'no'", True),
        ("1 = 1 or 1 = 2 and 1 = 2", True),
        ("not(${sealed} = 'no')", False),
        ("not(${empty})", True),
        # functions
        ("selected(${parties}, 'adal')", True),
        ("selected(${parties}, 'auyl')", False),
        ("selected(${empty}, 'adal')", False),
        ("count-selected(${parties})", 2),
        ("count-selected(${empty})", 0),
        ("string-length(${name})", 4),
        ("string-length(${empty})", 0),
        ("if(${ballots} > ${signatures}, 'over', 'fine')", "over"),
        ("if(${empty} = '', 1, 2)", 1),
        ("coalesce(${empty}, 'fallback')", "fallback"),
        ("coalesce(${sealed}, 'fallback')", "no"),
        ("sum(${votes})", 60),
        ("count(${votes})", 3),
        ("number('12')", 12),
        ("int(7.9)", 7),
        ("round(2.5)", 3),
        ("round(-2.5)", -2),  # ODK: ties on negative numbers go toward zero
        ("round(3.14159, 2)", 3.14),
        ("concat('a', ${ballots}, 'b')", "a120b"),
        ("string(${ballots})", "120"),
        ("boolean(${sealed})", True),
        ("true()", True),
        ("false()", False),
        ("\"double quoted\" = 'double quoted'", True),
    ],
)
def test_operator_and_function(source: str, expected: Any) -> None:
    assert run(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # XLSForm: an unanswered question is '' and never equals a number...
        ("${empty} = ''", True),
        ("${missing} = ''", True),
        ("${empty} = 0", False),
        ("${empty} > 0", False),
        ("${empty} < 5", False),
        # ...so a comparison with a number is false, and != is true, as in XPath
        ("${empty} != 0", True),
        ("${missing} > ${signatures}", False),
        ("${empty} and true()", False),
        ("${empty} or true()", True),
        ("string-length(${missing})", 0),
        ("count(${empty})", 0),
    ],
)
def test_empty_and_missing_answers(source: str, expected: Any) -> None:
    assert run(source) == expected


def test_arithmetic_with_an_empty_answer_is_not_a_number() -> None:
    assert math.isnan(run("${empty} + 1"))
    assert math.isnan(run("sum(${votes_gap})"))


def test_division_by_zero_follows_xpath() -> None:
    assert run("1 div 0") == math.inf
    assert run("-1 div 0") == -math.inf
    assert math.isnan(run("0 div 0"))
    assert math.isnan(run("5 mod 0"))


def test_dot_is_the_answer_being_checked() -> None:
    node = parse(". <= ${signatures} + 10")
    assert evaluate(node, lambda name: ANSWERS.get(name, ""), 105) is True
    assert evaluate(node, lambda name: ANSWERS.get(name, ""), 111) is False


def test_references_lists_every_question_read() -> None:
    node = parse("if(${a} > 1, sum(${b}), coalesce(${c}, .))")
    assert references(node) == {"a", "b", "c"}


def test_if_evaluates_only_the_chosen_branch() -> None:
    seen: list[str] = []

    def resolve(name: str) -> Any:
        seen.append(name)
        return 1

    evaluate(parse("if(true(), ${left}, ${right})"), resolve)
    assert seen == ["left"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "empty expression at column 1"),
        ("${a} >", "unexpected end of expression at column 7"),
        ("${a} > > 1", "unexpected '>' at column 8"),
        ("(${a} + 1", "expected ')' to close '(', found end of expression at column 10"),
        ("${a} + 1)", "unexpected ')' at column 9"),
        ("${a} == 1", "unexpected '=' at column 7"),
        ("frobnicate(${a})", "unknown function frobnicate() at column 1"),
        ("selected(${a})", "selected() takes 2 argument(s), got 1 at column 1"),
        ("round()", "round() takes 1 to 2 argument(s), got 0 at column 1"),
        ("${a} & 1", "unexpected character '&' at column 6"),
        ("${} = 1", "bad reference ${} at column 1"),
        ("${bad name} = 1", "bad reference ${bad name} at column 1"),
        ("'unclosed", 'unexpected character "\'" at column 1'),
        ("__import__('os')", "unknown function __import__() at column 1"),
        ("and", "unexpected 'and' at column 1"),
    ],
)
def test_syntax_errors_say_what_and_where(source: str, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(source)
    assert str(caught.value) == message


def test_hyphenated_function_names_do_not_swallow_subtraction() -> None:
    assert run("count-selected(${parties})-1") == 1
    assert run("${ballots}-${signatures}") == 20
    assert run("5-3") == 2


ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.lists(st.integers(min_value=0, max_value=1000), max_size=4).map(NodeSet),
)
TOKENS = st.sampled_from(
    [
        "${a}",
        "${b}",
        ".",
        "1",
        "2.5",
        "'x'",
        "''",
        "(",
        ")",
        ",",
        "=",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "+",
        "-",
        "*",
        "div",
        "mod",
        "and",
        "or",
        "not(",
        "selected(",
        "count-selected(",
        "string-length(",
        "if(",
        "coalesce(",
        "sum(",
        "count(",
        "round(",
        "concat(",
        "int(",
        "number(",
        "true()",
        "false()",
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    source=st.lists(TOKENS, max_size=12).map(" ".join), a=ANY_VALUE, b=ANY_VALUE, current=ANY_VALUE
)
def test_any_expression_parses_or_fails_cleanly_and_evaluates_without_crashing(
    source: str, a: Any, b: Any, current: Any
) -> None:
    try:
        node = parse(source)
    except ExpressionError:
        return
    evaluate(node, {"a": a, "b": b}.__getitem__, current)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_text_never_crashes_the_parser(source: str) -> None:
    with contextlib.suppress(ExpressionError):
        parse(source)


# --- ODK's fuller syntax and library (the ported ODK cases are in test_expressions_odk.py) ---


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Observer's one extension: texts of one ISO shape order in time.
        ("${time} < '20:00'", True),
        ("'9:05' < '10:00'", True),
        ("'2021-01-10' < '2021-02-01'", True),
        ("'2021-01-10T23:00:00+06:00' < '2021-01-10T18:00:00Z'", True),
        ("'07:05' < '2021-01-10'", False),  # two shapes: no order, as in ODK
        ("'abc' < 'abcd'", False),
        # ODK's numbers
        ("round(-2.5)", -2),
        ("round('-12345.15', 1)", -12345.1),
        ("0.1 + 0.2 = 0.3", True),
        ("number('4,6')", 4.6),
        ("selected('a b c', '  b  ')", True),
        ("coalesce(number('x'), 7)", 7),
    ],
)
def test_odk_semantics(source: str, expected: Any) -> None:
    assert run(source) == expected


def test_numbers_that_are_no_numbers_in_odk() -> None:
    for text in ("1.1e6", "Infinity", "nan", "1_000", "١٢٣", "+5", "0x12"):
        assert math.isnan(run(f"number('{text}')")), text


def test_references_include_the_questions_paths_name() -> None:
    node = parse("/data/main/rows[party = 'adal']/votes + ../total + count(${rows})")
    assert references(node) == {"main", "rows", "party", "votes", "total"}


def test_only_expressions_on_answers_alone_are_pure() -> None:
    assert is_pure(parse("${a} > 1 and selected(${b}, 'x')"))
    assert is_pure(parse("/data/rows[2]/votes"))
    for source in ("today() > ${a}", "position(..)", "../a", "once(uuid())", "random()"):
        assert not is_pure(parse(source)), source


def test_dates_are_text_that_counts_days() -> None:
    clock = Context(now=lambda: datetime(2021, 1, 10, 21, 0, tzinfo=UTC), zone=UTC)
    value = evaluate(parse("today()"), lambda name: "", None, clock)
    assert value == "2021-01-10"
    assert evaluate(parse("today() - date('2021-01-01')"), lambda name: "", None, clock) == 9
    almaty = Context(now=clock.now, zone=timezone(timedelta(hours=6)))
    assert evaluate(parse("today()"), lambda name: "", None, almaty) == "2021-01-11"


PATH_TOKENS = st.sampled_from(
    [
        "${a}",
        "${b}",
        ".",
        "..",
        "/",
        "/data/a",
        "current()",
        "[",
        "]",
        "position()",
        "a",
        "1",
        "'2021-01-10'",
        "(",
        ")",
        ",",
        "=",
        "<",
        "+",
        "-",
        "and",
        "today()",
        "now()",
        "date(",
        "format-date(",
        "'%Y %b'",
        "substr(",
        "indexed-repeat(",
        "jr:choice-name(",
        "'${a}'",
        "min(",
        "max(",
        "join(",
        "regex(",
        "'[0-9]+'",
        "once(",
        "count-non-empty(",
        "decimal-date-time(",
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    source=st.lists(PATH_TOKENS, max_size=12).map(" ".join),
    a=ANY_VALUE,
    b=ANY_VALUE,
    current=ANY_VALUE,
)
def test_any_path_or_date_expression_parses_or_fails_cleanly(
    source: str, a: Any, b: Any, current: Any
) -> None:
    try:
        node = parse(source)
    except ExpressionError:
        return
    values = {"a": a, "b": b}
    evaluate(node, lambda name: values.get(name, ""), current)
