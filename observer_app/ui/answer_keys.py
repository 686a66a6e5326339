"""Which answer a key stands for, whatever keyboard layout the observer has switched to.

Observers in Kazakhstan type with a Russian or Kazakh layout as often as a Latin one. On the
Windows Kazakh layout the number row types letters (ә і ң ғ ...), so a digit is read from the
key's place on the keyboard (its native scan code) as well as from the character it types;
and yes/no take the first letter of the answer in each language as well as Y/N/O:

| answer | keys |
|---|---|
| yes | 1, Y, Д (Да), И (Иә) |
| no | 2, N, Н (Нет), Ж (Жоқ) |
| not observed | 3, O, Б (Байқау мүмкін болмады) |

A choice past the ninth is reached by typing its number: "1" then "2" within a second is 12.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent

#: Letters for the yes/no answers in English, Russian and Kazakh, by position of the answer.
YES_NO_LETTERS: tuple[frozenset[str], ...] = (
    frozenset("yди"),
    frozenset("nнж"),
    frozenset("oб"),
)

#: The Windows Kazakh layout's number row: the character each digit key types.
_KAZAKH_NUMBER_ROW = {
    '"': 1,
    "ә": 2,
    "і": 3,
    "ң": 4,
    "ғ": 5,
    "ү": 8,
    "ұ": 9,
    "қ": 0,
}

#: The number row's native scan codes: Windows (set 1) and X11/Wayland (evdev + 8).
_SCAN_CODES = {
    "windows": {0x02 + i: (i + 1) % 10 for i in range(10)},
    "xcb": {10 + i: (i + 1) % 10 for i in range(10)},
    "wayland": {10 + i: (i + 1) % 10 for i in range(10)},
}
#: macOS gives the key's virtual code instead (kVK_ANSI_1 ... kVK_ANSI_0).
_MAC_VIRTUAL_KEYS = {
    0x12: 1,
    0x13: 2,
    0x14: 3,
    0x15: 4,
    0x17: 5,
    0x16: 6,
    0x1A: 7,
    0x1C: 8,
    0x19: 9,
    0x1D: 0,
}

#: How long a typed digit waits for a second one (a choice past the ninth), in seconds.
NUMBER_PAUSE = 1.0


def _plain(event: QKeyEvent) -> bool:
    return not event.modifiers() & (
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )


def typed_digit(event: QKeyEvent, platform: str | None = None) -> int | None:
    """The digit of the key pressed: what it types, or where it sits on the keyboard
    (read as the windowing `platform` numbers its keys; the running one by default)."""
    if not _plain(event):
        return None
    text = event.text()
    if len(text) == 1 and text.isdigit():
        return int(text)
    platform = platform or QGuiApplication.platformName()
    if platform == "cocoa":
        by_place = _MAC_VIRTUAL_KEYS.get(event.nativeVirtualKey())
    else:
        by_place = _SCAN_CODES.get(platform, {}).get(event.nativeScanCode())
    if by_place is not None:
        return by_place
    return _KAZAKH_NUMBER_ROW.get(text.lower()) if len(text) == 1 else None


def yes_no_letter(event: QKeyEvent) -> int | None:
    """The position of the yes/no answer whose letter was typed, in any of the languages."""
    if not _plain(event):
        return None
    text = event.text().lower()
    for position, letters in enumerate(YES_NO_LETTERS):
        if text in letters:
            return position
    return None


class NumberTyping:
    """Digits typed in a row make one number, so every choice of a long list has its keys."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._typed = ""
        self._at = -NUMBER_PAUSE
        #: True when the last digit extended the number before it (the earlier pick is undone).
        self.continued = False

    def choice(self, digit: int, count: int) -> int | None:
        """The 0-based choice the digits typed so far stand for, or None."""
        now = self._clock()
        typed = self._typed + str(digit) if now - self._at <= NUMBER_PAUSE else str(digit)
        self._at = now
        if not 1 <= int(typed) <= count:
            typed = str(digit)  # a fresh number: "2" then "5" among 12 choices is 5
        self.continued = len(typed) > 1
        self._typed = typed
        number = int(typed)
        return number - 1 if 1 <= number <= count else None
