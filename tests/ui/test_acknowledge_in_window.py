"""The observer ticks the box of an acknowledge question: 'OK' is stored; unticked, nothing."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from observer_app.ui.inputs import AcknowledgeInput
from tests.conftest import form_data, q
from tests.ui.form_home import set_up_laptop
from tests.ui.test_observer_window import open_window


def test_ticking_the_box_stores_ok(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    set_up_laptop(tmp_path, [form_data(q("shown", "acknowledge"), id="ack")])
    window = open_window(qtbot)
    window.language.set_language("ru", remember=False)
    window.start_observation("ack", "")
    box = window.form_view._rows["shown"].input
    assert isinstance(box, AcknowledgeInput)
    assert box.box.text() == "Подтверждаю"
    submission = window.form_view.submission
    assert submission is not None
    box.box.click()
    window.form_view.flush_now()
    assert window.workspace.store.get(submission.id).answers["shown"] == "OK"
    box.box.click()
    window.form_view.flush_now()
    assert "shown" not in window.workspace.store.get(submission.id).answers
    window.language.set_language("en", remember=False)
