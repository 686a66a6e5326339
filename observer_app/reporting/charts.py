"""Small bar charts drawn straight on the page: a share bar per finding, a stacked
assessment bar. Plain flowables, cheap enough for hundreds of rows."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from observer_app.reporting.fonts import REGULAR
from observer_app.reporting.styles import CHART_LABEL, CONCERN, INK, TRACK


class ShareBar(Flowable):
    """A horizontal bar filled to `share` (0..1), with the percentage written beside it."""

    def __init__(self, share: float | None, label: str, width: float, height: float = 7) -> None:
        super().__init__()
        self.share = share
        self.label = label
        self.width = width
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = min(self.width, available_width)  # inside a table cell's padding
        return self.width, self.height + 2

    def draw(self) -> None:
        canvas = self.canv
        track = self.width - 36
        canvas.setFillColor(TRACK)
        canvas.rect(0, 1, track, self.height, stroke=0, fill=1)
        if self.share:
            canvas.setFillColor(CONCERN)
            canvas.rect(0, 1, max(0.6, track * self.share), self.height, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(REGULAR, CHART_LABEL)
        canvas.drawRightString(self.width, 1.5, self.label)


class StackedBar(Flowable):
    """One bar split into parts (e.g. very good, good, bad, very bad), each in its colour."""

    def __init__(
        self, parts: Sequence[int], palette: Sequence[Color], width: float, height: float = 9
    ) -> None:
        super().__init__()
        self.parts = list(parts)
        self.palette = list(palette)
        self.width = width
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height + 2

    def draw(self) -> None:
        canvas = self.canv
        total = sum(self.parts)
        canvas.setFillColor(TRACK)
        canvas.rect(0, 1, self.width, self.height, stroke=0, fill=1)
        left = 0.0
        for part, colour in zip(self.parts, self.palette, strict=False):
            if not total or not part:
                continue
            width = self.width * part / total
            canvas.setFillColor(colour)
            canvas.rect(left, 1, width, self.height, stroke=0, fill=1)
            left += width
