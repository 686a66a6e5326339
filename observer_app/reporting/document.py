"""The page machinery of a printed summary: portrait and landscape pages, footer, contents.

Headings made with `heading()` go into the table of contents and the PDF's outline
(bookmarks); the footer numbers every page "Page 3 of 41" (the total is known from the
layout pass that fills in the contents' page numbers).
"""

from __future__ import annotations

from functools import partial
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from observer_app.reporting.fonts import REGULAR
from observer_app.reporting.styles import MARGIN, MUTED, PAPERS, Paper, Styles
from observer_app.reporting.words import Words

PORTRAIT = "portrait"
LANDSCAPE = "landscape"


class Heading(Paragraph):
    """A heading that is listed in the contents (levels 0 and 1) and the outline."""

    def __init__(self, text: str, style: Any, level: int, key: str) -> None:
        super().__init__(text, style)
        self.level = level
        self.key = key
        self.plain = text


class SummaryDocument(BaseDocTemplate):
    """A4 or Letter, portrait with landscape pages where wide tables need them."""

    def __init__(
        self, target: str | BinaryIO, paper: Paper, words: Words, title: str, footer: str
    ) -> None:
        width, height = PAPERS[paper]
        super().__init__(
            target,
            pagesize=(width, height),
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=title,
            author="Observer",
            creator="Observer",
            lang=words.language,
            initialFontName=REGULAR,
        )
        self.words = words
        self.footer = footer
        self.pages_before = 0
        self._pages_seen = 0
        portrait = Frame(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN, id="portrait")
        landscape = Frame(MARGIN, MARGIN, height - 2 * MARGIN, width - 2 * MARGIN, id="landscape")
        self.addPageTemplates(
            [
                PageTemplate(
                    PORTRAIT,
                    [portrait],
                    onPage=partial(self._decorate, width),
                    pagesize=(width, height),
                ),
                PageTemplate(
                    LANDSCAPE,
                    [landscape],
                    onPage=partial(self._decorate, height),
                    pagesize=(height, width),
                ),
            ]
        )

    def _decorate(self, width: float, canvas: Canvas, doc: BaseDocTemplate) -> None:
        _ = self.words.gettext
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        if self.pages_before:
            number = self.words.format(
                _("Page {page} of {pages}"), page=doc.page, pages=self.pages_before
            )
        else:
            number = self.words.format(_("Page {page}"), page=doc.page)
        canvas.drawRightString(width - MARGIN, 10 * mm, number)
        canvas.drawString(MARGIN, 10 * mm, self.footer)
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook
        if isinstance(flowable, Heading):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.plain, flowable.key, level=flowable.level)
            if flowable.level <= 1:
                self.notify("TOCEntry", (flowable.level, flowable.plain, self.page, flowable.key))

    def beforeDocument(self) -> None:  # noqa: N802 - reportlab's hook
        # Each layout pass numbers "of N" with the page count of the pass before it.
        self.pages_before = self._pages_seen
        self._pages_seen = 0

    @property
    def pages(self) -> int:
        """The pages of the last layout pass: the document's length once built."""
        return self._pages_seen

    def afterPage(self) -> None:  # noqa: N802 - reportlab's hook
        self._pages_seen = self.page


def contents(styles: Styles) -> TableOfContents:
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = styles.toc
    toc.tableStyle = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # else reportlab's Helvetica is listed
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return toc
