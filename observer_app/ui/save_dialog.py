"""Asking where to write a file: the save dialog, with the file's ending added when left off."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_save_path(
    parent: QWidget, title: str, suggested: str, kinds: str, suffix: str
) -> Path | None:
    """The file the user names, ending in `suffix` (".pdf"); None when they cancel.

    A name typed without its ending gets it, so "summary" writes "summary.pdf" instead of
    being refused for its name.
    """
    name, _filter = QFileDialog.getSaveFileName(parent, title, suggested, kinds)
    if not name:
        return None
    return Path(name) if name.lower().endswith(suffix) else Path(name + suffix)
