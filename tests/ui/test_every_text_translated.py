"""Every visible text of both windows, in Russian and in Kazakh, comes from the catalogues,
the forms, the registry or the data (issue 13, failure 9): each page is shown in turn and
each text on it is checked for words of another language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from observer_app.exchange.demo import DemoMission, build_demo_mission
from observer_app.ui.coordinator import CoordinatorWindow
from tests.ui.coordinator_desk import coordinator_window
from tests.ui.test_coordinator_window import import_demo
from tests.ui.test_observer_window import open_window
from tests.ui.test_problems_list import start_form_at
from tests.ui.visible_texts import leaks, visible_texts

FORMS = ("opening", "voting", "counting", "tabulation", "incident")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoMission:
    return build_demo_mission(tmp_path_factory.mktemp("demo"), teams=6)


@pytest.fixture
def coordinator(
    qtbot: QtBot, home: Path, tmp_path: Path, demo: DemoMission
) -> Iterator[CoordinatorWindow]:
    with coordinator_window(qtbot, tmp_path, demo.package, demo.key_file) as shown:
        yield shown


def data_of(window: CoordinatorWindow) -> list[str]:
    """What the observers typed and the files are called: shown as they are."""
    report = window.last_report
    assert report is not None
    data = [
        str(value)
        for line in window.import_page.model.rows
        for value in (line.name, line.team, line.observer, line.device)
        if value
    ]
    models = (window.incidents.model, window.conflicts.list_model, window.conflicts.compare_model)
    for model in models:  # the observers' own words and the coordinators' notes
        for row in model.rows:
            data.extend(
                value for field in fields(row) if isinstance(value := getattr(row, field.name), str)
            )
    return data


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_coordinator_window_shows_no_word_from_outside(
    qtbot: QtBot, coordinator: CoordinatorWindow, demo: DemoMission, language: str
) -> None:
    import_demo(coordinator, qtbot, demo)
    coordinator.language.set_language(language, remember=False)
    qtbot.waitUntil(lambda: coordinator.tasks.idle, timeout=30000)
    found: dict[str, list[str]] = {}
    data = data_of(coordinator)
    for index in range(coordinator.tabs.count()):
        coordinator.tabs.setCurrentIndex(index)
        if coordinator.tabs.currentWidget() is coordinator.import_page:
            rejected = next(
                i for i, line in enumerate(coordinator.import_page.model.rows) if line.rejected
            )
            coordinator.import_page.results.selectRow(rejected)
        qtbot.waitUntil(lambda: coordinator.tasks.idle, timeout=30000)
        found[coordinator.tabs.tabText(index)] = leaks(visible_texts(coordinator), language, data)
    left = {page: texts for page, texts in found.items() if texts}
    assert left == {}, "\n".join(f"{page}: {text!r}" for page, ts in left.items() for text in ts)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_observer_window_shows_no_word_from_outside(
    qtbot: QtBot, observer_home: Path, language: str
) -> None:
    window = open_window(qtbot)
    window.language_box.setCurrentIndex(1 if language == "ru" else 2)
    profile = window.workspace.observer()
    assert profile is not None
    data = [profile.name, profile.team]
    found: dict[str, list[str]] = {"picker": leaks(visible_texts(window), language, data)}
    for number, form_id in enumerate(FORMS, start=60):
        start_form_at(
            window, qtbot, form_id, "AKM-01" if form_id == "tabulation" else f"ALA {number}"
        )
        qtbot.mouseClick(window.form_view.complete_button, Qt.MouseButton.LeftButton)
        found[form_id] = leaks(visible_texts(window), language, data)
    window.show_submissions()
    qtbot.waitUntil(lambda: window.submissions.model.rowCount() == len(FORMS))
    found["submissions"] = leaks(visible_texts(window), language, data)
    window.language_box.setCurrentIndex(0)
    left = {page: texts for page, texts in found.items() if texts}
    assert left == {}, "\n".join(f"{page}: {text!r}" for page, ts in left.items() for text in ts)
