"""How the coordinator's views name a place: "No. 369 · Mangystau Region", not "MAN-369".

Station numbers repeat from region to region, so a number is always shown with its
region, named in the window's language; a TEC keeps its code with its region.
"""

from __future__ import annotations

from collections.abc import Mapping

from observer_app.ui.coordinator.i18n import _


def place_label(
    place: str, station_id: str | None, region: str, region_names: Mapping[str, str]
) -> str:
    """`place` (a station or TEC id) as a coordinator reads it; "" when there is none."""
    if not place:
        return ""
    region_name = region_names.get(region) or region_names.get(place.split("-", 1)[0], "")
    if station_id and station_id.rsplit("-", 1)[-1].isdigit():
        number = _("No. {number}").format(number=int(station_id.rsplit("-", 1)[-1]))
        return f"{number} · {region_name}" if region_name else number
    return f"{place} · {region_name}" if region_name else place
