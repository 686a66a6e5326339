"""Stored documents are decoded by orjson where it can: the result must be json's, always."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observer_app.domain.json_reading import read_json

#: What a stored document holds: integers within 64 bits (formspec.answers refuses others).
values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats()
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(values)
def test_any_json_text_reads_as_json_reads_it(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False)
    expected = json.loads(text)
    got = read_json(text)
    # NaN is the one value not equal to itself: compare its text instead
    assert json.dumps(got) == json.dumps(expected)
    assert read_json(text.encode()) == got or json.dumps(read_json(text.encode())) == json.dumps(
        got
    )


@pytest.mark.parametrize(
    "text",
    ['{"n": NaN}', '{"n": -Infinity}', '"\\ud800"', '{"a": 1, "a": 2}'],
)
def test_what_orjson_declines_or_reads_otherwise_is_read_as_json_reads_it(text: str) -> None:
    assert json.dumps(read_json(text)) == json.dumps(json.loads(text))


def test_a_whole_number_past_64_bits_is_never_stored() -> None:
    """orjson would read it as a float: the store refuses it, as the coordinator would."""
    from observer_app.formspec.answers import AnswerTypeError, check_answer
    from tests.analysis.factory import builtin_forms

    voting = builtin_forms().get("voting")
    number = next(q for q, question in voting.questions.items() if question.type == "integer")
    check_answer(voting, number, 2**63 - 1)
    with pytest.raises(AnswerTypeError, match="64 bits"):
        check_answer(voting, number, 2**63)


def test_broken_text_fails_as_json_fails() -> None:
    with pytest.raises(json.JSONDecodeError):
        read_json('{"answers": ')
