"""The observer types a position or takes it from a photo; a wrong one is refused beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from observer_app.ui.geopoint_input import GeopointInput
from observer_app.ui.main_window import MainWindow
from tests.conftest import form_data, q
from tests.test_geopoint_question import ASTANA, write_photo
from tests.ui.form_home import open_form, stored_answer


def open_geopoint(qtbot: QtBot, home: Path, tmp_path: Path) -> tuple[MainWindow, GeopointInput]:
    window = open_form(qtbot, home, tmp_path, form_data(q("spot", "geopoint"), id="geo"))
    field = window.form_view._rows["spot"].input
    assert isinstance(field, GeopointInput)
    return window, field


def stored(window: MainWindow) -> object:
    return stored_answer(window, "spot")


def test_a_typed_position_with_comma_decimals_is_stored_as_odk_writes_it(
    qtbot: QtBot, home: Path, tmp_path: Path
) -> None:
    window, field = open_geopoint(qtbot, home, tmp_path)
    qtbot.keyClicks(field.latitude, "51,1694")
    qtbot.keyClicks(field.longitude, "71,4462")
    assert stored(window) == "51.1694 71.4462"


def test_a_latitude_out_of_range_is_refused_beside_the_field(
    qtbot: QtBot, home: Path, tmp_path: Path
) -> None:
    window, field = open_geopoint(qtbot, home, tmp_path)
    window.language.set_language("ru", remember=False)
    qtbot.keyClicks(field.latitude, "95")
    qtbot.keyClicks(field.longitude, "71")
    qtbot.keyClick(field.longitude, Qt.Key.Key_Return)
    assert field.refusal.isVisibleTo(field)
    assert "90" in field.refusal.text()
    assert field.refusal.text() != "A latitude lies between -90 and 90 degrees."  # in Russian
    assert stored(window) is None
    window.language.set_language("en", remember=False)
    assert field.refusal.text() == "A latitude lies between -90 and 90 degrees."


def test_the_position_is_taken_from_a_photo(
    qtbot: QtBot, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, field = open_geopoint(qtbot, home, tmp_path)
    photo = write_photo(tmp_path / "station.jpg", ASTANA)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(photo), ""))
    qtbot.mouseClick(field.photo_button, Qt.MouseButton.LeftButton)
    assert field.latitude.text().startswith("51.1694")
    assert stored(window) == "51.1694 71.4462 347 0"


def test_a_photo_without_gps_is_named_beside_the_field(
    qtbot: QtBot, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, field = open_geopoint(qtbot, home, tmp_path)
    photo = write_photo(tmp_path / "plain.jpg", None)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(photo), ""))
    qtbot.mouseClick(field.photo_button, Qt.MouseButton.LeftButton)
    assert field.refusal.text() == "plain.jpg: the photo has no GPS position."
    assert stored(window) is None
