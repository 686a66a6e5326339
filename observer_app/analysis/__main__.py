"""The worker process of `summarize`: counts one share, see `observer_app.analysis.worker`."""

from __future__ import annotations

import sys

from observer_app.analysis import worker
from observer_app.analysis.summary import count_in_process


def main() -> None:
    count_in_process(
        lambda: worker.receive(sys.stdin.buffer),
        lambda message: worker.send(sys.stdout.buffer, message),
    )


if __name__ == "__main__":
    main()
