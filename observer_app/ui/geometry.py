"""Where the window opens and how big: inside the screen's available area, as last left.

A fixed 1366x768 window put the Complete and Back buttons under the taskbar of a 1366x768
laptop and the language box off screen at 150 % scaling. The window now opens at its
default size only where that fits the available area (the screen less the taskbar),
otherwise fitted to it; the size, place and maximised state the user leaves it in are
kept in window.ini (beside the database) and used at the next start when they still fit
the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QMainWindow

DEFAULT_SIZE = QSize(1366, 768)
#: Room for a title bar and borders before the window is shown and its real frame known.
FRAME_ALLOWANCE = QMargins(8, 32, 8, 8)
_SIZE, _POSITION, _MAXIMIZED = "window/size", "window/position", "window/maximized"


def _screen(window: QMainWindow) -> QScreen:
    screen = window.screen() or QGuiApplication.primaryScreen()
    assert screen is not None, "no screen to show the window on"
    return screen


def fitted(available: QRect, size: QSize, position: QPoint | None) -> QRect:
    """The window's inner rectangle: `size` at `position` when it fits `available` with the
    frame allowance, otherwise shrunk to fit and centred."""
    room = available.marginsRemoved(FRAME_ALLOWANCE)
    size = size.boundedTo(room.size())
    if position is not None:
        wanted = QRect(position, size)
        if room.contains(wanted):
            return wanted
    wanted = QRect(QPoint(0, 0), size)
    wanted.moveCenter(room.center())
    return wanted


class _Keeper(QObject):
    """Corrects the place once the real frame is known, and remembers it on close."""

    def __init__(self, window: QMainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._placed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._window:
            if event.type() == QEvent.Type.Show and not self._placed:
                self._placed = True
                keep_inside(self._window)
            elif event.type() == QEvent.Type.Close:
                remember(self._window, self._settings)
        return False


def keep_inside(window: QMainWindow) -> None:
    """Move and shrink a shown, not maximised window so that its frame lies on the screen's
    available area."""
    if window.isMaximized() or window.isFullScreen():
        return
    available = _screen(window).availableGeometry()
    frame = window.frameGeometry()
    if available.contains(frame):
        return
    inner = window.geometry()
    margins = QMargins(
        inner.left() - frame.left(),
        inner.top() - frame.top(),
        frame.right() - inner.right(),
        frame.bottom() - inner.bottom(),
    )
    room = available.marginsRemoved(margins)
    size = inner.size().boundedTo(room.size())
    target = QRect(inner.topLeft(), size)
    if not room.contains(target):
        target.moveTopLeft(
            QPoint(
                min(max(target.left(), room.left()), room.right() - size.width() + 1),
                min(max(target.top(), room.top()), room.bottom() - size.height() + 1),
            )
        )
    window.setGeometry(target)


def remember(window: QMainWindow, settings: QSettings) -> None:
    """Keep the size and place of the window as it is (its normal size when maximised)."""
    normal = window.normalGeometry() if window.isMaximized() else window.geometry()
    if normal.isValid():
        settings.setValue(_SIZE, normal.size())
        settings.setValue(_POSITION, normal.topLeft())
    settings.setValue(_MAXIMIZED, window.isMaximized())
    settings.sync()


def place_window(window: QMainWindow, settings: QSettings) -> None:
    """Give `window` the size, place and state it was left in, or the default, inside the
    screen's available area; from now on its size and state are remembered on close."""
    available = _screen(window).availableGeometry()
    size = settings.value(_SIZE)
    position = settings.value(_POSITION)
    window.setGeometry(
        fitted(
            available,
            size if isinstance(size, QSize) and size.isValid() else DEFAULT_SIZE,
            position if isinstance(position, QPoint) else None,
        )
    )
    if str(settings.value(_MAXIMIZED, "false")).lower() == "true":
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    window.installEventFilter(_Keeper(window, settings))
