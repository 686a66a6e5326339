"""A share of a summary counted in a process of its own (`python -m observer_app.analysis`).

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
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import observer_app


class Worker:
    """A worker process and its pipes; every failure of it is a RuntimeError here, after
    which its share is counted by the parent instead (slower, the same result)."""

    def __init__(self) -> None:
        package_parent = str(Path(observer_app.__file__).resolve().parents[1])
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": package_parent + (os.pathsep + path if path else "")}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "observer_app.analysis"],
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


class Workers:
    """The worker processes of one piece of work, by number. One that fails is dropped (it
    is heard as None from then on): the caller does its part itself."""

    def __init__(self) -> None:
        self._workers: list[Worker] = []
        self._gone: set[int] = set()

    def start(self, count: int, first: Any) -> None:
        """Start `count` workers and tell each the `first` message."""
        for _ in range(count):
            self._workers.append(Worker())
        self.tell_each(first)

    @property
    def running(self) -> bool:
        return len(self._gone) < len(self._workers)

    def tell_each(self, message: Any) -> None:
        self.tell([message] * len(self._workers))

    def tell(self, messages: Sequence[Any]) -> None:
        """Message `n` to worker `n`."""
        for number, message in enumerate(messages):
            if number not in self._gone:
                try:
                    self._workers[number].send(message)
                except RuntimeError:
                    self._gone.add(number)

    def hear(self, expected: Any = None) -> list[Any]:
        """Each worker's next message, in order: None from one that has gone, or that
        said something else than `expected` (when given)."""
        heard: list[Any] = []
        for number, helper in enumerate(self._workers):
            message = None
            if number not in self._gone:
                try:
                    message = helper.receive()
                except RuntimeError:
                    self._gone.add(number)
            if expected is not None and message != expected:
                self._gone.add(number)
                message = None
            heard.append(message)
        return heard

    def close(self) -> None:
        for helper in self._workers:
            helper.close()


def send(pipe: IO[bytes], message: Any) -> None:
    """One message onto a pipe, written as it is pickled: a share's tallies are tens of
    megabytes, which need not be held a second time as one string of bytes."""
    pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.flush()


def receive(pipe: IO[bytes]) -> Any:
    """The next message from a pipe, waited for."""
    return pickle.load(pipe)  # noqa: S301 - from our own parent
