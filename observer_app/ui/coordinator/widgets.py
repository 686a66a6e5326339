"""Small pieces the coordinator's pages share: a table, the share bar, the read-only record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from observer_app.ui.coordinator.i18n import _
from observer_app.ui.coordinator.models import BAR_ROLE, Column, RowsModel
from observer_app.workspace.records import AnswerLine

BAR = QColor("#c0392b")
TRACK = QColor("#ecebe9")


def table(model: RowsModel[Any], name: str, parent: QWidget) -> QTableView:
    """A read-only, row-selecting table with the last column stretched."""
    view = QTableView(parent)
    view.setModel(model)
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setTabKeyNavigation(False)
    return view


def wrap_long_texts(view: QTableView) -> None:
    """Long texts wrap onto more lines rather than end in "…" readable only by hover."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


class BarDelegate(QStyledItemDelegate):
    """Draws the share (BAR_ROLE, 0 to 100) as a horizontal bar."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        value = index.data(BAR_ROLE)
        if value is None:
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect.adjusted(4, 5, -4, -5)
        painter.save()
        painter.fillRect(rect, TRACK)
        width = int(rect.width() * max(0.0, min(100.0, float(value))) / 100)
        painter.fillRect(QRect(rect.left(), rect.top(), width, rect.height()), BAR)
        painter.restore()


class RecordDialog(QDialog):
    """One observation, read-only: who, where, when, and every answer in words."""

    def __init__(self, heading: str, lines: list[AnswerLine], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("record_dialog")
        self.setWindowTitle(_("Observation (read-only)"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        self.heading = QLabel(heading, self)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        columns: list[Column[AnswerLine]] = [
            Column(lambda: _("Question"), lambda line: line.label),
            Column(lambda: _("Answer"), lambda line: line.answer),
        ]
        self.model: RowsModel[AnswerLine] = RowsModel(columns, self)
        self.model.set_rows(lines)
        self.answers = table(self.model, "record_answers", self)
        self.answers.setAccessibleName(_("Answers"))
        self.answers.setWordWrap(True)
        self.answers.setColumnWidth(0, 380)
        layout.addWidget(self.answers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
