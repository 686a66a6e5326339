"""A share of a summary counted in a process of its own (`python -m observer_app.analysis`).

The parent writes (database URL, job) pickled to standard input and reads the share's
tallies pickled from standard output. A plain child process, not multiprocessing: it
does not re-import the caller's main module, so any script may call `summarize`.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import observer_app


def start(payload: Any) -> subprocess.Popen[bytes]:
    """Start a worker on `payload`; read its result with `finish`."""
    package_parent = str(Path(observer_app.__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": package_parent + (os.pathsep + path if path else "")}
    process = subprocess.Popen(
        [sys.executable, "-m", "observer_app.analysis"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stdin = process.stdin
    assert stdin is not None

    def feed() -> None:
        # From a thread: the pipe holds 64 KiB, and the child reads only once started.
        try:
            stdin.write(data)
            stdin.close()
        except BrokenPipeError:
            pass  # it died at start; `finish` says so

    threading.Thread(target=feed, daemon=True).start()
    return process


def finish(process: subprocess.Popen[bytes]) -> Any:
    """The worker's result; RuntimeError if it failed (its error went to standard error)."""
    assert process.stdout is not None
    data = process.stdout.read()
    if process.wait() != 0:
        raise RuntimeError(f"a counting process failed with exit status {process.returncode}")
    return pickle.loads(data)  # noqa: S301 - our own child's output
