"""One input widget per question type, each with the same small interface.

`value()` gives the answer as the store keeps it (None for no answer), `set_value()` shows a
stored answer without reporting an edit, and `edited` fires on every change the observer
makes. Choice questions answer from the keyboard: 1/Y for yes, 2/N for no, 3/O for not
observed, digits for the n-th choice, Delete to clear.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from observer_app.domain.submission import now_local
from observer_app.formspec import CompiledForm
from observer_app.formspec.models import (
    NO,
    NOT_OBSERVED,
    YES,
    AnyQuestion,
    Choice,
    DateTimeQuestion,
    DecimalQuestion,
    IntegerQuestion,
    RepeatQuestion,
    SelectMultipleQuestion,
    SelectOneQuestion,
    TextQuestion,
    TimeQuestion,
    YesNoQuestion,
)
from observer_app.ui.i18n import _, current_language

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class AnswerInput(QWidget):
    """Base of every input: the interface the form view relies on."""

    edited = Signal(object)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        """The widget that takes the keyboard when the observer jumps to this question."""
        return self

    def relabel(self, form: CompiledForm) -> None:
        """Show choice labels and buttons in the current language."""


class _Choices(AnswerInput):
    """Radio buttons for one answer among a few; the keyboard picks by digit or letter."""

    def __init__(
        self,
        options: list[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        vertical: bool = False,
    ) -> None:
        super().__init__(parent)
        self._values = [value for value, _label in options]
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        layout = QVBoxLayout(self) if vertical else QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._buttons: list[QRadioButton] = []
        for index, (_value, label) in enumerate(options):
            button = QRadioButton(label, self)
            button.installEventFilter(self)
            self._group.addButton(button, index)
            self._buttons.append(button)
            layout.addWidget(button)
        layout.addStretch(1)
        self._group.idClicked.connect(self._clicked)

    def _clicked(self, index: int) -> None:
        self.edited.emit(self._values[index])

    def value(self) -> Any:
        index = self._group.checkedId()
        return None if index < 0 else self._values[index]

    def set_value(self, value: Any) -> None:
        if value in self._values:
            self._buttons[self._values.index(value)].setChecked(True)
        else:
            self._clear_silently()

    def _clear_silently(self) -> None:
        self._group.setExclusive(False)
        for button in self._buttons:
            button.setChecked(False)
        self._group.setExclusive(True)

    def focus_target(self) -> QWidget:
        index = self._group.checkedId()
        return self._buttons[index if index >= 0 else 0]

    def set_labels(self, labels: list[str]) -> None:
        for button, label in zip(self._buttons, labels, strict=True):
            button.setText(label)

    def key_choice(self, event: QKeyEvent) -> int | None:
        """The choice a key stands for: 1..9 by position."""
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= len(self._values):
            return int(text) - 1
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                if self.value() is not None:
                    self._clear_silently()
                    self.edited.emit(None)
                return True
            index = self.key_choice(event)
            if index is not None:
                self._buttons[index].setChecked(True)
                self._buttons[index].setFocus()
                self._clicked(index)
                return True
        return super().eventFilter(watched, event)


class YesNoInput(_Choices):
    def __init__(self, question: YesNoQuestion, parent: QWidget | None = None) -> None:
        self._question = question
        options = [(YES, ""), (NO, "")]
        if question.not_observed:
            options.append((NOT_OBSERVED, ""))
        super().__init__(options, parent)
        self.relabel_yes_no()

    def relabel_yes_no(self) -> None:
        labels = [_("Yes"), _("No")]
        if self._question.not_observed:
            custom = self._question.not_observed_label
            labels.append(custom.get(current_language()) if custom else _("Not observed"))
        self.set_labels([f"{label} ({i})" for i, label in enumerate(labels, start=1)])

    def relabel(self, form: CompiledForm) -> None:
        self.relabel_yes_no()

    def key_choice(self, event: QKeyEvent) -> int | None:
        letter = {Qt.Key.Key_Y: 0, Qt.Key.Key_N: 1, Qt.Key.Key_O: 2}.get(Qt.Key(event.key()))
        if letter is not None and letter < len(self._values):
            return letter
        return super().key_choice(event)


class SelectOneInput(_Choices):
    def __init__(
        self, question: SelectOneQuestion, choices: list[Choice], parent: QWidget | None = None
    ) -> None:
        self._choices = choices
        language = current_language()
        # A long list reads better down the page than across it.
        super().__init__(
            [(c.value, c.label.get(language)) for c in choices], parent, vertical=len(choices) > 4
        )

    def relabel(self, form: CompiledForm) -> None:
        self.set_labels([c.label.get(current_language()) for c in self._choices])


class SelectMultipleInput(AnswerInput):
    def __init__(
        self, question: SelectMultipleQuestion, choices: list[Choice], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._choices = choices
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._boxes: list[QCheckBox] = []
        for choice in choices:
            box = QCheckBox(choice.label.get(current_language()), self)
            box.toggled.connect(lambda _checked: self.edited.emit(self.value()))
            self._boxes.append(box)
            layout.addWidget(box)

    def value(self) -> Any:
        picked = [
            c.value for c, box in zip(self._choices, self._boxes, strict=True) if box.isChecked()
        ]
        return picked or None

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for choice, box in zip(self._choices, self._boxes, strict=True):
            box.blockSignals(True)
            box.setChecked(choice.value in chosen)
            box.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self._boxes[0] if self._boxes else self

    def relabel(self, form: CompiledForm) -> None:
        for choice, box in zip(self._choices, self._boxes, strict=True):
            box.setText(choice.label.get(current_language()))


class _LineInput(AnswerInput):
    """A one-line field; `parse` turns its text into an answer, or None when incomplete."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.line)
        self.line.textEdited.connect(lambda _text: self.edited.emit(self.value()))

    def parse(self, text: str) -> Any:
        return text or None

    def display_text(self, value: Any) -> str:
        return "" if value is None else str(value)

    def value(self) -> Any:
        return self.parse(self.line.text().strip())

    def set_value(self, value: Any) -> None:
        self.line.setText(self.display_text(value))

    def focus_target(self) -> QWidget:
        return self.line


class IntegerInput(_LineInput):
    def __init__(self, question: IntegerQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line.setValidator(QRegularExpressionValidator(r"-?\d{0,9}", self.line))
        self.line.setMaximumWidth(160)
        self.row.addStretch(1)

    def parse(self, text: str) -> Any:
        try:
            return int(text)
        except ValueError:
            return None


class DecimalInput(_LineInput):
    def __init__(self, question: DecimalQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line.setValidator(QRegularExpressionValidator(r"-?\d{0,9}([.,]\d{0,6})?", self.line))
        self.line.setMaximumWidth(160)
        self.row.addStretch(1)

    def parse(self, text: str) -> Any:
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return None
        return (
            int(number) if number.is_integer() and "." not in text and "," not in text else number
        )


class TextInput(AnswerInput):
    def __init__(self, question: TextQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._multiline = question.multiline
        if question.multiline:
            self._area = QPlainTextEdit(self)
            self._area.setTabChangesFocus(True)
            self._area.setFixedHeight(90)
            self._area.textChanged.connect(lambda: self.edited.emit(self.value()))
            layout.addWidget(self._area)
        else:
            self._line = QLineEdit(self)
            self._line.setMaxLength(question.max_length)
            self._line.textEdited.connect(lambda _text: self.edited.emit(self.value()))
            layout.addWidget(self._line)

    def value(self) -> Any:
        text = self._area.toPlainText() if self._multiline else self._line.text()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        if self._multiline:
            self._area.blockSignals(True)
            self._area.setPlainText(value or "")
            self._area.blockSignals(False)
        else:
            self._line.setText(value or "")

    def focus_target(self) -> QWidget:
        return self._area if self._multiline else self._line


class TimeInput(_LineInput):
    """HH:MM with a Now button; an incomplete time is no answer yet."""

    def __init__(self, question: TimeQuestion | DateTimeQuestion, parent: QWidget | None = None):
        super().__init__(parent)
        self._with_date = isinstance(question, DateTimeQuestion)
        self.line.setInputMask("9999-99-99 99:99;_" if self._with_date else "99:99;_")
        self.line.setMaximumWidth(170 if self._with_date else 80)
        self.now_button = QPushButton(self)
        self.now_button.setAutoDefault(False)
        self.now_button.clicked.connect(self.set_now)
        self.row.addWidget(self.now_button)
        self.row.addStretch(1)
        self.relabel_now()

    def relabel_now(self) -> None:
        self.now_button.setText(_("Now"))
        self.now_button.setAccessibleName(_("Set to the current time"))

    def relabel(self, form: CompiledForm) -> None:
        self.relabel_now()

    def set_now(self) -> None:
        self.set_value(self.now_value())
        self.edited.emit(self.value())

    def now_value(self) -> str:
        now = now_local().replace(second=0, microsecond=0)
        return now.isoformat() if self._with_date else now.strftime("%H:%M")

    def parse(self, text: str) -> Any:
        if not self._with_date:
            return text if _TIME.match(text) else None
        try:
            moment = datetime.strptime(text, "%Y-%m-%d %H:%M")
        except ValueError:
            return None
        return moment.astimezone().isoformat()

    def display_text(self, value: Any) -> str:
        if value is None:
            return ""
        if not self._with_date:
            return str(value)
        try:
            return datetime.fromisoformat(str(value)).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return ""


class ReadOnlyValue(AnswerInput):
    """A calculated value, shown for the observer's information."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label = QLabel(self)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._label)

    def value(self) -> Any:
        return None

    def set_value(self, value: Any) -> None:
        if isinstance(value, float) and value != value:  # NaN: not computable yet
            value = None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, float):
            value = round(value, 2)
        self._label.setText("—" if value in (None, "") else str(value))


class RepeatInput(AnswerInput):
    """A table: one row per entry (fixed rows show their label), one column per question."""

    def __init__(self, question: RepeatQuestion, form: CompiledForm, parent: QWidget | None = None):
        super().__init__(parent)
        self._question = question
        self._children = [
            child for child in question.questions if child.type not in ("note", "calculate")
        ]
        self._fixed = form.fixed_rows(question)
        self.table = QTableWidget(len(self._fixed or []), len(self._children), self)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(True)
        self.table.itemChanged.connect(lambda _item: self._changed())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self._loading = False
        if self._fixed is None:
            buttons = QHBoxLayout()
            self.add_button = QPushButton(self)
            self.add_button.clicked.connect(self.add_row)
            self.remove_button = QPushButton(self)
            self.remove_button.clicked.connect(self.remove_row)
            buttons.addWidget(self.add_button)
            buttons.addWidget(self.remove_button)
            buttons.addStretch(1)
            layout.addLayout(buttons)
        self.relabel(form)
        self._fit()

    def relabel(self, form: CompiledForm) -> None:
        language = current_language()
        self.table.setHorizontalHeaderLabels(
            [child.label.get(language) if child.label else child.id for child in self._children]
        )
        if self._fixed is not None:
            self.table.setVerticalHeaderLabels([row.label.get(language) for row in self._fixed])
        else:
            self.add_button.setText(_("Add a row"))
            self.remove_button.setText(_("Remove the selected row"))

    def _fit(self) -> None:
        rows = max(self.table.rowCount(), 1)
        header = self.table.horizontalHeader().height() or 28
        self.table.setFixedHeight(header + rows * 30 + 6)

    def add_row(self) -> None:
        self.table.insertRow(self.table.rowCount())
        self._fit()
        self._changed()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._fit()
            self._changed()

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit(self.value())

    def _cell(self, child: AnyQuestion, text: str) -> Any:
        text = text.strip()
        if not text:
            return None
        if isinstance(child, IntegerQuestion):
            try:
                return int(text)
            except ValueError:
                return None
        if isinstance(child, DecimalQuestion):
            try:
                return float(text.replace(",", "."))
            except ValueError:
                return None
        return text

    def value(self) -> Any:
        rows: list[dict[str, Any]] = []
        for row in range(self.table.rowCount()):
            cells: dict[str, Any] = {}
            for column, child in enumerate(self._children):
                item = self.table.item(row, column)
                cells[child.id] = self._cell(child, item.text() if item else "")
            rows.append(cells)
        if all(all(v is None for v in row.values()) for row in rows):
            return None
        return rows

    def set_value(self, value: Any) -> None:
        self._loading = True
        rows = value if isinstance(value, list) else []
        if self._fixed is None:
            self.table.setRowCount(len(rows))
        for row in range(self.table.rowCount()):
            data = rows[row] if row < len(rows) and isinstance(rows[row], dict) else {}
            for column, child in enumerate(self._children):
                cell = data.get(child.id)
                self.table.setItem(row, column, QTableWidgetItem("" if cell is None else str(cell)))
        self._fit()
        self._loading = False

    def focus_target(self) -> QWidget:
        return self.table

    def focus_cell(self, row: int, field: str | None = None) -> None:
        """Give the keyboard to the cell of `row` and row question `field` (the first: None)."""
        column = next((i for i, c in enumerate(self._children) if c.id == field), 0)
        if 0 <= row < self.table.rowCount():
            self.table.setCurrentCell(row, column)
            self.table.scrollTo(self.table.model().index(row, column))
        self.table.setFocus()


def make_input(question: AnyQuestion, form: CompiledForm, parent: QWidget) -> AnswerInput:
    """The input for `question`, by its type."""
    if isinstance(question, YesNoQuestion):
        return YesNoInput(question, parent)
    if isinstance(question, SelectOneQuestion):
        return SelectOneInput(question, form.choices(question), parent)
    if isinstance(question, SelectMultipleQuestion):
        return SelectMultipleInput(question, form.choices(question), parent)
    if isinstance(question, IntegerQuestion):
        return IntegerInput(question, parent)
    if isinstance(question, DecimalQuestion):
        return DecimalInput(question, parent)
    if isinstance(question, TextQuestion):
        return TextInput(question, parent)
    if isinstance(question, TimeQuestion | DateTimeQuestion):
        return TimeInput(question, parent)
    if isinstance(question, RepeatQuestion):
        return RepeatInput(question, form, parent)
    if question.type == "station":
        line = _LineInput(parent)
        return line
    return ReadOnlyValue(parent)
