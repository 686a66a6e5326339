"""A coordinator's window over a database set up for a mission: the set-up and tear-down
every coordinator window test needs, so that each test says only what it shows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from observer_app.exchange.mission import MissionPackage, install_mission, mission_library
from observer_app.store.database import open_database
from observer_app.store.settings import ObserverProfile, put_observer
from observer_app.ui.coordinator import CoordinatorWindow
from observer_app.ui.i18n import LanguageSwitch
from observer_app.ui.tasks import TaskRunner
from observer_app.workspace.coordinator import CoordinatorWorkspace


@contextmanager
def coordinator_window(
    qtbot: QtBot,
    folder: Path,
    package: MissionPackage,
    key_file: Path | None,
    *,
    url: str | None = None,
    coordinator: ObserverProfile | None = None,
) -> Iterator[CoordinatorWindow]:
    """The window over a fresh database with `package` installed (and the coordinator's
    name from the first run, when given); closed, and the language put back, afterwards."""
    database = open_database(url or f"sqlite:///{folder / 'coordinator.db'}")
    with database.transaction() as session:
        install_mission(session, package)
        if coordinator is not None:
            put_observer(session, coordinator)
        forms = mission_library(session)
    try:
        with shown_window(qtbot, folder, CoordinatorWorkspace(database, forms, key_file)) as window:
            yield window
    finally:
        database.close()


@contextmanager
def shown_window(
    qtbot: QtBot, folder: Path, desk: CoordinatorWorkspace
) -> Iterator[CoordinatorWindow]:
    """The window over `desk`, shown; closing it shuts its runner down, so whatever was
    under way has ended, and the closed window has nothing more to relabel."""
    language = LanguageSwitch(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    tasks = TaskRunner()
    window = CoordinatorWindow(desk, language, tasks)
    tasks.setParent(window)
    qtbot.addWidget(window)
    window.show()
    try:
        yield window
    finally:
        window.close()
        language.changed.disconnect()
        language.set_language("en", remember=False)
