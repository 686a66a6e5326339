"""Errors a user reads: each names the file or database concerned, the reason, and what to do."""

from __future__ import annotations


class WorkspaceError(Exception):
    """A use case that could not be carried out; `str(error)` is the message for the user."""


class KeyProblem(WorkspaceError):
    """A key file that is missing, damaged or the wrong one: the path, and how to put it right."""


class NotFound(WorkspaceError):
    """A submission, conflict or file that is not there."""
