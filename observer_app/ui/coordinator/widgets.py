"""Small pieces the coordinator's pages share: a table, the share bar, the read-only record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from observer_app.ui.attachment_input import thumbnail
from observer_app.ui.coordinator.i18n import _
from observer_app.ui.coordinator.models import BAR_ROLE, Column, RowsModel
from observer_app.workspace.records import AnswerLine, AttachedFile

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
    """One observation, read-only: who, where, when, every answer in words, and its files
    (a protocol photo shown as a thumbnail, any file saved as a copy); it prints as a form."""

    def __init__(
        self,
        heading: str,
        lines: list[AnswerLine],
        parent: QWidget | None,
        files: Sequence[AttachedFile] = (),
        on_print: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("record_dialog")
        self.setWindowTitle(_("Observation (read-only)"))
        self.resize(760, 560 if not files else 760)
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
        layout.addWidget(self.answers, 3)
        self.files = [AttachedFileView(file, self) for file in files]
        if self.files:
            box = QGroupBox(_("Attached files"), self)
            row = QHBoxLayout(box)
            for view in self.files:
                row.addWidget(view)
            row.addStretch(1)
            layout.addWidget(box, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button: QPushButton | None = None
        if on_print is not None:
            self.print_button = buttons.addButton(
                _("Print…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.print_button.setObjectName("record_print")
            self.print_button.clicked.connect(on_print)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class AttachedFileView(QWidget):
    """One attached file: the question it answers, its thumbnail or type, name and size."""

    def __init__(self, file: AttachedFile, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.file = file
        self.setObjectName(f"attached_{file.question_id}")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.question = QLabel(file.label, self)
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        column.addWidget(self.question)
        self.thumbnail = QLabel(self)
        self.thumbnail.setObjectName("attached_thumbnail")
        pixmap = thumbnail(file.content) if file.content is not None else None
        if pixmap is not None:
            self.thumbnail.setPixmap(pixmap)
            self.thumbnail.setAccessibleName(file.caption)
        elif file.content is None:
            self.thumbnail.setText(_("The file is not in this database."))
        else:
            self.thumbnail.setText(file.media_type)
        column.addWidget(self.thumbnail)
        self.caption = QLabel(file.caption, self)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.caption)
        self.save_button = QPushButton(_("Save a copy…"), self)
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(file.content is not None)
        self.save_button.clicked.connect(self.save_copy)
        column.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)

    def save_copy(self) -> None:
        """Write the file as it was handed in, to open at full size in another program."""
        content = self.file.content
        if content is None:
            return
        name, _filter = QFileDialog.getSaveFileName(self, _("Save a copy…"), self.file.name)
        if not name:
            return
        try:
            Path(name).write_bytes(content)
        except OSError as error:
            QMessageBox.warning(self, _("Save a copy…"), f"{name}: {error.strerror or error}")
