"""The red "before this form can be completed" list belongs to one form (issue 13, failure 2).

An observer refused at one station must not carry that station's list into the next form,
and each line of the list takes them to what it names: the question, or the cell of a table.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QWidget
from pytestqt.qtbot import QtBot

from observer_app.domain.submission import SubmissionStatus
from observer_app.ui.form_view import FormView
from observer_app.ui.inputs import RepeatInput
from observer_app.ui.main_window import MainWindow
from tests.ui.test_observer_window import open_window, press_on, row, start_voting_at


def start_form_at(window: MainWindow, qtbot: QtBot, form_id: str, query: str) -> None:
    """Back to the picker, choose the form, search the station, Enter."""
    window.show_picker()
    qtbot.mouseClick(window.picker.findChild(QWidget, f"form_{form_id}"), Qt.MouseButton.LeftButton)
    window.picker.search_field.clear()
    start_voting_at(window, qtbot, query)


def click_problem(qtbot: QtBot, problems: QListWidget, starts_with: str) -> None:
    """A real mouse click on the line of the list that starts with `starts_with`."""
    texts = [problems.item(i).text() for i in range(problems.count())]
    index = next(i for i, text in enumerate(texts) if text.startswith(starts_with))
    item = problems.item(index)
    problems.scrollToItem(item)
    qtbot.mouseClick(
        problems.viewport(), Qt.MouseButton.LeftButton, pos=problems.visualItemRect(item).center()
    )


def in_view(view: FormView, widget: QWidget) -> bool:
    """True when `widget` lies wholly inside the visible part of the form."""
    viewport = view.scroll_area.viewport()
    top = widget.mapTo(viewport, widget.rect().topLeft()).y()
    return widget.isVisible() and top >= 0 and top + widget.height() <= viewport.height()


def test_the_problems_of_one_form_are_not_shown_on_the_next(
    qtbot: QtBot, observer_home: Path
) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "SHY 12")
    view = window.form_view
    qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    assert view.problems.isVisible() and view.problems.count() > 0

    start_form_at(window, qtbot, "counting", "ALA 12")
    assert view.form is not None and view.form.id == "counting"
    assert not view.problems.isVisible()
    assert not view.problems_title.isVisible()
    assert view.problems.count() == 0

    # Opening the refused voting form again from the list starts clean too: its problems
    # come back only when the observer asks to complete it again.
    window.show_submissions()
    qtbot.waitUntil(lambda: window.submissions.model.rowCount() == 2)
    voting = next(r for r in window.submissions.model.rows if r.form_id == "voting")
    window.open_submission(voting.id)
    assert not view.problems.isVisible() and view.problems.count() == 0
    assert not row(window, "departure_time").message.isVisible()


def test_a_click_on_a_problem_goes_to_its_question_or_table_cell(
    qtbot: QtBot, observer_home: Path
) -> None:
    window = open_window(qtbot)
    start_form_at(window, qtbot, "counting", "ALA 14")
    view = window.form_view
    press_on(qtbot, window, "access_granted", "1")
    table_input = row(window, "party_votes").input
    assert isinstance(table_input, RepeatInput)
    table_input.set_value([{"votes": 10}, {"votes": 20000}])  # row 2 over the maximum
    table_input.edited.emit(table_input.value())
    qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    assert view.submission is not None and view.submission.status == SubmissionStatus.DRAFT

    click_problem(qtbot, view.problems, "Votes cast for each party (2)")
    assert table_input.table.hasFocus()
    assert (table_input.table.currentRow(), table_input.table.currentColumn()) == (1, 0)
    assert in_view(view, row(window, "party_votes"))

    click_problem(qtbot, view.problems, "Time of departure")
    departure = row(window, "departure_time")
    assert departure.input is not None and departure.input.focus_target().hasFocus()
    assert in_view(view, departure)
