"""Incidents as the observers reported them: time, station, category and their own words."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from observer_app.ui.coordinator.i18n import _
from observer_app.ui.coordinator.models import Column, RowsModel
from observer_app.ui.coordinator.places import place_label
from observer_app.ui.coordinator.widgets import table, wrap_long_texts
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
        #: Region code -> name in the window's language, kept up to date by the window.
        self.region_names: dict[str, str] = {}
        columns: list[Column[IncidentLine]] = [
            Column(lambda: _("Time"), lambda i: i.time.strftime("%Y-%m-%d %H:%M")),
            Column(
                lambda: _("Station"),
                lambda i: place_label(i.place, i.station_id, i.region, self.region_names),
            ),
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
        wrap_long_texts(self.list)
        self.list.activated.connect(self._open)
        layout.addWidget(self.list, 1)
        # The chosen incident in full: the table keeps one line per incident.
        self.full = QLabel(self)
        self.full.setObjectName("incident_in_full")
        self.full.setWordWrap(True)
        self.full.setTextFormat(Qt.TextFormat.PlainText)
        self.full.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.full.setFrameShape(QFrame.Shape.StyledPanel)
        self.full.setMinimumHeight(90)
        self.full.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.full)
        self.list.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_in_full(current.row())
        )

    def show_incidents(self, lines: list[IncidentLine]) -> None:
        self.model.set_rows(lines)
        self.relabel()
        self._show_in_full(self.list.currentIndex().row())

    def _show_in_full(self, row: int) -> None:
        line = self.model.rows[row] if 0 <= row < len(self.model.rows) else None
        if line is None:
            self.full.setText(_("Choose an incident to read it in full."))
            return
        where = place_label(line.place, line.station_id, line.region, self.region_names)
        heading = " · ".join(
            part for part in (line.time.strftime("%Y-%m-%d %H:%M"), where, line.team) if part
        )
        self.full.setText(f"{heading}\n{line.category}\n\n{line.words}")

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
