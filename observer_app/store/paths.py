"""Where the app keeps its data on this computer (platformdirs), or on a portable stick."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

_ENV = "OBSERVER_APP_HOME"
DATABASE_FILE = "observer.sqlite3"


def data_dir() -> Path:
    """The user's data folder for Observer, made on first use.

    OBSERVER_APP_HOME replaces it: a portable install on a USB stick, a test.
    """
    override = os.environ.get(_ENV)
    path = Path(override) if override else user_data_path("observer-app", appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / DATABASE_FILE}"
