"""A place on the Earth as ODK writes it: "lat lon altitude accuracy" in one string.

The canonical record stores a geopoint answer exactly in ODK's form (decimal degrees,
WGS 84, separated by single spaces; altitude in metres and accuracy in metres optional),
so an expression sees what ODK's would (`selected-at(${gp}, 0)` is the latitude) and an
exported submission reads the same in any ODK tool.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


class GeopointError(ValueError):
    """A position that is not one: the reason is shown to the observer as it is."""


@dataclass(frozen=True, slots=True)
class Geopoint:
    """Latitude and longitude in decimal degrees; altitude and accuracy in metres if known."""

    latitude: float
    longitude: float
    altitude: float | None = None
    accuracy: float | None = None

    def __post_init__(self) -> None:
        for name, number in (("latitude", self.latitude), ("longitude", self.longitude)):
            if not math.isfinite(number):
                raise GeopointError(f"the {name} must be a number")
        if not -90 <= self.latitude <= 90:
            raise GeopointError(f"latitude {self.latitude:g} is outside -90…90")
        if not -180 <= self.longitude <= 180:
            raise GeopointError(f"longitude {self.longitude:g} is outside -180…180")
        for name, extra in (("altitude", self.altitude), ("accuracy", self.accuracy)):
            if extra is not None and not math.isfinite(extra):
                raise GeopointError(f"the {name} must be a number")
        if self.accuracy is not None and self.accuracy < 0:
            raise GeopointError("the accuracy cannot be negative")

    def odk(self) -> str:
        """ODK's string: "lat lon altitude accuracy" (missing altitude/accuracy written 0)."""
        parts = [self.latitude, self.longitude]
        if self.altitude is not None or self.accuracy is not None:
            parts += [self.altitude or 0.0, self.accuracy or 0.0]
        return " ".join(_number_text(part) for part in parts)


def _number_text(number: float) -> str:
    text = f"{number:.7f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def read_number(text: str, name: str) -> float:
    """A coordinate as an observer types it: "51.1694" or "51,1694" (comma as decimal mark)."""
    cleaned = text.strip().replace(",", ".").replace("\u2212", "-")
    try:
        number = float(cleaned)
    except ValueError:
        raise GeopointError(f"the {name} {text.strip()!r} is not a number") from None
    if not math.isfinite(number) or not cleaned.lstrip("+-").replace(".", "", 1).isdigit():
        raise GeopointError(f"the {name} {text.strip()!r} is not a number")
    return number


def parse_geopoint(text: str) -> Geopoint:
    """ODK's string read back: two to four numbers separated by spaces."""
    if not isinstance(text, str):
        raise GeopointError(f"expected a position as 'lat lon', got {text!r}")
    parts = text.split()
    if not 2 <= len(parts) <= 4:
        raise GeopointError(f"expected 'lat lon [altitude accuracy]', got {text!r}")
    names = ("latitude", "longitude", "altitude", "accuracy")
    numbers = [read_number(part, name) for part, name in zip(parts, names, strict=False)]
    return Geopoint(*numbers)
