"""The page machinery of a printed summary: portrait and landscape pages, footer, contents.

Headings made with `heading()` go into the table of contents and the PDF's outline
(bookmarks); the footer numbers every page "Page 3 of 41".

The document is laid out once. reportlab's own way to number the contents and "of N" is to
lay the whole document out again until the numbers stop changing (three passes for a
summary); laying out is most of the time a summary takes. Here the contents' entries are
the story's headings, known before layout, and every number that depends on the layout (a
heading's page, the page count) is a PDF form drawn into its place when the document is
saved, once the layout is over (LateFormsCanvas).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
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
        self._pages_seen = 0
        #: The page of each heading listed in the contents, by key, as laid out.
        self.heading_pages: dict[str, int] = {}
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
        page = doc.page
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 10 * mm, self.footer)
        if isinstance(canvas, LateFormsCanvas):
            canvas.show_late(f"pageno{page}", partial(self._page_number, width, page))
        else:  # a plain canvas (reportlab's own tools): the page alone
            self._page_number(width, page, canvas)
        canvas.restoreState()

    def _page_number(self, width: float, page: int, canvas: Canvas) -> None:
        _ = self.words.gettext
        if self.pages:
            number = self.words.format(_("Page {page} of {pages}"), page=page, pages=self.pages)
        else:
            number = self.words.format(_("Page {page}"), page=page)
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(width - MARGIN, 10 * mm, number)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook
        if isinstance(flowable, Heading):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.plain, flowable.key, level=flowable.level)
            if flowable.level <= 1:
                self.heading_pages[flowable.key] = self.page
                self.notify("TOCEntry", (flowable.level, flowable.plain, self.page, flowable.key))

    def beforeDocument(self) -> None:  # noqa: N802 - reportlab's hook
        self._pages_seen = 0
        self.heading_pages = {}

    @property
    def pages(self) -> int:
        """The pages laid out so far: the document's length once built."""
        return self._pages_seen

    def afterPage(self) -> None:  # noqa: N802 - reportlab's hook
        self._pages_seen = self.page

    def build_once(self, story: list[Flowable]) -> None:
        """Lay `story` out once, its contents filled from its own headings.

        Should a heading reach the page without having been found in the story (inside a
        flowable this does not look into), the contents would miss it: then the document
        is laid out the usual way, again until its contents are complete.
        """
        listed = [h for h in _headings(story) if h.level <= 1]
        tables = [f for f in story if isinstance(f, Contents)]
        for table in tables:
            table.fill(listed)
        self.build(list(story), canvasmaker=LateFormsCanvas)
        if list(self.heading_pages) != [h.key for h in listed]:
            for table in tables:
                table.one_pass = False
            self.multiBuild(story, canvasmaker=LateFormsCanvas)


def _headings(flowables: Iterable[Any]) -> Iterator[Heading]:
    """The headings of a story in reading order, inside KeepTogether and its kin too."""
    for flowable in flowables:
        if isinstance(flowable, Heading):
            yield flowable
        inner = getattr(flowable, "_content", None)
        if isinstance(inner, list):
            yield from _headings(inner)


class LateFormsCanvas(Canvas):
    """A canvas whose pages may show what is only known once the layout is over.

    `show_late` draws a named PDF form at the current origin; the form itself is drawn
    when the document is saved (PDF lets a page use a form defined after it).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.late_forms: dict[str, Callable[[Canvas], None]] = {}

    def show_late(self, name: str, draw: Callable[[Canvas], None]) -> None:
        self.late_forms.setdefault(name, draw)
        self.doForm(name)

    def save(self) -> None:
        for name, draw in self.late_forms.items():
            self.beginForm(name, -2000, -2000, 2000, 2000)
            draw(self)
            self.endForm()
        super().save()


class Contents(TableOfContents):
    """The table of contents of a document laid out once (SummaryDocument.build_once).

    Its entries are given before layout (`fill`), so it has its final height on the first
    pass; each entry's dot leader ends where its page number goes, and the number is a
    late form (LateFormsCanvas) drawn once the heading's page is known.
    """

    #: Room kept for a page number, in digits.
    DIGITS = 4

    def __init__(self) -> None:
        super().__init__(dotsMinLevel=0)
        self.one_pass = True

    def fill(self, headings: list[Heading]) -> None:
        self._lastEntries = [(h.level, h.plain, 0, h.key) for h in headings]

    def beforeBuild(self) -> None:  # noqa: N802 - reportlab's hook
        if not self.one_pass:
            super().beforeBuild()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        size = super().wrap(availWidth, availHeight)
        if self.one_pass and isinstance(self.canv, LateFormsCanvas):
            self.canv.setNamedCB("drawTOCEntryEnd", partial(self._entry_end, availWidth))
        return size

    def _entry_end(self, width: float, canvas: Canvas, _kind: str, label: str) -> None:
        """After an entry's text: its dots, then its page number as a late form."""
        assert isinstance(canvas, LateFormsCanvas)
        _page, level_text, key_text = label.split(",")
        level, key = int(level_text), key_text.strip("'")
        style = self.getLevelStyle(level)
        ended = canvas._curr_tx_info  # type: ignore[attr-defined]  # where the text ended
        x, y = ended["cur_x"], ended["cur_y"]
        room = stringWidth("0" * self.DIGITS, style.fontName, style.fontSize)
        dot = " . "
        step = stringWidth(dot, style.fontName, style.fontSize)
        dots = max(0, int((width - x - room) / step))
        text = canvas.beginText(width - room - dots * step, y)
        text.setFont(style.fontName, style.fontSize)
        text.setFillColor(style.textColor)
        text.textLine(dot * dots)
        canvas.drawText(text)
        document = canvas._doctemplate  # type: ignore[attr-defined]  # set while it builds
        canvas.saveState()
        canvas.translate(width, y)
        canvas.show_late(f"tocpage{key}", partial(_right_number, document, key, style))
        canvas.restoreState()


def _right_number(document: SummaryDocument, key: str, style: Any, canvas: Canvas) -> None:
    canvas.setFont(style.fontName, style.fontSize)
    canvas.setFillColor(style.textColor)
    canvas.drawRightString(0, 0, str(document.heading_pages.get(key, "")))


def contents(styles: Styles) -> Contents:
    toc = Contents()
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
