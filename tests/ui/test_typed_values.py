"""Nothing typed vanishes (issue 13, failure 1): every input stores what was typed, normalised,
or refuses it on the spot with a message beside it; no field shows what is not stored.

The values are typed as key events into a form holding every kind of input, and the store is
read back after each: "1 020" and its cousins, times as "7:30", "0730" and "7.30", a time
that does not exist, a letter in a number, a number left half-typed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from observer_app.ui.form_view import QuestionRow
from observer_app.ui.inputs import AnswerInput, RepeatInput
from observer_app.ui.main_window import MainWindow
from tests.conftest import form_data, q, text
from tests.ui.form_home import set_up_laptop
from tests.ui.test_observer_window import open_window

PARTIES = [
    {"value": "nur_otan", "label": text("Nur Otan", "Нур Отан", "Нұр Отан")},
    {"value": "ak_zhol", "label": text("Ak Zhol", "Ак жол", "Ақ жол")},
    {"value": "auyl", "label": text("Auyl", "Ауыл", "Ауыл")},
    {"value": "adal", "label": text("Adal", "Адал", "Адал")},
]
CHOICES = [
    {"value": "good", "label": text("Good")},
    {"value": "bad", "label": text("Bad")},
    {"value": "other", "label": text("Other")},
]


def every_input_form() -> dict[str, Any]:
    """One question of every kind an observer types into, and a total calculated from a table."""
    return form_data(
        q("count", "integer", min=0, max=100000),
        q("share", "decimal"),
        q("at", "time"),
        q("when", "datetime"),
        q("name", "text"),
        q("notes", "text", multiline=True),
        q("sealed", "yes_no", not_observed=True),
        q("assessment", "select_one", choices="assessment"),
        q("who", "select_multiple", choices="assessment"),
        q(
            "party_votes",
            "repeat",
            rows="parties",
            questions=[q("votes", "integer", min=0, max=100000)],
        ),
        {
            "id": "votes_total",
            "type": "calculate",
            "calculation": "sum(${votes})",
            "label": text("Total votes"),
        },
        q(
            "entries",
            "repeat",
            questions=[q("number", "integer"), q("time", "time"), q("what", "text")],
        ),
        q("station", "station"),
        q("protocol_date", "date"),
        id="every_input",
        choice_lists={"parties": PARTIES, "assessment": CHOICES},
    )


@pytest.fixture
def every_input_home(home: Path, tmp_path: Path) -> Iterator[Path]:
    """A laptop set up from a mission package whose one form has every kind of input."""
    home.mkdir(parents=True, exist_ok=True)
    set_up_laptop(tmp_path, [every_input_form()])
    yield home


def type_keys(text: str) -> None:
    """Type `text` as key events into whichever widget has the keyboard (a cell's editor
    opens on the first key), no-break spaces and Cyrillic letters included."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            target = QApplication.focusWidget()
            assert target is not None
            QApplication.sendEvent(
                target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


class Form:
    """The every-input form open in the window, with the store behind it."""

    def __init__(self, window: MainWindow, qtbot: QtBot) -> None:
        self.window, self.qtbot = window, qtbot
        window.start_observation("every_input", "")
        assert window.form_view.submission is not None
        self.id: uuid.UUID = window.form_view.submission.id

    def row(self, question_id: str) -> QuestionRow:
        return self.window.form_view._rows[question_id]

    def input(self, question_id: str) -> AnswerInput:
        found = self.row(question_id).input
        assert found is not None
        return found

    def line(self, question_id: str) -> QLineEdit:
        field = self.input(question_id).focus_target()
        assert isinstance(field, QLineEdit)
        return field

    def type(self, question_id: str, typed: str, *, leave: bool = True) -> None:
        """Clear the field, type into it and (by default) Tab on to the next question."""
        field = self.input(question_id).focus_target()
        field.setFocus()
        if isinstance(field, QLineEdit):
            field.selectAll()
            press(self.qtbot, Qt.Key.Key_Delete)
        type_keys(typed)
        if leave:
            press(self.qtbot, Qt.Key.Key_Tab)

    def stored(self) -> dict[str, Any]:
        self.window.form_view.flush_now()
        return dict(self.window.workspace.store.get(self.id).answers)

    def message(self, question_id: str) -> str:
        """The refusal shown beside the input, or "" when none is shown."""
        label = self.input(question_id).findChild(QWidget, "refusal")
        assert label is not None
        return label.text() if label.isVisible() else ""  # type: ignore[attr-defined]

    def shows_what_is_stored(self) -> None:
        """Every input's value, as read from what it shows, is the stored answer."""
        stored = self.stored()
        for question_id, question_row in self.window.form_view._rows.items():
            if question_row.input is None or question_id == "votes_total":
                continue
            assert question_row.input.value() == stored.get(question_id), question_id


@pytest.fixture
def form(qtbot: QtBot, every_input_home: Path) -> Form:
    return Form(open_window(qtbot), qtbot)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("1 020", "1 020"), ("1\u00a0020", "1 020"), ("1,020", "1 020"), ("1.020", "1 020")],
)
def test_a_whole_number_with_thousands_is_stored(form: Form, typed: str, shown: str) -> None:
    form.type("count", typed)
    assert form.stored()["count"] == 1020
    assert form.line("count").text() == shown
    assert form.message("count") == ""
    form.shows_what_is_stored()


def test_a_letter_in_a_number_is_refused_on_the_spot(form: Form) -> None:
    form.type("count", "12a", leave=False)
    assert form.line("count").text() == "12"  # the "a" never entered the field
    assert "Only digits" in form.message("count")
    press(form.qtbot, Qt.Key.Key_Tab)
    assert form.stored()["count"] == 12
    form.shows_what_is_stored()


def test_a_number_left_half_typed_is_cleared_with_a_message(form: Form) -> None:
    form.type("count", "1 02")
    assert form.line("count").text() == ""
    assert "“1 02” was not kept" in form.message("count")
    assert "count" not in form.stored()
    form.shows_what_is_stored()
    form.type("count", "7")  # typing anew takes the message away
    assert form.message("count") == ""
    assert form.stored()["count"] == 7


def test_decimal_numbers_in_the_languages_way(form: Form) -> None:
    form.type("share", "1 020,5")
    assert form.stored()["share"] == 1020.5
    assert form.line("share").text() == "1 020.5"  # English shows a decimal point
    form.window.language_box.setCurrentIndex(1)  # Русский: a decimal comma
    assert form.line("share").text() == "1 020,5"
    form.type("share", "1.5")
    assert form.stored()["share"] == 1.5
    assert form.line("share").text() == "1,5"
    form.shows_what_is_stored()
    form.window.language_box.setCurrentIndex(0)


@pytest.mark.parametrize("typed", ["7:30", "0730", "7.30", "07:30", "730"])
def test_a_time_is_stored_as_hours_and_minutes(form: Form, typed: str) -> None:
    form.type("at", typed)
    assert form.stored()["at"] == "07:30"
    assert form.line("at").text() == "07:30"
    form.shows_what_is_stored()


def test_a_time_that_does_not_exist_is_refused_in_the_observers_language(form: Form) -> None:
    form.window.language_box.setCurrentIndex(2)  # Қазақша
    form.type("at", "25:00", leave=False)
    assert "25:" not in form.line("at").text()
    assert "Мұндай сағат жоқ" in form.message("at")
    press(form.qtbot, Qt.Key.Key_Tab)
    assert "Мұндай сағат жоқ" in form.message("at")  # still there, beside what was kept
    form.shows_what_is_stored()
    form.type("at", "7:3")
    assert form.line("at").text() == ""
    assert "at" not in form.stored()
    assert "«7:3»" in form.message("at")
    form.window.language_box.setCurrentIndex(1)  # the message follows the language
    assert "«7:3» не сохранено" in form.message("at")
    form.window.language_box.setCurrentIndex(0)


def test_a_date_and_time(form: Form) -> None:
    form.type("when", "10.01.2021 7:30")
    assert str(form.stored()["when"]).startswith("2021-01-10T07:30:00")
    assert form.line("when").text() == "10.01.2021 07:30"
    form.type("when", "30.02.2021", leave=False)
    assert "no such day" in form.message("when")
    form.shows_what_is_stored()


def test_text_is_stored_as_typed(form: Form) -> None:
    form.type("name", "Айгүл Сейітова")
    form.type("notes", "Урна не опечатана; сайлау жәшігі мөрленбеген.")
    form.type("station", "ALA-245")
    stored = form.stored()
    assert stored["name"] == "Айгүл Сейітова"
    assert stored["notes"] == "Урна не опечатана; сайлау жәшігі мөрленбеген."
    assert stored["station"] == "ALA-245"
    form.shows_what_is_stored()


def test_choices_take_their_keys_and_say_which_keys_answer(form: Form) -> None:
    form.input("sealed").focus_target().setFocus()
    type_keys("1")
    form.input("assessment").focus_target().setFocus()
    type_keys("2")
    form.input("who").focus_target().setFocus()
    type_keys("13")
    stored = form.stored()
    assert (stored["sealed"], stored["assessment"]) == ("yes", "bad")
    assert stored["who"] == ["good", "other"]
    form.input("sealed").focus_target().setFocus()
    type_keys("x")
    assert "press a number from 1 to 3" in form.message("sealed")
    form.input("who").focus_target().setFocus()
    type_keys("3")  # a digit unticks as it ticks
    stored = form.stored()
    assert (stored["sealed"], stored["who"]) == ("yes", ["good"])
    form.shows_what_is_stored()


def test_the_party_table_takes_thousands_and_refuses_the_rest(form: Form) -> None:
    table_input = form.input("party_votes")
    assert isinstance(table_input, RepeatInput)
    table = table_input.table
    table.setFocus()
    table.setCurrentCell(0, 0)
    type_keys("1 020")
    press(form.qtbot, Qt.Key.Key_Return)  # Enter: the next party
    assert (table.currentRow(), table.currentColumn()) == (1, 0)
    type_keys("1.020")
    press(form.qtbot, Qt.Key.Key_Return)
    type_keys("12a")
    assert "Auyl: Only digits" in form.message("party_votes")
    press(form.qtbot, Qt.Key.Key_Return)
    type_keys("1 02")
    press(form.qtbot, Qt.Key.Key_Return)
    assert "Adal: “1 02” was not kept" in form.message("party_votes")
    assert [table.item(r, 0).text() for r in range(4)] == ["1 020", "1 020", "12", ""]
    stored = form.stored()["party_votes"]
    assert [row["votes"] for row in stored] == [1020, 1020, 12, None]
    form.shows_what_is_stored()
    table.setCurrentCell(3, 0)
    type_keys("0")  # every party has its figure now: the total follows at once
    press(form.qtbot, Qt.Key.Key_Return)
    total = form.row("votes_total").findChildren(QLabel)
    assert "2 052" in [label.text() for label in total]


def test_a_cell_is_saved_as_it_is_typed(form: Form) -> None:
    table_input = form.input("party_votes")
    assert isinstance(table_input, RepeatInput)
    table_input.table.setFocus()
    table_input.table.setCurrentCell(1, 0)
    type_keys("1 020")  # the editor is still open: the window could close now
    assert form.stored()["party_votes"][1]["votes"] == 1020


def test_tab_and_shift_tab_leave_the_party_table(form: Form) -> None:
    table_input = form.input("party_votes")
    assert isinstance(table_input, RepeatInput)
    table = table_input.table
    table.setFocus()
    table.setCurrentCell(0, 0)
    type_keys("5")
    press(form.qtbot, Qt.Key.Key_Tab)  # from inside the cell being edited
    after = QApplication.focusWidget()
    assert after is not None and not table.isAncestorOf(after) and after is not table
    assert form.row("entries").isAncestorOf(after)
    table.setFocus()
    press(form.qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    before = QApplication.focusWidget()
    assert before is not None and form.row("who").isAncestorOf(before)
    assert form.stored()["party_votes"][0]["votes"] == 5


def test_a_table_of_free_rows_reads_each_cell_by_its_question(form: Form) -> None:
    table_input = form.input("entries")
    assert isinstance(table_input, RepeatInput)
    form.qtbot.mouseClick(table_input.add_button, Qt.MouseButton.LeftButton)
    table = table_input.table
    table.setFocus()
    table.setCurrentCell(0, 0)
    type_keys("2 500")
    press(form.qtbot, Qt.Key.Key_Escape)
    table.setCurrentCell(0, 1)
    type_keys("7.30")
    press(form.qtbot, Qt.Key.Key_Escape)
    table.setCurrentCell(0, 2)
    type_keys("Бөгде адамдар")
    press(form.qtbot, Qt.Key.Key_Return)
    assert form.stored()["entries"] == [{"number": 2500, "time": "07:30", "what": "Бөгде адамдар"}]
    assert [table.item(0, c).text() for c in range(3)] == ["2 500", "07:30", "Бөгде адамдар"]
    form.shows_what_is_stored()


def test_a_date_is_stored_as_iso_and_shown_day_first(form: Form) -> None:
    form.type("protocol_date", "10.01.2021")
    assert form.stored()["protocol_date"] == "2021-01-10"
    assert form.line("protocol_date").text() == "10.01.2021"
    form.type("protocol_date", "2021-01-11")
    assert form.stored()["protocol_date"] == "2021-01-11"
    assert form.line("protocol_date").text() == "11.01.2021"
    form.shows_what_is_stored()


def test_a_day_not_in_the_calendar_is_refused_beside_the_field(form: Form) -> None:
    form.type("protocol_date", "31.02.2021", leave=False)
    assert form.line("protocol_date").text() == "31.02.202"
    assert "no such day" in form.message("protocol_date")
    form.type("protocol_date", "10.01", leave=True)
    assert form.stored().get("protocol_date") is None
    assert "10.01" in form.message("protocol_date")
