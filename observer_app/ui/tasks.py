"""The window's one task runner: database work in order, long work with progress and cancel.

Two lanes, as Anki's task manager and Picard's thread runner taught: a *serial* lane (one
thread) for database work, so an autosave is never overtaken by a later one, and a *long*
lane for merges, counts and exports, which report `(done, total)` as they go. The work
is a plain function that never touches a widget; its result, its error, its progress
and its cancellation come back as callbacks in the GUI thread, where widgets may change.
An error no callback takes is shown to the user in a message box, never lost.

Cancel is offered only where stopping is safe: a long task started with
`cancellable=True` gets a token and checks it between steps (a merge between files, as
each file is one transaction); it then ends as *cancelled*, which is not an error.
`shutdown()` on window close cancels what may be cancelled and waits for the rest, so
no thread outlives the window.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from enum import StrEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from observer_app.ui.i18n import _

T = TypeVar("T")

#: A long task's progress report: (done, total).
Progress = Callable[[int, int], None]

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    """How a task ended."""

    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Cancelled(BaseException):
    """Raised by `CancelToken.check` to stop a task between two steps.

    A BaseException, like asyncio's CancelledError: code that catches `Exception` around
    one step (the merge keeps going past a bad file) does not swallow the stop.
    """


class CancelToken:
    """Asked from the GUI thread, checked from the worker between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Stop here (raise `Cancelled`) if asked to; call it only where a stop is safe."""
        if self._event.is_set():
            raise Cancelled


class Task(Generic[T]):
    """One piece of work handed to the runner; its outcome is known in the GUI thread."""

    def __init__(
        self,
        work: Callable[[], T],
        *,
        on_done: Callable[[T], None] | None,
        on_error: Callable[[Exception], None] | None,
        on_progress: Progress | None = None,
        on_cancelled: Callable[[], None] | None = None,
        cancellable: bool = False,
        token: CancelToken | None = None,
    ) -> None:
        self._work = work
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self._on_cancelled = on_cancelled
        self.cancellable = cancellable
        self.token = token or CancelToken()
        #: Set in the GUI thread when the callbacks run; None while the task is under way.
        self.outcome: Outcome | None = None
        self.result: T | None = None
        self.error: Exception | None = None
        # Written by the worker, read by the GUI thread after the "ended" signal.
        self._ended: tuple[Outcome, T | None, Exception | None] | None = None
        # The newest progress not yet shown: a fast loop cannot flood the event queue.
        self._latest: tuple[int, int] | None = None
        self._lock = threading.Lock()
        #: Told when a stop is asked (the runner, so the window can grey its Cancel out).
        self._cancel_asked: Callable[[], None] | None = None

    @property
    def ended(self) -> bool:
        return self.outcome is not None

    @property
    def cancel_asked(self) -> bool:
        return self.token.cancelled

    def cancel(self) -> bool:
        """Ask the task to stop at its next safe point; False if it cannot be cancelled."""
        if not self.cancellable or self.ended:
            return False
        first = not self.token.cancelled
        self.token.cancel()
        if first and self._cancel_asked is not None:
            self._cancel_asked()
        return True


class _Run(QRunnable):
    def __init__(self, body: Callable[[], None]) -> None:
        super().__init__()
        self._body = body

    def run(self) -> None:
        self._body()


def show_error(parent: QWidget | None, error: Exception) -> QMessageBox:
    """The message box for an error no callback took: the reason, and details for support.

    Opened without blocking (window-modal over `parent`), so a result that arrives while
    it is up is still shown.
    """
    reason = str(error) or type(error).__name__
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        _("Observer"),
        reason,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("task_error")
    box.setDetailedText("".join(traceback.format_exception(error)))
    box.setAccessibleName(_("Error"))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class TaskRunner(QObject):
    """Runs the window's background work; one per window, shut down when it closes."""

    #: A long task started or ended, or a stop was asked: `busy`/`cancellable` may differ.
    changed = Signal()
    _progressed = Signal(object)
    _finished = Signal(object)

    def __init__(self, parent: QObject | None = None, *, long_threads: int = 2) -> None:
        super().__init__(parent)
        self._serial = QThreadPool(self)
        self._serial.setMaxThreadCount(1)
        self._long = QThreadPool(self)
        self._long.setMaxThreadCount(long_threads)
        self._pending: set[Task[Any]] = set()
        self._long_tasks: list[Task[Any]] = []
        self._closed = False
        # Emitted from a worker thread, received here in the GUI thread (queued).
        self._progressed.connect(self._show_progress)
        self._finished.connect(self._deliver)

    # --- starting work -------------------------------------------------------------

    def run_serial(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> Task[T]:
        """Database work, after every serial task given before it (autosave, quick reads)."""
        task: Task[T] = Task(work, on_done=on_done, on_error=on_error)
        return self._start(task, self._serial)

    def run_long(
        self,
        work: Callable[[Progress, CancelToken], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        on_progress: Progress | None = None,
        on_cancelled: Callable[[], None] | None = None,
        cancellable: bool = False,
    ) -> Task[T]:
        """Long work: `work(progress, token)` reports progress and, if `cancellable`,
        checks the token between steps where stopping leaves everything consistent."""
        token = CancelToken()
        task: Task[T] | None = None

        def progress(done: int, total: int) -> None:
            assert task is not None
            with task._lock:
                first = task._latest is None
                task._latest = (done, total)
            if first:
                self._progressed.emit(task)

        task = Task(
            lambda: work(progress, token),
            on_done=on_done,
            on_error=on_error,
            on_progress=on_progress,
            on_cancelled=on_cancelled,
            cancellable=cancellable,
            token=token,
        )
        task._cancel_asked = self.changed.emit
        self._start(task, self._long)
        if not task.ended:
            self._long_tasks.append(task)
            self.changed.emit()
        return task

    def _start(self, task: Task[T], pool: QThreadPool) -> Task[T]:
        if self._closed:
            log.info("task not started: the window is closing")
            task.outcome = Outcome.CANCELLED
            return task
        self._pending.add(task)
        pool.start(_Run(lambda: self._execute(task)))
        return task

    def _execute(self, task: Task[T]) -> None:
        """In a worker thread: run the work and send its end to the GUI thread."""
        try:
            result = task._work()
        except Cancelled:
            task._ended = (Outcome.CANCELLED, None, None)
        except Exception as error:
            task._ended = (Outcome.FAILED, None, error)
        else:
            task._ended = (Outcome.DONE, result, None)
        self._finished.emit(task)

    # --- in the GUI thread -----------------------------------------------------------

    def _show_progress(self, task: Task[Any]) -> None:
        with task._lock:
            latest, task._latest = task._latest, None
        on_progress = task._on_progress
        if latest is not None and on_progress is not None and not task.ended:
            done, total = latest
            self._call(lambda: on_progress(done, total))

    def _deliver(self, task: Task[Any]) -> None:
        assert task._ended is not None
        self._show_progress(task)  # the last step, if it has not been shown yet
        task.outcome, task.result, task.error = task._ended
        self._pending.discard(task)
        if task in self._long_tasks:
            self._long_tasks.remove(task)
            self.changed.emit()
        on_done, on_error, on_cancelled = task._on_done, task._on_error, task._on_cancelled
        result, error = task.result, task.error
        if task.outcome == Outcome.DONE:
            if on_done is not None:
                self._call(lambda: on_done(result))
        elif task.outcome == Outcome.CANCELLED:
            if on_cancelled is not None:
                self._call(on_cancelled)
        elif error is not None:
            log.error("a background task failed", exc_info=error)
            if on_error is not None:
                self._call(lambda: on_error(error))
            else:
                self.report(error)

    def _call(self, callback: Callable[[], object]) -> None:
        """Run a callback; what it raises is shown, as a task's error would be."""
        try:
            callback()
        except Exception as error:
            log.error("a task's callback failed", exc_info=error)
            self.report(error)

    def report(self, error: Exception) -> QMessageBox:
        """Show `error` in a message box over the window this runner belongs to."""
        parent = self.parent()
        return show_error(parent if isinstance(parent, QWidget) else None, error)

    # --- state, cancel, shutdown -----------------------------------------------------

    @property
    def busy(self) -> bool:
        """A long task is under way (its callbacks have not run yet)."""
        return bool(self._long_tasks)

    @property
    def idle(self) -> bool:
        """No task of either lane is waiting, running or waiting for its callbacks."""
        return not self._pending

    @property
    def cancellable(self) -> bool:
        """A long task could be asked to stop now."""
        return any(t.cancellable and not t.cancel_asked for t in self._long_tasks)

    def cancel(self) -> bool:
        """Ask every cancellable long task to stop at its next safe point."""
        return any([t.cancel() for t in self._long_tasks if not t.cancel_asked])

    def wait(self, msecs: int = -1) -> bool:
        """Block until every task given so far has run (their callbacks come later)."""
        serial = self._serial.waitForDone(msecs)
        return self._long.waitForDone(msecs) and serial

    def shutdown(self) -> None:
        """On window close: stop what may be stopped, wait for the rest, start nothing new.

        Serial work (an autosave) is never cancelled: it is waited for. The callbacks of
        tasks that end now still run when the event loop next turns.
        """
        self._closed = True
        self.cancel()
        self.wait()
