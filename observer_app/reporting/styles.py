"""Paper sizes, colours and paragraph styles shared by the summary and the printed form."""

from __future__ import annotations

from typing import Literal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from observer_app.reporting.fonts import BOLD, REGULAR, register_fonts

Paper = Literal["a4", "letter"]
PAPERS: dict[Paper, tuple[float, float]] = {"a4": A4, "letter": LETTER}
MARGIN = 18 * mm
#: The least size of the summary's text; only page furniture (footer, running header) and
#: chart labels (`CHART_LABEL`) are smaller.
LEAST_TEXT = 9
CHART_LABEL = 8

INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#5c6370")
RULE = colors.HexColor("#c8ccd2")
SHADE = colors.HexColor("#eef0f3")
CONCERN = colors.HexColor("#b3412e")
TRACK = colors.HexColor("#e4e6ea")
#: Overall assessment, very good to very bad.
ASSESSMENT = (
    colors.HexColor("#2e7d4f"),
    colors.HexColor("#8cc49f"),
    colors.HexColor("#eba08f"),
    colors.HexColor("#b3412e"),
)


class Styles:
    """The paragraph styles, made once the fonts are registered."""

    def __init__(self) -> None:
        register_fonts()
        base = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12, textColor=INK)
        self.body = base
        #: Notes, table headers, quoted places: smaller in colour, not in size (9 pt is the
        #: least the summary prints, page furniture aside).
        self.small = ParagraphStyle("small", parent=base, fontSize=9, leading=11.5, textColor=MUTED)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=9, leading=11)
        #: A finding's sentence and, beneath it, the figures behind it.
        self.finding = ParagraphStyle("finding", parent=base, spaceBefore=4)
        self.figures = ParagraphStyle(
            "figures", parent=base, fontSize=9, leading=11, textColor=MUTED, leftIndent=10
        )
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=BOLD)
        self.title = ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=22, leading=27, spaceAfter=10
        )
        self.subtitle = ParagraphStyle(
            "subtitle", parent=base, fontSize=13, leading=17, textColor=MUTED, spaceAfter=6
        )
        self.h1 = ParagraphStyle(
            "h1", parent=base, fontName=BOLD, fontSize=15, leading=19, spaceBefore=4, spaceAfter=8
        )
        self.h2 = ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=5,
        )
        self.h3 = ParagraphStyle(
            "h3", parent=base, fontName=BOLD, fontSize=9.5, leading=12, spaceBefore=6, spaceAfter=3
        )
        self.quote = ParagraphStyle("quote", parent=base, leftIndent=10, spaceAfter=8)
        self.toc = [
            ParagraphStyle("toc0", parent=base, fontName=BOLD, fontSize=10, leading=16),
            ParagraphStyle("toc1", parent=base, leftIndent=14, fontSize=9, leading=12.5),
        ]
