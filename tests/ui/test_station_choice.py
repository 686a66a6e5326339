"""The right polling station (issue 13, failure 4): a number found in every region is no
choice; the observer's own region comes first; an empty search starts nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from observer_app.ui.main_window import MainWindow
from tests.ui.test_observer_window import open_window, start_voting_at


def search(window: MainWindow, qtbot: QtBot, query: str) -> None:
    window.show_picker()
    window.picker.search_field.clear()
    qtbot.keyClicks(window.picker.search_field, query)


def started(window: MainWindow) -> list[str | None]:
    return [s.station_id for s in window.workspace.store.list_submissions()]


def test_a_number_in_every_region_waits_for_the_observers_choice(
    qtbot: QtBot, observer_home: Path
) -> None:
    window = open_window(qtbot)
    picker = window.picker
    search(window, qtbot, "245")
    assert picker.model.rowCount() >= 17
    assert not picker.list.currentIndex().isValid()  # nothing pre-selected
    assert not picker.start_button.isEnabled()
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is picker
    assert started(window) == []
    assert "17 polling stations have the number 245" in picker.count_label.text()

    # A choice in the list: Down, Down (the second station numbered 245), Enter.
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Down)
    qtbot.keyClick(picker.list, Qt.Key.Key_Down)
    chosen = picker.list.currentIndex().data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.form_view
    assert started(window) == [chosen]
    assert chosen.endswith("-245")


def test_an_empty_search_starts_nothing(qtbot: QtBot, observer_home: Path) -> None:
    window = open_window(qtbot)
    search(window, qtbot, "")
    qtbot.keyClick(window.picker.search_field, Qt.Key.Key_Return)
    qtbot.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.picker
    assert started(window) == []
    assert "Type the number of the polling station" in window.picker.count_label.text()


def test_the_number_in_the_observers_own_region_comes_first_and_starts(
    qtbot: QtBot, observer_home: Path
) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "Almaty city 101")  # the day's first visit: Almaty
    search(window, qtbot, "245")
    first = window.picker.model.index(0, 0)
    assert first.data(Qt.ItemDataRole.UserRole) == "ALA-245"
    assert window.picker.list.currentIndex() == first
    assert "region of your latest visit" in window.picker.count_label.text()
    qtbot.keyClick(window.picker.search_field, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.form_view
    assert started(window).count("ALA-245") == 1
