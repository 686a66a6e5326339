"""JSON text read back: the stored documents and records, many thousand at a time.

A summary, an export or a merge reads every stored submission once, and decoding its
document is the largest single cost after the disk (tests/benchmarks/bench_report.py):
orjson does it in half the time of the standard library. What it declines (NaN, lone
surrogates) is read by `json` as before. The one thing it reads otherwise, an integer
past 64 bits (as a float), never is in a stored document: an answer is refused such a
number when stored (formspec.answers) and a hand-in carrying one is refused whole
(exchange.documents).
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def read_json(text: str | bytes) -> Any:
    """`text` decoded, as `json.loads` decodes a document this application wrote."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
