"""Statements run on the database driver's own cursor: the autosave of every keystroke, and
the merge's rows of new submissions.

An observer's answer is saved at each pause in typing, in a transaction of its own, and
the window waits for it before it says "saved". SQLite does that work (read the row,
rewrite it, commit durably) in about 0.4 ms; the Session or Connection around it (the
unit of work, execution contexts, events, result objects) took as long again twice over.
So the autosave alone runs its few statements straight on the pooled driver connection.
A merge inserts a bundle's new submissions a hundred at a time; on SQLite the same layers
cost a third of what the insert itself costs, so those rows go to the cursor too
(`insert_rows`).

What keeps this from being a second mapping of the store: every statement is an
SQLAlchemy Core statement over the same table, compiled once per dialect by SQLAlchemy
itself, with the columns' own bind processors (a time goes in as `UtcDateTime` writes
it, a document as `JsonText` does). Only the execution is ours.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement


@dataclass(frozen=True)
class _Prepared:
    sql: str
    #: Bind names in the order of the placeholders; None where the driver takes names.
    order: tuple[str, ...] | None
    processors: Mapping[str, Callable[[Any], Any]]

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        processed = {
            name: processor(values[name]) if values[name] is not None else None
            for name, processor in self.processors.items()
        }
        if self.order is None:
            return {**values, **processed}
        return tuple(processed[name] if name in processed else values[name] for name in self.order)


class PlainStatement:
    """A Core statement compiled for a dialect once, to run on a driver cursor.

    `columns` names the columns an UPDATE or INSERT sets, each from the value of the
    same name, as `Connection.execute` would infer them from its parameters.
    """

    def __init__(self, statement: ClauseElement, columns: Iterable[str] = ()) -> None:
        self.statement = statement
        self.columns = list(columns)
        self._prepared: WeakKeyDictionary[Dialect, _Prepared] = WeakKeyDictionary()

    def prepared(self, dialect: Dialect) -> _Prepared:
        prepared = self._prepared.get(dialect)
        if prepared is None:
            compiled = self.statement.compile(dialect=dialect, column_keys=self.columns or None)
            assert isinstance(compiled, SQLCompiler)
            processors = {}
            for name, bind in compiled.binds.items():
                # The dialect's own form of the type, as Connection.execute takes it: a
                # time on SQLite is written as SQLAlchemy's text, never left to the driver.
                processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
                if processor is not None:
                    processors[name] = processor
            order = tuple(compiled.positiontup or ()) if compiled.positional else None
            prepared = _Prepared(str(compiled), order, processors)
            self._prepared[dialect] = prepared
        return prepared


class DriverTransaction:
    """One writing transaction's cursor (`Database.driver_transaction`)."""

    def __init__(self, cursor: Any, dialect: Dialect) -> None:
        self._cursor = cursor
        self._dialect = dialect

    def rows(self, statement: PlainStatement, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        self.execute(statement, values)
        return [tuple(row) for row in self._cursor.fetchall()]

    def scalar(self, statement: PlainStatement, values: Mapping[str, Any]) -> Any:
        self.execute(statement, values)
        row = self._cursor.fetchone()
        return None if row is None else row[0]

    def execute(self, statement: PlainStatement, values: Mapping[str, Any]) -> int:
        """Run `statement`; the number of rows it changed."""
        prepared = statement.prepared(self._dialect)
        self._cursor.execute(prepared.sql, prepared.parameters(values))
        return int(self._cursor.rowcount)


#: The INSERT of each table and set of columns, compiled once (`insert_rows`).
_INSERTS: dict[tuple[Table, tuple[str, ...]], PlainStatement] = {}


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT `rows` (each with the same columns) into `table`, inside `connection`'s
    transaction.

    On SQLite they go to the driver's cursor in one executemany, each value through its
    column's bind processor as `Connection.execute` would put it. Elsewhere through
    `Connection.execute`, whose batched INSERT (several rows per statement) is the faster
    way to a server.
    """
    if not rows:
        return
    if connection.dialect.name != "sqlite":
        connection.execute(insert(table), list(rows))
        return
    columns = tuple(rows[0])
    statement = _INSERTS.get((table, columns))
    if statement is None:
        statement = _INSERTS[table, columns] = PlainStatement(insert(table), columns)
    prepared = statement.prepared(connection.dialect)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(prepared.sql, [prepared.parameters(row) for row in rows])
    finally:
        cursor.close()
