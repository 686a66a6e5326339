"""A coordinator's use cases, as the window and the command line both call them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from observer_app.cli import main
from observer_app.exchange.keys import DeviceKey
from observer_app.exchange.review import decision_of
from observer_app.workspace.conflicts import Settlement
from observer_app.workspace.coordinator import CoordinatorWorkspace
from observer_app.workspace.errors import KeyProblem, NotFound, WorkspaceError
from tests.exchange.conftest import Setup, file_digest
from tests.exchange.factory import bundle, record

SUBMISSION = "6f1c0d3e-0000-4000-8000-0000000000bb"


@pytest.fixture
def key_file(setup: Setup, tmp_path: Path) -> Path:
    path = tmp_path / "coordinator-key.json"
    path.write_text(json.dumps(setup.key.to_json()), encoding="utf-8")
    return path


def two_versions(tmp_path: Path, setup: Setup, device: DeviceKey) -> list[Path]:
    """The same revision handed in twice with different answers: a conflict."""
    files = []
    for name, words, minute in (("a", "Урна опечатана", 0), ("b", "Урна не опечатана", 30)):
        path = tmp_path / f"{name}.zip"
        path.write_bytes(
            bundle(
                [record(SUBMISSION, description=words, minute=minute)],
                setup.package.mission,
                device,
            )
        )
        files.append(path)
    return files


@pytest.fixture
def conflicted(
    db_path: Path,
    setup: Setup,
    device: DeviceKey,
    key_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> str:
    """The URL of a coordinator database into which a conflict was merged."""
    url = f"sqlite:///{db_path}"
    files = two_versions(tmp_path, setup, device)
    assert main(["merge", *map(str, files), "--db", url, "--key", str(key_file)]) == 0
    capsys.readouterr()
    return url


def test_a_conflict_is_settled_from_the_command_line_and_recorded(
    conflicted: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = conflicted
    assert main(["conflicts", "--db", url, "--json"]) == 0
    (conflict,) = json.loads(capsys.readouterr().out)
    uncounted = next(v for v in conflict["versions"] if not v["counted"])["content_hash"]

    status = main(
        [
            "conflicts",
            "resolve",
            SUBMISSION,
            "--keep",
            uncounted[:10],
            "--by",
            "Core team",
            "--why",
            "The observer confirmed by phone: the box was sealed.",
            "--db",
            url,
        ]
    )
    assert status == 0
    printed = capsys.readouterr().out
    assert f"content {uncounted[:16]} is counted; decided by Core team" in printed

    desk = CoordinatorWorkspace.open(url)
    try:
        with desk.database.transaction() as session:
            decision = decision_of(session, SUBMISSION, 1)
        assert decision is not None
        assert decision.kept_hash == uncounted
        assert decision.note == "The observer confirmed by phone: the box was sealed."
        (line,) = desk.conflicts("en")
        assert line.counted == uncounted and line.decided_by == "Core team"
    finally:
        desk.close()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["00000000-0000-4000-8000-000000000000", "--keep", "ab", "--by", "Core team"],
            "no conflict for submission 00000000-0000-4000-8000-000000000000",
        ),
        ([SUBMISSION, "--keep", "zz", "--by", "Core team"], "no content 'zz' in the conflict"),
        ([SUBMISSION, "--keep", "", "--by", "Core team"], "no content '' in the conflict"),
        ([SUBMISSION, "--keep", "ab", "--by", "  "], "needs the name of who made it"),
    ],
)
def test_a_wrong_settlement_is_refused_and_changes_nothing(
    conflicted: str,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    url = conflicted
    before = file_digest(db_path)
    capsys.readouterr()
    assert main(["conflicts", "resolve", *arguments, "--db", url]) == 1
    assert message in capsys.readouterr().err
    assert file_digest(db_path) == before


def test_the_desk_refuses_with_the_same_errors_the_command_line_prints(
    db_path: Path, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    desk = CoordinatorWorkspace.open(f"sqlite:///{db_path}", key_path=tmp_path / "none.json")
    try:
        with pytest.raises(KeyProblem, match=r"none\.json: no coordinator key file there"):
            desk.import_files(two_versions(tmp_path, setup, device))
        (tmp_path / "empty").mkdir()
        with pytest.raises(WorkspaceError, match="no bundles"):
            desk.import_files([tmp_path / "empty"])
        with pytest.raises(NotFound):
            desk.settle_conflict(Settlement(SUBMISSION, "ab", "Core team"))
        with pytest.raises(WorkspaceError, match="unknown region"):
            desk.filters(regions=["XXX"])
    finally:
        desk.close()


def test_an_import_asked_to_stop_stops_between_files_and_keeps_what_it_merged(
    db_path: Path, setup: Setup, device: DeviceKey, key_file: Path, tmp_path: Path
) -> None:
    files = []
    for number in range(3):
        path = tmp_path / f"{number}.zip"
        submission = f"6f1c0d3e-0000-4000-8000-00000000000{number}"
        path.write_bytes(bundle([record(submission)], setup.package.mission, device))
        files.append(path)
    seen: list[tuple[int, int]] = []
    desk = CoordinatorWorkspace.open(f"sqlite:///{db_path}", key_path=key_file)
    try:
        report = desk.import_files(
            files,
            progress=lambda done, total: seen.append((done, total)),
            should_stop=lambda: len(seen) >= 2,
        )
        assert report.stopped
        assert [line.imported for line in report.lines] == [1, 1]
        assert report.not_reached == [files[2]]
        assert seen == [(1, 3), (2, 3)]
        again = desk.import_files(files)
        assert [line.duplicate for line in again.lines] == [1, 1, 0]
        assert again.lines[2].imported == 1
    finally:
        desk.close()
