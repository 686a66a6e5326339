"""Which forms a database is read with: the mission's, or those of a folder, or the built-in ones.

A database set up from a mission package keeps every form version the mission has used, so
an old submission is read with the version it was filled with. A database that no package
set up (an observer before the first run, a test) is read with the built-in forms.
"""

from __future__ import annotations

from pathlib import Path

from observer_app.domain.bundled import forms_dir
from observer_app.exchange.mission import mission_library
from observer_app.formspec import FormLibrary, FormLoadError, load_forms
from observer_app.store.database import Database
from observer_app.workspace.errors import WorkspaceError


def database_forms(database: Database, folder: Path | None = None) -> FormLibrary:
    """The forms of `folder` when given, else the mission's, else the built-in ones.

    Raises WorkspaceError with one line per problem when the folder's forms are refused.
    """
    if folder is None:
        with database.reading() as session:
            library = mission_library(session)
        if len(library):
            return library
    try:
        return load_forms(folder or forms_dir())
    except FormLoadError as error:
        raise WorkspaceError("\n".join(str(problem) for problem in error.problems)) from None
