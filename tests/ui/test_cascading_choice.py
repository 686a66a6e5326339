"""A cascading choice in the window: the TECs offered are those of the region chosen, the
stations those of the TEC; choosing another region clears a TEC that is not in it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot

from observer_app.ui.main_window import MainWindow
from tests.test_choice_filter import cascade
from tests.ui.form_home import set_up_laptop
from tests.ui.test_observer_window import open_window


def offered(window: MainWindow, question_id: str) -> list[str]:
    """The choices shown for a question, by their label."""
    found = window.form_view._rows[question_id].input
    assert found is not None
    return [
        button.text() for button in found.findChildren(QRadioButton) if button.isVisibleTo(found)
    ]


def choose(window: MainWindow, question_id: str, label: str) -> None:
    found = window.form_view._rows[question_id].input
    assert found is not None
    (button,) = [b for b in found.findChildren(QRadioButton) if b.text() == label]
    button.click()


def test_region_then_tec_then_station(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    form = cascade(tmp_path).form.model_dump(mode="json", exclude_defaults=True)
    home.mkdir(parents=True, exist_ok=True)
    set_up_laptop(tmp_path, [form])
    window = open_window(qtbot)
    window.language.set_language("en", remember=False)
    window.start_observation("cascade", "")
    assert offered(window, "tec") == []
    choose(window, "region", "Almaty")
    assert offered(window, "tec") == ["Almalinsky", "Bostandyk"]
    choose(window, "tec", "Almalinsky")
    assert offered(window, "station") == ["PS 101", "PS 102"]
    choose(window, "station", "PS 102")
    choose(window, "region", "Astana")
    assert offered(window, "tec") == ["Yesil"]
    assert offered(window, "station") == []
    window.form_view.flush_now()
    submission = window.form_view.submission
    assert submission is not None
    stored = window.workspace.store.get(submission.id).answers
    assert stored.get("region") == "astana"
    assert "tec" not in stored and "station" not in stored
