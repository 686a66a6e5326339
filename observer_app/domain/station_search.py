"""Search-as-you-type over the polling-station registry: by number, region, TEC or address.

An observer at the door of a polling station types "245" or "Алмалы 12" and must see the
station at once, on a low-end laptop, for a registry of 10,000 stations: the search text of
every station is built once, and each keystroke is a plain scan over those strings.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from observer_app.domain.registry import Registry, Station


@dataclass(frozen=True, slots=True)
class StationHit:
    station: Station
    recent: bool


class StationIndex:
    """Every station's searchable text: number, id, region and TEC names in three languages,
    district and address, folded to lower case."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._entries: list[tuple[str, Station]] = []
        for station in registry.stations:
            region = registry.region(station.region)
            tec = registry.tec(station.tec)
            text = " ".join(
                [
                    f"№{station.number}",
                    station.id,
                    region.name_en,
                    region.name_ru,
                    region.name_kk,
                    tec.name_en,
                    tec.name_ru,
                    tec.name_kk,
                    station.district,
                    station.address,
                ]
            )
            self._entries.append((text.casefold(), station))

    def __len__(self) -> int:
        return len(self._entries)

    def search(
        self, query: str, *, recent: Sequence[str] = (), limit: int = 200
    ) -> list[StationHit]:
        """Stations matching every word of `query`; recently visited first, then exact numbers.

        An empty query lists the recent stations, then the registry in order, so the picker is
        never blank.
        """
        tokens = query.casefold().replace("№", " ").split()
        numbers = {int(token) for token in tokens if token.isdigit()}
        recent_rank = {station_id: rank for rank, station_id in enumerate(recent)}
        last = len(recent_rank)
        entries = self._entries
        matching = (
            range(len(entries))
            if not tokens
            else [i for i, (text, _s) in enumerate(entries) if all(t in text for t in tokens)]
        )

        def rank(position: int) -> tuple[int, int, int]:
            station = entries[position][1]
            return (
                recent_rank.get(station.id, last),
                0 if station.number in numbers else 1,
                position,
            )

        best = heapq.nsmallest(limit, matching, key=rank)
        return [
            StationHit(station=entries[i][1], recent=entries[i][1].id in recent_rank) for i in best
        ]
