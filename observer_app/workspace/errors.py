"""Errors a user reads: each names the file or database concerned, the reason, and what to do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WorkspaceError(Exception):
    """A use case that could not be carried out; `str(error)` is the message for the user."""


class KeyProblem(WorkspaceError):
    """A key file that is missing, damaged or the wrong one: the path, and how to put it right."""


class NotFound(WorkspaceError):
    """A submission, conflict or file that is not there."""


@contextmanager
def writing_file(out: Path) -> Iterator[None]:
    """A file that cannot be written (no space, no permission, a stick pulled out) becomes
    one line naming the file, not a traceback."""
    try:
        yield
    except OSError as error:
        raise WorkspaceError(
            f"{error.filename or out}: cannot write the file ({error.strerror or error})"
        ) from None
