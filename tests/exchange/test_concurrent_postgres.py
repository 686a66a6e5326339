"""Election night: four coordinators merge overlapping files at once into one PostgreSQL database.

The result must equal a one-by-one merge of the same files into SQLite: nothing lost,
nothing doubled, every conflict recorded once, whatever the interleaving.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from observer_app.exchange.keys import DeviceKey
from observer_app.exchange.merge import Merger
from observer_app.exchange.mission import install_mission
from observer_app.exchange.records import Record
from observer_app.store import Database, open_database
from observer_app.store.models import Base
from tests.conftest import ROOT
from tests.exchange.conftest import CONTENT_TABLES, PROVENANCE, Setup
from tests.exchange.factory import bundle, record

PROCESSES = 4


def election_night(folder: Path, setup: Setup) -> list[Path]:
    """24 bundles from 6 laptops: re-exports, corrected revisions, and a few conflicts.

    Each laptop hands in its own submissions (a submission belongs to the laptop that
    first handed it in; another laptop's record of it is refused).
    """
    rng = random.Random(2021)
    devices = [DeviceKey.generate() for _ in range(6)]
    ids = [f"6f1c0d3e-0000-4000-8000-{n:012d}" for n in range(60)]
    made: dict[tuple[str, int, str], Record] = {}

    def version(submission_id: str, revision: int, content: str) -> Record:
        key = (submission_id, revision, content)
        if key not in made:
            made[key] = record(submission_id, revision=revision, description=content)
        return made[key]

    paths: list[Path] = []
    for number in range(24):
        device = devices[number % len(devices)]
        chosen = rng.sample(ids[number % len(devices) :: len(devices)], 6)
        records = [
            version(
                submission_id,
                rng.choice((1, 1, 2, 3)),
                rng.choice(("Бөгде адамдар", "Бөгде адамдар", "Урна не опечатана")),
            )
            for submission_id in chosen
        ]
        path = folder / f"bundle-{number:02}.zip"
        path.write_bytes(bundle(records, setup.package.mission, device))
        paths.append(path)
    return paths


def comparable(database: Database) -> dict[str, list[str]]:
    """The merge's tables read through the models (so both backends give the same types),
    provenance left out, rows sorted."""
    found: dict[str, list[str]] = {}
    with database.engine.connect() as connection:
        for name in CONTENT_TABLES:
            table = Base.metadata.tables[name]
            columns = [c for c in table.columns if c.name not in PROVENANCE.get(name, set())]
            rows = connection.execute(select(*columns)).all()
            found[name] = sorted(json.dumps(list(row), default=str, sort_keys=True) for row in rows)
    return found


def test_four_merges_at_once_equal_one_by_one(
    postgres_url: str, setup: Setup, template: Path, tmp_path: Path
) -> None:
    files = election_night(tmp_path, setup)
    key_file = tmp_path / "coordinator-key.json"
    key_file.write_text(json.dumps(setup.key.to_json()), encoding="utf-8")

    shared = open_database(postgres_url)
    with shared.transaction() as session:
        install_mission(session, setup.package)
    shared.close()

    # Each coordinator takes 14 of the 24 files in an order of its own: every file is
    # merged by two or more of them, often at the same moment.
    rng = random.Random(10)
    commands: list[list[str]] = []
    for number in range(PROCESSES):
        share = [files[(number * 5 + k) % len(files)] for k in range(14)]
        rng.shuffle(share)
        commands.append(
            [
                sys.executable,
                "-m",
                "observer_app",
                "merge",
                *map(str, share),
                "--db",
                postgres_url,
                "--key",
                str(key_file),
                "--json",
            ]
        )
    running = [
        subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for command in commands
    ]
    outputs: list[dict[str, Any]] = []
    for process in running:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        outputs.append(json.loads(out))
    covered = {f["file"] for output in outputs for f in output["files"]}
    assert covered == {str(path) for path in files}

    one_by_one_path = tmp_path / "one-by-one.sqlite3"
    shutil.copy(template, one_by_one_path)
    one_by_one = open_database(f"sqlite:///{one_by_one_path}")
    merger = Merger(
        one_by_one,
        coordinator_key=setup.key,
        mission=setup.package.mission,
        forms=setup.package.forms,
    )
    for path in files:
        assert not merger.merge_file(path).rejected

    concurrent = open_database(postgres_url)
    try:
        expected, found = comparable(one_by_one), comparable(concurrent)
        assert len(expected["submissions"]) == 58  # of the 60, by this seed
        assert any('"conflict"' in row for row in expected["submission_versions"])
        for table in CONTENT_TABLES:
            assert found[table] == expected[table], table
    finally:
        concurrent.close()
        one_by_one.close()
