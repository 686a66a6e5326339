"""Screenshots of the coordinator's Results tab (quick count, published results beside the
observers' protocol copies, quarantine) from the demo mission, in en, ru and kk.

Run: python docs/results_screenshots.py  (writes docs/images/coordinator-results-*.png)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from observer_app.exchange.mission import mission_library
from observer_app.store.database import open_database
from observer_app.ui.coordinator import CoordinatorWindow
from observer_app.ui.i18n import LanguageSwitch
from observer_app.ui.tasks import TaskRunner
from observer_app.workspace.coordinator import CoordinatorWorkspace
from observer_app.workspace.demo import make_mission, run_demo

IMAGES = Path(__file__).resolve().parent / "images"


def settle(app: QApplication, window: CoordinatorWindow) -> None:
    for _round in range(50):
        window.tasks.wait()
        app.processEvents()
        if window.tasks.idle:
            app.processEvents()
            return


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        os.environ["OBSERVER_APP_HOME"] = str(folder / "home")
        run = run_demo(make_mission(folder / "demo", teams=40, seed=2021))
        database = open_database(f"sqlite:///{run.database_path}")
        with database.reading() as session:
            forms = mission_library(session)
        language = LanguageSwitch(
            QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        )
        language.set_language("en", remember=False)
        tasks = TaskRunner()
        window = CoordinatorWindow(CoordinatorWorkspace(database, forms), language, tasks)
        tasks.setParent(window)
        window.resize(1366, 768)
        window.show()
        window.results.who.setText("Dana Seitkali")
        window.tabs.setCurrentWidget(window.results)
        IMAGES.mkdir(parents=True, exist_ok=True)
        for code in ("en", "ru", "kk"):
            window.language_box.setCurrentIndex(["en", "ru", "kk"].index(code))
            settle(app, window)
            window.results.quarantine_view.selectRow(0)
            path = IMAGES / f"coordinator-results-{code}.png"
            window.grab().save(str(path))
            print(path)
        window.close()
        database.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
