"""The local store: SQLAlchemy 2 models, Alembic migrations, and the services over them.

Its names load on first use, so that importing a light module of the store (`paths`, say)
does not load SQLAlchemy: the observer's window opens before any of it is needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from observer_app.store.database import Database, DatabaseBusy, open_database
    from observer_app.store.submissions import (
        CompletionRefused,
        NotEditable,
        SubmissionError,
        SubmissionNotFound,
        SubmissionStore,
        SubmissionSummary,
    )

_HOMES = {
    "Database": "database",
    "DatabaseBusy": "database",
    "open_database": "database",
    "CompletionRefused": "submissions",
    "NotEditable": "submissions",
    "SubmissionError": "submissions",
    "SubmissionNotFound": "submissions",
    "SubmissionStore": "submissions",
    "SubmissionSummary": "submissions",
}

__all__ = [
    "CompletionRefused",
    "Database",
    "DatabaseBusy",
    "NotEditable",
    "SubmissionError",
    "SubmissionNotFound",
    "SubmissionStore",
    "SubmissionSummary",
    "open_database",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
