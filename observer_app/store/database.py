"""Opening a database: engine, SQLite settings for safety, schema brought to the newest migration.

Every database the app opens, an observer's SQLite file or a coordination centre's
PostgreSQL, goes through `open_database`, which applies the Alembic migrations before
anything else touches it, so a database made by an older release opens without loss.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from observer_app.store.paths import default_database_url

MIGRATIONS = Path(__file__).with_name("migrations")


class Database:
    """An engine and its session factory; `transaction()` is the unit of every write."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _json_text(value: Any) -> str:
    """Answers stored as readable UTF-8 JSON: Kazakh and Russian text as is, not \\u escapes."""
    return json.dumps(value, ensure_ascii=False)


def _sqlite_settings(dbapi_connection: Any, _record: Any) -> None:
    """WAL for crash safety and readers beside a writer; foreign keys on; full sync.

    synchronous=FULL makes a committed answer survive a power cut, not only a crash: the
    promise to an observer is that a saved answer is never lost.
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


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
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """The database at `url` (an SQLAlchemy URL; the user's own SQLite file by default)."""
    url = url or default_database_url()
    engine = create_engine(url, json_serializer=_json_text)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_settings)
        database_path = engine.url.database
        if database_path and database_path != ":memory:":
            Path(database_path).parent.mkdir(parents=True, exist_ok=True)
    if migrate:
        upgrade(engine)
    return Database(engine)
