"""A test must leave no Qt work behind: no QThread running, no timer active, no pool
thread busy, no window open.

Work left running after a test fires in the next one, against widgets and databases
that are gone: the flaky failures and segfaults Qt test suites are known for (napari's
conftest guards against them the same way). Starts are recorded by wrapping the Python
entry points (`QThread.start`, `QTimer.start`, `QTimer.singleShot` with a callable,
`QThreadPool.start`); windows are found among the application's top-level widgets once
pytest-qt has closed the ones handed to `qtbot.addWidget`.
"""

from __future__ import annotations

import itertools
import traceback
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QThread, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

#: How long a pool may take to wind down once its last task reported back (not a sleep:
#: waitForDone returns as soon as the pool is idle).
POOL_GRACE_MS = 1000


def _started_at() -> str:
    """Where the test code started the thing: the innermost frame outside this module."""
    frames = [f for f in traceback.extract_stack()[:-2] if f.filename != __file__]
    frame = frames[-1]
    return f"{frame.filename}:{frame.lineno}"


class _Starts:
    """What the test started; threads and timers weakly held: what Python frees is no leak."""

    def __init__(self) -> None:
        self.threads: weakref.WeakKeyDictionary[QThread, str] = weakref.WeakKeyDictionary()
        self.timers: weakref.WeakKeyDictionary[QTimer, str] = weakref.WeakKeyDictionary()
        # Held strongly: a wrapper such as QThreadPool.globalInstance()'s is freed at once.
        self.pools: dict[QThreadPool, str] = {}
        self.single_shots: dict[int, str] = {}
        self._numbers = itertools.count()

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        thread_start = QThread.start
        timer_start = QTimer.start
        pool_start = QThreadPool.start
        single_shot = QTimer.singleShot

        def start_thread(thread: QThread, *args: Any) -> None:
            self.threads[thread] = _started_at()
            thread_start(thread, *args)

        def start_timer(timer: QTimer, *args: Any) -> None:
            self.timers[timer] = _started_at()
            timer_start(timer, *args)

        def start_in_pool(pool: QThreadPool, *args: Any) -> None:
            self.pools.setdefault(pool, _started_at())
            pool_start(pool, *args)

        def start_single_shot(*args: Any) -> None:
            callback = args[-1]
            if len(args) != 2 or not callable(callback):
                single_shot(*args)  # a receiver and a slot: not followed
                return
            key = next(self._numbers)
            self.single_shots[key] = _started_at()

            def fire(callback: Callable[[], Any] = callback) -> None:
                self.single_shots.pop(key, None)
                callback()

            single_shot(args[0], fire)

        monkeypatch.setattr(QThread, "start", start_thread)
        monkeypatch.setattr(QTimer, "start", start_timer)
        monkeypatch.setattr(QThreadPool, "start", start_in_pool)
        monkeypatch.setattr(QTimer, "singleShot", staticmethod(start_single_shot))

    def leaks(self) -> list[str]:
        """What is still going, each with where it was started; stops it as it goes."""
        found: list[str] = []
        for thread, where in list(self.threads.items()):
            if _alive(thread.isRunning):
                found.append(f"a QThread still running, started at {where}")
                thread.quit()
        for timer, where in list(self.timers.items()):
            if _alive(timer.isActive):
                found.append(f"a QTimer still active, started at {where}")
                timer.stop()
        for where in self.single_shots.values():
            found.append(f"a QTimer.singleShot not yet fired, started at {where}")
        for pool, where in list(self.pools.items()):
            if _alive(lambda pool=pool: not pool.waitForDone(POOL_GRACE_MS)):
                found.append(f"a QThreadPool thread still busy, first used at {where}")
                pool.clear()
        application = QApplication.instance()
        if isinstance(application, QApplication):
            for widget in application.topLevelWidgets():
                if _alive(widget.isVisible):
                    name = widget.objectName() or "no object name"
                    found.append(f"a window still open: {type(widget).__name__} ({name})")
                    widget.close()
        return found


def _alive(probe: Callable[[], bool]) -> bool:
    """The probe's answer; False when Qt already deleted the object behind it."""
    try:
        return probe()
    except RuntimeError:  # "Internal C++ object already deleted"
        return False


@pytest.fixture(autouse=True)
def qt_leak_guard(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test (at teardown) if it leaves Qt work or a window behind."""
    starts = _Starts()
    starts.install(monkeypatch)
    yield
    QApplication.processEvents()  # callbacks of work that has just ended
    leaks = starts.leaks()
    if leaks:
        pytest.fail(
            "The test left Qt work behind; wait for it, stop it or close it before the "
            "test ends (a window: qtbot.addWidget; a task runner: shutdown()):\n  "
            + "\n  ".join(leaks),
            pytrace=False,
        )
