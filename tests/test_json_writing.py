"""Canonical JSON is written by orjson where it can: the bytes must be json's, always.

A record's hashes are taken over these bytes; a byte written otherwise than an earlier
release wrote it would make every merged record look altered.
"""

from __future__ import annotations

import enum
import json
import uuid
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observer_app.domain.json_writing import sorted_json


class Answer(enum.StrEnum):
    YES = "yes"


class Count(enum.IntEnum):
    ONE = 1


#: Anything a caller might hand over: floats of every kind, integers past 64 bits, text
#: with lone surrogates, tuples, enums, keys that are not text.
values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63 - 2, max_value=2**64 + 2)
    | st.floats()
    | st.floats(min_value=-1e-3, max_value=1e-3)
    | st.text()
    | st.text(st.characters(codec=None, categories=("Cs", "Cc", "Zl", "Lo")), max_size=3)
    | st.sampled_from([Answer.YES, Count.ONE]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)
    ),
    max_leaves=20,
)


def _standard(value: Any, allow_nan: bool) -> bytes | type[BaseException]:
    try:
        return json.dumps(
            value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=allow_nan
        ).encode("utf-8")
    except (TypeError, ValueError) as error:
        return type(error)


def _ours(value: Any, allow_nan: bool) -> bytes | type[BaseException]:
    try:
        return sorted_json(value, allow_nan=allow_nan)
    except (TypeError, ValueError) as error:
        return type(error)


@given(values, st.booleans())
def test_any_value_is_written_as_json_writes_it_or_refused_as_json_refuses_it(
    value: Any, allow_nan: bool
) -> None:
    assert _ours(value, allow_nan) == _standard(value, allow_nan)


@pytest.mark.parametrize(
    "value",
    [
        {"small": 1e-05, "large": 1e16, "nan": float("nan")},
        {"past 64 bits": 2**64},
        {"lone surrogate": "\ud800"},
        {"b": 1, "a": {"é": [1, "\u2028", "\x7f", "\x00"], "\U0001f600": None}},
        {"day": date(2021, 1, 10)},
        {"id": uuid.UUID(int=1)},
        {1: "an integer key"},
    ],
)
def test_what_orjson_would_write_otherwise_is_left_to_json(value: Any) -> None:
    for allow_nan in (False, True):
        assert _ours(value, allow_nan) == _standard(value, allow_nan)
