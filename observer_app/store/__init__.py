"""The local store: SQLAlchemy 2 models, Alembic migrations, and the services over them."""

from observer_app.store.database import Database, DatabaseBusy, open_database
from observer_app.store.submissions import (
    CompletionRefused,
    NotEditable,
    SubmissionError,
    SubmissionNotFound,
    SubmissionStore,
    SubmissionSummary,
)

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
