"""Building blocks shared by every section of the printed summary: context, table, text."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph, Table, TableStyle

from observer_app.analysis.summary import Summary
from observer_app.domain.registry import Region
from observer_app.reporting.document import Heading
from observer_app.reporting.fonts import REGULAR
from observer_app.reporting.styles import LEAST_TEXT, RULE, SHADE, Styles
from observer_app.reporting.words import Words


class Context:
    """What every section needs: the summary, its words, styles and the frame width."""

    def __init__(self, summary: Summary, words: Words, styles: Styles, width: float) -> None:
        self.summary = summary
        self.words = words
        self.styles = styles
        self.width = width
        self._keys = 0

    def heading(self, text: str, level: int = 0) -> Heading:
        self._keys += 1
        style = (self.styles.h1, self.styles.h2, self.styles.h3)[min(level, 2)]
        return Heading(escape(text), style, level, f"h{self._keys}")

    def para(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(escape(text), getattr(self.styles, style))

    def region_name(self, code: str | None) -> str:
        region: Region | None = self.summary.regions.get(code or "")
        if region is None:
            return code or "–"
        return region.name(self.words.language)


def grid(data: list[list[object]], widths: list[float], *, header: bool = True) -> Table:
    """A plain table: hairlines, a shaded header row, numbers right-aligned by the caller."""
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    commands: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), LEAST_TEXT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(commands))
    return table
