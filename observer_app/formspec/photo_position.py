"""The GPS position a camera wrote into a JPEG's EXIF, for a geopoint "From photo…".

Pillow is imported only when a photo is read, so start-up does not pay for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from observer_app.formspec.geopoint import Geopoint, GeopointError

_GPS_IFD = 0x8825
_LAT_REF, _LAT, _LON_REF, _LON, _ALT_REF, _ALT = 1, 2, 3, 4, 5, 6
_ACCURACY = 31  # GPSHPositioningError, metres


class PhotoPositionError(ValueError):
    """A photo that gives no position: the message names the file and the reason;
    `no_gps` tells a readable photo without a position from a file that is no photo."""

    def __init__(self, message: str, *, no_gps: bool = False) -> None:
        super().__init__(message)
        self.no_gps = no_gps


def position_from_photo(path: Path) -> Geopoint:
    """The position in `path`'s EXIF GPS tags, or PhotoPositionError naming the file."""
    from PIL import Image, UnidentifiedImageError  # lazily: only when a photo is read

    try:
        with Image.open(path) as image:
            gps = dict(image.getexif().get_ifd(_GPS_IFD))
    except (OSError, UnidentifiedImageError, ValueError) as error:
        raise PhotoPositionError(f"{path.name}: not a readable photo ({error})") from None
    if _LAT not in gps or _LON not in gps:
        raise PhotoPositionError(f"{path.name}: the photo has no GPS position", no_gps=True)
    try:
        latitude = _degrees(gps[_LAT], gps.get(_LAT_REF), "S")
        longitude = _degrees(gps[_LON], gps.get(_LON_REF), "W")
        altitude = None
        if _ALT in gps:
            below = gps.get(_ALT_REF) in (1, b"\x01")
            altitude = -float(gps[_ALT]) if below else float(gps[_ALT])
        accuracy = float(gps[_ACCURACY]) if _ACCURACY in gps else None
        return Geopoint(latitude, longitude, altitude, accuracy)
    except (TypeError, ValueError, ZeroDivisionError, GeopointError) as error:
        raise PhotoPositionError(f"{path.name}: the GPS position is unreadable ({error})") from None


def _degrees(value: Any, reference: Any, negative: str) -> float:
    degrees, minutes, seconds = (float(part) for part in value)
    number = degrees + minutes / 60 + seconds / 3600
    if isinstance(reference, bytes):
        reference = reference.decode("ascii", "replace")
    return -number if str(reference or "").strip().upper() == negative else number
