"""Starting the desktop app: the application object, the first run, the main window."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

from observer_app.domain.bundled import data_root
from observer_app.exchange.keys import KeyFileError, load_or_create_device_key
from observer_app.exchange.mission import MissionError
from observer_app.exchange.workspace import Workspace
from observer_app.store.paths import data_dir
from observer_app.store.settings import ObserverProfile
from observer_app.ui.first_run import FirstRunDialog
from observer_app.ui.i18n import LanguageSwitch, _
from observer_app.ui.main_window import MainWindow
from observer_app.ui.worker import DatabaseWorker

#: Set to make the app report the time to a usable window on stdout and quit (benchmark).
STARTUP_PROBE = "OBSERVER_APP_STARTUP_PROBE"


def window_settings() -> QSettings:
    """Preferences of this computer's window (language, size), beside the user's database."""
    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)


def _in_background(worker: DatabaseWorker, work: Callable[[], object]) -> Exception | None:
    """Run `work` on the database worker behind a busy indicator; the error, if any."""
    progress = QProgressDialog(_("Setting up the mission…"), "", 0, 0)
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    progress.show()
    failure: list[Exception] = []
    worker.submit(work, on_error=failure.append)
    while not worker.wait(50):
        QApplication.processEvents()
    QApplication.processEvents()
    progress.close()
    return failure[0] if failure else None


def set_up(workspace: Workspace, language: LanguageSwitch, worker: DatabaseWorker) -> bool:
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
            load_or_create_device_key()
            if package is None:
                workspace.set_up_builtin_mission(profile)
            else:
                workspace.set_up_from_package(package, profile)

        failure = _in_background(worker, work)
        if failure is None:
            return True
        if not isinstance(failure, MissionError | KeyFileError):
            raise failure
        dialog.show_error(str(failure))


def build_window(url: str | None = None) -> MainWindow | None:
    """The main window over the user's database (or `url`), after the first run if needed."""
    workspace = Workspace.open(url)
    worker = DatabaseWorker()
    language = LanguageSwitch(window_settings())
    if not set_up(workspace, language, worker):
        workspace.close()
        return None
    window = MainWindow(workspace, language, worker)
    worker.setParent(window)
    language.setParent(window)
    window.resize(1366, 768)
    return window


def run(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    application = QApplication.instance() or QApplication(list(argv or sys.argv))
    application.setApplicationName("Observer")
    application.setOrganizationName("Observer")
    if isinstance(application, QApplication):
        icon = data_root() / "resources" / "icons" / "observer-256.png"
        application.setWindowIcon(QIcon(str(icon)))
    window = build_window()
    if window is None:
        return 0
    window.show()
    if os.environ.get(STARTUP_PROBE):
        # Usable means the station search answers: the registry is read and indexed.
        def report() -> None:
            if window.picker.index is None:
                QTimer.singleShot(5, report)
                return
            print(f"usable after {time.perf_counter() - started:.3f} s", flush=True)
            window.close()
            application.quit()

        QTimer.singleShot(0, report)
    return application.exec()
