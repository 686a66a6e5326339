"""Long work (merge, counting, export) on a thread of its own, its progress and result sent back.

As Picard's thread runner: the work is a plain function that takes a progress callback;
`progress`, `done` and `failed` are delivered in the GUI thread, where widgets may change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

#: A progress callback: (done, total).
Progress = Callable[[int, int], None]


class Job(QObject):
    """One run of `work(progress)`; connect to its signals before `start`."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self.running = False

    def run(self) -> None:
        try:
            result = self._work(lambda done, total: self.progress.emit(done, total))
        except Exception as error:
            self.failed.emit(error)
        else:
            self.done.emit(result)


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        self._job.run()


class Runner(QObject):
    """Starts jobs on a pool of its own; keeps each job alive until it has finished."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._jobs: set[Job] = set()

    def start(
        self,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Job:
        job = Job(work)  # lives in the GUI thread: its signals are delivered there
        self._jobs.add(job)
        if on_progress is not None:
            job.progress.connect(on_progress)

        def finish(result: Any) -> None:
            self._jobs.discard(job)
            on_done(result)

        def fail(error: Exception) -> None:
            self._jobs.discard(job)
            on_error(error)

        job.done.connect(finish)
        job.failed.connect(fail)
        self._pool.start(_Runnable(job))
        return job

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def wait(self, msecs: int = 60000) -> bool:
        return self._pool.waitForDone(msecs)
