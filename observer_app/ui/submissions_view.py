"""My submissions: every form this observer started, to reopen, filter, sort or delete a draft.

The table model is a thin adapter over a plain list of summaries (never ORM objects), as
napari's and Anki's models are; filtering and sorting are Qt's proxy model's job.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from observer_app.domain.registry import Registry
from observer_app.domain.submission import SubmissionStatus
from observer_app.formspec import FormLibrary
from observer_app.ui.i18n import _, current_language
from observer_app.ui.places import describe_place
from observer_app.workspace.laptop import SubmissionSummary

STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole


class SubmissionsModel(QAbstractTableModel):
    COLUMNS = ("place", "form", "status", "revision", "created", "updated")

    def __init__(self, forms: FormLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.forms = forms
        self.registry: Registry | None = None
        self.rows: list[SubmissionSummary] = []

    def set_rows(self, rows: list[SubmissionSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = 0
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "place": _("Polling station / TEC"),
            "form": _("Form"),
            "status": _("Status"),
            "revision": _("Revision"),
            "created": _("Started"),
            "updated": _("Last change"),
        }[self.COLUMNS[section]]

    def place_text(self, row: SubmissionSummary) -> str:
        return describe_place(
            self.registry,
            row.station_id,
            row.tec_id,
            detailed=False,
            nowhere="—",
            region=row.region,
        )

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == ID_ROLE:
            return str(row.id)
        if role == STATUS_ROLE:
            return row.status.value
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "place":
                return self.place_text(row)
            if column == "form":
                try:
                    form = self.forms.get(row.form_id, row.form_version)
                    return form.form.title.get(current_language())
                except KeyError:
                    return row.form_id
            if column == "status":
                return _("Completed") if row.status == SubmissionStatus.COMPLETE else _("Draft")
            if column == "revision":
                return row.revision
            moment = row.created_at if column == "created" else row.updated_at
            return moment.strftime("%Y-%m-%d %H:%M")
        if role == Qt.ItemDataRole.UserRole + 2:  # sort key
            if column in ("created", "updated"):
                return (row.created_at if column == "created" else row.updated_at).isoformat()
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        return None


class _Filter(QSortFilterProxyModel):
    """Text (any column) and status filter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: str | None = None
        self.text = ""
        self.setSortRole(Qt.ItemDataRole.UserRole + 2)

    def filterAcceptsRow(  # noqa: N802 - Qt's name
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        status = model.index(source_row, 0, source_parent).data(STATUS_ROLE)
        if self.status is not None and status != self.status:
            return False
        if not self.text:
            return True
        words = self.text.casefold().split()
        row_text = " ".join(
            str(model.index(source_row, column, source_parent).data()) for column in range(6)
        ).casefold()
        return all(word in row_text for word in words)


class SubmissionsView(QWidget):
    """The list, its filters, and Open / Delete draft."""

    open_requested = Signal(str)
    delete_requested = Signal(str)
    print_requested = Signal(str)

    def __init__(self, forms: FormLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SubmissionsModel(forms, self)
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        filters = QHBoxLayout()
        self.filter_field = QLineEdit(self)
        self.filter_field.setObjectName("submissions_filter")
        self.filter_field.setClearButtonEnabled(True)
        self.filter_field.textChanged.connect(self._filter_text)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("status_filter")
        self.status_filter.currentIndexChanged.connect(self._filter_status)
        filters.addWidget(self.filter_field, 1)
        filters.addWidget(self.status_filter)
        layout.addLayout(filters)
        self.table = QTableView(self)
        self.table.setObjectName("submissions_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.activated.connect(lambda _index: self._open())
        self.table.doubleClicked.connect(lambda _index: self._open())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.count_label = QLabel(self)
        buttons.addWidget(self.count_label, 1)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("delete_draft")
        self.delete_button.clicked.connect(self._delete)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("print_submission")
        self.print_button.clicked.connect(self._print)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("open_submission")
        self.open_button.clicked.connect(self._open)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)
        self.relabel()

    def set_rows(self, rows: list[SubmissionSummary], registry: Registry | None) -> None:
        self.model.registry = registry
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._count()

    def relabel(self) -> None:
        self.heading.setText(_("My submissions"))
        self.filter_field.setPlaceholderText(_("Filter by station, region, form…"))
        self.filter_field.setAccessibleName(_("Filter submissions"))
        current = self.status_filter.currentIndex()
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(_("All"), None)
        self.status_filter.addItem(_("Drafts"), SubmissionStatus.DRAFT.value)
        self.status_filter.addItem(_("Completed"), SubmissionStatus.COMPLETE.value)
        self.status_filter.setCurrentIndex(max(current, 0))
        self.status_filter.blockSignals(False)
        self.status_filter.setAccessibleName(_("Show"))
        self.delete_button.setText(_("Delete draft…"))
        self.print_button.setText(_("Print…"))
        self.open_button.setText(_("Open"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)
        self.model.layoutChanged.emit()
        self._count()

    def _count(self) -> None:
        self.count_label.setText(
            _("{shown} of {total} submissions").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount()
            )
        )

    def _filter_text(self, text: str) -> None:
        self.proxy.text = text
        self.proxy.invalidate()
        self._count()

    def _filter_status(self, _index: int) -> None:
        self.proxy.status = self.status_filter.currentData()
        self.proxy.invalidate()
        self._count()

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return str(index.data(ID_ROLE))

    def _open(self) -> None:
        selected = self.selected_id()
        if selected:
            self.open_requested.emit(selected)

    def _print(self) -> None:
        selected = self.selected_id()
        if selected:
            self.print_requested.emit(selected)

    def _delete(self) -> None:
        selected = self.selected_id()
        if not selected:
            return
        row = next(r for r in self.model.rows if str(r.id) == selected)
        if row.status != SubmissionStatus.DRAFT or row.revision > 1:
            QMessageBox.information(
                self,
                _("Delete draft"),
                _("Only drafts that were never completed can be deleted."),
            )
            return
        answer = QMessageBox.question(
            self,
            _("Delete draft"),
            _("Delete this draft of {form} at {place}? Its answers will be lost.").format(
                form=self.model.data(self.model.index(self.model.rows.index(row), 1)),
                place=self.model.place_text(row),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_requested.emit(str(uuid.UUID(selected)))
