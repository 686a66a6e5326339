"""Who has handed in: per team, the last file merged and its time; teams with none first."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from observer_app.ui.coordinator.i18n import _, ngettext
from observer_app.ui.coordinator.models import Column, RowsModel
from observer_app.ui.coordinator.widgets import table, wrap_long_texts
from observer_app.workspace.hand_ins import TeamHandIn


def _when(line: TeamHandIn) -> str:
    if line.last_made_at is None:
        return _("Nothing handed in")
    return line.last_made_at.astimezone().strftime("%Y-%m-%d %H:%M")


class HandInsPage(QWidget):
    """The teams of the mission's roster and of the files merged, nothing handed in first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hand_ins")
        #: Region code -> name in the window's language, kept up to date by the window.
        self.region_names: dict[str, str] = {}
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setObjectName("hand_ins_summary")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        missing = lambda line: not line.handed_in  # noqa: E731
        columns: list[Column[TeamHandIn]] = [
            Column(lambda: _("Team"), lambda t: t.team, highlight=missing),
            Column(
                lambda: _("Region"),
                lambda t: self.region_names.get(t.region, t.region),
                highlight=missing,
            ),
            Column(lambda: _("Observers"), lambda t: ", ".join(t.observers), highlight=missing),
            Column(lambda: _("Last file made at"), _when, highlight=missing),
            Column(lambda: _("Made by"), lambda t: t.last_observer or "", highlight=missing),
            Column(
                lambda: _("Merged at"),
                lambda t: (
                    t.last_merged_at.astimezone().strftime("%Y-%m-%d %H:%M")
                    if t.last_merged_at
                    else ""
                ),
                highlight=missing,
            ),
            Column(lambda: _("Files"), lambda t: str(t.files), True, missing),
        ]
        self.model: RowsModel[TeamHandIn] = RowsModel(columns, self)
        self.list = table(self.model, "team_hand_ins", self)
        wrap_long_texts(self.list)
        self.list.setColumnWidth(0, 110)
        self.list.setColumnWidth(1, 200)
        self.list.setColumnWidth(2, 260)
        self.list.setColumnWidth(3, 150)
        layout.addWidget(self.list, 1)

    def show_hand_ins(self, lines: list[TeamHandIn]) -> None:
        self.model.set_rows(lines)
        self.relabel()

    def relabel(self) -> None:
        rows = self.model.rows
        nothing = sum(1 for line in rows if not line.handed_in)
        if not any(line.on_roster for line in rows):
            self.intro.setText(
                _(
                    "The mission package has no roster of teams: only the teams whose files "
                    "came in are listed."
                )
            )
        else:
            self.intro.setText(
                ngettext(
                    "{count} team of the roster has handed in nothing yet (listed first).",
                    "{count} teams of the roster have handed in nothing yet (listed first).",
                    nothing,
                ).format(count=nothing)
            )
        self.list.setAccessibleName(_("Teams and their files"))
        self.model.relabel()
