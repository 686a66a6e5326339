"""Answering the window's question boxes in a test, as a user clicks one of their buttons."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


def answer_every_question(
    monkeypatch: pytest.MonkeyPatch, role: QMessageBox.ButtonRole
) -> list[tuple[str, str]]:
    """Answer every question box with its button of `role`; what each asked (text, details).

    The safe answer must be the default: each box is checked for a reject-role default.
    """
    asked: list[tuple[str, str]] = []

    def exec_(box: QMessageBox) -> int:
        asked.append((box.text(), box.informativeText()))
        assert box.buttonRole(box.defaultButton()) == QMessageBox.ButtonRole.RejectRole
        next(b for b in box.buttons() if box.buttonRole(b) == role).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked
