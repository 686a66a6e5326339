"""How a submission's place reads on screen: polling station, TEC, or neither."""

from __future__ import annotations

from observer_app.domain.registry import Registry
from observer_app.ui.i18n import _, current_language


def describe_place(
    registry: Registry | None,
    station_id: str | None,
    tec_id: str | None,
    *,
    detailed: bool,
    nowhere: str,
    region: str | None = None,
) -> str:
    """How a place reads: "Polling station №245 · Almaty (city)"; `detailed` adds its TEC
    and address. `region` is the submission's own region, named even when the station is
    not in the registry.

    Places missing from the registry (a coordinator may have replaced it) still read by id.
    """
    language = current_language()
    if station_id:
        text = _("Polling station №{number}").format(number=station_id.rsplit("-", 1)[-1])
        if registry is None:
            return text
        try:
            if not detailed:
                code = region or registry.station(station_id).region
                return f"{text} · {registry.region(code).name(language)}"
            station = registry.station(station_id)
            tec = registry.tec(station.tec).name(language)
            name = registry.region(station.region).name(language)
            return f"{text} · {tec} · {name} · {station.address}"
        except KeyError:
            return text
    if tec_id:
        try:
            return registry.tec(tec_id).name(language) if registry is not None else tec_id
        except KeyError:
            return tec_id
    return nowhere
