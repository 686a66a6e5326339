"""Why a file was refused and what to do, in the window's language.

The common refusals (a file cut short, not an Observer file, a mission package, another
mission's file, an encrypted file without its key) are worded here from their kind; any
other reason is technical and stays as the merge wrote it, with the general advice.
"""

from __future__ import annotations

from observer_app.ui.coordinator.i18n import _
from observer_app.workspace.imports import ImportLine, RefusalKind


def short_reason(line: ImportLine) -> str:
    """The reason as the table shows it; "" for a file that was merged whole."""
    if line.reason is None:
        if line.foreign:
            return _("{count} form(s) of other laptops refused, not counted").format(
                count=line.foreign
            )
        return ""
    detail = line.detail or ""
    if line.kind == RefusalKind.DAMAGED:
        return _("cut short or damaged")
    if line.kind == RefusalKind.NOT_A_BUNDLE:
        return _("not a file written by Observer")
    if line.kind == RefusalKind.MISSION_PACKAGE:
        return _("a mission package, not an observer's file")
    if line.kind == RefusalKind.OTHER_MISSION:
        return _("a file of another mission ({mission})").format(mission=detail)
    if line.kind == RefusalKind.NO_KEY:
        return _("encrypted, and no coordinator key to open it")
    if line.kind == RefusalKind.WRONG_KEY:
        return _("encrypted for another coordinator key ({key})").format(key=detail)
    if line.kind == RefusalKind.NOT_ENCRYPTED:
        return _("not encrypted, though this mission's files are")
    return line.reason


def advice(line: ImportLine) -> str:
    """What the coordinator can do about a refused file."""
    if line.kind == RefusalKind.DAMAGED:
        return _(
            "The copy broke on the way, often when a USB stick is pulled out too soon. Ask "
            "the team to hand in the file again (Export for coordinator writes it anew)."
        )
    if line.kind == RefusalKind.NOT_A_BUNDLE:
        return _(
            "Import only the .zip files that the observers' Export for coordinator wrote; "
            "this one is something else."
        )
    if line.kind == RefusalKind.MISSION_PACKAGE:
        return _(
            "A mission package sets up the observers' laptops (at their first run); there is "
            "nothing in it to import here."
        )
    if line.kind == RefusalKind.OTHER_MISSION:
        return _(
            "The laptop was set up for another mission. Check with the team which mission "
            "package they installed; this database takes only its own mission's files."
        )
    if line.kind == RefusalKind.NOT_ENCRYPTED:
        return _(
            "Anyone could have read it on the way. Ask the team to import this mission's "
            "package on the laptop and hand in the file again."
        )
    if line.kind in (RefusalKind.NO_KEY, RefusalKind.WRONG_KEY):
        return _(
            "Choose this mission's coordinator key file (File → Coordinator key file…), "
            "then import the file again."
        )
    return _(
        "Ask the team to hand in the file again; if the new file is refused too, send both "
        "to the mission's technical support."
    )


def explanation(line: ImportLine) -> str:
    """The whole story of one refused file: whose, why, what to do."""
    who = ", ".join(part for part in (line.team, line.observer) if part)
    whose = (
        (
            _("{file} ({who}, read from the file's name: the file itself could not be read)")
            if line.named_by_file
            else _("{file} ({who})")
        ).format(file=line.name, who=who)
        if who
        else line.name
    )
    return _("{file}: refused: {reason}. {advice}").format(
        file=whose, reason=short_reason(line), advice=advice(line)
    )
