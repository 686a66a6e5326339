"""Starting the desktop app: the application object, the first run, the main window."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QProgressDialog

from observer_app.domain.bundled import icons_dir
from observer_app.store.paths import data_dir
from observer_app.ui.first_run import FirstRunDialog
from observer_app.ui.i18n import LanguageSwitch, _
from observer_app.ui.main_window import MainWindow
from observer_app.ui.tasks import TaskRunner
from observer_app.workspace.errors import WorkspaceError
from observer_app.workspace.keys import device_key
from observer_app.workspace.laptop import MissionError, ObserverProfile, ObserverWorkspace

#: Set to make the app report the time to a usable window on stdout and quit (benchmark).
STARTUP_PROBE = "OBSERVER_APP_STARTUP_PROBE"


def window_settings() -> QSettings:
    """Preferences of this computer's window (language, size), beside the user's database."""
    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)


def _in_background(tasks: TaskRunner, work: Callable[[], object]) -> Exception | None:
    """Run `work` off the GUI thread behind a busy indicator; the error, if any."""
    progress = QProgressDialog(_("Setting up the mission…"), "", 0, 0)
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    progress.show()
    failure: list[Exception] = []
    loop = QEventLoop()

    def failed(error: Exception) -> None:
        failure.append(error)
        loop.quit()

    task = tasks.run_serial(work, on_done=lambda _result: loop.quit(), on_error=failed)
    if not task.ended:
        loop.exec()  # the window repaints meanwhile; ends when the callback has run
    progress.close()
    return failure[0] if failure else None


def set_up(workspace: ObserverWorkspace, language: LanguageSwitch, tasks: TaskRunner) -> bool:
    """First run: who observes and for which mission, set up without freezing the window.

    The device key is made here too, so its fingerprint can be noted at the briefing.
    """
    if workspace.is_set_up():
        return True
    dialog = FirstRunDialog(language)
    while True:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        profile, package = dialog.profile(), dialog.package_path()

        def work(profile: ObserverProfile = profile, package: Path | None = package) -> None:
            device_key()
            if package is None:
                workspace.set_up_builtin_mission(profile)
            else:
                workspace.set_up_from_package(package, profile)

        failure = _in_background(tasks, work)
        if failure is None:
            window_settings().setValue("mode", dialog.mode())
            return True
        if not isinstance(failure, MissionError | WorkspaceError):
            raise failure
        dialog.show_error(str(failure))


OBSERVER_MODE = "observer"
COORDINATOR_MODE = "coordinator"


def current_mode() -> str:
    mode = str(window_settings().value("mode", OBSERVER_MODE))
    return mode if mode in (OBSERVER_MODE, COORDINATOR_MODE) else OBSERVER_MODE


def build_window(url: str | None = None) -> QMainWindow | None:
    """The window of the mode last used (observer or coordinator) over the user's database
    (or `url`), after the first run if needed."""
    workspace = ObserverWorkspace.open(url)
    tasks = TaskRunner()
    settings = window_settings()
    language = LanguageSwitch(settings)
    if not set_up(workspace, language, tasks):
        tasks.shutdown()
        workspace.close()
        return None
    window: QMainWindow
    if current_mode() == COORDINATOR_MODE:
        # The coordinator's window and its counting, merging and printing code load only here,
        # so an observer's window opens without them.
        from observer_app.ui.coordinator import CoordinatorWindow
        from observer_app.workspace.coordinator import CoordinatorWorkspace

        desk = CoordinatorWorkspace(workspace.database, workspace.forms)
        window = CoordinatorWindow(desk, language, tasks)
    else:
        window = MainWindow(workspace, language, tasks)
    tasks.setParent(window)  # errors are shown over the window; it shuts the runner down
    language.setParent(window)
    window.resize(1366, 768)
    window.mode_switch_requested.connect(lambda: switch_mode(window, url))
    return window


_open_windows: list[QMainWindow] = []


def switch_mode(window: QMainWindow, url: str | None = None) -> QMainWindow | None:
    """Close `window` and open the other mode's window over the same database."""
    settings = window_settings()
    other = COORDINATOR_MODE if current_mode() == OBSERVER_MODE else OBSERVER_MODE
    settings.setValue("mode", other)
    settings.sync()
    window.close()
    replacement = build_window(url)
    if replacement is not None:
        replacement.show()
        _open_windows[:] = [replacement]  # the window outlives this call
    return replacement


def run(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    application = QApplication.instance() or QApplication(list(argv or sys.argv))
    application.setApplicationName("Observer")
    application.setOrganizationName("Observer")
    if isinstance(application, QApplication):
        icon = icons_dir() / "observer-256.png"
        application.setWindowIcon(QIcon(str(icon)))
    window = build_window()
    if window is None:
        return 0
    window.show()
    _open_windows[:] = [window]
    if os.environ.get(STARTUP_PROBE):
        # Usable means the station search answers: the registry is read and indexed.
        def report() -> None:
            if isinstance(window, MainWindow) and window.picker.index is None:
                QTimer.singleShot(5, report)
                return
            print(f"usable after {time.perf_counter() - started:.3f} s", flush=True)
            window.close()
            application.quit()

        QTimer.singleShot(0, report)
    return application.exec()
