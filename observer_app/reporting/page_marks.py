"""Page numbers "Page 2 of 3" and a running header for documents built in one pass.

A reportlab canvas draws each page as the story reaches it, before the page count is
known; this canvas keeps every page until the document is saved and then marks them all,
so the printed submission can say "of N" without laying itself out twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas

#: Draws the marks of page `number` of `total` on the canvas.
Marks = Callable[[Canvas, int, int], None]


class MarkedCanvas(Canvas):
    """A canvas that marks every page once the last one is known."""

    def __init__(self, *args: Any, marks: Marks, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._marks = marks
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab has it; its stubs do not

    def save(self) -> None:
        total = len(self._held)
        for number, page in enumerate(self._held, 1):
            self.__dict__.update(page)
            self._marks(self, number, total)
            super().showPage()
        super().save()
