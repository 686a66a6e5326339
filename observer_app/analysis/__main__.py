"""The worker process of `summarize`: counts one share, see `observer_app.analysis.worker`."""

from __future__ import annotations

import pickle
import sys

from observer_app.analysis.summary import count_in_process


def main() -> None:
    url, job = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - from our own parent
    result = count_in_process(url, job)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
