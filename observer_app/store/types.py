"""Column types that keep their meaning on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Text, cast
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class UtcDateTime(TypeDecorator[datetime]):
    """An instant stored in UTC and read back as an aware UTC datetime.

    SQLite has no time zones and would silently compare local and UTC times; storing
    every instant in UTC keeps ordering right, and the local offset lives in its own
    column where the observer's wall-clock time matters.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored: give it a time zone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


class JsonText(TypeDecorator[str]):
    """A JSON document kept as the exact text it was given: TEXT on SQLite, `json` on
    PostgreSQL; written and read as that text, never re-encoded.

    A submission's record must read back as it was signed. SQLite gives a column declared
    JSON numeric affinity, so a value that looks like a number is converted (an integer of
    2**70 became the REAL 1.18e21); TEXT keeps it. PostgreSQL's `jsonb` would rewrite
    numbers (1e+16 comes back as 10000000000000000, -0.0 as 0.0) and refuses the text
    escape \\u0000; `json` keeps the text as given and still checks that it is JSON.
    The callers hand over canonical JSON text (domain.submission.canonical_json).
    """

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.JSON())
        return dialect.type_descriptor(Text())

    def bind_processor(self, dialect: Dialect) -> None:
        return None  # the text as it is: no JSON encoding of a string into a string

    def result_processor(self, dialect: Dialect, coltype: object) -> None:
        return None

    def column_expression(self, column: ColumnElement[str]) -> ColumnElement[str]:
        """Read as text: PostgreSQL's driver would otherwise decode `json` values itself."""
        return cast(column, Text)
