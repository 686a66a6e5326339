"""The fonts every PDF uses: DejaVu Sans, shipped in resources/fonts and embedded in the file.

Reportlab's built-in fonts have no Cyrillic; DejaVu Sans has all of it, Kazakh letters
(ә ғ қ ң ө ұ ү һ і) included, so no text prints as empty boxes.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from observer_app.domain.bundled import fonts_dir

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


class FontMissing(FileNotFoundError):
    """The report's font file is not where the installation should have put it."""


@cache
def register_fonts() -> None:
    """Register the fonts with reportlab once per process (a TrueType font is embedded)."""
    for name, file in FILES.items():
        path = fonts_dir() / file
        if not path.is_file():
            raise FontMissing(f"{path}: font file not found; the installation is incomplete")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )
