"""One background thread for all database work, in order; results come back to the GUI thread.

As in Anki's task manager: the window never waits on the disk, and because the one worker
runs tasks in the order they were given, an autosave can never overtake an earlier one.
A task never touches a widget: it returns plain data, and the callback (run in the GUI
thread) updates the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:
            self._relay.failed.emit(error)
        else:
            self._relay.done.emit(result)


class DatabaseWorker(QObject):
    """Runs callables one after another off the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def submit(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        relay = _Relay()  # lives in the GUI thread: its signals are delivered there
        self._relays.add(relay)

        def finish(result: Any) -> None:
            self._relays.discard(relay)
            if on_done is not None:
                on_done(result)

        def fail(error: Exception) -> None:
            self._relays.discard(relay)
            if on_error is not None:
                on_error(error)
            else:
                raise error

        relay.done.connect(finish)
        relay.failed.connect(fail)
        self._pool.start(_Task(work, relay))

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every submitted task ran (on quit, and in tests)."""
        return self._pool.waitForDone(msecs)
