"""The imported example (a domestic observers' results-protocol XLSForm) filled in the window
as an observer would: the station by region and TEC, the figures, each party's votes, the
protocol photo, and completed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from observer_app.domain.submission import SubmissionStatus
from observer_app.formspec.xlsform_import import read_xlsform
from observer_app.ui.attachment_input import AttachmentInput
from observer_app.ui.inputs import RepeatInput
from tests.test_xlsform_example import WORKBOOK
from tests.ui.form_home import open_form
from tests.ui.test_cascading_choice import choose, offered
from tests.ui.test_protocol_photo_in_window import attach_by_dialog
from tests.ui.test_typed_values import press, type_keys


def test_the_imported_example_is_filled_and_completed_in_the_window(
    qtbot: QtBot, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = read_xlsform(WORKBOOK).compiled.form.model_dump(mode="json", exclude_defaults=True)
    window = open_form(qtbot, home, tmp_path, form)
    window.language.set_language("ru", remember=False)
    view = window.form_view

    choose(window, "region", "город Алматы")
    assert offered(window, "tec") == ["ТИК Алмалинского района", "ТИК Бостандыкского района"]
    choose(window, "tec", "ТИК Алмалинского района")
    assert offered(window, "station") == [
        "Избирательный участок № 156",
        "Избирательный участок № 157",
    ]
    choose(window, "station", "Избирательный участок № 156")

    figures = {
        "registered_voters": "1840",
        "ballots_received": "1800",
        "ballots_issued": "1112",
        "invalid_ballots": "12",
        "valid_ballots": "1100",
    }
    for question_id, typed in figures.items():
        field = view._rows[question_id].input
        assert field is not None
        field.focus_target().setFocus()
        type_keys(typed)
    parties = view._rows["party_votes"].input
    assert isinstance(parties, RepeatInput)
    parties.table.setFocus()
    parties.table.setCurrentCell(0, 0)
    for votes in ("700", "160", "120", "70", "50"):
        type_keys(votes)
        press(qtbot, Qt.Key.Key_Return)

    photo = view._rows["protocol_photo"].input
    assert isinstance(photo, AttachmentInput)
    attach_by_dialog(qtbot, monkeypatch, photo, tmp_path / "IMG_0042.jpg")
    acknowledge = view._rows["figures_confirmed"].findChild(QCheckBox)
    assert acknowledge is not None
    acknowledge.click()
    window.grab().save(str(tmp_path / "example-ru.png"))

    qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    submission = view.submission
    assert submission is not None and submission.status == SubmissionStatus.COMPLETE
    stored = window.workspace.store.get(submission.id).answers
    assert (stored["region"], stored["tec"], stored["station"]) == ("ala", "ala_02", "ala_156")
    assert stored["valid_ballots"] == 1100
    assert [row["votes"] for row in stored["party_votes"]] == [700, 160, 120, 70, 50]
    assert stored["protocol_photo"]["name"] == "IMG_0042.jpg"
    assert stored["figures_confirmed"] == "OK"
    window.language.set_language("en", remember=False)
