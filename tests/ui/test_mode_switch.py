"""The mode switch asks first (issue 13, failure 10): it changes what this computer opens at
every start, so the question says so, and saying no (or Escape) keeps the mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from observer_app.ui import app as app_module
from tests.ui.test_observer_window import open_window


def answer_mode_question(
    monkeypatch: pytest.MonkeyPatch, role: QMessageBox.ButtonRole
) -> list[tuple[str, str, list[str]]]:
    """Answer every question with the button of `role`; what was asked, with its buttons."""
    asked: list[tuple[str, str, list[str]]] = []

    def exec_(box: QMessageBox) -> int:
        asked.append((box.text(), box.informativeText(), [b.text() for b in box.buttons()]))
        assert box.buttonRole(box.defaultButton()) == QMessageBox.ButtonRole.RejectRole
        next(b for b in box.buttons() if box.buttonRole(b) == role).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def test_switching_modes_asks_and_no_keeps_the_mode(
    qtbot: QtBot, observer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from observer_app.ui.coordinator import CoordinatorWindow
    from observer_app.ui.main_window import MainWindow

    window = open_window(qtbot)
    asked = answer_mode_question(monkeypatch, QMessageBox.ButtonRole.RejectRole)
    window.mode_action.trigger()
    assert len(asked) == 1
    question, details, buttons = asked[0]
    assert "coordinator mode" in question
    assert "every start" in details and "Your forms stay as they are" in details
    assert buttons == ["Switch to coordinator mode", "Stay in observer mode"]
    assert window.isVisible()
    assert app_module.current_mode() == app_module.OBSERVER_MODE

    window.language_box.setCurrentIndex(2)  # asked in the window's language
    window.mode_action.trigger()
    assert "Үйлестіруші режимі" in asked[1][2][0]
    window.language_box.setCurrentIndex(0)

    answer_mode_question(monkeypatch, QMessageBox.ButtonRole.AcceptRole)
    window.mode_action.trigger()
    coordinator = app_module._open_windows[0]
    qtbot.addWidget(coordinator)
    assert isinstance(coordinator, CoordinatorWindow)
    assert app_module.current_mode() == app_module.COORDINATOR_MODE

    back = answer_mode_question(monkeypatch, QMessageBox.ButtonRole.RejectRole)
    coordinator.switch_action.trigger()
    assert "observer mode" in back[0][0] and "stay as they are" in back[0][1]
    assert coordinator.isVisible() and app_module.current_mode() == app_module.COORDINATOR_MODE
    answer_mode_question(monkeypatch, QMessageBox.ButtonRole.AcceptRole)
    coordinator.switch_action.trigger()
    observer = app_module._open_windows[0]
    qtbot.addWidget(observer)
    assert isinstance(observer, MainWindow)
    assert app_module.current_mode() == app_module.OBSERVER_MODE
