"""SQLite writers take turns; readers never wait for them; a busy database is said plainly."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from observer_app.store import Database, DatabaseBusy, open_database
from observer_app.store import database as database_module
from observer_app.store.driver import PlainStatement
from observer_app.store.settings import get_setting, put_setting


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "coordinator.sqlite3"


@pytest.fixture
def database(path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT", 0.1)  # before any connection
    database = open_database(f"sqlite:///{path}")
    with database.transaction() as session:
        put_setting(session, "files_merged", 1)
    yield database
    database.close()


@pytest.fixture
def other_program(path: Path, database: Database) -> Iterator[sqlite3.Connection]:
    """Another program in the middle of a write: it holds the lock, its change uncommitted."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE settings SET value = '2' WHERE key = 'files_merged'")
    yield connection
    connection.rollback()
    connection.close()


def test_a_reader_does_not_wait_for_a_writer(
    database: Database, other_program: sqlite3.Connection
) -> None:
    with database.reading() as session:
        assert get_setting(session, "files_merged") == 1  # at once, the last committed value


def test_a_reading_transaction_sees_one_moment(database: Database) -> None:
    """What a summary or a list reads together belongs together, whatever commits meanwhile."""
    with database.reading() as session:
        assert get_setting(session, "files_merged") == 1
        with database.transaction() as writing:
            put_setting(writing, "files_merged", 2)
        session.expire_all()  # read again from the database, not from the session
        assert get_setting(session, "files_merged") == 1
    with database.reading() as session:
        assert get_setting(session, "files_merged") == 2


def test_a_write_slipped_into_a_reading_transaction_is_refused(database: Database) -> None:
    with pytest.raises(OperationalError, match="readonly"), database.reading() as session:
        put_setting(session, "files_merged", 3)
        session.flush()
    with database.reading() as session:
        assert get_setting(session, "files_merged") == 1


def test_a_writer_kept_waiting_too_long_is_told_the_database_is_busy(
    database: Database, path: Path, other_program: sqlite3.Connection
) -> None:
    with pytest.raises(DatabaseBusy) as busy, database.transaction() as session:
        put_setting(session, "files_merged", 5)
    assert str(busy.value) == f"{path}: busy: another program is writing to it; try again"
    other_program.commit()
    with database.transaction() as session:  # the other program is done: it goes through
        assert get_setting(session, "files_merged") == 2  # and it read the other's change
        put_setting(session, "files_merged", 3)
    with database.reading() as session:
        assert get_setting(session, "files_merged") == 3


_CHECKPOINT_PAGES = text("PRAGMA wal_autocheckpoint")


def test_only_a_bulk_writer_lets_the_wal_grow_before_a_checkpoint(database: Database) -> None:
    """A merge's bundles checkpoint every 5,000 pages; whatever writes next on the same
    pooled connection (a decision, an observer's autosave) is back at SQLite's 1,000, so a
    laptop's WAL does not grow to 20 MB because a team leader merged once."""
    with database.transaction(bulk=True) as session:
        put_setting(session, "files_merged", 4)
        assert session.execute(_CHECKPOINT_PAGES).scalar() == 5000
    with database.transaction() as session:
        assert session.execute(_CHECKPOINT_PAGES).scalar() == 1000
    with database.transaction(bulk=True) as session:
        assert session.execute(_CHECKPOINT_PAGES).scalar() == 5000
    with database.driver_transaction() as autosave:
        assert autosave.scalar(PlainStatement(_CHECKPOINT_PAGES), {}) == 1000
    with database.reading() as session:
        assert get_setting(session, "files_merged") == 4
