"""Coverage: how many observations, stations, observers and teams, and which regions, of all.

"Polling stations in 13 out of 17 regions": the regions covered are counted against
every region in the database's registry, so a region nobody reached shows as a zero.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from observer_app.analysis.reading import ObservationRef
from observer_app.domain.registry import Region
from observer_app.store.models import StationRow, TecRow
from observer_app.store.registry import list_regions


@dataclass(frozen=True, slots=True)
class RegistryExtent:
    """What there was to observe: the regions, and the stations and TECs in each."""

    regions: tuple[Region, ...]
    stations: dict[str, int]
    tecs: dict[str, int]

    def only(self, codes: tuple[str, ...]) -> RegistryExtent:
        """The extent of the regions a filter keeps (all of them for no filter): coverage
        under `--region KZY` is stated for Kyzylorda Region, not against all 17."""
        if not codes:
            return self
        kept = set(codes)
        return RegistryExtent(
            regions=tuple(r for r in self.regions if r.code in kept),
            stations={c: n for c, n in self.stations.items() if c in kept},
            tecs={c: n for c, n in self.tecs.items() if c in kept},
        )


def registry_extent(session: Session) -> RegistryExtent:
    stations = session.execute(
        select(StationRow.region, func.count()).group_by(StationRow.region)
    ).all()
    tecs = session.execute(select(TecRow.region, func.count()).group_by(TecRow.region)).all()
    return RegistryExtent(
        regions=tuple(list_regions(session)),
        stations={region: n for region, n in stations},
        tecs={region: n for region, n in tecs},
    )


@dataclass(frozen=True, slots=True)
class RegionCoverage:
    """One region's line of the coverage table."""

    code: str
    region: Region | None  # None for a code the registry does not know
    observations: int
    stations_observed: int
    stations_total: int
    tecs_observed: int
    tecs_total: int
    observations_by_form: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Who observed how much, where: counted over observations, whatever the unit."""

    observations: int
    stations: int
    tecs: int
    observers: int
    teams: int
    regions_total: int
    #: Regions with at least one observation of any kind.
    regions_covered: int
    #: Regions with at least one observed polling station.
    regions_with_stations: int
    by_region: tuple[RegionCoverage, ...]
    observations_by_form: dict[str, int] = field(default_factory=dict)
    #: Observations with no region (an incident away from any station or TEC).
    without_region: int = 0


class _RegionTally:
    __slots__ = ("forms", "observations", "stations", "tecs")

    def __init__(self) -> None:
        self.observations = 0
        self.stations: set[str] = set()
        self.tecs: set[str] = set()
        self.forms: Counter[str] = Counter()


class CoverageTally:
    """Adds up coverage one observation at a time."""

    def __init__(self) -> None:
        self.observations = 0
        self.forms: Counter[str] = Counter()
        self.stations: set[str] = set()
        self.tecs: set[str] = set()
        self.observers: set[tuple[str, str]] = set()
        self.teams: set[str] = set()
        self.regions: dict[str, _RegionTally] = {}
        self.without_region = 0

    def add(self, ref: ObservationRef) -> None:
        self.observations += 1
        self.forms[ref.form_id] += 1
        self.observers.add((ref.team, ref.observer))
        if ref.team:
            self.teams.add(ref.team)
        if ref.region is None:
            self.without_region += 1
        else:
            region = self.regions.get(ref.region)
            if region is None:
                region = self.regions[ref.region] = _RegionTally()
            region.observations += 1
            region.forms[ref.form_id] += 1
            if ref.station_id:
                region.stations.add(ref.station_id)
            elif ref.tec_id:
                region.tecs.add(ref.tec_id)
        if ref.station_id:
            self.stations.add(ref.station_id)
        elif ref.tec_id:
            self.tecs.add(ref.tec_id)  # a visit to the TEC itself, not a station's TEC

    def merge(self, other: CoverageTally) -> None:
        self.observations += other.observations
        self.forms.update(other.forms)
        self.stations |= other.stations
        self.tecs |= other.tecs
        self.observers |= other.observers
        self.teams |= other.teams
        self.without_region += other.without_region
        for code, theirs in other.regions.items():
            mine = self.regions.setdefault(code, _RegionTally())
            mine.observations += theirs.observations
            mine.stations |= theirs.stations
            mine.tecs |= theirs.tecs
            mine.forms.update(theirs.forms)

    def result(self, extent: RegistryExtent) -> Coverage:
        known = {region.code: region for region in extent.regions}
        codes = [region.code for region in extent.regions] + sorted(set(self.regions) - set(known))
        lines = []
        for code in codes:
            tally = self.regions.get(code, _RegionTally())
            lines.append(
                RegionCoverage(
                    code=code,
                    region=known.get(code),
                    observations=tally.observations,
                    stations_observed=len(tally.stations),
                    stations_total=extent.stations.get(code, 0),
                    tecs_observed=len(tally.tecs),
                    tecs_total=extent.tecs.get(code, 0),
                    observations_by_form=dict(tally.forms),
                )
            )
        return Coverage(
            observations=self.observations,
            stations=len(self.stations),
            tecs=len(self.tecs),
            observers=len(self.observers),
            teams=len(self.teams),
            regions_total=len(extent.regions),
            regions_covered=sum(1 for code in known if code in self.regions),
            regions_with_stations=sum(
                1 for code in known if code in self.regions and self.regions[code].stations
            ),
            by_region=tuple(lines),
            observations_by_form=dict(self.forms),
            without_region=self.without_region,
        )
