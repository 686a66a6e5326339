"""Asking before the window changes mode: it changes what this computer opens at every start.

One click on "Switch to coordinator mode" used to turn an observer's laptop into a
coordinator's desk, and it stayed so at the next start. The question names what changes
and what does not; the safe answer (stay) is the default, so Enter or Escape keeps the mode.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from observer_app.ui.i18n import _


def confirm_mode_switch(parent: QWidget, *, to_coordinator: bool) -> bool:
    """True when the user confirms the switch to the other mode."""
    box = QMessageBox(parent)
    box.setObjectName("confirm_mode_switch")
    box.setIcon(QMessageBox.Icon.Question)
    if to_coordinator:
        box.setWindowTitle(_("Switch to coordinator mode?"))
        box.setText(_("Switch this computer to coordinator mode?"))
        box.setInformativeText(
            _(
                "The coordinator's window replaces the observer's: importing the observers' "
                "files, findings, conflicts and the printed summary. It opens at every start "
                "until you switch back (File → Switch to observer mode). Your forms stay as "
                "they are, but they are not filled in there."
            )
        )
        switch = box.addButton(_("Switch to coordinator mode"), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(_("Stay in observer mode"), QMessageBox.ButtonRole.RejectRole)
    else:
        box.setWindowTitle(_("Switch to observer mode?"))
        box.setText(_("Switch this computer to observer mode?"))
        box.setInformativeText(
            _(
                "The observer's window replaces the coordinator's: choosing a polling station "
                "and filling in forms. It opens at every start until you switch back. The "
                "imported files, findings and decisions on conflicts stay as they are."
            )
        )
        switch = box.addButton(_("Switch to observer mode"), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(_("Stay in coordinator mode"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.exec()
    return box.clickedButton() is switch
