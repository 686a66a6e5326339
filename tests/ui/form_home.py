"""A laptop set up from a mission package holding the forms a test brings, for window tests
of forms other than the built-in ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from observer_app.ui.main_window import MainWindow
from observer_app.workspace.laptop import ObserverWorkspace
from tests.conftest import mission_of_forms
from tests.ui.conftest import OBSERVER
from tests.ui.test_observer_window import open_window


def set_up_laptop(tmp_path: Path, forms: list[dict[str, Any]]) -> None:
    """Package `forms` as a mission (tmp_path/mission.zip) and set the laptop up from it."""
    _package, path = mission_of_forms(tmp_path, forms)
    workspace = ObserverWorkspace.open()
    workspace.set_up_from_package(path, OBSERVER)
    workspace.close()


def open_form(qtbot: QtBot, home: Path, tmp_path: Path, form: dict[str, Any]) -> MainWindow:
    """The observer's window on a new draft of `form`, the laptop set up with it alone."""
    home.mkdir(parents=True, exist_ok=True)
    set_up_laptop(tmp_path, [form])
    window = open_window(qtbot)
    window.start_observation(form["id"], "")
    return window


def stored_answer(window: MainWindow, question_id: str) -> Any:
    """The answer as the store holds it, once what is pending is written."""
    window.form_view.flush_now()
    submission = window.form_view.submission
    assert submission is not None
    return window.workspace.store.get(submission.id).answers.get(question_id)
