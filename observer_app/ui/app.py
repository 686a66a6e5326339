"""Starting the desktop app: the application object, the first run, the main window."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QProgressDialog

from observer_app.domain.bundled import icons_dir
from observer_app.store.paths import DATABASE_FILE, data_dir
from observer_app.ui.geometry import place_window
from observer_app.ui.i18n import LanguageSwitch, _
from observer_app.ui.main_window import MainWindow
from observer_app.ui.tasks import TaskRunner
from observer_app.workspace.startup import (
    StartupSnapshot,
    forget_snapshot,
    read_snapshot,
    snapshot_path,
)

if TYPE_CHECKING:  # the database's code loads after the observer's window is up
    from observer_app.ui.coordinator import CoordinatorWindow
    from observer_app.workspace.laptop import ObserverProfile, ObserverWorkspace

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
    from observer_app.ui.first_run import FirstRunDialog
    from observer_app.workspace.errors import WorkspaceError
    from observer_app.workspace.keys import device_key
    from observer_app.workspace.laptop import MissionError

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
    settings = window_settings()
    language = LanguageSwitch(settings)
    if url is None and current_mode() == OBSERVER_MODE:
        snapshot_file = snapshot_path(data_dir() / DATABASE_FILE)
        snapshot = read_snapshot(snapshot_file)
        if snapshot is not None:
            return _observer_window_at_once(snapshot, snapshot_file, language, settings)
    return _window_from_database(url, language, settings)


def _observer_window_at_once(
    snapshot: StartupSnapshot, snapshot_file: Path, language: LanguageSwitch, settings: QSettings
) -> MainWindow:
    """The observer's window from the start-up snapshot, the database opening behind it."""
    tasks = TaskRunner()

    def open_workspace() -> ObserverWorkspace:
        from observer_app.workspace.laptop import ObserverWorkspace

        return ObserverWorkspace.open()

    def not_set_up(window: MainWindow) -> None:
        # The database was removed or replaced since the snapshot: set up as on a first run.
        forget_snapshot(snapshot_file)
        replacement = _window_from_database(None, LanguageSwitch(window_settings()), settings)
        window.close()
        if replacement is not None:
            replacement.show()
        _open_windows[:] = [replacement] if replacement is not None else []

    window = MainWindow.opening(snapshot, open_workspace, language, tasks, on_not_set_up=not_set_up)
    _finish(window, tasks, language, settings, None)
    return window


def _window_from_database(
    url: str | None, language: LanguageSwitch, settings: QSettings
) -> QMainWindow | None:
    from observer_app.workspace.laptop import ObserverWorkspace

    workspace = ObserverWorkspace.open(url)
    tasks = TaskRunner()
    if not set_up(workspace, language, tasks):
        tasks.shutdown()
        workspace.close()
        return None
    window: MainWindow | CoordinatorWindow
    if current_mode() == COORDINATOR_MODE:
        # The coordinator's window and its counting, merging and printing code load only here,
        # so an observer's window opens without them.
        from observer_app.ui.coordinator import CoordinatorWindow
        from observer_app.workspace.coordinator import CoordinatorWorkspace

        desk = CoordinatorWorkspace(workspace.database, workspace.forms)
        window = CoordinatorWindow(desk, language, tasks)
    else:
        window = MainWindow(workspace, language, tasks)
    _finish(window, tasks, language, settings, url)
    return window


def _finish(
    window: MainWindow | CoordinatorWindow,
    tasks: TaskRunner,
    language: LanguageSwitch,
    settings: QSettings,
    url: str | None,
) -> None:
    tasks.setParent(window)  # errors are shown over the window; it shuts the runner down
    language.setParent(window)
    place_window(window, settings)
    window.mode_switch_requested.connect(lambda: switch_mode(window, url))


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
            # The wall clock too, so a benchmark can count from the moment it spawned us.
            print(
                f"usable after {time.perf_counter() - started:.3f} s at {time.time():.6f}",
                flush=True,
            )
            window.close()
            application.quit()

        QTimer.singleShot(0, report)
    return application.exec()
