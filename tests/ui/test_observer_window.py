"""The observer's window, driven as an observer drives it: keys, clicks, quit and start again."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from observer_app.domain.submission import SubmissionStatus
from observer_app.ui.app import build_window
from observer_app.ui.form_view import QuestionRow
from observer_app.ui.inputs import IntegerInput, TextInput, YesNoInput
from observer_app.ui.main_window import MainWindow
from observer_app.workspace.laptop import ObserverWorkspace as Workspace
from tests.ui.questions import answer_every_question


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, Kazakh letters included, as key events (QTest's keyClicks is ASCII-only)."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )


def open_window(qtbot: QtBot) -> MainWindow:
    window = build_window()
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    # Usable at once from the start-up snapshot; the database attaches right after.
    qtbot.waitUntil(lambda: window.picker.index is not None and window.workspace is not None)
    return window


def start_voting_at(window: MainWindow, qtbot: QtBot, query: str) -> None:
    """Type in the station search and press Enter, as an observer does at the door."""
    qtbot.keyClicks(window.picker.search_field, query)
    qtbot.keyClick(window.picker.search_field, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.form_view


def row(window: MainWindow, question_id: str) -> QuestionRow:
    return window.form_view._rows[question_id]


def press_on(qtbot: QtBot, window: MainWindow, question_id: str, key: str) -> None:
    """Focus a yes/no question and answer it with a key."""
    target = row(window, question_id).input
    assert target is not None
    target.focus_target().setFocus()
    qtbot.keyClick(target.focus_target(), key)


def saved(window: MainWindow, qtbot: QtBot) -> None:
    window.form_view.flush_now()
    qtbot.waitUntil(lambda: window.form_view._save_state == "saved")


def test_a_voting_form_filled_by_keys_and_clicks_survives_a_restart(
    qtbot: QtBot, observer_home: Path
) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "Almaty city 245")
    view = window.form_view
    assert view.submission is not None and view.submission.station_id == "ALA-245"
    submission_id = view.submission.id
    arrival = view.answers["arrival_time"]  # pre-filled with the time the form was started

    press_on(qtbot, window, "access_granted", "1")  # 1 = yes
    press_on(qtbot, window, "ballot_stuffing", "n")  # n = no
    press_on(qtbot, window, "ballot_boxes_sealed", "2")  # 2 = no: a concern
    press_on(qtbot, window, "accessibility_map_accurate", "3")  # 3 = not observed
    sealed_input = row(window, "procedures_followed").input
    assert isinstance(sealed_input, YesNoInput)
    yes_button = sealed_input.findChildren(QRadioButton)[0]
    qtbot.mouseClick(yes_button, Qt.MouseButton.LeftButton)  # a click, not a key
    voters = row(window, "voters_on_list").input
    assert isinstance(voters, IntegerInput)
    qtbot.keyClicks(voters.line, "1450")
    comments = row(window, "comments").input
    assert isinstance(comments, TextInput)
    comments.focus_target().setFocus()
    type_text(comments.focus_target(), "Урна не опечатана; сайлау жәшігі мөрленбеген.")
    saved(window, qtbot)
    assert "All answers saved" in view.save_indicator.text()
    window.close()

    # Start again: the answers are all there, in the store and on the screen.
    again = open_window(qtbot)
    again.show_submissions()
    qtbot.waitUntil(lambda: again.submissions.model.rowCount() == 1)
    again.submissions.table.selectRow(0)
    qtbot.mouseClick(again.submissions.open_button, Qt.MouseButton.LeftButton)
    shown = again.form_view
    assert shown.submission is not None and shown.submission.id == submission_id
    expected = {
        "arrival_time": arrival,
        "access_granted": "yes",
        "ballot_stuffing": "no",
        "ballot_boxes_sealed": "no",
        "accessibility_map_accurate": "not_observed",
        "procedures_followed": "yes",
        "voters_on_list": 1450,
        "comments": "Урна не опечатана; сайлау жәшігі мөрленбеген.",
    }
    stored = again.workspace.store.get(submission_id).answers
    for question_id, value in expected.items():
        assert stored[question_id] == value
        question_input = row(again, question_id).input
        assert question_input is not None
        assert question_input.value() == value, question_id


def test_relevance_shows_and_hides_the_follow_up_question(
    qtbot: QtBot, observer_home: Path
) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "AKM 3")
    follow_up = row(window, "unauthorized_persons_who")
    assert not row(window, "unauthorized_persons_present").isVisible()  # no access yet
    press_on(qtbot, window, "access_granted", "y")
    assert row(window, "unauthorized_persons_present").isVisible()
    assert not follow_up.isVisible()
    press_on(qtbot, window, "unauthorized_persons_present", "y")
    assert follow_up.isVisible()
    press_on(qtbot, window, "unauthorized_persons_present", "n")
    assert not follow_up.isVisible()
    press_on(qtbot, window, "access_granted", "n")
    assert not row(window, "unauthorized_persons_present").isVisible()
    assert row(window, "denied_note").isVisible()


def test_completion_is_refused_with_the_problems_then_accepted(
    qtbot: QtBot, observer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "SHY 12")
    view = window.form_view
    press_on(qtbot, window, "access_granted", "1")
    qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    assert view.submission is not None and view.submission.status == SubmissionStatus.DRAFT
    assert view.problems.isVisible()
    listed = [view.problems.item(i).text() for i in range(view.problems.count())]
    assert any(text.startswith("Time of departure") for text in listed), listed
    assert any("An answer is required." in text for text in listed)
    assert row(window, "departure_time").message.isVisible()

    # A click on a problem takes the observer to its question.
    departure = next(i for i, text in enumerate(listed) if text.startswith("Time of departure"))
    view.problems.itemClicked.emit(view.problems.item(departure))
    departure_input = row(window, "departure_time").input
    assert departure_input is not None and departure_input.focus_target().hasFocus()

    # The observer answers every listed question: yes/no by key, the rest by typing; asked
    # about the questions left blank at the end, they complete all the same.
    answer_every_question(monkeypatch, QMessageBox.ButtonRole.AcceptRole)
    while view.problems.isVisible() and view.problems.count():
        question_id = view.problems.item(0).data(Qt.ItemDataRole.UserRole)
        question_input = row(window, question_id).input
        if isinstance(question_input, YesNoInput):
            concern = getattr(view.form.question(question_id), "concern", [])  # type: ignore[union-attr]
            press_on(qtbot, window, question_id, "n" if "yes" in concern else "y")
        elif question_id == "departure_time":
            field = question_input.focus_target()
            assert isinstance(field, QLineEdit)
            field.setFocus()
            field.setCursorPosition(0)
            qtbot.keyClicks(field, "1945")
        else:
            question_input.focus_target().setFocus()  # the overall assessment: 2 = good
            qtbot.keyClick(question_input.focus_target(), "2")
        qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    assert view.submission.status == SubmissionStatus.COMPLETE
    assert view.reopen_button.isVisible() and not view.complete_button.isVisible()
    stored = window.workspace.store.get(view.submission.id)
    assert stored.status == SubmissionStatus.COMPLETE
    assert stored.answers["departure_time"] == "19:45"
    assert stored.answers["overall_assessment"] == "good"


def test_switching_to_kazakh_changes_interface_and_form(qtbot: QtBot, observer_home: Path) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "ALA 101")
    window.language_box.setCurrentIndex(2)  # Қазақша
    assert window.new_action.text().startswith("Жаңа байқау")
    assert window.form_view.title.text() == "Дауыс беру"
    assert row(window, "access_granted").label.text().startswith("Сізге сайлау учаскесіне кіріп")
    assert window.form_view.complete_button.text().startswith("Аяқтау")
    window.close()
    # Remembered for the next start.
    again = open_window(qtbot)
    assert again.new_action.text().startswith("Жаңа байқау")
    again.language_box.setCurrentIndex(0)


def test_a_draft_is_deleted_only_after_asking(
    qtbot: QtBot, observer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "ALA 7")
    window.show_submissions()
    qtbot.waitUntil(lambda: window.submissions.model.rowCount() == 1)
    window.submissions.table.selectRow(0)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: next(answers))
    qtbot.mouseClick(window.submissions.delete_button, Qt.MouseButton.LeftButton)
    assert len(window.workspace.store.list_submissions()) == 1  # said No
    qtbot.mouseClick(window.submissions.delete_button, Qt.MouseButton.LeftButton)
    assert window.workspace.store.list_submissions() == []
    qtbot.waitUntil(lambda: window.submissions.model.rowCount() == 0)


def test_the_first_run_asks_for_the_observer_and_sets_up_the_mission(
    qtbot: QtBot, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from observer_app.ui import app as app_module
    from observer_app.ui.first_run import FirstRunDialog

    def fill_and_accept(dialog: FirstRunDialog) -> int:
        dialog.name_field.setText("Ержан Оспанов")
        dialog.team_field.setText("Team 12")
        dialog._accept()
        return int(dialog.result())

    monkeypatch.setattr(FirstRunDialog, "exec", fill_and_accept)
    window = app_module.build_window()
    assert window is not None
    qtbot.addWidget(window)
    assert "Ержан Оспанов, Team 12" in window.windowTitle()
    workspace = Workspace.open()
    assert workspace.is_set_up()
    workspace.close()


def test_a_new_form_opens_with_unique_ids(qtbot: QtBot, observer_home: Path) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "ALA 1")
    first = window.form_view.submission_id
    window.show_picker()
    qtbot.keyClick(window.picker.search_field, Qt.Key.Key_Return)
    assert isinstance(first, uuid.UUID) and window.form_view.submission_id != first


def test_closing_right_after_typing_loses_nothing(qtbot: QtBot, observer_home: Path) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "ALA 33")
    assert window.form_view.submission is not None
    submission_id = window.form_view.submission.id
    comments = row(window, "comments").input
    assert comments is not None
    comments.focus_target().setFocus()
    type_text(comments.focus_target(), "Бөгде адамдар")
    assert window.form_view._pending  # not yet written: the autosave pause is running
    window.close()  # at once, as a laptop lid closes
    workspace = Workspace.open()
    assert workspace.store.get(submission_id).answers["comments"] == "Бөгде адамдар"
    workspace.close()


def test_every_answer_field_is_named_for_screen_readers(qtbot: QtBot, observer_home: Path) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "ALA 34")
    unnamed = [
        question_id
        for question_id, question_row in window.form_view._rows.items()
        if question_row.input is not None
        and question_row.input.focus_target().accessibleName()
        != question_row.label.text().removesuffix(" *")
    ]
    assert unnamed == []
    assert window.picker.search_field.accessibleName()


def test_a_completed_form_is_reopened_as_a_new_revision(
    qtbot: QtBot, observer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "ALA 35")
    view = window.form_view
    assert view.submission is not None
    press_on(qtbot, window, "access_granted", "n")  # turned away: little left to answer
    departure = row(window, "departure_time").input
    assert departure is not None
    field = departure.focus_target()
    assert isinstance(field, QLineEdit)
    field.setFocus()
    field.setCursorPosition(0)
    qtbot.keyClicks(field, "0815")
    press_on(qtbot, window, "police_outside", "n")  # seen outside, before being turned away
    press_on(qtbot, window, "pcr_test_asked", "n")
    answer_every_question(monkeypatch, QMessageBox.ButtonRole.AcceptRole)  # blanks: complete
    qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    assert view.submission.status == SubmissionStatus.COMPLETE
    assert not row(window, "comments").input.isEnabled()  # type: ignore[union-attr]

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.reopen_button, Qt.MouseButton.LeftButton)
    assert (view.submission.status, view.submission.revision) == (SubmissionStatus.DRAFT, 2)
    assert "revision 2" in view.subtitle.text()
    assert row(window, "comments").input.isEnabled()  # type: ignore[union-attr]
    kept = window.workspace.store.revisions(view.submission.id)
    assert [r["revision"] for r in kept] == [1]


def test_my_submissions_filter_by_status_and_text(qtbot: QtBot, observer_home: Path) -> None:
    window = open_window(qtbot)
    for query in ("ALA 40", "SHY 41", "AKM 42"):
        window.show_picker()
        window.picker.search_field.clear()
        start_voting_at(window, qtbot, query)
    store = window.workspace.store
    shymkent = next(s for s in store.list_submissions() if s.station_id == "SHY-41")
    store.save_answers(
        shymkent.id,
        {
            "access_granted": "no",
            "departure_time": "09:00",
            "police_outside": "no",
            "pcr_test_asked": "no",
        },
    )
    store.complete(shymkent.id)
    window.show_submissions()
    view = window.submissions
    qtbot.waitUntil(
        lambda: [r.status for r in view.model.rows].count(SubmissionStatus.COMPLETE) == 1
    )
    assert view.model.rowCount() == 3
    view.status_filter.setCurrentIndex(2)  # completed
    assert view.proxy.rowCount() == 1
    assert "№41" in view.proxy.index(0, 0).data()
    view.status_filter.setCurrentIndex(0)
    qtbot.keyClicks(view.filter_field, "Akmola")
    assert view.proxy.rowCount() == 1
    assert view.count_label.text() == "1 of 3 submissions"
