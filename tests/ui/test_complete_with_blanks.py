"""Completed with 30 blanks (issue 13, failure 7): a concern question is answered, or answered
"not observed", before Complete; other blanks are asked about once, all listed; and a
completed form says so on screen, unmistakably."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from observer_app.domain.submission import SubmissionStatus
from observer_app.formspec import concern_needs_answer
from observer_app.ui.inputs import YesNoInput
from observer_app.ui.main_window import MainWindow
from tests.ui.questions import answer_every_question
from tests.ui.test_observer_window import open_window, press_on, row, start_voting_at


def listed(window: MainWindow) -> list[str]:
    problems = window.form_view.problems
    return [str(problems.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(problems.count())]


def answer_what_is_listed(qtbot: QtBot, window: MainWindow) -> None:
    """Answer every listed question as a hurried observer would: 3 (not observed) where the
    question offers it, otherwise a key; then Complete again, until nothing is listed."""
    view = window.form_view
    assert view.form is not None
    while view.problems.isVisible() and view.problems.count():
        question_id = listed(window)[0]
        question_input = row(window, question_id).input
        if isinstance(question_input, YesNoInput):
            question = view.form.question(question_id)
            offers = getattr(question, "not_observed", False)
            press_on(qtbot, window, question_id, "3" if offers else "y")
        elif question_id == "departure_time":
            field = question_input.focus_target() if question_input else None
            assert isinstance(field, QLineEdit)
            field.setFocus()
            field.setCursorPosition(0)
            qtbot.keyClicks(field, "1945")
        else:
            assert question_input is not None
            question_input.focus_target().setFocus()
            qtbot.keyClick(question_input.focus_target(), "2")
        qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)


def test_concern_questions_left_blank_stop_completion(
    qtbot: QtBot, observer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "SHY 12")
    view = window.form_view
    assert view.form is not None
    press_on(qtbot, window, "access_granted", "1")
    for question_id in ("departure_time",):
        field = row(window, question_id).input.focus_target()  # type: ignore[union-attr]
        assert isinstance(field, QLineEdit)
        field.setFocus()
        field.setCursorPosition(0)
        qtbot.keyClicks(field, "1945")
    overall = row(window, "overall_assessment").input
    assert overall is not None
    overall.focus_target().setFocus()
    qtbot.keyClick(overall.focus_target(), "2")
    asked = answer_every_question(monkeypatch, QMessageBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)

    # Every required answer is given, but the concern questions are blank: not completed.
    assert view.submission is not None and view.submission.status == SubmissionStatus.DRAFT
    refused = listed(window)
    assert "ballot_boxes_sealed" in refused and "ballot_stuffing" in refused
    assert all(concern_needs_answer(view.form.question(q)) for q in refused)
    assert len(refused) > 20
    sealed = row(window, "ballot_boxes_sealed")
    assert sealed.label.text().endswith(" *")  # marked as needed before it is refused
    assert sealed.message.isVisible()
    assert "could not observe" in sealed.message.text()
    assert asked == []  # nothing was asked: it was refused
    assert not view.completion_banner.isVisible()


def test_other_blanks_are_asked_about_once_then_completion_shows(
    qtbot: QtBot, observer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "SHY 14")
    view = window.form_view
    press_on(qtbot, window, "access_granted", "1")
    stay = answer_every_question(monkeypatch, QMessageBox.ButtonRole.RejectRole)
    qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    answer_what_is_listed(qtbot, window)

    # Nothing stops it now, but questions are blank: asked once, every blank listed.
    assert view.submission is not None and view.submission.status == SubmissionStatus.DRAFT
    assert len(stay) == 1
    question, details = stay[0]
    assert "left blank" in question and "Complete the form all the same?" in question
    assert "• Comments" in details
    assert "• Number of voters on the voter list" in details or "Number of voters" in details
    # "Go back" keeps the draft and takes the observer to the first blank.
    assert not view.completion_banner.isVisible()

    done = answer_every_question(monkeypatch, QMessageBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    assert len(done) == 1
    assert view.submission.status == SubmissionStatus.COMPLETE
    stored = window.workspace.store.get(view.submission.id)
    assert stored.status == SubmissionStatus.COMPLETE
    assert view.completion_banner.isVisible()
    assert view.completion_banner.text().startswith("✓ Completed at")

    # In Russian too, and on opening it again from the list.
    window.language_box.setCurrentIndex(1)
    assert view.completion_banner.text().startswith("✓ Завершено в")
    window.language_box.setCurrentIndex(0)
    window.show_submissions()
    qtbot.waitUntil(lambda: window.submissions.model.rowCount() == 1)
    window.open_submission(view.submission.id)
    assert view.completion_banner.isVisible()
