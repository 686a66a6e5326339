"""The guard of tests/ui/qt_guard.py fails a test that leaves Qt work or a window behind.

Proven on a sandboxed test file (pytester) whose tests each leak one kind of thing; the
guard must name each leak and let the clean tests pass.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

LEAKY_TESTS = '''
import threading

import pytest
from PySide6.QtCore import QRunnable, QThread, QThreadPool, QTimer
from PySide6.QtWidgets import QWidget

kept = []  # what each leaky test keeps alive, as a forgotten attribute would
pool_may_finish = threading.Event()


@pytest.fixture(autouse=True, scope="module")
def release_the_pool():
    """Let the blocked pool task end once the guard has seen it (after its teardown)."""
    yield
    pool_may_finish.set()
    QThreadPool.globalInstance().waitForDone()


def test_leaves_a_timer_running(qtbot):
    timer = QTimer()
    timer.start(60000)
    kept.append(timer)


def test_leaves_a_qthread_running(qtbot):
    thread = QThread()
    thread.start()
    kept.append(thread)


class Blocked(QRunnable):
    def run(self):
        pool_may_finish.wait(30)


def test_leaves_a_pool_thread_busy(qtbot):
    QThreadPool.globalInstance().start(Blocked())


def test_leaves_a_window_open(qtbot):
    window = QWidget()
    window.setObjectName("forgotten_window")
    window.show()
    kept.append(window)


def test_leaves_a_single_shot_pending(qtbot):
    QTimer.singleShot(60000, lambda: None)


def test_stops_its_timer_and_waits_for_its_thread(qtbot):
    timer = QTimer()
    timer.start(60000)
    timer.stop()
    thread = QThread()
    thread.start()
    thread.quit()
    thread.wait()
    window = QWidget()
    qtbot.addWidget(window)  # closed by pytest-qt before the guard looks
    window.show()
'''


def test_the_guard_names_every_kind_of_leak(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the sandbox imports the guard from tests/
    pytester.makeconftest(
        "from tests.ui.qt_guard import qt_leak_guard\n__all__ = ['qt_leak_guard']\n"
    )
    pytester.makepyfile(test_leaky=LEAKY_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=6, errors=5)
    output = result.stdout.str()
    for leak in (
        "a QTimer still active",
        "a QThread still running",
        "a QThreadPool thread still busy",
        "a window still open: QWidget (forgotten_window)",
        "a QTimer.singleShot not yet fired",
    ):
        assert leak in output, leak
    assert "test_leaky.py:" in output  # where the leaking thing was started
    assert "ERROR at teardown of test_stops_its_timer" not in output
