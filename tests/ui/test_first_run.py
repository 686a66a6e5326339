"""The first run (issue 13, failure 3): the role and the mission are two separate choices,
and the dialog opens in the computer's language and switches live."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from observer_app.domain.bundled import forms_dir, registry_dir
from observer_app.exchange.keys import CoordinatorKey
from observer_app.exchange.mission import build_mission_package
from observer_app.ui import app as app_module
from observer_app.ui import i18n
from observer_app.ui.first_run import FirstRunDialog


def mission_file(folder: Path) -> Path:
    _package, data = build_mission_package(
        name="Kazakhstan 2021",
        election="Majilis, 10 January 2021",
        forms_dir=forms_dir(),
        registry_dir=registry_dir(),
        coordinator_key=CoordinatorKey.generate().public_key,
        created_at=datetime(2021, 1, 5, tzinfo=UTC),
    )
    path = folder / "mission.zip"
    path.write_bytes(data)
    return path


def test_a_coordinator_with_a_package_file_is_set_up_as_a_coordinator(
    qtbot: QtBot, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from observer_app.ui.coordinator import CoordinatorWindow

    path = mission_file(tmp_path)
    seen: list[tuple[bool, bool, bool, bool]] = []

    def click_through(dialog: FirstRunDialog) -> int:
        dialog.show()
        dialog.name_field.setText("Гүлнар Әбенова")
        qtbot.mouseClick(dialog.coordinator_mode, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.package, Qt.MouseButton.LeftButton)
        dialog.package_field.setText(str(path))
        seen.append(
            (
                dialog.coordinator_mode.isChecked(),
                dialog.observer_mode.isChecked(),
                dialog.package.isChecked(),
                dialog.builtin.isChecked(),
            )
        )
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        dialog.hide()
        return int(dialog.result())

    monkeypatch.setattr(FirstRunDialog, "exec", click_through)
    window = app_module.build_window()
    assert window is not None
    qtbot.addWidget(window)
    assert seen == [(True, False, True, False)]  # both choices kept
    assert isinstance(window, CoordinatorWindow)
    assert app_module.current_mode() == app_module.COORDINATOR_MODE


@pytest.mark.parametrize(
    ("locale", "title", "start"),
    [
        (
            QLocale(QLocale.Language.Kazakh, QLocale.Country.Kazakhstan),
            "Observer-ге қош келдіңіз",
            "Бастау",
        ),
        (
            QLocale(QLocale.Language.Russian, QLocale.Country.Russia),
            "Добро пожаловать в Observer",
            "Начать",
        ),
        (QLocale(QLocale.Language.German, QLocale.Country.Germany), "Welcome to Observer", "Start"),
    ],
)
def test_the_first_run_opens_in_the_system_language_and_switches_live(
    qtbot: QtBot,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    locale: QLocale,
    title: str,
    start: str,
) -> None:
    monkeypatch.setattr(i18n, "system_locale", lambda: locale)
    language = i18n.LanguageSwitch(app_module.window_settings())
    dialog = FirstRunDialog(language)
    qtbot.addWidget(dialog)
    try:
        assert dialog.windowTitle() == title
        assert dialog.start_button.text() == start
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        assert all(b.text() for b in buttons.findChildren(QAbstractButton))

        dialog.language_box.setCurrentIndex(1)  # Русский, at once, without a restart
        assert dialog.windowTitle() == "Добро пожаловать в Observer"
        assert dialog.mode_box.title() == "Я использую Observer как:"
        assert dialog.cancel_button.text() == "Отмена"
        dialog.language_box.setCurrentIndex(2)  # Қазақша
        assert dialog.start_button.text() == "Бастау"
        assert dialog.findChild(QLabel) is not None
    finally:
        language.set_language("en", remember=False)
