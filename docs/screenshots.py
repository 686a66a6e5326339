"""Renders the observer's window offscreen at 1366x768 and saves the README's screenshots.

Run: `.venv/bin/python docs/screenshots.py` (writes docs/images/observer-*.png). The pictures
come from the real window over a fresh database set up with the built-in mission.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["OBSERVER_APP_HOME"] = tempfile.mkdtemp(prefix="observer-shots-")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from observer_app.store.settings import ObserverProfile  # noqa: E402
from observer_app.ui.app import build_window  # noqa: E402
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


def main() -> None:
    application = QApplication.instance() or QApplication([])
    workspace = Workspace.open()
    workspace.set_up_builtin_mission(ObserverProfile("Айгүл Сейітова", "Team 7"))
    workspace.close()
    window = build_window()
    assert window is not None
    window.resize(1366, 768)
    window.show()
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
    window.close()
    application.quit()
    print(f"screenshots written to {IMAGES}")


if __name__ == "__main__":
    main()
