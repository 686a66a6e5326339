"""Renders the observer's window offscreen at 1366x768 and saves the README's screenshots.

Run: `.venv/bin/python docs/screenshots.py` (writes docs/images/observer-*.png). The pictures
come from the real window over a fresh database set up with the built-in mission.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["OBSERVER_APP_HOME"] = tempfile.mkdtemp(prefix="observer-shots-")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from observer_app.store.settings import ObserverProfile  # noqa: E402
from observer_app.ui.app import build_window  # noqa: E402
from observer_app.ui.first_run import FirstRunDialog  # noqa: E402
from observer_app.ui.i18n import LanguageSwitch  # noqa: E402
from observer_app.ui.inputs import RepeatInput  # noqa: E402
from observer_app.ui.main_window import MainWindow  # noqa: E402
from observer_app.workspace.laptop import ObserverWorkspace as Workspace  # noqa: E402

IMAGES = ROOT / "docs" / "images"


def settle(window: MainWindow) -> None:
    window.tasks.wait()
    for _ in range(3):
        QApplication.processEvents()


def answer(window: MainWindow, answers: dict[str, object]) -> None:
    """Answer through the inputs, as the observer's clicks would."""
    for question_id, value in answers.items():
        question_input = window.form_view._rows[question_id].input
        assert question_input is not None
        question_input.set_value(value)
        question_input.edited.emit(question_input.value())
    window.form_view.flush_now()
    settle(window)


#: The field-ready pictures: two screen sizes, in Russian and Kazakh.
SIZES = ((1366, 768), (1280, 720))


def keys(text: str) -> None:
    """Type `text` into the focused widget, key by key, as the observer does."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            target = QApplication.focusWidget()
            assert target is not None
            QApplication.sendEvent(
                target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )


def key(code: Qt.Key) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        target = QApplication.focusWidget()
        assert target is not None
        QApplication.sendEvent(target, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier))


def first_run(window: MainWindow) -> None:
    """The first-run dialog, filled in, in Russian and Kazakh."""
    for language in ("ru", "kk"):
        switch = LanguageSwitch(window_settings_for_pictures())
        switch.set_language(language, remember=False)
        dialog = FirstRunDialog(switch)
        dialog.name_field.setText("Айгүл Сейітова")
        dialog.team_field.setText("Team 7")
        dialog.show()
        settle(window)
        dialog.grab().save(str(IMAGES / f"observer-first-run-{language}.png"))
        dialog.close()
        switch.deleteLater()
    window.language.set_language("en")


def window_settings_for_pictures() -> QSettings:
    return QSettings(
        str(Path(os.environ["OBSERVER_APP_HOME"]) / "pictures.ini"), QSettings.Format.IniFormat
    )


def field_ready(window: MainWindow) -> None:
    """The counting party table with "1 020" typed, and a refused time, at both sizes."""
    for language in ("ru", "kk"):
        window.language.set_language(language)
        for width, height in SIZES:
            window.resize(width, height)
            window.show_picker()
            counting = [f.id for f in window.picker.forms].index("counting")
            window.picker.form_buttons[counting].setChecked(True)
            window.picker.search_field.setText(f"ALA {246 + width % 7}")
            settle(window)
            window.picker._start_selected()
            settle(window)
            answer(window, {"access_granted": "yes", "ballots_in_box": 3550, "ballots_valid": 3540})
            table = window.form_view._rows["party_votes"].input
            assert isinstance(table, RepeatInput)
            table.table.setFocus()
            for row, typed in enumerate(["1 020", "812", "1.020", "505", "183"]):
                table.table.setCurrentCell(row, 0)
                keys(typed)
                key(Qt.Key.Key_Return)
            table.table.setCurrentCell(0, 0)
            window.form_view.jump_to("party_votes")
            window.form_view.flush_now()
            settle(window)
            size = f"{width}x{height}"
            window.grab().save(str(IMAGES / f"observer-party-table-{language}-{size}.png"))
            key(Qt.Key.Key_Escape)
            departure = window.form_view._rows["departure_time"].input
            assert departure is not None
            window.form_view.jump_to("departure_time")
            keys("25:")  # the colon is refused: there is no hour 25
            window.form_view.flush_now()
            settle(window)
            window.grab().save(str(IMAGES / f"observer-refused-time-{language}-{size}.png"))
    window.language.set_language("en")
    window.resize(1366, 768)


def main() -> None:
    application = QApplication.instance() or QApplication([])
    workspace = Workspace.open()
    workspace.set_up_builtin_mission(ObserverProfile("Айгүл Сейітова", "Team 7"))
    workspace.close()
    window = build_window()
    assert window is not None
    window.show()  # kept inside the (offscreen, 800x800) screen; then the size pictured
    window.resize(1366, 768)
    settle(window)

    # Earlier visits of the day, for the list and the "recent" marks.
    for query, form in (("ALA 101", "opening"), ("ALA 104", "voting"), ("ALA 131", "voting")):
        window.picker.form_buttons[[f.id for f in window.picker.forms].index(form)].setChecked(True)
        window.picker.search_field.setText(query)
        window.picker._start_selected()
        settle(window)
        answer(window, {"access_granted": "yes"})
    window.show_picker()
    window.picker.form_buttons[[f.id for f in window.picker.forms].index("voting")].setChecked(True)

    for language in ("en", "kk"):
        window.language.set_language(language)
        window.show_picker()
        window.picker.search_field.setText("Алмалы 2")
        settle(window)
        window.grab().save(str(IMAGES / f"observer-picker-{language}.png"))

        window.picker.search_field.setText("ALA 245")
        settle(window)
        window.picker._start_selected()
        settle(window)
        answer(
            window,
            {
                "access_granted": "yes",
                "police_outside": "no",
                "accessible_unassisted": "yes",
                "ppe_available": "yes",
                "distancing_respected": "no",
                "overcrowded": "yes",
                "voters_on_list": 1450,
                "turnout_announced": 1100,
                "signatures_counted": 702,
            },
        )
        window.form_view.jump_to("voters_on_list")
        settle(window)
        window.grab().save(str(IMAGES / f"observer-form-{language}.png"))

        window.form_view.complete()
        settle(window)
        window.grab().save(str(IMAGES / f"observer-problems-{language}.png"))

        window.show_submissions()
        settle(window)
        window.grab().save(str(IMAGES / f"observer-submissions-{language}.png"))
    field_ready(window)
    first_run(window)
    window.close()
    application.quit()
    print(f"screenshots written to {IMAGES}")


if __name__ == "__main__":
    main()
