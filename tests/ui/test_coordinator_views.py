"""What the coordinator reads (issue 13, failure 12): stations by number and region in the
window's language, an incident in full when chosen, findings on a small base marked, and
long findings wrapped rather than cut to "…"."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from observer_app.exchange.demo import DemoMission
from observer_app.ui.coordinator import CoordinatorWindow
from observer_app.workspace.findings import FindingLine
from tests.ui.test_coordinator_window import cell, import_demo
from tests.ui.test_every_text_translated import coordinator, demo

__all__ = ["coordinator", "demo"]  # the fixtures, shared


def test_stations_read_as_number_and_region_in_the_windows_language(
    qtbot: QtBot, coordinator: CoordinatorWindow, demo: DemoMission
) -> None:
    window = coordinator
    import_demo(window, qtbot, demo)
    incidents = window.incidents.model
    at_stations = [i for i, line in enumerate(incidents.rows) if line.station_id]
    assert at_stations
    shown = cell(incidents, at_stations[0], 1)
    line = incidents.rows[at_stations[0]]
    number = int(line.station_id.rsplit("-", 1)[-1])  # type: ignore[union-attr]
    assert re.fullmatch(rf"No\. {number} · .+ (Region|\(city\))", shown), shown
    assert line.station_id not in shown

    findings = window.dashboard.findings_model
    row = next(i for i, r in enumerate(findings.rows) if isinstance(r, FindingLine) and r.concern)
    window.dashboard.findings.selectRow(row)
    behind = window.dashboard.behind_model
    qtbot.waitUntil(lambda: len(behind.rows) > 0, timeout=10000)
    station = next(i for i, r in enumerate(behind.rows) if r.station_id)
    assert cell(behind, station, 1).startswith("No. ")

    window.language.set_language("kk", remember=False)
    qtbot.waitUntil(lambda: window.tasks.idle, timeout=10000)
    kazakh = cell(incidents, at_stations[0], 1)
    assert re.fullmatch(rf"№{number} · .+ (облысы|қаласы)", kazakh), kazakh


def test_an_incident_chosen_is_shown_in_full(
    qtbot: QtBot, coordinator: CoordinatorWindow, demo: DemoMission
) -> None:
    window = coordinator
    import_demo(window, qtbot, demo)
    window.tabs.setCurrentWidget(window.incidents)
    rows = window.incidents.model.rows
    longest = max(range(len(rows)), key=lambda i: len(rows[i].words))
    window.incidents.list.selectRow(longest)
    full = window.incidents.full
    assert full.isVisible() and full.wordWrap()
    assert rows[longest].words in full.text()
    assert rows[longest].category in full.text()


def test_findings_on_a_small_base_are_marked_and_long_ones_wrap(
    qtbot: QtBot, coordinator: CoordinatorWindow, demo: DemoMission
) -> None:
    window = coordinator
    import_demo(window, qtbot, demo)
    window.tabs.setCurrentWidget(window.dashboard)
    model = window.dashboard.findings_model
    lines = [(i, r) for i, r in enumerate(model.rows) if isinstance(r, FindingLine)]
    small = [(i, r) for i, r in lines if 0 < r.answered < 10]
    large = [(i, r) for i, r in lines if r.answered >= 10]
    assert small and large
    assert all("⚠ base under 10" in cell(model, i, 1) for i, _r in small)
    assert not any("⚠" in cell(model, i, 1) for i, _r in large)
    view = window.dashboard.findings
    assert view.wordWrap() and view.textElideMode() == Qt.TextElideMode.ElideNone
