"""Window tests: offscreen Qt, and a set-up observer database copied fresh for every test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from observer_app.store.paths import DATABASE_FILE
from observer_app.store.settings import ObserverProfile
from observer_app.workspace.laptop import ObserverWorkspace as Workspace
from tests.ui.qt_guard import qt_leak_guard

__all__ = ["qt_leak_guard"]  # autouse: every window test is checked for work left behind

OBSERVER = ObserverProfile(name="Айгүл Сейітова", team="Team 7")


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An observer's database after the first run (built-in mission), made once per session."""
    path = tmp_path_factory.mktemp("template") / DATABASE_FILE
    workspace = Workspace.open(f"sqlite:///{path}")
    workspace.set_up_builtin_mission(OBSERVER)
    workspace.close()
    return path


@pytest.fixture
def observer_home(home: Path, template_database: Path) -> Iterator[Path]:
    """A data folder holding a copy of the set-up database: as after the first run."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(template_database, home / DATABASE_FILE)
    yield home


@pytest.fixture(autouse=True)
def no_unanswered_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """A question box that a test does not answer fails the test instead of hanging it."""
    from PySide6.QtWidgets import QMessageBox

    def unanswered(box: QMessageBox) -> int:
        raise AssertionError(f"unexpected question: {box.text()} {box.informativeText()}")

    monkeypatch.setattr(QMessageBox, "exec", unanswered)
