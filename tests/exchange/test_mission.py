"""Mission packages and the observer's side: create, import, fill, export, merge, correct."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from pathlib import Path

import pytest

from observer_app.cli import main
from observer_app.exchange.documents import Refused
from observer_app.exchange.mission import (
    MissionError,
    current_mission,
    install_mission,
    mission_library,
    read_mission_package,
)
from observer_app.exchange.safezip import write_zip
from observer_app.store import SubmissionStore, open_database
from observer_app.store.registry import station_count
from observer_app.store.settings import ObserverProfile, put_observer
from tests.conftest import FORMS, REGISTRY
from tests.exchange.conftest import Setup, make_setup
from tests.exchange.factory import incident_answers


def test_a_package_carries_the_mission_forms_registry_and_key(setup: Setup) -> None:
    package = read_mission_package(setup.data)

    assert package.mission == setup.package.mission
    assert package.mission.coordinator_key == setup.key.public_key
    assert sorted(package.forms.forms) == sorted(setup.package.forms.forms)
    assert len(package.registry.stations) == 10_000
    assert package.sources[("voting", 1)] == (FORMS / "voting.yaml").read_text(encoding="utf-8")


def rewrite(data: bytes, name: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[name] = content
    return write_zip(members)


def test_an_altered_package_is_refused(setup: Setup) -> None:
    stations = (REGISTRY / "stations.csv").read_bytes().replace(b"AKM", b"ALA", 1)
    with pytest.raises(Refused, match=r"registry/stations.csv: SHA-256 does not match"):
        read_mission_package(rewrite(setup.data, "registry/stations.csv", stations))


def test_a_newer_package_format_is_refused_with_what_to_do(setup: Setup) -> None:
    with zipfile.ZipFile(io.BytesIO(setup.data)) as archive:
        manifest = json.loads(archive.read("mission.json"))
    manifest["format_version"] = 2
    data = rewrite(setup.data, "mission.json", json.dumps(manifest).encode())
    with pytest.raises(Refused, match=r"newer release .* update Observer"):
        read_mission_package(data)


def test_importing_sets_a_laptop_up_in_one_go(
    setup: Setup, home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package_file = tmp_path / "mission.zip"
    package_file.write_bytes(setup.data)

    assert main(["mission", "import", str(package_file)]) == 0

    out = capsys.readouterr().out
    assert "set up for mission 'Kazakhstan 2021'" in out
    assert setup.package.mission.coordinator_short_fingerprint in out
    database = open_database()
    with database.transaction() as session:
        assert current_mission(session) == setup.package.mission
        assert station_count(session) == 10_000
        assert len(mission_library(session)) == 5
    database.close()


def test_another_mission_is_refused_once_there_are_submissions(
    setup: Setup, tmp_path: Path
) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'laptop.sqlite3'}")
    with database.transaction() as session:
        install_mission(session, setup.package)
    store = SubmissionStore(database, setup.package.forms)
    store.create("incident", observer="Айгүл", team="Team 7")
    other = make_setup()

    with (
        pytest.raises(MissionError, match=r"holds 1 submission.* in another database"),
        database.transaction() as session,
    ):
        install_mission(session, other.package)
    with database.transaction() as session:
        install_mission(session, setup.package)  # the same mission again is fine
        assert current_mission(session) == setup.package.mission
    database.close()


def test_a_changed_form_under_an_old_version_number_is_refused(
    setup: Setup, tmp_path: Path
) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'laptop.sqlite3'}")
    with database.transaction() as session:
        install_mission(session, setup.package)
    sources = dict(setup.package.sources)
    sources[("incident", 1)] = sources[("incident", 1)].replace("Incident", "Event", 1)
    changed = type(setup.package)(
        setup.package.mission, sources, setup.package.forms, setup.package.registry
    )
    with (
        pytest.raises(MissionError, match="form incident v1 differs"),
        database.transaction() as session,
    ):
        install_mission(session, changed)
    database.close()


def fill_incident(url: str, description: str) -> uuid.UUID:
    database = open_database(url)
    with database.transaction() as session:
        put_observer(session, ObserverProfile("Айгүл Сейітова", "Team 7"))
        forms = mission_library(session)
    store = SubmissionStore(database, forms)
    submission = store.create("incident", observer="Айгүл Сейітова", team="Team 7")
    store.save_answers(submission.id, incident_answers(description))
    store.complete(submission.id)
    database.close()
    return submission.id


def test_from_briefing_to_merge_and_a_correction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole exchange through the command line, as a coordinator and an observer do it."""
    coordinator, observer = tmp_path / "coordinator", tmp_path / "observer"
    coordinator_db = f"sqlite:///{coordinator / 'observer.sqlite3'}"
    laptop_db = f"sqlite:///{observer / 'observer.sqlite3'}"
    package, inbox = tmp_path / "mission.zip", tmp_path / "usb-stick"

    monkeypatch.setenv("OBSERVER_APP_HOME", str(coordinator))
    assert main(["mission", "create", "--name", "Kazakhstan 2021", "--election", "Majilis",
                 "--out", str(package)]) == 0  # fmt: skip
    monkeypatch.setenv("OBSERVER_APP_HOME", str(observer))
    assert main(["mission", "import", str(package)]) == 0
    submission_id = fill_incident(laptop_db, "Бөгде адамдар")
    assert main(["export", "--out", str(inbox)]) == 0
    exported = capsys.readouterr().out
    assert "1 submission(s), signed and encrypted" in exported

    monkeypatch.setenv("OBSERVER_APP_HOME", str(coordinator))
    assert main(["merge", str(inbox), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["imported"] == 1

    monkeypatch.setenv("OBSERVER_APP_HOME", str(observer))
    database = open_database(laptop_db)
    with database.transaction() as session:
        store = SubmissionStore(database, mission_library(session))
    store.reopen(submission_id)
    assert main(["export", "--out", str(inbox)]) == 0  # the completed revision, still
    store.save_answer(submission_id, "description", "Бөгде адамдар: corrected")
    store.complete(submission_id)
    database.close()
    assert main(["export", "--out", str(inbox)]) == 0
    capsys.readouterr()

    monkeypatch.setenv("OBSERVER_APP_HOME", str(coordinator))
    assert main(["merge", str(inbox), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"] == {
        "files": 3,
        "imported": 0,
        "duplicate": 2,
        "updated": 1,
        "stale": 0,
        "conflict": 0,
        "rejected": 0,
    }
    database = open_database(coordinator_db)
    with database.transaction() as session:
        store = SubmissionStore(database, mission_library(session))
    assert store.get(submission_id).answers["description"] == "Бөгде адамдар: corrected"
    assert [r["revision"] for r in store.revisions(submission_id)] == [1]
    database.close()


def test_an_export_with_nothing_completed_says_so(
    setup: Setup, home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package_file = tmp_path / "mission.zip"
    package_file.write_bytes(setup.data)
    main(["mission", "import", str(package_file)])
    capsys.readouterr()

    assert main(["export", "--out", str(tmp_path / "out")]) == 1
    assert "nothing to export" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_an_unencrypted_mission_exports_signed_bundles(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "mission.zip"
    assert main(["mission", "create", "--name", "Open mission", "--election", "Majilis",
                 "--unencrypted", "--out", str(package)]) == 0  # fmt: skip
    assert "NOT encrypted" in capsys.readouterr().out
    assert read_mission_package(package.read_bytes()).mission.coordinator_key is None


def test_a_package_carries_the_mission_name_in_each_language(tmp_path: Path) -> None:
    out = tmp_path / "mission.zip"
    args = ["mission", "create", "--name", "Mission", "--election", "Election"]
    args += ["--name-ru", "Миссия", "--election-kk", "Сайлау", "--unencrypted"]
    args += ["--db", f"sqlite:///{tmp_path / 'c.db'}", "--out", str(out)]
    assert main(args) == 0

    mission = read_mission_package(out.read_bytes()).mission
    assert (mission.name_in("ru"), mission.name_in("kk")) == ("Миссия", "Mission")
    assert (mission.election_in("ru"), mission.election_in("kk")) == ("Election", "Сайлау")


def test_an_old_package_without_names_still_imports_and_uses_its_one_name(setup: Setup) -> None:
    with zipfile.ZipFile(io.BytesIO(setup.data)) as archive:
        manifest = json.loads(archive.read("mission.json"))
    assert "names" not in manifest and "elections" not in manifest

    mission = read_mission_package(setup.data).mission
    for language in ("en", "ru", "kk"):
        assert mission.name_in(language) == manifest["name"]
        assert mission.election_in(language) == manifest["election"]
