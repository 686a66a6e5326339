"""Screenshots of the coordinator's window at 1366x768 from a demo mission, for the README.

Run: python docs/coordinator_screenshots.py  (writes docs/images/coordinator-*.png)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from coordinator_window_shots import (
    IMAGES,
    application,
    coordinator_window,
    language_switch_to,
    settle,
)

from observer_app.exchange.demo import build_demo_mission
from observer_app.exchange.mission import install_mission, mission_library
from observer_app.store.database import open_database


def main() -> int:
    app = application()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        os.environ["OBSERVER_APP_HOME"] = str(folder / "home")
        demo = build_demo_mission(folder / "demo", teams=40)
        database = open_database(f"sqlite:///{folder / 'coordinator.db'}")
        with database.transaction() as session:
            install_mission(session, demo.package)
            forms = mission_library(session)
        window = coordinator_window(folder, database, forms, demo.key_file)
        settle(app, window)
        window.import_paths([demo.folder / "bundles"])
        settle(app, window)
        window.tabs.setCurrentWidget(window.import_page)
        settle(app, window)
        window.grab().save(str(IMAGES / "coordinator-import.png"))

        window.tabs.setCurrentWidget(window.dashboard)
        rows = window.dashboard.findings_model.rows
        window.dashboard.findings.setFocus()
        window.dashboard.findings.selectRow(
            next(i for i, r in enumerate(rows) if i > 0 and hasattr(r, "concern"))
        )
        settle(app, window)
        window.grab().save(str(IMAGES / "coordinator-dashboard.png"))

        window.conflicts.who.setText("Dana Seitkali")
        window.tabs.setCurrentWidget(window.conflicts)
        settle(app, window)
        window.grab().save(str(IMAGES / "coordinator-conflict.png"))

        # The import table with the file cut short, in Russian and Kazakh, at two sizes.
        window.tabs.setCurrentWidget(window.import_page)
        for language in ("ru", "kk"):
            language_switch_to(window, language)
            for width, height in ((1366, 768), (1280, 720)):
                window.resize(width, height)
                window.import_page.results.selectRow(0)  # refused files come first
                settle(app, window)
                name = f"coordinator-import-rejected-{language}-{width}x{height}.png"
                window.grab().save(str(IMAGES / name))
        # The dashboard, worded again on the switch (no recount), in Kazakh and Russian.
        window.tabs.setCurrentWidget(window.dashboard)
        for language in ("kk", "ru"):
            language_switch_to(window, language)
            for width, height in ((1366, 768), (1280, 720)):
                window.resize(width, height)
                window.dashboard.findings.selectRow(
                    next(i for i, r in enumerate(rows) if i > 0 and hasattr(r, "concern"))
                )
                settle(app, window)
                name = f"coordinator-dashboard-{language}-{width}x{height}.png"
                window.grab().save(str(IMAGES / name))
        language_switch_to(window, "en")
        window.close()
        database.close()
    for name in ("import", "dashboard", "conflict"):
        print(IMAGES / f"coordinator-{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
