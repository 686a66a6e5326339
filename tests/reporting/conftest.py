"""A database per test, copied from one template that holds the built-in registry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from observer_app.store.database import Database
from tests.analysis.factory import Dataset, copy_of, template_database


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return template_database(tmp_path_factory.mktemp("template"))


@pytest.fixture
def database(template: Path, tmp_path: Path) -> Iterator[Database]:
    made = copy_of(template, tmp_path / "coordinator.sqlite3")
    yield made
    made.close()


@pytest.fixture
def data(database: Database) -> Dataset:
    return Dataset(database)
