"""Opening a database: engine, SQLite settings for safety, schema brought to the newest migration.

Every database the app opens, an observer's SQLite file or a coordination centre's
PostgreSQL, goes through `open_database`, which applies the Alembic migrations before
anything else touches it, so a database made by an older release opens without loss.

Writers take turns. On SQLite a writing transaction (`Database.transaction`) takes the
database's one write lock before its first read (BEGIN IMMEDIATE): two writers, a merge
and a conflict decision or two merge processes, never interleave, and the second waits
for the first, up to `BUSY_TIMEOUT` seconds, then gets `DatabaseBusy` with a plain
message. Python's sqlite3 would begin lazily, at the first write, so a transaction that
read first could decide on what another writer was about to change (a lost update) or
fail at once with "database is locked"; SQLAlchemy's documented remedy is used instead:
the driver begins nothing, and a `begin` event emits our own BEGIN. Read-only work goes
through `Database.reading`, which takes no lock: under WAL it reads one moment beside a
writer and never waits for it.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from observer_app.store.driver import DriverTransaction
from observer_app.store.paths import default_database_url

MIGRATIONS = Path(__file__).with_name("migrations")
#: How long a writer waits for another to finish before it is told the database is busy.
#: A merge holds the lock for one bundle at a time, well under a second.
BUSY_TIMEOUT = 10.0
#: The execution option that tells the SQLite `begin` event what the transaction is for.
_PURPOSE = "observer_transaction"
_WRITING, _READING = "writing", "reading"
#: Whether a SQLite connection is read-only now (PRAGMA query_only), kept beside it.
_QUERY_ONLY = "observer_query_only"
#: The execution option and connection info of a bulk writer's checkpoints (see `transaction`).
_BULK = "observer_bulk"
_CHECKPOINT = "observer_wal_autocheckpoint"
#: WAL pages after which a commit copies them into the database file: SQLite's own
#: default, and a bulk writer's (about 20 MB of WAL at most).
CHECKPOINT_PAGES = 1000
BULK_CHECKPOINT_PAGES = 5000


class DatabaseBusy(Exception):
    """Another program kept the database's write lock longer than a writer waits for it.

    Nothing of the refused transaction was written; trying again later is safe.
    """

    def __init__(self, database: str) -> None:
        super().__init__(f"{database}: busy: another program is writing to it; try again")
        self.database = database


class Database:
    """An engine and its session factories: `transaction()` for every write, `reading()`
    for read-only work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        reading = engine.execution_options(**{_PURPOSE: _READING})
        if engine.dialect.name == "postgresql":
            reading = reading.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        writing = engine.execution_options(**{_PURPOSE: _WRITING})
        self._writing = sessionmaker(writing, expire_on_commit=False)
        self._bulk_writing = sessionmaker(
            writing.execution_options(**{_BULK: True}), expire_on_commit=False
        )
        self._reading = sessionmaker(reading, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def file(self) -> Path | None:
        """The SQLite file the database lives in; None for a server or an in-memory one."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return Path(str(url.database))
        return None

    @property
    def name(self) -> str:
        """The database as a user knows it: a SQLite file's path, otherwise the URL."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return str(url.database)
        return self.url

    @contextmanager
    def transaction(self, *, bulk: bool = False) -> Iterator[Session]:
        """A session inside one writing transaction: committed on success, rolled back on error.

        On SQLite it holds the write lock from its first statement to its end, so what it
        reads stays true until it commits; another writer waits for it. Raises
        DatabaseBusy when the lock stays taken longer than `BUSY_TIMEOUT`. Hence never
        open a second one inside it on the same thread (it would wait for the first);
        read through `reading()` where nothing is written.

        `bulk` is for one of many large transactions in a row (a merge's bundles). On
        SQLite its commit copies the WAL into the database file after `BULK_CHECKPOINT_PAGES`
        pages rather than SQLite's 1,000: a bundle writes some 600 pages, mostly the same
        index pages as the bundle before, and copying them every second commit wrote each
        of them to the file again and again. Nothing about durability changes: every commit
        is in the WAL, synced, before it returns.
        """
        sessions = self._bulk_writing if bulk else self._writing
        with self._busy_as_error(), sessions() as session, session.begin():
            yield session

    @contextmanager
    def driver_transaction(self) -> Iterator[DriverTransaction]:
        """A writing transaction on the pooled driver connection itself, without a Session
        or a Connection around it: for the autosave of every keystroke (store.driver).

        It takes the same write lock as `transaction()` (BEGIN IMMEDIATE on SQLite), commits
        on success, rolls back on error, and raises DatabaseBusy the same way.
        """
        with self._busy_as_error():
            raw = self.engine.raw_connection()
            try:
                cursor = raw.cursor()
                if self.engine.dialect.name == "sqlite":
                    _settle(raw.info, cursor.execute, reading=False, bulk=False)
                    cursor.execute("BEGIN IMMEDIATE")
                yield DriverTransaction(cursor, self.engine.dialect)
                raw.commit()
            except BaseException:
                raw.rollback()
                raise
            finally:
                raw.close()  # back to the pool

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session that only reads, and reads one moment: it sees no commit made after
        its first read (WAL on SQLite, REPEATABLE READ on PostgreSQL) and never waits for
        a writer. A write inside it fails ("attempt to write a readonly database")."""
        with self._busy_as_error(), self._reading() as session, session.begin():
            yield session

    @contextmanager
    def _busy_as_error(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as error:
            if _is_busy(error.orig):
                raise DatabaseBusy(self.name) from error
            raise
        except sqlite3.OperationalError as error:  # from a driver_transaction
            if _is_busy(error):
                raise DatabaseBusy(self.name) from error
            raise

    def close(self) -> None:
        self.engine.dispose()


def _is_busy(error: BaseException | None) -> bool:
    """SQLITE_BUSY (another connection holds the lock) or SQLITE_LOCKED (one in this one)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return False
    return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _json_text(value: Any) -> str:
    """Answers stored as readable UTF-8 JSON: Kazakh and Russian text as is, not \\u escapes."""
    return json.dumps(value, ensure_ascii=False)


def _sqlite_settings(dbapi_connection: Any, record: Any) -> None:
    """WAL for crash safety and readers beside a writer; foreign keys on; full sync.

    synchronous=FULL makes a committed answer survive a power cut, not only a crash: the
    promise to an observer is that a saved answer is never lost. The driver's own
    transaction handling is switched off: `_sqlite_begin` begins every transaction.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={round(BUSY_TIMEOUT * 1000)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()
    record.info[_QUERY_ONLY] = False


def _sqlite_begin(connection: Connection) -> None:
    """BEGIN as the transaction's purpose asks: IMMEDIATE (the write lock, waited for) for
    a writing one, a plain deferred BEGIN otherwise. A reading one is also made read-only
    (query_only), so a write slipped into it fails instead of taking the lock half-way; a
    bulk one checkpoints less often (`Database.transaction`), any other as SQLite does."""
    options = connection.get_execution_options()
    purpose = options.get(_PURPOSE)
    _settle(
        connection.connection.info,
        connection.exec_driver_sql,
        reading=purpose == _READING,
        bulk=bool(options.get(_BULK)),
    )
    connection.exec_driver_sql("BEGIN IMMEDIATE" if purpose == _WRITING else "BEGIN")


def _settle(
    info: dict[Any, Any], execute: Callable[[str], Any], *, reading: bool, bulk: bool
) -> None:
    """Bring a pooled SQLite connection to what its next transaction is for, before BEGIN:
    read-only or not, and how often its commits checkpoint. Each setting is kept in the
    connection's `info` and changed only when it differs, as most transactions find it
    set already."""
    if info.get(_QUERY_ONLY) != reading:
        execute(f"PRAGMA query_only={int(reading)}")
        info[_QUERY_ONLY] = reading
    pages = BULK_CHECKPOINT_PAGES if bulk else CHECKPOINT_PAGES
    if info.get(_CHECKPOINT, CHECKPOINT_PAGES) != pages:
        execute(f"PRAGMA wal_autocheckpoint={pages}")
        info[_CHECKPOINT] = pages


def _alembic_config() -> Any:
    from alembic.config import Config  # imported when a migration runs, not at every start

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


def head_revision() -> str | None:
    """The newest migration, read from the scripts' own `revision`/`down_revision` lines.

    Alembic takes a third of a second to import; the window opens a database at every
    start, and nearly always finds it at head already, so this check does without it
    (a test compares it with Alembic's own answer).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        for kind, value in _REVISION.findall(script.read_text(encoding="utf-8")):
            (revisions if kind == "revision" else parents).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Apply every migration the database lacks (nothing when it is already at head)."""
    head = head_revision()
    if head is not None and current_revision(engine) == head:
        return
    from alembic import command

    config = _alembic_config()
    with engine.execution_options(**{_PURPOSE: _WRITING}).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """The database at `url` (an SQLAlchemy URL; the user's own SQLite file by default)."""
    url = url or default_database_url()
    engine = create_engine(url, json_serializer=_json_text)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_settings)
        event.listen(engine, "begin", _sqlite_begin)
        database_path = engine.url.database
        if database_path and database_path != ":memory:":
            Path(database_path).parent.mkdir(parents=True, exist_ok=True)
    if migrate:
        upgrade(engine)
    return Database(engine)
