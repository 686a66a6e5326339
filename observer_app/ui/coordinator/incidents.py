"""Incidents as the observers reported them: time, station, category and their own words."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from observer_app.ui.coordinator.i18n import _
from observer_app.ui.coordinator.models import Column, RowsModel
from observer_app.ui.coordinator.widgets import table
from observer_app.workspace.findings import IncidentLine


class IncidentsPage(QWidget):
    """Every incident under the current filters, oldest first; Enter opens one read-only."""

    incident_opened = Signal(str)  # submission id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidents")
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        layout.addWidget(self.intro)
        columns: list[Column[IncidentLine]] = [
            Column(lambda: _("Time"), lambda i: i.time.strftime("%Y-%m-%d %H:%M")),
            Column(lambda: _("Station"), lambda i: i.place),
            Column(lambda: _("Team"), lambda i: i.team),
            Column(lambda: _("Category"), lambda i: i.category),
            Column(lambda: _("The observer's words"), lambda i: i.words),
        ]
        self.model: RowsModel[IncidentLine] = RowsModel(columns, self)
        self.list = table(self.model, "incident_list", self)
        self.list.setColumnWidth(0, 130)
        self.list.setColumnWidth(1, 100)
        self.list.setColumnWidth(2, 80)
        self.list.setColumnWidth(3, 260)
        self.list.activated.connect(self._open)
        layout.addWidget(self.list, 1)

    def show_incidents(self, lines: list[IncidentLine]) -> None:
        self.model.set_rows(lines)
        self.relabel()

    def _open(self, index: QModelIndex | QPersistentModelIndex) -> None:
        line = self.model.row_at(index)
        if line is not None:
            self.incident_opened.emit(line.submission_id)

    def relabel(self) -> None:
        self.intro.setText(
            _("Incidents under the current filters: {count}. Press Enter to open one.").format(
                count=len(self.model.rows)
            )
        )
        self.list.setAccessibleName(_("Incidents"))
        self.model.relabel()
