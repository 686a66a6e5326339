"""Fields that read what is typed as it is typed: a whole or decimal number, a time, a date-time.

The text of every keystroke is read by `observer_app.formspec.typed`. A keystroke that can
never lead to an answer is refused on the spot (the text stays as it was) and the reason is
shown beside the field; text left unfinished when the observer moves on is cleared, with
what was typed and the reason. So a field never shows a value other than the one stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLabel, QWidget

from observer_app.formspec.models import (
    AnyQuestion,
    DateQuestion,
    DateTimeQuestion,
    DecimalQuestion,
    IntegerQuestion,
    TimeQuestion,
)
from observer_app.formspec.typed import (
    Reading,
    Reason,
    Verdict,
    format_date,
    format_datetime,
    format_decimal,
    format_integer,
    read_date,
    read_datetime,
    read_decimal,
    read_integer,
    read_time,
)
from observer_app.ui.i18n import _, current_language

Reader = Callable[[str], Reading]


def reader_for(question: AnyQuestion) -> Reader | None:
    """How typed text becomes this question's answer; None when it is kept as typed."""
    if isinstance(question, IntegerQuestion):
        return read_integer
    if isinstance(question, DecimalQuestion):
        return read_decimal
    if isinstance(question, TimeQuestion):
        return read_time
    if isinstance(question, DateQuestion):
        return read_date
    if isinstance(question, DateTimeQuestion):
        return read_datetime
    return None


def shown(question: AnyQuestion, value: Any) -> str:
    """A stored answer as the field shows it, in a form it reads back unchanged."""
    if value is None:
        return ""
    if isinstance(question, IntegerQuestion) and isinstance(value, int):
        return format_integer(value)
    if isinstance(question, DecimalQuestion) and isinstance(value, int | float):
        return format_decimal(value, "." if current_language() == "en" else ",")
    if isinstance(question, DateQuestion):
        return format_date(str(value))
    if isinstance(question, DateTimeQuestion):
        return format_datetime(str(value))
    return str(value)


def placeholder(question: AnyQuestion) -> str:
    if isinstance(question, TimeQuestion):
        return _("hh:mm")
    if isinstance(question, DateQuestion):
        return _("dd.mm.yyyy")
    if isinstance(question, DateTimeQuestion):
        return _("dd.mm.yyyy hh:mm")
    return ""


@dataclass(frozen=True)
class Refusal:
    """Why the field did not take what was typed; worded anew when the language changes."""

    reason: Reason | None
    #: The text that was cleared when the observer moved on; None for a refused keystroke.
    typed: str | None = None
    decimal: bool = False
    #: A message of its own (a full line field, a key that answers nothing).
    message: Callable[[], str] | None = None

    def text(self) -> str:
        words = self.message() if self.message is not None else reason_text(self.reason)
        if self.reason == Reason.GROUPS and self.decimal:
            words = _("Write a number: 1020,5 or 1 020,5 (three digits after each space).")
        if self.typed is None:
            return words
        return _("“{typed}” was not kept. {reason}").format(typed=self.typed, reason=words)


def reason_text(reason: Reason | None) -> str:
    """What the observer should type instead, in the interface language."""
    texts = {
        Reason.NOT_A_NUMBER: _("Only digits here, e.g. 1020 or 1 020."),
        Reason.GROUPS: _(
            "Write a whole number: 1020 or 1 020 (three digits after each space, comma or dot)."
        ),
        Reason.TOO_LONG: _("This number is too long."),
        Reason.NOT_A_TIME: _("Write the time as hours and minutes: 7:30, 0730 or 7.30."),
        Reason.HOUR: _("There is no such hour: hours go from 0 to 23."),
        Reason.MINUTE: _("There is no such minute: minutes go from 00 to 59."),
        Reason.NOT_A_DATE: _("Write the date and time: 10.01.2021 7:30."),
        Reason.DATE: _("There is no such day in the calendar."),
        Reason.NOT_A_DAY: _("Write the date: 10.01.2021 or 2021-01-10."),
    }
    return texts.get(reason, _("This cannot be typed here.")) if reason else ""


class TypedValidator(QValidator):
    """Lets a field take only text that is, or may still become, an answer."""

    def __init__(self, reader: Reader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        #: Why the last refused keystroke was refused.
        self.refusal: Reason | None = None

    def validate(self, text: str, position: int) -> tuple[QValidator.State, str, int]:
        reading = self.reader(text)
        if reading.verdict == Verdict.REFUSED:
            self.refusal = reading.reason
            return QValidator.State.Invalid, text, position
        if reading.verdict == Verdict.INCOMPLETE:
            return QValidator.State.Intermediate, text, position
        return QValidator.State.Acceptable, text, position


class RefusalLabel(QLabel):
    """The message beside a field about what it did not take; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refusal")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.refusal: Refusal | None = None
        self.prefix: Callable[[], str] | None = None
        self.hide()

    def refuse(self, refusal: Refusal, prefix: Callable[[], str] | None = None) -> None:
        """Show `refusal`, after `prefix` (which row of a table, say) when given."""
        self.refusal, self.prefix = refusal, prefix
        self.relabel()

    def clear_refusal(self) -> None:
        self.refusal = None
        self.setText("")
        self.hide()

    def relabel(self) -> None:
        if self.refusal is None:
            return
        prefix = self.prefix() + ": " if self.prefix is not None else ""
        self.setText(prefix + self.refusal.text())
        self.setAccessibleName(self.text())
        self.show()
