"""Counting processes that fail, for tests/analysis/test_sharing.py (run as `python -m`).

`taking`: answers like a real worker until it is handed its first range of stations, and
dies before counting it. `silent`: never says a word (a process that cannot start).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from observer_app.analysis import worker
from observer_app.analysis.summary import count_in_process


def dies_with_a_range() -> None:
    def receive() -> Any:
        message = worker.receive(sys.stdin.buffer)
        if isinstance(message, tuple):  # a range of stations: gone, uncounted
            os._exit(3)
        return message

    count_in_process(receive, lambda message: worker.send(sys.stdout.buffer, message))


def says_nothing() -> None:
    sys.stdin.buffer.read()  # until the summary lets it go


if __name__ == "__main__":
    {"taking": dies_with_a_range, "silent": says_nothing}[os.environ["FAILING_WORKER"]]()
