"""The shape of long work: a progress callback, and a question whether to stop.

The window turns `Progress` into a progress bar and `ShouldStop` into a Cancel button; the
command line into a terminal bar and Ctrl+C. Work that stops early stops between two
safe points (a merge between two files, each merged whole or not at all).
"""

from __future__ import annotations

from collections.abc import Callable

#: Called now and then with (done, total).
Progress = Callable[[int, int], None]
#: Asked between safe points; True ends the work early.
ShouldStop = Callable[[], bool]
