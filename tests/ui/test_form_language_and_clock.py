"""The form view evaluates with the window's language and its own clock: jr:choice-name()
gives the chosen answer's label in the language the observer reads, and today() is the
day of the view's clock (a test's fixed day here)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from pytestqt.qtbot import QtBot

from observer_app.ui.inputs import ReadOnlyValue
from observer_app.ui.main_window import MainWindow
from tests.conftest import form_data, q, text
from tests.ui.form_home import set_up_laptop
from tests.ui.test_observer_window import open_window

ALMATY = timezone(timedelta(hours=6))
ELECTION_DAY = datetime(2021, 1, 10, 19, 45, tzinfo=ALMATY)


def shown(window: MainWindow, question_id: str) -> str:
    value = window.form_view._rows[question_id].input
    assert isinstance(value, ReadOnlyValue)
    return value._label.text()


def test_choice_names_follow_the_language_and_today_the_clock(
    qtbot: QtBot, home: Path, tmp_path: Path
) -> None:
    form = form_data(
        q("assessment", "select_one", choices="assessment"),
        {
            "id": "assessment_said",
            "type": "calculate",
            "calculation": "jr:choice-name(${assessment}, '${assessment}')",
            "label": text("Your assessment"),
        },
        {
            "id": "day",
            "type": "calculate",
            "calculation": "format-date(today(), '%d.%m.%Y')",
            "label": text("Today"),
        },
        id="language_clock",
        choice_lists={
            "assessment": [
                {"value": "good", "label": text("Good", "Хорошо", "Жақсы")},
                {"value": "bad", "label": text("Bad", "Плохо", "Нашар")},
            ]
        },
    )
    home.mkdir(parents=True, exist_ok=True)
    set_up_laptop(tmp_path, [form])
    window = open_window(qtbot)
    window.form_view.clock = lambda: ELECTION_DAY
    window.language.set_language("en", remember=False)
    window.start_observation("language_clock", "")
    assert shown(window, "day") == "10.01.2021"
    window.form_view._edited("assessment", "good")
    assert shown(window, "assessment_said") == "Good"
    window.language.set_language("ru", remember=False)
    assert shown(window, "assessment_said") == "Хорошо"
    window.language.set_language("kk", remember=False)
    assert shown(window, "assessment_said") == "Жақсы"
    window.language.set_language("en", remember=False)


def test_a_calculation_that_cannot_be_worked_out_shows_a_dash(qtbot: QtBot) -> None:
    """A total with a blank (NaN) or a share of zero (infinity) is no figure, in the window
    as in the summary."""
    value = ReadOnlyValue()
    qtbot.addWidget(value)
    for cannot in (float("nan"), float("inf"), float("-inf")):
        value.set_value(cannot)
        assert value._label.text() == "—"
    value.set_value(12.0)
    assert value._label.text() == "12"
