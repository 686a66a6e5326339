"""Who has not handed in: the mission package may carry a roster of teams; the coordinator
sees, per team, the last file merged and its time, and the teams with nothing, first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from observer_app.domain.bundled import forms_dir, registry_dir
from observer_app.exchange.demo import DemoMission
from observer_app.exchange.documents import Refused
from observer_app.exchange.mission import (
    build_mission_package,
    read_mission_package,
)
from observer_app.exchange.roster import RosterTeam, read_roster, roster_csv
from observer_app.ui.coordinator import CoordinatorWindow
from tests.ui.coordinator_desk import coordinator_window
from tests.ui.test_coordinator_window import cell, import_demo
from tests.ui.test_every_text_translated import demo

__all__ = ["demo"]  # the fixture, shared

ROSTER = (
    RosterTeam("Team 01", ("Айгүл Сейітова", "Dana Bekova"), "MAN"),
    RosterTeam("Team 99", ("Ержан Оспанов",), "AKM"),
)


def test_a_package_carries_its_roster_and_an_old_one_reads_without(tmp_path: Path) -> None:
    roster = tmp_path / "teams.csv"
    roster.write_bytes(roster_csv(ROSTER))

    def package(with_roster: Path | None) -> bytes:
        return build_mission_package(
            name="Kazakhstan 2021",
            election="Majilis, 10 January 2021",
            forms_dir=forms_dir(),
            registry_dir=registry_dir(),
            coordinator_key=None,
            created_at=datetime(2021, 1, 5, tzinfo=UTC),
            roster=with_roster,
        )[1]

    assert read_mission_package(package(roster)).roster == ROSTER
    assert read_mission_package(package(None)).roster == ()


def test_a_bad_roster_is_refused_naming_the_file_and_line() -> None:
    with pytest.raises(Refused, match=r"teams\.csv line 1: the header must be team,observers"):
        read_roster(b"name,who\nTeam 1,A\n", "teams.csv")
    with pytest.raises(Refused, match=r"teams\.csv line 3: team 'Team 1' is listed twice"):
        read_roster(b"team,observers,region\nTeam 1,A,MAN\nTeam 1,B,MAN\n", "teams.csv")


@pytest.fixture
def window(
    qtbot: QtBot, home: Path, tmp_path: Path, demo: DemoMission
) -> Iterator[CoordinatorWindow]:
    package = replace(demo.package, roster=ROSTER)
    with coordinator_window(qtbot, tmp_path, package, demo.key_file) as shown:
        yield shown


def test_the_coordinator_sees_who_has_handed_in_and_who_has_not(
    qtbot: QtBot, window: CoordinatorWindow, demo: DemoMission
) -> None:
    page = window.hand_ins
    qtbot.waitUntil(lambda: len(page.model.rows) == 2, timeout=10000)  # the roster alone
    assert all(not line.handed_in for line in page.model.rows)
    import_demo(window, qtbot, demo)
    qtbot.waitUntil(lambda: window.tasks.idle and len(page.model.rows) > 2, timeout=30000)
    window.tabs.setCurrentWidget(page)
    model = page.model
    assert cell(model, 0, 0) == "Team 99"  # nothing handed in: first
    assert cell(model, 0, 3) == "Nothing handed in"
    assert cell(model, 0, 2) == "Ержан Оспанов"
    assert cell(model, 0, 1) == "Akmola Region"
    assert "1 team of the roster has handed in nothing yet" in page.intro.text()
    team_01 = next(i for i, line in enumerate(model.rows) if line.team == "Team 01")
    line = model.rows[team_01]
    assert line.handed_in and line.last_made_at is not None and line.last_observer
    assert cell(model, team_01, 3) == line.last_made_at.astimezone().strftime("%Y-%m-%d %H:%M")
    others = [line for line in model.rows if not line.on_roster]
    assert others and all(line.handed_in for line in others)  # teams off the roster, too

    window.language.set_language("kk", remember=False)
    assert cell(model, 0, 3) == "Ештеңе тапсырылмады"
    assert "әлі ештеңе тапсырмады" in page.intro.text()


def test_mission_create_takes_a_roster_and_refuses_a_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from observer_app.cli import main as cli

    roster = tmp_path / "teams.csv"
    roster.write_bytes(roster_csv(ROSTER))
    out = tmp_path / "mission.zip"
    common = ["mission", "create", "--name", "M", "--election", "E", "--unencrypted"]
    db = ["--db", f"sqlite:///{tmp_path / 'c.db'}"]
    assert cli([*common, "--roster", str(roster), "--out", str(out), *db]) == 0
    assert read_mission_package(out.read_bytes()).roster == ROSTER
    roster.write_text("who,what\n", encoding="utf-8")
    bad = tmp_path / "bad.zip"
    assert cli([*common, "--roster", str(roster), "--out", str(bad), *db]) != 0
    assert "teams.csv line 1: the header must be" in capsys.readouterr().err
    assert not bad.exists()
