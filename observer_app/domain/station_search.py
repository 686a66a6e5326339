"""Search-as-you-type over the polling-station registry: by number, region, TEC or address.

An observer at the door of a polling station types "245" or "Алмалы 12" and must see the
station at once, on a low-end laptop, for a registry of 10,000 stations: the search text of
every station is built once, and each keystroke scans those strings, or only the ones the
keystroke before found when it narrows that search (as typing does).

Station numbers repeat from region to region: "245" is a station in each of the 17. The
observer's own area decides which comes first: the TEC and region of their latest visit
(a team works one area on election day; the profile names no region, and before the first
visit nothing is guessed). `the_one_meant` says when a search leaves no doubt; otherwise
the observer chooses in the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

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
    district and address, folded to lower case; and the stations by number, id, TEC and
    region, so that a keystroke ranks only the few stations a rule puts first.

    A keystroke scans the texts once at most (`_matching`); the order then costs
    nothing for the many stations no rule lifts: they come in registry order, and the scan
    stops at the limit. Only stations bearing a typed number, recently visited, in the
    observer's area, or named by the words typed are ranked one by one.
    """

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._stations = registry.stations
        self._texts: list[str] = []
        self._by_number: dict[int, list[int]] = {}
        self._by_id: dict[str, int] = {}
        self._by_tec: dict[str, list[int]] = {}
        self._by_region: dict[str, list[int]] = {}
        #: The tokens of the last search and the stations they found (see `_matching`).
        self._last: tuple[list[str], list[int]] = ([], [])
        #: The names and codes of each region and TEC, folded to words.
        self._region_words = {
            r.code: [_words(n) for n in (r.code, r.name_en, r.name_ru, r.name_kk)]
            for r in registry.regions
        }
        self._tec_words = {
            t.code: [_words(n) for n in (t.code, t.name_en, t.name_ru, t.name_kk)]
            for t in registry.tecs
        }
        for position, station in enumerate(registry.stations):
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
            ).casefold()
            self._texts.append(text)
            self._by_number.setdefault(station.number, []).append(position)
            self._by_id.setdefault(station.id, position)
            self._by_tec.setdefault(station.tec, []).append(position)
            self._by_region.setdefault(station.region, []).append(position)

    def __len__(self) -> int:
        return len(self._texts)

    @property
    def texts(self) -> Sequence[str]:
        """Each station's search text, in registry order: what a keystroke scans."""
        return self._texts

    def _matching(self, tokens: list[str]) -> Sequence[int]:
        """The stations whose text holds every token, in registry order.

        Typing narrows: a station that holds "қарағанды облысы 1" holds "қарағанды облысы"
        too, so when every token of the last search is part of a token of this one, only
        the last search's stations are scanned (a backspace or a new word scans them all).
        The longest token is looked for first: it rules out the most stations.
        """
        texts = self._texts
        if not tokens:
            return range(len(texts))
        last_tokens, last_matching = self._last
        candidates: Sequence[int] = range(len(texts))
        if last_tokens and all(any(old in new for new in tokens) for old in last_tokens):
            candidates = last_matching
        first, *others = sorted(tokens, key=len, reverse=True)
        matching = [i for i in candidates if first in texts[i]]
        for token in others:
            matching = [i for i in matching if token in texts[i]]
        self._last = (tokens, matching)
        return matching

    def _named(self, phrase: str) -> set[int]:
        """Stations whose region or TEC has a name or code beginning with `phrase`."""
        named: set[int] = set()
        if not phrase:
            return named
        for code, words in self._region_words.items():
            if any(word.startswith(phrase) for word in words):
                named.update(self._by_region.get(code, ()))
        for code, words in self._tec_words.items():
            if any(word.startswith(phrase) for word in words):
                named.update(self._by_tec.get(code, ()))
        return named

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
        matching = self._matching(tokens)
        matched = matching if isinstance(matching, range) else set(matching)

        exact: set[int] = set()
        for number in numbers:
            exact.update(self._by_number.get(number, ()))
        named = self._named(phrase)
        recent_rank: dict[int, int] = {}
        for station_id in recent:
            position = self._by_id.get(station_id)
            if position is not None:
                recent_rank.setdefault(position, len(recent_rank))
        last = len(recent_rank)
        area: dict[int, int] = {}
        if home.region is not None:
            area.update(dict.fromkeys(self._by_region.get(home.region, ()), 1))
        if home.tec is not None:
            area.update(dict.fromkeys(self._by_tec.get(home.tec, ()), 0))
        lifted = exact | recent_rank.keys() | area.keys()

        def rank(position: int) -> tuple[int, int, int, int, int]:
            return (
                0 if position in exact else 1,
                0 if position in named else 1,
                recent_rank.get(position, last),
                area.get(position, 2),
                position,
            )

        def ordered() -> Iterator[int]:
            # By the rank above: every lifted station before the rest of its group (a typed
            # number, then named, then the others), the rest in registry order.
            found = sorted((i for i in lifted if i in matched), key=rank)
            yield from (i for i in found if i in exact)
            yield from (i for i in found if i not in exact and i in named)
            if named:
                yield from (i for i in matching if i in named and i not in lifted)
            yield from (i for i in found if i not in exact and i not in named)
            yield from (i for i in matching if i not in named and i not in lifted)

        stations = self._stations
        return [
            StationHit(
                station=stations[i],
                recent=i in recent_rank,
                exact=i in exact,
                named=i in named,
                area=area.get(i, 2),
            )
            for i in islice(ordered(), limit)
        ]
