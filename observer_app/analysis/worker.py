"""Part of a summary counted in a process of its own (`python -m observer_app.analysis`).

Parent and worker talk in pickled messages over the worker's standard input and output;
what they say is the summary's business (`analysis.summary`). A plain child process, not
multiprocessing: it does not re-import the caller's main module, so any script may call
`summarize`.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import observer_app


class Worker:
    """A worker process and its pipes; every failure of it is a RuntimeError here, after
    which what it took is counted by the parent instead (slower, the same result)."""

    #: What the process runs (`python -m MODULE`).
    MODULE = "observer_app.analysis"

    def __init__(self) -> None:
        package_parent = str(Path(observer_app.__file__).resolve().parents[1])
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": package_parent + (os.pathsep + path if path else "")}
        self._process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", self.MODULE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    def send(self, message: Any) -> None:
        """Hand the worker a message; it is waiting for it (or has gone: RuntimeError)."""
        stdin = self._process.stdin
        assert stdin is not None
        try:
            send(stdin, message)
        except (BrokenPipeError, ValueError):  # ValueError: a pipe closed after a failure
            raise self._failed() from None

    def receive(self) -> Any:
        """The worker's next message, waited for; RuntimeError if it has gone."""
        assert self._process.stdout is not None
        try:
            return pickle.load(self._process.stdout)  # noqa: S301 - our own child's output
        except (EOFError, pickle.UnpicklingError, ValueError):
            raise self._failed() from None

    def kill(self) -> None:
        """End the worker now: whoever waits for its next message hears that it has gone."""
        if self._process.poll() is None:
            self._process.kill()

    def close(self) -> None:
        """Let the worker go: ended if it is still running (a summary that failed)."""
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                pipe.close()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()

    def _failed(self) -> RuntimeError:
        if self._process.poll() is None:  # alive but saying nonsense: of no more use
            self._process.kill()
        status = self._process.wait()
        return RuntimeError(f"a counting process failed with exit status {status}")


def send(pipe: IO[bytes], message: Any) -> None:
    """One message onto a pipe, written as it is pickled: a share's tallies are tens of
    megabytes, which need not be held a second time as one string of bytes."""
    pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.flush()


def receive(pipe: IO[bytes]) -> Any:
    """The next message from a pipe, waited for."""
    return pickle.load(pipe)  # noqa: S301 - from our own parent
