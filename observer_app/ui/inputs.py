"""One input widget per question type, each with the same small interface.

`value()` gives the answer as the store keeps it (None for no answer), `set_value()` shows a
stored answer without reporting an edit, and `edited` fires on every change the observer
makes. Choice questions answer from the keyboard: 1/Y for yes, 2/N for no, 3/O for not
observed (in any keyboard layout, `answer_keys`), the n-th choice by its number, Delete to
clear; any other key is answered with a message beside the question. Numbers, times and
date-times read what is typed as it is typed (`typed_fields`): a field shows what is
stored, or says why it did not take it.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from observer_app.domain.submission import now_local
from observer_app.formspec import CompiledForm
from observer_app.formspec.models import (
    ACKNOWLEDGED,
    NO,
    NOT_OBSERVED,
    YES,
    AcknowledgeQuestion,
    AnyQuestion,
    Choice,
    DateQuestion,
    DateTimeQuestion,
    DecimalQuestion,
    FileQuestion,
    ImageQuestion,
    IntegerQuestion,
    RepeatQuestion,
    SelectMultipleQuestion,
    SelectOneQuestion,
    TextQuestion,
    TimeQuestion,
    YesNoQuestion,
)
from observer_app.formspec.typed import Verdict, format_integer
from observer_app.ui.answer_keys import NumberTyping, typed_digit, yes_no_letter
from observer_app.ui.i18n import _, current_language
from observer_app.ui.typed_fields import (
    Reader,
    Refusal,
    RefusalLabel,
    TypedValidator,
    placeholder,
    reader_for,
    shown,
)


def _answer_keys_message(count: int) -> str:
    return _("To answer, press a number from 1 to {last}.").format(last=count)


def _refused_key(event: QKeyEvent) -> bool:
    """A key that types a character (not Space, not a shortcut) and answers nothing."""
    text = event.text()
    plain = not event.modifiers() & (
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    return plain and len(text) == 1 and text.isprintable() and not text.isspace()


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

    def offer(self, values: list[str]) -> None:
        """Show only these choices (a choice_filter's); inputs without choices ignore it."""


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
        self._numbers = NumberTyping()
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
        self.refusal = RefusalLabel(self)
        layout.addWidget(self.refusal)
        layout.addStretch(1)
        self._group.idClicked.connect(self._clicked)

    def _clicked(self, index: int) -> None:
        self.refusal.clear_refusal()
        self.edited.emit(self._values[index])

    def value(self) -> Any:
        index = self._group.checkedId()
        return None if index < 0 else self._values[index]

    def set_value(self, value: Any) -> None:
        self.refusal.clear_refusal()
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

    def offer(self, values: list[str]) -> None:
        offered = set(values)
        for value, button in zip(self._values, self._buttons, strict=True):
            button.setVisible(value in offered)

    def set_labels(self, labels: list[str]) -> None:
        for button, label in zip(self._buttons, labels, strict=True):
            button.setText(label)

    def key_choice(self, event: QKeyEvent) -> int | None:
        """The choice a key stands for: its number, typed digit by digit past the ninth."""
        digit = typed_digit(event)
        return None if digit is None else self._numbers.choice(digit, len(self._values))

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
            if _refused_key(event):
                count = len(self._values)
                self.refusal.refuse(Refusal(None, message=lambda: _answer_keys_message(count)))
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
        self.refusal.relabel()

    def key_choice(self, event: QKeyEvent) -> int | None:
        letter = yes_no_letter(event)
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
        self.refusal.relabel()


class SelectMultipleInput(AnswerInput):
    def __init__(
        self, question: SelectMultipleQuestion, choices: list[Choice], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._choices = choices
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._boxes: list[QCheckBox] = []
        self._numbers = NumberTyping()
        self._last_toggled: QCheckBox | None = None
        for choice in choices:
            box = QCheckBox(choice.label.get(current_language()), self)
            box.toggled.connect(lambda _checked: self._toggled())
            box.installEventFilter(self)
            self._boxes.append(box)
            layout.addWidget(box)
        self.refusal = RefusalLabel(self)
        layout.addWidget(self.refusal)

    def _toggled(self) -> None:
        self.refusal.clear_refusal()
        self.edited.emit(self.value())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A number ticks or unticks its choice; other characters get a message."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            digit = typed_digit(event)
            index = None if digit is None else self._numbers.choice(digit, len(self._boxes))
            if index is not None:
                if self._numbers.continued and self._last_toggled is not None:
                    self._last_toggled.toggle()  # "1" then "2" is 12, not 1 and 12
                box = self._boxes[index]
                box.toggle()
                box.setFocus()
                self._last_toggled = box
                return True
            if _refused_key(event):
                count = len(self._boxes)
                self.refusal.refuse(Refusal(None, message=lambda: _answer_keys_message(count)))
                return True
        return super().eventFilter(watched, event)

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

    def offer(self, values: list[str]) -> None:
        offered = set(values)
        for choice, box in zip(self._choices, self._boxes, strict=True):
            box.setVisible(choice.value in offered)

    def relabel(self, form: CompiledForm) -> None:
        for choice, box in zip(self._choices, self._boxes, strict=True):
            box.setText(choice.label.get(current_language()))
        self.refusal.relabel()


class _LineInput(AnswerInput):
    """A one-line field that takes what `question` takes: typed text is read as it is typed.

    A refused keystroke leaves the text as it was and says why beside the field; text left
    unfinished (Enter, Tab or a click elsewhere) is cleared, saying what it was and why, and
    a finished answer is shown as it is stored ("1.020" becomes "1 020", "7.30" "07:30").
    """

    def __init__(self, question: AnyQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._question = question
        self._reader: Reader | None = reader_for(question)
        self.line = QLineEdit(self)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.line)
        self.refusal = RefusalLabel(self)
        self.row.addWidget(self.refusal, 3)
        self.row.addStretch(1)  # the field stays at the left, short or long message alike
        self.line.textEdited.connect(self._typed)
        self.line.installEventFilter(self)
        self._fresh = True  # the next keystroke starts a new answer
        if self._reader is not None:
            self._validator = TypedValidator(self._reader, self.line)
            self.line.setValidator(self._validator)
            self.line.inputRejected.connect(self._rejected)
        self.line.setPlaceholderText(placeholder(question))

    def _typed(self, text: str) -> None:
        if self._fresh or not text:
            # A refusal stays until the observer types here anew: had "25:00" become
            # "2:50" keystroke by keystroke, the "no such hour" is still beside it.
            self.refusal.clear_refusal()
            self.line.setAccessibleDescription("")
        self._fresh = False
        self.edited.emit(self.value())

    def _rejected(self) -> None:
        self._fresh = False
        self._refuse(Refusal(self._validator.refusal, decimal=self._decimal()))

    def _refuse(self, refusal: Refusal) -> None:
        self.refusal.refuse(refusal)
        self.line.setAccessibleDescription(self.refusal.text())

    def _decimal(self) -> bool:
        return isinstance(self._question, DecimalQuestion)

    def _finish(self) -> None:
        """The observer moves on: show the answer as stored, or clear what is unfinished."""
        if self._reader is None:
            return
        text = self.line.text()
        reading = self._reader(text)
        if reading.verdict == Verdict.ACCEPTED:
            if shown(self._question, reading.value) != text:
                self.line.setText(shown(self._question, reading.value))
        elif text.strip():
            self.line.clear()  # already stored as no answer, as it was typed
            self._refuse(Refusal(reading.reason, typed=text.strip(), decimal=self._decimal()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.line and event.type() == QEvent.Type.FocusIn:
            self._fresh = True
        if watched is self.line and (
            event.type() == QEvent.Type.FocusOut
            or (
                isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            )
        ):
            self._finish()
        return super().eventFilter(watched, event)

    def value(self) -> Any:
        text = self.line.text()
        if self._reader is None:
            return text.strip() or None
        reading = self._reader(text)
        return reading.value if reading.accepted else None

    def set_value(self, value: Any) -> None:
        self.refusal.clear_refusal()
        self._fresh = True
        self.line.setText(shown(self._question, value))

    def relabel(self, form: CompiledForm) -> None:
        self.line.setPlaceholderText(placeholder(self._question))
        self.refusal.relabel()
        if isinstance(self._question, DecimalQuestion) and not self.line.hasFocus():
            self.line.setText(shown(self._question, self.value()))  # the language's mark

    def focus_target(self) -> QWidget:
        return self.line


class IntegerInput(_LineInput):
    def __init__(self, question: IntegerQuestion, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.line.setMaximumWidth(160)


class DecimalInput(_LineInput):
    def __init__(self, question: DecimalQuestion, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.line.setMaximumWidth(160)


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
            self._line.textEdited.connect(lambda _text: self._typed())
            self._line.inputRejected.connect(self._too_long)
            layout.addWidget(self._line)
        self._max_length = question.max_length
        self.refusal = RefusalLabel(self)
        layout.addWidget(self.refusal)

    def _typed(self) -> None:
        self.refusal.clear_refusal()
        self.edited.emit(self.value())

    def _too_long(self) -> None:
        count = self._max_length
        self.refusal.refuse(
            Refusal(
                None, message=lambda: _("At most {count} characters fit here.").format(count=count)
            )
        )

    def relabel(self, form: CompiledForm) -> None:
        self.refusal.relabel()

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


class AcknowledgeInput(AnswerInput):
    """One box the observer ticks to confirm the statement above it; the answer is 'OK'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox(self)
        self.box.toggled.connect(lambda _checked: self.edited.emit(self.value()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addStretch(1)
        self.relabel_box()

    def relabel_box(self) -> None:
        self.box.setText(_("I confirm"))

    def relabel(self, form: CompiledForm) -> None:
        self.relabel_box()

    def value(self) -> Any:
        return ACKNOWLEDGED if self.box.isChecked() else None

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setChecked(value == ACKNOWLEDGED)
        self.box.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self.box


class DateInput(_LineInput):
    """A calendar day ("10.01.2021" or "2021-01-10"), shown day first."""

    def __init__(self, question: DateQuestion, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.line.setMaximumWidth(120)


class TimeInput(_LineInput):
    """A time ("7:30", "0730", "7.30") or a date-time, with a Now button."""

    def __init__(self, question: TimeQuestion | DateTimeQuestion, parent: QWidget | None = None):
        super().__init__(question, parent)
        self._with_date = isinstance(question, DateTimeQuestion)
        self.line.setMaximumWidth(170 if self._with_date else 80)
        self.now_button = QPushButton(self)
        self.now_button.setAutoDefault(False)
        self.now_button.clicked.connect(self.set_now)
        self.row.insertWidget(1, self.now_button)
        self.relabel_now()

    def relabel_now(self) -> None:
        self.now_button.setText(_("Now"))
        self.now_button.setAccessibleName(_("Set to the current time"))

    def relabel(self, form: CompiledForm) -> None:
        super().relabel(form)
        self.relabel_now()

    def set_now(self) -> None:
        self.set_value(self.now_value())
        self.edited.emit(self.value())

    def now_value(self) -> str:
        now = now_local().replace(second=0, microsecond=0)
        return now.isoformat() if self._with_date else now.strftime("%H:%M")


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
        if isinstance(value, float) and not math.isfinite(value):
            value = None  # NaN (a blank in the sum) or infinity (a division by zero)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, float):
            value = round(value, 2)
        if isinstance(value, int) and not isinstance(value, bool):
            value = format_integer(value)
        self._label.setText("—" if value in (None, "") else str(value))


class _CellDelegate(QStyledItemDelegate):
    """Cell editors of a table that read what is typed as the single-line fields do.

    What is typed reaches the table (and the store) at every keystroke, not only when the
    cell is left, so totals follow the typing and closing the window loses nothing. Enter
    goes to the row below; Tab and Shift+Tab leave the table, as from any other question.
    """

    def __init__(self, owner: RepeatInput) -> None:
        super().__init__(owner.table)
        self._owner = owner
        #: True while the owner writes a cell being edited: the editor keeps its own text.
        self.writing = False

    def createEditor(  # noqa: N802 - Qt's name
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        row, column = index.row(), index.column()
        reader = self._owner.reader(column)
        if reader is not None:
            validator = TypedValidator(reader, editor)
            editor.setValidator(validator)
            editor.inputRejected.connect(
                lambda: self._owner.refuse_cell(row, column, Refusal(validator.refusal))
            )
        editor.textEdited.connect(lambda text: self._owner.cell_typed(row, column, text))
        self._owner.refusal.clear_refusal()  # a new answer: the last refusal has been read
        return editor

    def setEditorData(  # noqa: N802 - Qt's name
        self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if not self.writing and isinstance(editor, QLineEdit):
            editor.setText(str(index.data() or ""))

    def setModelData(  # noqa: N802 - Qt's name
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QLineEdit):
            self._owner.cell_finished(index.row(), index.column(), editor.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            isinstance(watched, QLineEdit)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.commitData.emit(watched)
                self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.NoHint)
                leave = QKeyEvent(QEvent.Type.KeyPress, key, event.modifiers())
                QApplication.sendEvent(self._owner.table, leave)  # on to the next question
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.commitData.emit(watched)
                self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.NoHint)
                self._owner.next_row()
                return True
        return super().eventFilter(watched, event)


class RepeatInput(AnswerInput):
    """A table: one row per entry (fixed rows show their label), one column per question.

    Cells take what the fields of their question type take; the message about a refused
    cell is shown below the table, naming the row.
    """

    def __init__(self, question: RepeatQuestion, form: CompiledForm, parent: QWidget | None = None):
        super().__init__(parent)
        self._question = question
        self._children = [
            child for child in question.questions if child.type not in ("note", "calculate")
        ]
        self._fixed = form.fixed_rows(question)
        self.table = QTableWidget(len(self._fixed or []), len(self._children), self)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next question
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.delegate = _CellDelegate(self)
        self.table.setItemDelegate(self.delegate)
        self.table.itemChanged.connect(lambda _item: self._changed())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.refusal = RefusalLabel(self)
        layout.addWidget(self.refusal)
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
        self.refusal.relabel()

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

    # --- cells ----------------------------------------------------------------------

    def reader(self, column: int) -> Reader | None:
        return reader_for(self._children[column])

    def _write(self, row: int, column: int, text: str) -> None:
        item = self.table.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self.delegate.writing = True
            try:
                self.table.setItem(row, column, item)
            finally:
                self.delegate.writing = False
        if item.text() != text:
            self.delegate.writing = True
            try:
                item.setText(text)  # itemChanged: saved
            finally:
                self.delegate.writing = False

    def cell_typed(self, row: int, column: int, text: str) -> None:
        """Every keystroke in a cell: the cell holds the answer it makes, or none yet."""
        reader = self.reader(column)
        if reader is None:
            self._write(row, column, text.strip())
            return
        reading = reader(text)
        child = self._children[column]
        self._write(row, column, shown(child, reading.value) if reading.accepted else "")

    def cell_finished(self, row: int, column: int, text: str) -> None:
        """The cell is left: its answer as stored, or cleared with the reason."""
        reader = self.reader(column)
        if reader is None:
            self._write(row, column, text.strip())
            return
        reading = reader(text)
        if reading.accepted:
            self._write(row, column, shown(self._children[column], reading.value))
        else:
            self._write(row, column, "")
            if text.strip():
                self.refuse_cell(row, column, Refusal(reading.reason, typed=text.strip()))

    def refuse_cell(self, row: int, column: int, refusal: Refusal) -> None:
        child = self._children[column]
        decimal = isinstance(child, DecimalQuestion)
        self.refusal.refuse(
            Refusal(refusal.reason, refusal.typed, decimal), prefix=lambda: self._where(row, column)
        )

    def _where(self, row: int, column: int) -> str:
        language = current_language()
        fixed = self._fixed
        where = (
            fixed[row].label.get(language)
            if fixed is not None and row < len(fixed)
            else _("Row {number}").format(number=row + 1)
        )
        child = self._children[column]
        if len(self._children) > 1 and child.label is not None:
            where += f", {child.label.get(language)}"
        return where

    def next_row(self) -> None:
        row, column = self.table.currentRow(), self.table.currentColumn()
        if row + 1 < self.table.rowCount():
            self.table.setCurrentCell(row + 1, column)

    def _cell(self, column: int, text: str) -> Any:
        text = text.strip()
        if not text:
            return None
        reader = self.reader(column)
        if reader is None:
            return text
        reading = reader(text)
        return reading.value if reading.accepted else None

    def value(self) -> Any:
        rows: list[dict[str, Any]] = []
        for row in range(self.table.rowCount()):
            cells: dict[str, Any] = {}
            for column, child in enumerate(self._children):
                item = self.table.item(row, column)
                cells[child.id] = self._cell(column, item.text() if item else "")
            rows.append(cells)
        if all(all(v is None for v in row.values()) for row in rows):
            return None
        return rows

    def set_value(self, value: Any) -> None:
        self._loading = True
        self.refusal.clear_refusal()
        rows = value if isinstance(value, list) else []
        if self._fixed is None:
            self.table.setRowCount(len(rows))
        for row in range(self.table.rowCount()):
            data = rows[row] if row < len(rows) and isinstance(rows[row], dict) else {}
            for column, child in enumerate(self._children):
                text = shown(child, data.get(child.id))
                self.table.setItem(row, column, QTableWidgetItem(text))
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
    if isinstance(question, DateQuestion):
        return DateInput(question, parent)
    if isinstance(question, AcknowledgeQuestion):
        return AcknowledgeInput(parent)
    if question.type == "geopoint":
        from observer_app.ui.geopoint_input import GeopointInput  # it builds on this module

        return GeopointInput(parent)
    if isinstance(question, ImageQuestion | FileQuestion):
        from observer_app.ui.attachment_input import AttachmentInput  # it builds on this module

        return AttachmentInput(question, parent)
    if isinstance(question, RepeatQuestion):
        return RepeatInput(question, form, parent)
    if question.type == "station":
        return _LineInput(question, parent)
    return ReadOnlyValue(parent)
