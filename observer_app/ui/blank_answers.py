"""Asking once before a form is completed with questions left blank.

A blank that does not stop completion (a comment, a count the observer did not take) is
often an oversight at the end of a long day: the observer is asked once, with every blank
listed, and staying to fill them in is the default, so Enter or Escape goes back to the form.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from observer_app.ui.i18n import _, ngettext

#: How many blank questions are named in the question itself; the rest are counted.
LISTED = 12


def confirm_blanks(parent: QWidget, labels: list[str]) -> bool:
    """True when the observer completes the form with the questions `labels` left blank."""
    box = QMessageBox(parent)
    box.setObjectName("confirm_blanks")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Complete with blank answers?"))
    box.setText(
        ngettext(
            "{count} question is left blank. Complete the form all the same?",
            "{count} questions are left blank. Complete the form all the same?",
            len(labels),
        ).format(count=len(labels))
    )
    lines = [f"• {label}" for label in labels[:LISTED]]
    if len(labels) > LISTED:
        lines.append(_("… and {count} more").format(count=len(labels) - LISTED))
    box.setInformativeText("\n".join(lines))
    complete = box.addButton(_("Complete with these blank"), QMessageBox.ButtonRole.AcceptRole)
    stay = box.addButton(_("Go back and answer"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.exec()
    return box.clickedButton() is complete
