"""The coordinator's Results tab: differences, the quarantine, and the decision to count a
quarantined protocol copy from the window (issue 16)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from observer_app.store.database import Database
from observer_app.workspace.coordinator import CoordinatorWorkspace
from tests.analysis.factory import Dataset, builtin_forms, copy_of, template_database
from tests.analysis.test_results import HEADER, protocol
from tests.ui.coordinator_desk import shown_window


@pytest.fixture
def database(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Database]:
    template = template_database(tmp_path_factory.mktemp("template"))
    made = copy_of(template, tmp_path / "coordinator.sqlite3")
    yield made
    made.close()


def test_the_results_tab_shows_differences_and_counts_a_restored_copy(
    qtbot: QtBot, home: Path, tmp_path: Path, database: Database
) -> None:
    data = Dataset(database)
    data.add("counting", protocol(), station="ALA-12")
    data.add("counting", protocol(ballots_invalid=30), station="ALA-13")
    official = tmp_path / "official.csv"
    official.write_text(HEADER + "\nALA,12,1000,600,580,20,430,50,60,25,15\n", encoding="utf-8")
    desk = CoordinatorWorkspace(database, builtin_forms())
    desk.import_official_results(official)
    with shown_window(qtbot, tmp_path, desk) as window:
        page = window.results
        qtbot.waitUntil(lambda: page.data is not None and window.tasks.idle, timeout=20000)
        assert page.diff_intro.text().startswith(
            "In 1 of the 1 polling station where the count was observed, "
            "the published results differ"
        )
        assert "Nur Otan: 400 copied, 430 published (+30)" in page.differences.rows[0].detail
        (held,) = page.quarantine.rows
        assert held.quarantined and held.station.startswith("13, ")

        window.tabs.setCurrentWidget(page)
        page.quarantine_view.selectRow(0)
        page.who.setText("Dana Seitkali")
        page.why.setText("the PEC's sum, checked on the photo")
        qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not page.quarantine.rows[0].quarantined, timeout=20000)
        assert page.quarantine.rows[0].decision == (
            "counted: decided by Dana Seitkali (the PEC's sum, checked on the photo)"
        )
        assert desk.quarantine("en")[0].restored is not None  # kept on record
