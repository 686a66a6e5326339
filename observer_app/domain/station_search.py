"""Search-as-you-type over the polling-station registry: by number, region, TEC or address.

An observer at the door of a polling station types "245" or "Алмалы 12" and must see the
station at once, on a low-end laptop, for a registry of 10,000 stations: the search text of
every station is built once, and each keystroke is a plain scan over those strings.

Station numbers repeat from region to region: "245" is a station in each of the 17. The
observer's own area decides which comes first: the TEC and region of their latest visit
(a team works one area on election day; the profile names no region, and before the first
visit nothing is guessed). `the_one_meant` says when a search leaves no doubt; otherwise
the observer chooses in the list.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass

from observer_app.domain.registry import Registry, Station


@dataclass(frozen=True, slots=True)
class StationHit:
    station: Station
    recent: bool
    #: The station's number is a number typed in the search.
    exact: bool = False
    #: The other words typed, in order, are the name (or code) of the station's region or
    #: TEC or begin it: "Almaty city 245" names Almaty (city), not Almaty Region's
    #: Taldykorgan City TEC nor Nur-Sultan's Almaty District TEC.
    named: bool = False
    #: 0 in the observer's own TEC, 1 in their region, 2 elsewhere (or no area known).
    area: int = 2


@dataclass(frozen=True, slots=True)
class Home:
    """Where the observer works: the TEC and region of their latest visit (None: unknown)."""

    tec: str | None = None
    region: str | None = None

    def area(self, tec: str, region: str) -> int:
        if self.tec is not None and tec == self.tec:
            return 0
        if self.region is not None and region == self.region:
            return 1
        return 2


def _words(text: str) -> str:
    """Lower-case words joined by single spaces: "Almaty (city)" is "almaty city"."""
    return " ".join(re.split(r"\W+", text.casefold())).strip()


def home_of(registry: Registry, recent: Sequence[str]) -> Home:
    """The observer's area from their places, newest first (stations or TECs)."""
    for place in recent:
        try:
            station = registry.station(place)
        except KeyError:
            pass
        else:
            return Home(station.tec, station.region)
        try:
            tec = registry.tec(place)
        except KeyError:
            continue
        return Home(tec.code, tec.region)
    return Home()


def the_one_meant(query: str, hits: Sequence[StationHit]) -> StationHit | None:
    """The station `query` means beyond doubt, or None when the observer must choose.

    No doubt: the only station found; or the first has the number typed and is the only
    such station in the region or TEC named in the search, or among those recently visited,
    or in the observer's own TEC or region. An empty search means none.
    """
    if not query.split() or not hits:
        return None
    if len(hits) == 1:
        return hits[0]
    first = hits[0]
    if not first.exact:
        return None
    others = [hit for hit in hits[1:] if hit.exact]
    if not others:
        return first
    if first.named and not any(hit.named for hit in others):
        return first
    if first.recent and not any(hit.recent for hit in others):
        return first
    if first.area < 2 and all(hit.area > first.area for hit in others):
        return first
    return None


class StationIndex:
    """Every station's searchable text: number, id, region and TEC names in three languages,
    district and address, folded to lower case."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._entries: list[tuple[str, Station]] = []
        #: Per station: the names and codes of its region and TEC, folded to words.
        self._names: list[list[str]] = []
        for station in registry.stations:
            region = registry.region(station.region)
            tec = registry.tec(station.tec)
            names = [station.region, region.name_en, region.name_ru, region.name_kk]
            names += [tec.code, tec.name_en, tec.name_ru, tec.name_kk]
            self._names.append([_words(name) for name in names])
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
        self, query: str, *, recent: Sequence[str] = (), home: Home = Home(), limit: int = 200
    ) -> list[StationHit]:
        """Stations matching every word of `query`: those with a number typed first, and
        within each group those whose region or TEC the words name, the recently visited,
        then the observer's TEC, then their region.

        An empty query lists the recent stations, then the registry in order, so the picker is
        never blank.
        """
        tokens = query.casefold().replace("№", " ").split()
        numbers = {int(token) for token in tokens if token.isdigit()}
        phrase = _words(" ".join(token for token in tokens if not token.isdigit()))
        names = self._names

        def named(position: int) -> bool:
            return bool(phrase) and any(name.startswith(phrase) for name in names[position])

        recent_rank = {station_id: rank for rank, station_id in enumerate(recent)}
        last = len(recent_rank)
        entries = self._entries
        matching = (
            range(len(entries))
            if not tokens
            else [i for i, (text, _s) in enumerate(entries) if all(t in text for t in tokens)]
        )

        def rank(position: int) -> tuple[int, int, int, int, int]:
            station = entries[position][1]
            return (
                0 if station.number in numbers else 1,
                0 if named(position) else 1,
                recent_rank.get(station.id, last),
                home.area(station.tec, station.region),
                position,
            )

        best = heapq.nsmallest(limit, matching, key=rank)
        return [
            StationHit(
                station=(station := entries[i][1]),
                recent=station.id in recent_rank,
                exact=station.number in numbers,
                named=named(i),
                area=home.area(station.tec, station.region),
            )
            for i in best
        ]
