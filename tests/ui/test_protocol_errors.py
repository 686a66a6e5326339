"""A results protocol whose arithmetic is broken is shown to the observer as an error, in red
and apart from the warnings, while they type (issue 16)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from observer_app.exchange.mission import SAMPLE_SETTING
from observer_app.store.settings import put_setting
from tests.ui.test_observer_window import open_window, press_on, row
from tests.ui.test_problems_list import start_form_at


def test_a_protocol_error_is_shown_in_red_apart_from_the_warnings(
    qtbot: QtBot, observer_home: Path
) -> None:
    window = open_window(qtbot)
    start_form_at(window, qtbot, "counting", "ALA 14")
    view = window.form_view
    press_on(qtbot, window, "access_granted", "1")
    for question_id, value in (
        ("voters_on_list", 1000),
        ("signatures", 600),
        ("ballots_in_box", 640),
        ("ballots_valid", 600),
        ("ballots_invalid", 20),
    ):
        view._edited(question_id, value)
    assert row(window, "ballots_valid").isVisible()
    # 600 + 20 is not the 640 ballots in the boxes: an error; 640 > 600 signatures: a warning.
    assert view.errors_banner.isVisible()
    assert "Protocol error: the valid and the invalid ballots" in view.errors_banner.text()
    assert view.checks_banner.isVisible()
    assert "More ballots were found" in view.checks_banner.text()
    assert "More ballots were found" not in view.errors_banner.text()

    view._edited("ballots_invalid", 40)
    assert not view.errors_banner.isVisible()
    assert view.checks_banner.isVisible()
    view.flush_now()


def test_a_sample_station_says_so_on_the_counting_form(qtbot: QtBot, observer_home: Path) -> None:
    window = open_window(qtbot)
    with window.workspace.database.transaction() as session:
        put_setting(session, SAMPLE_SETTING, {"stations": ["ALA-14"], "seed": 1})
    view = window.form_view
    start_form_at(window, qtbot, "counting", "ALA 14")
    assert view.sample_banner.isVisible()
    assert "This is a sample station" in view.sample_banner.text()
    start_form_at(window, qtbot, "counting", "ALA 15")
    assert not view.sample_banner.isVisible()
    view.flush_now()
