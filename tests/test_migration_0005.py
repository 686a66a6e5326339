"""A database of the release before documents (schema 0004) upgrades without loss.

The fixture is a team leader's database made by that release's own code
(tests/data/schema_0004/make_fixture.py): the observer's own drafts and revisions, merged
bundles with history, conflicts, a coordinator's decision and an attachment, every answer
one row of the `answers` table. After the upgrade, on SQLite and on PostgreSQL, every
submission reads back as the record it was, every answer in it, and every revision,
conflict and decision is still on record and still used.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    DateTime,
    LargeBinary,
    MetaData,
    Table,
    create_engine,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.types import JSON

from observer_app.domain.submission import (
    Submission,
    SubmissionStatus,
    content_hash,
    join_time,
)
from observer_app.exchange.export import records_for_export
from observer_app.exchange.mission import mission_library
from observer_app.exchange.records import make_record
from observer_app.exchange.review import decision_of, list_conflicts
from observer_app.exchange.rules import KeptAs
from observer_app.store import Database, SubmissionStore, open_database
from observer_app.store.database import head_revision
from observer_app.store.records import read_submission

FIXTURE = Path(__file__).parent / "data" / "schema_0004" / "team-leader.sqlite3.gz"
#: Tables whose rows the upgrade must leave exactly as they were.
UNCHANGED = (
    "submission_revisions",
    "submission_versions",
    "conflict_decisions",
    "submission_attachments",
    "devices",
    "bundles",
    "mission_forms",
    "settings",
    "regions",
    "tecs",
    "stations",
)
#: Rows in the order of their foreign keys, to copy the fixture into PostgreSQL.
COPY_ORDER = (
    "regions",
    "tecs",
    "stations",
    "settings",
    "mission_forms",
    "devices",
    "bundles",
    "submissions",
    "answers",
    "submission_revisions",
    "submission_versions",
    "submission_attachments",
    "conflict_decisions",
)
DECIDED = "00000000-0000-4000-8000-000000000067"


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "team-leader.sqlite3"
    path.write_bytes(gzip.decompress(FIXTURE.read_bytes()))
    return path


def _instant(value: str | None) -> datetime | None:
    """A time as the old release stored it in SQLite: naive UTC text."""
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


def _answer(raw: Any) -> Any:
    return json.loads(raw) if isinstance(raw, str) else raw


def records_at_0004(path: Path) -> dict[str, dict[str, Any]]:
    """Every submission of the old file as its record, from its row and its answer rows."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    answers: dict[str, dict[str, Any]] = {}
    for row in connection.execute("SELECT submission_id, question_id, value FROM answers"):
        answers.setdefault(row["submission_id"], {})[row["question_id"]] = _answer(row["value"])
    records: dict[str, dict[str, Any]] = {}
    for row in connection.execute("SELECT * FROM submissions"):
        completed = _instant(row["completed_at"])
        created = _instant(row["created_at"])
        updated = _instant(row["updated_at"])
        assert created is not None and updated is not None
        submission = Submission(
            id=uuid.UUID(row["id"]),
            form_id=row["form_id"],
            form_version=row["form_version"],
            station_id=row["station_id"],
            tec_id=row["tec_id"],
            region=row["region"],
            observer=row["observer"],
            team=row["team"],
            status=SubmissionStatus(row["status"]),
            revision=row["revision"],
            created_at=join_time(created, row["created_offset"]),
            updated_at=join_time(updated, row["updated_offset"]),
            completed_at=None
            if completed is None
            else join_time(completed, row["completed_offset"]),
            content_hash=row["content_hash"],
            answers=answers.get(row["id"], {}),
        )
        records[row["id"]] = submission.document()
    connection.close()
    return records


def rows_of(database: Database, table: str) -> list[tuple[Any, ...]]:
    """A table's rows as plain values, sorted: read by the column types the database
    reports, times as UTC instants, so SQLite and PostgreSQL compare."""
    with database.engine.connect() as connection:
        reflected = Table(table, MetaData(), autoload_with=connection)
        result = connection.execute(select(reflected))
        rows = [tuple(_plain(value) for value in row) for row in result]
    return sorted(rows, key=repr)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _sqlite_rows(path: Path, table: str) -> list[tuple[Any, ...]]:
    """The old file's rows read as the upgraded database is read: through SQLAlchemy."""
    database = open_database(f"sqlite:///{path}", migrate=False)
    try:
        return rows_of(database, table)
    finally:
        database.close()


def check_upgraded(database: Database, before: dict[str, Any]) -> None:
    """What the upgrade must have kept, on any database."""
    with database.engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        tables = set(inspect(connection).get_table_names())
    assert version == head_revision()
    assert "answers" not in tables

    records: dict[str, dict[str, Any]] = before["records"]
    with database.transaction() as session:
        for submission_id, expected in records.items():
            stored = read_submission(session, submission_id)
            assert stored is not None
            assert stored.document() == expected, submission_id
            # The record still hashes to the content its observer (or device) signed.
            assert content_hash(expected) == expected["content_hash"]
            assert stored.text() == make_record(expected).text()
    for table in UNCHANGED:
        assert rows_of(database, table) == before[table], table

    # The old data is used as before: the library, the records handed in, the conflicts.
    with database.transaction() as session:
        library = mission_library(session)
        exported = {record.id: record for record in records_for_export(session)}
        conflicts = list_conflicts(session)
        decision = decision_of(session, DECIDED, 1)
    assert {c.submission_id for c in conflicts} == {
        "00000000-0000-4000-8000-000000000066",
        DECIDED,
    }
    assert decision is not None and decision.decided_by == "Coordinator Әсел"
    counted = next(v for c in conflicts if c.submission_id == DECIDED for v in c.versions)
    assert counted.counted and counted.content_hash == decision.kept_hash
    # the coordinator chose the copy saved first over the later one: still so
    assert exported[DECIDED].answers["description"] == "Third, first copy"
    reopened = [
        submission_id
        for submission_id, record in records.items()
        if record["status"] == "draft" and record["revision"] == 2
    ]
    assert len(reopened) == 1  # a correction under way: its completed revision is handed in
    assert exported[reopened[0]].answers["description"] == "Первая редакция"
    assert exported[reopened[0]].revision == 1

    store = SubmissionStore(database, library)
    draft = next(
        uuid.UUID(submission_id)
        for submission_id, record in records.items()
        if record["form_id"] == "voting"
    )
    assert store.get(draft).answers["unauthorized_persons_who"] == ["police", "local_officials"]
    assert "мөрленбеген" in store.get(draft).answers["comments"]
    store.save_answer(draft, "voters_on_list", 2420)  # the old draft takes new answers
    assert store.get(draft).answers["voters_on_list"] == 2420
    counting = next(
        uuid.UUID(submission_id)
        for submission_id, record in records.items()
        if record["form_id"] == "counting"
    )
    assert store.get(counting).answers["party_votes"][0] == {"votes": 310}
    assert store.revisions(uuid.UUID(reopened[0]))[0]["answers"]["description"] == "Первая редакция"
    with database.transaction() as session:
        history = session.execute(
            text(
                "SELECT revision, kept_as FROM submission_versions "
                "WHERE submission_id = '00000000-0000-4000-8000-000000000065' ORDER BY revision"
            )
        ).all()
    assert [tuple(row) for row in history] == [
        (1, KeptAs.HISTORY.value),
        (2, KeptAs.HISTORY.value),
        (3, KeptAs.CURRENT.value),
    ]


def before_upgrade(path: Path) -> dict[str, Any]:
    found: dict[str, Any] = {"records": records_at_0004(path)}
    for table in UNCHANGED:
        found[table] = _sqlite_rows(path, table)
    assert len(found["records"]) == 8
    return found


def test_a_0004_sqlite_file_upgrades_without_loss(old_file: Path) -> None:
    before = before_upgrade(old_file)
    database = open_database(f"sqlite:///{old_file}")
    try:
        check_upgraded(database, before)
        with database.engine.connect() as connection:
            kinds = connection.execute(
                text("SELECT DISTINCT typeof(document) FROM submissions")
            ).all()
        assert kinds == [("text",)]
    finally:
        database.close()


@pytest.fixture
def old_postgres(old_file: Path, postgres_url: str) -> Iterator[str]:
    """The fixture's rows copied into a PostgreSQL database at schema 0004."""
    from alembic import command

    from observer_app.store.database import _alembic_config

    engine = create_engine(postgres_url)
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    metadata = MetaData()
    metadata.reflect(engine)
    source = sqlite3.connect(old_file)
    with engine.begin() as connection:
        for name in COPY_ORDER:
            table = metadata.tables[name]
            cursor = source.execute(f"SELECT * FROM {name}")
            columns = [column[0] for column in cursor.description]
            rows = [
                {
                    column: _typed(table.c[column].type, value)
                    for column, value in zip(columns, row, strict=True)
                }
                for row in cursor
            ]
            if rows:
                connection.execute(insert(table), rows)
    source.close()
    engine.dispose()
    yield postgres_url


def _typed(kind: Any, value: Any) -> Any:
    """An SQLite value as its PostgreSQL column takes it."""
    if value is None:
        return None
    if isinstance(kind, DateTime):
        return _instant(value)
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, JSON):
        return _answer(value)
    if isinstance(kind, LargeBinary):
        return bytes(value)
    return value


def test_a_0004_postgresql_database_upgrades_without_loss(
    old_file: Path, old_postgres: str
) -> None:
    before = before_upgrade(old_file)
    database = open_database(old_postgres)
    try:
        check_upgraded(database, before)
    finally:
        database.close()
