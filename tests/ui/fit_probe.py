"""Run by tests/ui/test_window_fits.py in a process of its own (the screen size and the
scale factor are fixed when Qt starts): opens the window over a fresh laptop and prints,
as JSON, which of the things a user must reach lie inside the screen's available area.

Usage: python -m tests.ui.fit_probe observer|coordinator
(with OBSERVER_APP_HOME, QT_QPA_PLATFORM=offscreen:configfile=... and QT_SCALE_FACTOR set)
"""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from observer_app.store.settings import ObserverProfile
from observer_app.ui.app import COORDINATOR_MODE, build_window, window_settings
from observer_app.workspace.laptop import ObserverWorkspace


def settle(window: QMainWindow) -> None:
    window.tasks.wait()  # type: ignore[attr-defined]
    for _round in range(5):
        QApplication.processEvents()


def reachable(window: QMainWindow, widget: QWidget) -> bool:
    """Shown, inside the window and inside the screen's available area."""
    screen = window.screen().availableGeometry()
    inside = QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())
    in_window = window.rect().contains(
        QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    )
    return widget.isVisible() and in_window and screen.contains(inside)


def observer(window: Any) -> dict[str, bool]:
    found: dict[str, bool] = {}
    for language in ("en", "ru", "kk"):
        window.language.set_language(language)
        window.show_picker()
        window.picker.form_buttons[
            [f.id for f in window.picker.forms].index("counting")
        ].setChecked(True)
        window.picker.search_field.setText("ALA 245")
        settle(window)
        found[f"{language}: language box"] = reachable(window, window.language_box)
        found[f"{language}: start button"] = reachable(window, window.picker.start_button)
        window.picker._start_selected()
        settle(window)
        window.form_view.complete()  # refused: the problems list takes room too
        settle(window)
        view = window.form_view
        found[f"{language}: problems list"] = reachable(window, view.problems)
        found[f"{language}: Complete"] = reachable(window, view.complete_button)
        found[f"{language}: Back to the list"] = reachable(window, view.close_button)
        found[f"{language}: save indicator"] = reachable(window, view.save_indicator)
        window.show_submissions()
        settle(window)
        found[f"{language}: Open"] = reachable(window, window.submissions.open_button)
    return found


def coordinator(window: Any) -> dict[str, bool]:
    found: dict[str, bool] = {}
    for language in ("en", "ru", "kk"):
        window.language.set_language(language)
        settle(window)
        found[f"{language}: language box"] = reachable(window, window.language_box)
        found[f"{language}: tabs"] = reachable(window, window.tabs.tabBar())
        window.tabs.setCurrentWidget(window.conflicts)
        settle(window)
        found[f"{language}: Keep version B"] = reachable(window, window.conflicts.keep_b)
        window.tabs.setCurrentWidget(window.dashboard)
        settle(window)
        found[f"{language}: clear filters"] = reachable(window, window.dashboard.clear_button)
    return found


def main(mode: str) -> None:
    application = QApplication(sys.argv[:1])
    workspace = ObserverWorkspace.open()
    workspace.set_up_builtin_mission(ObserverProfile("Айгүл Сейітова", "Team 7"))
    workspace.close()
    if mode == "coordinator":
        window_settings().setValue("mode", COORDINATOR_MODE)
    window = build_window()
    assert window is not None
    window.show()
    settle(window)
    screen = window.screen()
    result = {
        "available": list(screen.availableGeometry().getRect()),
        "frame": list(window.frameGeometry().getRect()),
        "frame inside the available area": screen.availableGeometry().contains(
            window.frameGeometry()
        ),
        "scale": screen.devicePixelRatio(),
        "reachable": observer(window) if mode == "observer" else coordinator(window),
    }
    window.close()
    application.processEvents()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
