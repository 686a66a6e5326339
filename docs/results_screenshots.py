"""Screenshots of the coordinator's Results tab (quick count, published results beside the
observers' protocol copies, quarantine) from the demo mission, in en, ru and kk.

Run: python docs/results_screenshots.py  (writes docs/images/coordinator-results-*.png)
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

from observer_app.exchange.mission import mission_library
from observer_app.store.database import open_database
from observer_app.workspace.demo import make_mission, run_demo


def main() -> int:
    app = application()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        os.environ["OBSERVER_APP_HOME"] = str(folder / "home")
        run = run_demo(make_mission(folder / "demo", teams=40, seed=2021))
        database = open_database(f"sqlite:///{run.database_path}")
        with database.reading() as session:
            forms = mission_library(session)
        window = coordinator_window(folder, database, forms)
        window.results.who.setText("Dana Seitkali")
        window.tabs.setCurrentWidget(window.results)
        for code in ("en", "ru", "kk"):
            language_switch_to(window, code)
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
