"""Exchange fixtures: one mission and coordinator key per run, a fresh coordinator database a test.

The coordinator's database is copied from a template set up once (Anki's way), so a test
starts from a migrated database with the mission installed in milliseconds.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from observer_app.exchange.keys import CoordinatorKey, DeviceKey
from observer_app.exchange.merge import Merger
from observer_app.exchange.mission import MissionPackage, build_mission_package, install_mission
from observer_app.store import Database, open_database
from tests.conftest import FORMS, REGISTRY
from tests.exchange.factory import ALMATY


@dataclass(frozen=True)
class Setup:
    """The coordinator's side of a mission: its key, the package and its bytes."""

    key: CoordinatorKey
    package: MissionPackage
    data: bytes


def make_setup(encrypted: bool = True) -> Setup:
    key = CoordinatorKey.generate()
    package, data = build_mission_package(
        name="Kazakhstan 2021",
        election="Majilis, 10 January 2021",
        forms_dir=FORMS,
        registry_dir=REGISTRY,
        coordinator_key=key.public_key if encrypted else None,
        created_at=datetime(2020, 12, 20, 9, 0, tzinfo=ALMATY),
    )
    return Setup(key, package, data)


@pytest.fixture(scope="session")
def setup() -> Setup:
    return make_setup()


@pytest.fixture(scope="session")
def template(setup: Setup, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "coordinator.sqlite3"
    database = open_database(f"sqlite:///{path}")
    with database.transaction() as session:
        install_mission(session, setup.package)
    database.close()
    return path


@pytest.fixture
def db_path(template: Path, tmp_path: Path) -> Path:
    """A coordinator's database file set up for the mission, closed."""
    path = tmp_path / "coordinator.sqlite3"
    shutil.copy(template, path)
    return path


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{db_path}")
    yield database
    database.close()


@pytest.fixture
def merger(database: Database, setup: Setup) -> Merger:
    return Merger(
        database,
        coordinator_key=setup.key,
        mission=setup.package.mission,
        forms=setup.package.forms,
    )


@pytest.fixture(scope="session")
def device() -> DeviceKey:
    return DeviceKey.generate()


def file_digest(path: Path) -> str:
    """SHA-256 of a closed SQLite file, after checking no write-ahead log was left beside it."""
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "a write-ahead log was left behind"
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Columns that say when and from which file something arrived: they differ with the order
#: of merging by nature. Everything else must not.
PROVENANCE = {
    "devices": {"first_seen_at", "first_bundle"},
    "bundles": {"merged_at"},
    "submission_versions": {"device_id", "bundle_id", "received_at"},
}
CONTENT_TABLES = (
    "submissions",
    "submission_revisions",
    "submission_versions",
    "submission_attachments",
    "devices",
    "bundles",
)


def contents(database: Database) -> dict[str, list[tuple[object, ...]]]:
    """What the database holds from merges, table by table, sorted, provenance left out."""
    from sqlalchemy import inspect, text

    found: dict[str, list[tuple[object, ...]]] = {}
    with database.engine.connect() as connection:
        for table in CONTENT_TABLES:
            columns = [
                column["name"]
                for column in inspect(connection).get_columns(table)
                if column["name"] not in PROVENANCE.get(table, set())
            ]
            rows = connection.execute(text(f"SELECT {', '.join(columns)} FROM {table}"))
            found[table] = sorted((tuple(row) for row in rows), key=repr)
    return found
