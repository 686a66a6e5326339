"""Handing in from the window: the first run with a mission package, export for the coordinator."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from observer_app.cli import main as cli
from observer_app.domain.bundled import forms_dir, registry_dir
from observer_app.exchange.keys import CoordinatorKey
from observer_app.exchange.mission import build_mission_package
from observer_app.store.settings import ObserverProfile
from observer_app.ui import app as app_module
from observer_app.ui.first_run import FirstRunDialog
from observer_app.workspace.laptop import ObserverWorkspace as Workspace
from tests.ui.test_mode_switch import answer_mode_question
from tests.ui.test_observer_window import open_window, start_voting_at


def test_the_first_run_sets_up_the_mission_of_a_package(
    qtbot: QtBot, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coordinator = CoordinatorKey.generate()
    package, data = build_mission_package(
        name="Kazakhstan 2021",
        election="Majilis, 10 January 2021",
        forms_dir=forms_dir(),
        registry_dir=registry_dir(),
        coordinator_key=coordinator.public_key,
        created_at=datetime(2021, 1, 5, tzinfo=UTC),
    )
    path = tmp_path / "mission.zip"
    path.write_bytes(data)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip at all")
    attempts = iter([broken, path])
    errors: list[str] = []

    def fill_and_accept(dialog: FirstRunDialog) -> int:
        errors.append(dialog.error.text())
        dialog.name_field.setText("Ержан Оспанов")
        dialog.team_field.setText("Team 12")
        dialog.package_field.setText(str(next(attempts)))
        dialog.package.setChecked(True)
        dialog._accept()
        return int(dialog.result())

    monkeypatch.setattr(FirstRunDialog, "exec", fill_and_accept)
    window = app_module.build_window()
    assert window is not None
    qtbot.addWidget(window)
    assert errors[1].startswith(f"{broken}: ")  # refused with the file and the reason
    mission = window.workspace.mission()
    assert mission is not None
    assert (mission.name, mission.id) == ("Kazakhstan 2021", package.mission.id)
    assert mission.coordinator_key == coordinator.public_key


def test_export_for_coordinator_writes_a_bundle_the_coordinator_merges(
    qtbot: QtBot,
    observer_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, _title, text, *a: shown.append(text)
    )
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "ALA 50")
    view = window.form_view
    assert view.submission is not None
    store = window.workspace.store
    store.save_answers(
        view.submission.id,
        {
            "access_granted": "no",
            "departure_time": "09:10",
            "police_outside": "no",
            "pcr_test_asked": "no",
        },
    )
    store.complete(view.submission.id)
    usb = tmp_path / "usb"
    window.export_for_coordinator(str(usb))
    qtbot.waitUntil(lambda: window.last_export is not None)
    bundle = window.last_export
    assert bundle is not None and bundle.path.parent == usb and bundle.submissions == 1
    qtbot.waitUntil(lambda: bool(shown))
    assert "It holds 1 completed form." in shown[0]
    assert "Not encrypted" in shown[0]  # the built-in mission has no coordinator key

    # The coordinator, set up for the same (built-in) mission, merges it.
    coordinator_db = f"sqlite:///{tmp_path / 'coordinator.sqlite3'}"
    coordinator = Workspace.open(coordinator_db)
    coordinator.set_up_builtin_mission(ObserverProfile("Coordinator", "Core team"))
    coordinator.close()
    capsys.readouterr()
    assert cli(["merge", str(bundle.path), "--db", coordinator_db, "--json"]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert result["totals"]["imported"] == 1


def test_the_menu_switches_between_observer_and_coordinator_mode(
    qtbot: QtBot, observer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from observer_app.ui.coordinator import CoordinatorWindow
    from observer_app.ui.main_window import MainWindow

    window = open_window(qtbot)
    answer_mode_question(monkeypatch, QMessageBox.ButtonRole.AcceptRole)
    window.mode_action.trigger()
    coordinator = app_module._open_windows[0]
    qtbot.addWidget(coordinator)
    assert isinstance(coordinator, CoordinatorWindow)
    assert not window.isVisible()
    # Remembered: the next start opens the coordinator's window.
    again = app_module.build_window()
    assert isinstance(again, CoordinatorWindow)
    qtbot.addWidget(again)
    again.close()
    coordinator.mode_switch_requested.emit()
    back = app_module._open_windows[0]
    qtbot.addWidget(back)
    assert isinstance(back, MainWindow)
