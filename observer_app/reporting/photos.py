"""Attached photos made fit for a printed page: upright, and no larger than print needs.

A phone's protocol photo is 12 megapixels and stored upright only in its EXIF orientation
tag; printed as it is, it would lie on its side and weigh the PDF down by megabytes. The
photo is turned as the camera says, scaled to what a page shows at print resolution and
embedded as JPEG. Anything Pillow cannot read as an image (or would not open, such as an
image that decompresses to far more pixels than any camera takes) is not printed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

#: The longest side printed: a full text width (170 mm) at about 240 dpi.
LONGEST_SIDE = 1600


@dataclass(frozen=True)
class PrintablePhoto:
    jpeg: bytes
    width: int
    height: int


def printable_photo(data: bytes) -> PrintablePhoto | None:
    """The photo upright and scaled for print, or None when it cannot be read as one."""
    from PIL import Image, ImageOps  # Pillow: on first use, not at start-up

    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened) or opened
            image = image.convert("RGB")
            image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return None
    return PrintablePhoto(out.getvalue(), image.width, image.height)
