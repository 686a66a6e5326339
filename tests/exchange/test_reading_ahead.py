"""A batch of files is read one file ahead, in a second process, while the writer commits
(exchange.merge_reading): what it merges and what it says of each file must be exactly what
merging the files one by one, all in this process, gives."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from observer_app.exchange import merge_reading
from observer_app.exchange.keys import DeviceKey
from observer_app.exchange.merge import Merger, MergeReport
from observer_app.store import open_database
from tests.exchange.conftest import Setup, contents
from tests.exchange.factory import bundle, record


def batch(folder: Path, setup: Setup, device: DeviceKey) -> list[Path]:
    """Files of a day's hand-in: new submissions, a later revision of one of them, the
    same file twice, a draft, a file of another mission and one cut short."""
    folder.mkdir()
    mission = setup.package.mission
    kept = str(uuid.uuid4())
    files: list[tuple[str, bytes]] = [
        (f"{n:02d}-new.zip", bundle([record(), record()], mission, device)) for n in range(6)
    ]
    first = bundle([record(kept), record()], mission, device)
    files += [
        ("06-first.zip", first),
        ("07-revised.zip", bundle([record(kept, revision=2, description="Урна")], mission, device)),
        ("08-copy-of-first.zip", first),
        ("09-draft.zip", bundle([record(complete=False)], mission, device)),
        ("10-cut.zip", first[: len(first) // 2]),
    ]
    files.append(("11-same-again.zip", files[0][1]))
    paths = []
    for name, data in files:
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


def merged(
    template: Path, folder: Path, setup: Setup, paths: list[Path]
) -> tuple[MergeReport, dict[str, list[tuple[object, ...]]]]:
    path = folder / "coordinator.sqlite3"
    shutil.copy(template, path)
    database = open_database(f"sqlite:///{path}")
    try:
        merger = Merger(
            database,
            coordinator_key=setup.key,
            mission=setup.package.mission,
            forms=setup.package.forms,
        )
        return merger.merge_files(paths), contents(database)
    finally:
        database.close()


def outcome(report: MergeReport) -> list[tuple[str, str | None, dict[str, int]]]:
    return [
        (result.path.name, result.reason, {o.value: n for o, n in result.counts.items() if n})
        for result in report.files
    ]


def test_reading_ahead_merges_and_reports_exactly_as_one_by_one(
    setup: Setup,
    template: Path,
    device: DeviceKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = batch(tmp_path / "inbox", setup, device)
    assert len(paths) >= merge_reading.AHEAD_FROM  # read ahead, in a second process
    (tmp_path / "ahead").mkdir()
    ahead, ahead_contents = merged(template, tmp_path / "ahead", setup, paths)

    monkeypatch.setattr(merge_reading, "AHEAD_FROM", len(paths) + 1)
    (tmp_path / "here").mkdir()
    here, here_contents = merged(template, tmp_path / "here", setup, paths)

    assert outcome(ahead) == outcome(here)
    assert ahead_contents == here_contents
    by_name = {name: (reason, counts) for name, reason, counts in outcome(ahead)}
    assert by_name["07-revised.zip"] == (None, {"updated": 1})
    assert by_name["08-copy-of-first.zip"] == (None, {"duplicate": 2})
    assert by_name["11-same-again.zip"] == (None, {"duplicate": 2})
    assert by_name["10-cut.zip"][0] is not None
    assert ahead.totals["imported"] == 6 * 2 + 2


READ_IN_A_FRESH_PROCESS = """
import pickle, sys
from observer_app.exchange.merge_reading import BundleReader
reader = pickle.loads(open(sys.argv[1], "rb").read())
prepared = reader.prepare(open(sys.argv[2], "rb").read())
database_code = sorted(
    name for name in sys.modules
    if name.split(".")[0] in ("sqlalchemy", "alembic") or name == "observer_app.store.models"
)
print(len(prepared.rows), prepared.refused, database_code)
"""


def test_the_reading_process_works_out_rows_without_loading_database_code(
    setup: Setup, template: Path, device: DeviceKey, tmp_path: Path
) -> None:
    """The second process holds what it imports for the whole merge, beside the writer, on
    the coordinator's laptop: it reads, checks and works out a bundle's rows and verdicts
    without SQLAlchemy (tens of megabytes it would never use)."""
    path = tmp_path / "coordinator.sqlite3"
    shutil.copy(template, path)
    database = open_database(f"sqlite:///{path}")
    try:
        merger = Merger(database, coordinator_key=setup.key)
        (tmp_path / "reader.pickle").write_bytes(pickle.dumps(merger.reader))
    finally:
        database.close()
    (tmp_path / "day.zip").write_bytes(
        bundle([record(), record(), record()], setup.package.mission, device)
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            READ_IN_A_FRESH_PROCESS,
            str(tmp_path / "reader.pickle"),
            str(tmp_path / "day.zip"),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.split() == ["3", "None", "[]"]
