"""Answer keys whatever the keyboard layout (issue 13, failure 8): the yes/no letters of
Russian and Kazakh, the number row of the Windows Kazakh layout read by the key's place,
and every choice of a long list reachable by its number."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from observer_app.ui.answer_keys import NumberTyping, typed_digit
from observer_app.ui.main_window import MainWindow
from tests.ui.test_observer_window import open_window, row, start_voting_at
from tests.ui.test_problems_list import start_form_at


def press(widget: QWidget, text: str, scan_code: int = 0) -> None:
    """A key as a layout gives it: the character it types and (optionally) where it sits."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, scan_code, 0, 0, text)
        QApplication.sendEvent(widget, event)


def answer(window: MainWindow, question_id: str, text: str) -> object:
    target = row(window, question_id).input
    assert target is not None
    target.focus_target().setFocus()
    press(target.focus_target(), text)
    window.form_view.flush_now()
    return window.workspace.store.get(window.form_view.submission.id).answers.get(question_id)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("layout", "yes", "no"),
    [("Russian", "д", "н"), ("Kazakh", "и", "ж"), ("Russian, capitals", "Д", "Н")],
)
def test_yes_and_no_take_the_first_letter_in_russian_and_kazakh(
    qtbot: QtBot, observer_home: Path, layout: str, yes: str, no: str
) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "ALA 77")
    assert answer(window, "access_granted", yes) == "yes", layout
    assert answer(window, "ballot_boxes_sealed", no) == "no", layout
    assert answer(window, "accessibility_map_accurate", "б") == "not_observed"
    assert not row(window, "ballot_boxes_sealed").input.refusal.isVisible()  # type: ignore[union-attr]


def test_the_kazakh_number_row_answers_by_its_digits(qtbot: QtBot, observer_home: Path) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "ALA 78")
    # On the Windows Kazakh layout the keys 2 and 3 type ә and і.
    assert answer(window, "access_granted", '"') == "yes"
    assert answer(window, "ballot_boxes_sealed", "ә") == "no"
    assert answer(window, "accessibility_map_accurate", "і") == "not_observed"


def test_a_digit_is_read_from_the_place_of_the_key_too(qtbot: QtBot) -> None:
    def key(scan_code: int, text: str) -> QKeyEvent:
        return QKeyEvent(
            QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, scan_code, 0, 0, text
        )

    # The Windows Kazakh layout: keys 1, 2 and 0 type ", ә and қ; their scan codes are 2, 3, 11.
    kazakh = [key(2, '"'), key(3, "ә"), key(11, "қ")]
    assert [typed_digit(event, "windows") for event in kazakh] == [1, 2, 0]
    # The same keys on X11 (evdev codes + 8), and a Russian layout's Shift-less number row.
    assert [typed_digit(key(code, "ә"), "xcb") for code in (10, 11, 19)] == [1, 2, 0]
    assert typed_digit(key(0, "7"), "windows") == 7
    assert typed_digit(key(0, "x"), "windows") is None


def test_every_choice_of_a_long_list_is_reached_by_its_number(
    qtbot: QtBot, observer_home: Path
) -> None:
    window = open_window(qtbot)
    start_form_at(window, qtbot, "incident", "ALA 79")
    categories = row(window, "category")
    assert categories.input is not None
    target = categories.input.focus_target()
    target.setFocus()
    for key in "12":
        press(target, key)
    window.form_view.flush_now()
    stored = window.workspace.store.get(window.form_view.submission.id).answers  # type: ignore[union-attr]
    assert stored["category"] == "violence"  # the 12th of 15
    press(categories.input.focus_target(), "x")
    assert "from 1 to 15" in categories.input.refusal.text()  # type: ignore[attr-defined]


def test_digits_typed_in_a_row_make_one_number_and_a_pause_starts_again() -> None:
    now = [0.0]
    numbers = NumberTyping(clock=lambda: now[0])
    assert numbers.choice(1, 15) == 0
    now[0] += 0.3
    assert numbers.choice(2, 15) == 11 and numbers.continued
    now[0] += 0.3
    assert numbers.choice(5, 15) == 4 and not numbers.continued  # 125 is no choice: 5
    now[0] += 2.0
    assert numbers.choice(1, 15) == 0
    now[0] += 2.0
    assert numbers.choice(2, 15) == 1  # after a pause, a new number
