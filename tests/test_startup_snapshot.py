"""The start-up snapshot: written whole, read back equal; in doubt, the database is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from observer_app.store.settings import ObserverProfile
from observer_app.workspace.laptop import ObserverWorkspace
from observer_app.workspace.startup import StartupSnapshot, read_snapshot, write_snapshot


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> StartupSnapshot:
    path = tmp_path_factory.mktemp("snapshot") / "observer.sqlite3"
    workspace = ObserverWorkspace.open(f"sqlite:///{path}")
    assert workspace.startup_snapshot() is None  # nothing to show before set-up
    workspace.set_up_builtin_mission(ObserverProfile("Асем", "Team 3"))
    taken = workspace.startup_snapshot()
    workspace.close()
    assert taken is not None
    return taken


def test_a_snapshot_reads_back_as_written(snapshot: StartupSnapshot, tmp_path: Path) -> None:
    path = tmp_path / "observer.sqlite3.startup.json"
    write_snapshot(path, snapshot)
    assert read_snapshot(path) == snapshot
    assert snapshot.who == "Асем, Team 3"
    assert {form.id for form in snapshot.forms} >= {"opening", "voting", "counting"}
    assert snapshot.forms[0].title("kk") and snapshot.forms[0].title("xx") == snapshot.forms[
        0
    ].title("en")
    assert not list(tmp_path.glob("*.partial"))  # nothing left half-written beside it


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data | {"version": 0},
        lambda data: data | {"stations": []},
        lambda data: data | {"forms": []},
        lambda data: data | {"stations": [["AKM-1", "1", "AKM", "AKM-01", "", "", None]]},
        lambda data: data | {"stations": [["AKM-1", 1, "AKM"]]},
        lambda data: {k: v for k, v in data.items() if k != "who"},
        lambda data: [data],
    ],
    ids=["older", "no stations", "no forms", "number as text", "short row", "no who", "list"],
)
def test_a_snapshot_in_doubt_is_not_used(
    snapshot: StartupSnapshot, tmp_path: Path, damage: object
) -> None:
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(damage(snapshot.to_json())), encoding="utf-8")  # type: ignore[operator]
    assert read_snapshot(path) is None


def test_a_snapshot_cut_short_or_missing_is_not_used(
    snapshot: StartupSnapshot, tmp_path: Path
) -> None:
    path = tmp_path / "snapshot.json"
    assert read_snapshot(path) is None
    write_snapshot(path, snapshot)
    path.write_bytes(path.read_bytes()[:1000])  # a power cut while copying the folder
    assert read_snapshot(path) is None
