"""The observer's window opens before the database: from the start-up snapshot, then attached.

What an observer sees: the station search answers at once on the second and later starts,
what they ask for in that first moment is done once the database is open, and a snapshot
that no longer matches the database never decides what they can pick.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from observer_app.domain.registry import Registry
from observer_app.store.paths import DATABASE_FILE
from observer_app.ui import app as app_module
from observer_app.ui.i18n import LanguageSwitch
from observer_app.ui.main_window import MainWindow
from observer_app.ui.tasks import TaskRunner
from observer_app.workspace.laptop import ObserverWorkspace as Workspace
from observer_app.workspace.startup import (
    read_snapshot,
    snapshot_path,
    write_snapshot,
)

ROOT = Path(__file__).resolve().parents[2]


def snapshot_file(home: Path) -> Path:
    return snapshot_path(home / DATABASE_FILE)


def open_and_wait(qtbot: QtBot) -> MainWindow:
    window = app_module.build_window()
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.picker.index is not None and window.workspace is not None)
    return window


def close_and_wait(qtbot: QtBot, window: MainWindow) -> None:
    window.close()
    assert window.workspace is not None
    window.workspace.close()


def test_the_window_module_loads_none_of_the_database_reporting_or_key_code() -> None:
    """Start-up imports only Qt and the picker's code; the rest loads after the window shows."""
    heavy = [
        "sqlalchemy",
        "alembic",
        "pydantic",
        "yaml",
        "cryptography",
        "nacl",
        "reportlab",
        "babel",
        "PIL",
        "pyxform",
        "observer_app.formspec",
        "observer_app.exchange",
        "observer_app.store.database",
        "observer_app.reporting",
        "observer_app.ui.coordinator",
        "observer_app.ui.form_view",
        "observer_app.ui.attachment_input",
    ]
    probe = (
        "import sys, observer_app.launcher, observer_app.ui.app, observer_app.ui.main_window\n"
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"


def test_a_second_start_shows_the_picker_from_the_snapshot_and_starts_a_form(
    qtbot: QtBot, observer_home: Path
) -> None:
    first = open_and_wait(qtbot)  # the first start reads the database and leaves the snapshot
    qtbot.waitUntil(lambda: snapshot_file(observer_home).is_file())
    close_and_wait(qtbot, first)
    snapshot = read_snapshot(snapshot_file(observer_home))
    assert snapshot is not None and len(snapshot.registry.stations) > 1000
    assert snapshot.who == "Айгүл Сейітова, Team 7"

    again = app_module.build_window()
    assert isinstance(again, MainWindow)
    qtbot.addWidget(again)
    assert again.snapshot == snapshot  # shown from it, before the database is read
    assert [b.objectName() for b in again.picker.form_buttons][:2] == [
        "form_opening",
        "form_voting",
    ]
    assert again.windowTitle() == "Observer — Айгүл Сейітова, Team 7"
    again.show()
    qtbot.waitUntil(lambda: again.picker.index is not None and again.workspace is not None)
    qtbot.keyClicks(again.picker.search_field, "MAN-369")
    qtbot.keyClick(again.picker.search_field, Qt.Key.Key_Return)
    assert again.pages.currentWidget() is again.form_view
    assert again.form_view.submission is not None
    assert again.form_view.submission.station_id == "MAN-369"
    close_and_wait(qtbot, again)


def test_a_station_chosen_before_the_database_opens_is_started_once_it_is(
    qtbot: QtBot, observer_home: Path
) -> None:
    workspace = Workspace.open()
    snapshot = workspace.startup_snapshot()
    workspace.close()
    assert snapshot is not None
    release = threading.Event()

    def slow_open() -> Workspace:
        release.wait(timeout=30)
        return Workspace.open()

    language, tasks = LanguageSwitch(app_module.window_settings()), TaskRunner()
    window = MainWindow.opening(snapshot, slow_open, language, tasks)
    qtbot.addWidget(window)
    window.show()
    window.picker.start.emit("voting", "AKM-1")  # the observer pressed Enter at once
    assert window.workspace is None
    assert window.pages.currentWidget() is window.picker
    release.set()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is getattr(window, "form_view", None))
    assert window.form_view.submission is not None
    assert window.form_view.submission.station_id == "AKM-1"
    window.close()
    assert window.workspace is not None
    window.workspace.close()


def test_a_snapshot_that_differs_from_the_database_gives_way_to_it(
    qtbot: QtBot, observer_home: Path
) -> None:
    """A stale snapshot (another mission's registry and forms) is replaced once the database
    opens: the picker then searches the database's stations and offers its forms."""
    workspace = Workspace.open()
    snapshot = workspace.startup_snapshot()
    workspace.close()
    assert snapshot is not None
    kept = snapshot.registry.stations[:3]
    stale = dataclasses.replace(
        snapshot,
        forms=snapshot.forms[:1],
        registry=Registry(snapshot.registry.regions, snapshot.registry.tecs, kept),
    )
    write_snapshot(snapshot_file(observer_home), stale)

    window = open_and_wait(qtbot)
    qtbot.waitUntil(lambda: len(window.picker.forms) == len(snapshot.forms))
    qtbot.waitUntil(lambda: window.picker.registry == snapshot.registry)
    qtbot.waitUntil(lambda: read_snapshot(snapshot_file(observer_home)) == snapshot)
    close_and_wait(qtbot, window)


def test_a_damaged_snapshot_only_means_the_database_is_read(
    qtbot: QtBot, observer_home: Path
) -> None:
    snapshot_file(observer_home).write_text('{"version": 1, "forms": [', encoding="utf-8")
    window = open_and_wait(qtbot)
    assert window.snapshot is None  # started from the database, as on a first start
    assert window.picker.registry is not None and len(window.picker.registry.stations) > 1000
    qtbot.waitUntil(lambda: read_snapshot(snapshot_file(observer_home)) is not None)
    close_and_wait(qtbot, window)
