"""Conflicts say whose they are (issue 13, failure 11): "Decided by" starts with the
coordinator's name from the first run, and each version names the file that brought it:
team and observer, laptop, hand-in time."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from observer_app.exchange.demo import DemoMission, build_demo_mission
from observer_app.store.settings import ObserverProfile
from observer_app.ui.coordinator import CoordinatorWindow
from tests.ui.coordinator_desk import coordinator_window
from tests.ui.test_coordinator_window import import_demo

COORDINATOR = ObserverProfile(name="Дана Жұмабаева", team="Core team")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoMission:
    return build_demo_mission(tmp_path_factory.mktemp("demo"), teams=6)


@pytest.fixture
def window(
    qtbot: QtBot, home: Path, tmp_path: Path, demo: DemoMission
) -> Iterator[CoordinatorWindow]:
    """A coordinator's window on a computer set up with the coordinator's name."""
    with coordinator_window(
        qtbot, tmp_path, demo.package, demo.key_file, coordinator=COORDINATOR
    ) as shown:
        yield shown


def test_decided_by_is_the_coordinators_name_not_the_login(
    window: CoordinatorWindow, qtbot: QtBot, demo: DemoMission
) -> None:
    assert window.conflicts.who.text() == "Дана Жұмабаева"
    assert window.conflicts.who.text() != getpass.getuser()


def test_each_version_names_its_file_laptop_and_hand_in_time(
    window: CoordinatorWindow, qtbot: QtBot, demo: DemoMission
) -> None:
    import_demo(window, qtbot, demo)
    page = window.conflicts
    qtbot.waitUntil(lambda: len(page.list_model.rows) == 1, timeout=10000)
    conflict = page.list_model.rows[0]
    versions = conflict.versions
    assert len(versions) == 2
    assert all(v.bundle_id and v.device_id and v.handed_in_at for v in versions)
    assert versions[0].bundle_id != versions[1].bundle_id  # two files brought them
    team = demo.teams[3]
    lines = page.sources.text().splitlines()
    assert len(lines) == 2
    for which, (line, version) in enumerate(zip(lines, versions, strict=True)):
        assert line.startswith("Version " + "AB"[which])
        assert team.name in line
        assert version.laptop and f"laptop {version.laptop}" in line
        handed_in = version.handed_in_at.strftime("%d.%m.%Y %H:%M")  # type: ignore[union-attr]
        assert f"handed in {handed_in}" in line
    assert lines[0] != lines[1]
    assert "(counted)" in lines[[v.counted for v in versions].index(True)]

    window.language.set_language("kk", remember=False)
    assert "тапсырылды" in page.sources.text()
