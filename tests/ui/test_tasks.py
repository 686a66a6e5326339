"""The window's task runner: order, progress, errors, cancel and close, as a user meets them."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThread
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from observer_app.ui import tasks as tasks_module
from observer_app.ui.tasks import CancelToken, Outcome, Progress, Task, TaskRunner

#: Upper bound for a worker waiting on the test; reached only when a test is broken.
STUCK = 10


class Window(QWidget):
    """A window that owns a runner and shuts it down on close, as the real windows do."""

    def __init__(self) -> None:
        super().__init__()
        self.tasks = TaskRunner(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.shutdown()
        super().closeEvent(event)


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[Window]:
    shown = Window()
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.close()


def in_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()  # type: ignore[union-attr]


def ended(qtbot: QtBot, task: Task[object]) -> None:
    qtbot.waitUntil(lambda: task.ended, timeout=5000)


def test_database_tasks_run_and_report_in_the_order_given(window: Window, qtbot: QtBot) -> None:
    """An autosave never overtakes an earlier one, even when the earlier one is slow."""
    first_may_finish = threading.Event()
    written: list[int] = []
    reported: list[int] = []

    def save(number: int) -> int:
        if number == 0:
            first_may_finish.wait(STUCK)  # the first write is slow
        written.append(number)
        return number

    for number in range(20):
        window.tasks.run_serial(lambda n=number: save(n), on_done=reported.append)
    assert not window.tasks.idle
    first_may_finish.set()
    qtbot.waitUntil(lambda: window.tasks.idle, timeout=5000)
    assert written == list(range(20))
    assert reported == list(range(20))


def test_progress_and_result_arrive_in_the_gui_thread(window: Window, qtbot: QtBot) -> None:
    worked_in_gui_thread: list[bool] = []
    shown: list[tuple[int, int, bool]] = []

    def work(progress: Progress, _token: CancelToken) -> str:
        worked_in_gui_thread.append(in_gui_thread())
        for done in range(1, 4):
            progress(done, 3)
        return "merged"

    results: list[tuple[str, bool]] = []
    task = window.tasks.run_long(
        work,
        on_done=lambda result: results.append((result, in_gui_thread())),
        on_progress=lambda done, total: shown.append((done, total, in_gui_thread())),
    )
    assert window.tasks.busy
    ended(qtbot, task)
    assert worked_in_gui_thread == [False]
    assert results == [("merged", True)]
    assert shown[-1] == (3, 3, True)  # the last step is always shown
    assert all(gui for _done, _total, gui in shown)
    assert [done for done, _total, _gui in shown] == sorted(done for done, _t, _g in shown)
    assert task.outcome == Outcome.DONE and task.result == "merged"
    assert not window.tasks.busy


def test_an_error_reaches_the_error_callback_and_no_box_opens(window: Window, qtbot: QtBot) -> None:
    def work() -> None:
        raise ValueError("team-07.zip: not a ZIP file")

    errors: list[tuple[str, bool]] = []
    task = window.tasks.run_serial(
        work, on_done=lambda _r: None, on_error=lambda e: errors.append((str(e), in_gui_thread()))
    )
    ended(qtbot, task)
    assert errors == [("team-07.zip: not a ZIP file", True)]
    assert task.outcome == Outcome.FAILED
    assert window.findChildren(QMessageBox) == []


def error_box(window: QWidget) -> QMessageBox | None:
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    return boxes[0] if boxes else None


def test_an_error_no_callback_takes_is_shown_in_the_window(window: Window, qtbot: QtBot) -> None:
    def work() -> None:
        raise OSError("the USB stick was removed")

    window.tasks.run_serial(work)
    qtbot.waitUntil(lambda: error_box(window) is not None, timeout=5000)
    box = error_box(window)
    assert box is not None
    assert box.text() == "the USB stick was removed"
    assert box.icon() == QMessageBox.Icon.Critical
    assert "OSError" in box.detailedText()  # for whoever supports the user
    box.close()


def test_a_failing_callback_is_shown_too(
    window: Window, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[QWidget | None, str]] = []
    monkeypatch.setattr(
        tasks_module, "show_error", lambda parent, error: shown.append((parent, str(error)))
    )

    def broken_screen_update(_result: int) -> None:
        raise KeyError("region")

    window.tasks.run_serial(lambda: 1, on_done=broken_screen_update)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown == [(window, "'region'")]


def test_cancel_between_steps_ends_as_cancelled_not_as_an_error(
    window: Window, qtbot: QtBot
) -> None:
    next_step = threading.Event()
    steps_done: list[int] = []

    def merge(progress: Progress, token: CancelToken) -> str:
        for step in range(1, 4):
            steps_done.append(step)  # one file, one transaction
            progress(step, 3)
            next_step.wait(STUCK)
            token.check()  # between two files: a safe place to stop
        return "all merged"

    outcomes: list[str] = []
    task = window.tasks.run_long(
        merge,
        on_done=lambda _r: outcomes.append("done"),
        on_error=lambda _e: outcomes.append("error"),
        on_progress=lambda done, _total: outcomes.append(f"progress {done}"),
        on_cancelled=lambda: outcomes.append("cancelled"),
        cancellable=True,
    )
    qtbot.waitUntil(lambda: "progress 1" in outcomes, timeout=5000)
    assert window.tasks.cancellable
    with qtbot.waitSignal(window.tasks.changed, timeout=1000):
        assert task.cancel()
    assert not window.tasks.cancellable  # asked once: nothing more to cancel
    next_step.set()
    ended(qtbot, task)
    assert steps_done == [1]
    assert outcomes == ["progress 1", "cancelled"]
    assert task.outcome == Outcome.CANCELLED and task.error is None


def test_work_that_cannot_stop_safely_cannot_be_cancelled(window: Window, qtbot: QtBot) -> None:
    may_finish = threading.Event()

    def count(progress: Progress, _token: CancelToken) -> int:
        may_finish.wait(STUCK)
        progress(1, 1)
        return 42

    task = window.tasks.run_long(count)
    assert window.tasks.busy and not window.tasks.cancellable
    assert not task.cancel() and not window.tasks.cancel()
    may_finish.set()
    ended(qtbot, task)
    assert (task.outcome, task.result) == (Outcome.DONE, 42)


def test_closing_the_window_stops_what_may_stop_and_waits_for_the_rest(
    window: Window, qtbot: QtBot
) -> None:
    """No thread outlives the window; an autosave given before the close is written."""
    merge_may_go_on = threading.Event()
    saved: list[str] = []

    def merge(progress: Progress, token: CancelToken) -> None:
        progress(1, 2)
        merge_may_go_on.wait(STUCK)
        token.check()

    merge_task = window.tasks.run_long(merge, cancellable=True)
    # The close's cancel lets the merge go on to its check (the changed signal is direct).
    window.tasks.changed.connect(lambda: merge_may_go_on.set() if merge_task.cancel_asked else None)
    save_task = window.tasks.run_serial(lambda: saved.append("comments"))
    window.close()
    assert saved == ["comments"]  # written before close returned
    assert window.tasks.wait(0)  # every thread has ended
    late = window.tasks.run_serial(lambda: saved.append("too late"))
    assert late.outcome == Outcome.CANCELLED  # nothing starts once the window is closed
    qtbot.waitUntil(lambda: window.tasks.idle, timeout=5000)
    assert merge_task.outcome == Outcome.CANCELLED
    assert save_task.outcome == Outcome.DONE
    assert saved == ["comments"]
