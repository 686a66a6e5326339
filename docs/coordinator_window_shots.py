"""What the screenshot scripts share: the coordinator's window, offscreen at 1366x768 over
a demo mission's database, and a way to wait until its background work is done.

Used by docs/coordinator_screenshots.py and docs/results_screenshots.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from observer_app.formspec import FormLibrary
from observer_app.store.database import Database
from observer_app.ui.coordinator import CoordinatorWindow
from observer_app.ui.i18n import LanguageSwitch
from observer_app.ui.tasks import TaskRunner
from observer_app.workspace.coordinator import CoordinatorWorkspace

IMAGES = Path(__file__).resolve().parent / "images"


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    IMAGES.mkdir(parents=True, exist_ok=True)
    return app


def coordinator_window(
    folder: Path, database: Database, forms: FormLibrary, key_file: Path | None = None
) -> CoordinatorWindow:
    """The window in English at 1366x768, shown; its settings kept in `folder`."""
    language = LanguageSwitch(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    language.set_language("en", remember=False)
    tasks = TaskRunner()
    window = CoordinatorWindow(CoordinatorWorkspace(database, forms, key_file), language, tasks)
    tasks.setParent(window)
    window.resize(1366, 768)
    window.show()
    return window


def settle(app: QApplication, window: CoordinatorWindow) -> None:
    """Until the window's background work is done and its results shown."""
    for _round in range(50):
        window.tasks.wait()
        app.processEvents()
        if window.tasks.idle:
            app.processEvents()
            return


def language_switch_to(window: CoordinatorWindow, language: str) -> None:
    """As the language box does it, so the box shows the language too."""
    window.language_box.setCurrentIndex(["en", "ru", "kk"].index(language))
