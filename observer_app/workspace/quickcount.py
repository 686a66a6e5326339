"""The quick count's sample, drawn from the mission's registry and recorded with the mission.

The seed and the method are kept in the coordinator's database beside the stations drawn,
so the core team can show anyone that the sample was drawn before the count, by a rule,
and draw it again to check.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from observer_app.analysis.quickcount import Sample, SampleError, draw_sample
from observer_app.exchange.mission import SAMPLE_SETTING
from observer_app.store.database import open_database
from observer_app.store.registry import load_registry
from observer_app.store.settings import put_setting
from observer_app.workspace.errors import WorkspaceError, writing_file

#: What a sample may be stratified by.
STRATA = ("region",)


@dataclass(frozen=True)
class DrawnSample:
    sample: Sample
    out: Path
    database_url: str
    stations_in_registry: int


def sample_setting(sample: Sample, strata: str | None) -> dict[str, Any]:
    """The sample as the mission keeps it (and its package carries it): the stations drawn,
    their strata, the seed and the method, so anyone can draw it again to check."""
    return {
        "stations": list(sample.stations),
        "stratum_of": dict(sample.stratum_of),
        "population": dict(sample.population),
        "drawn": dict(sample.drawn),
        "seed": sample.seed,
        "strata": strata,
        "method": sample.method,
        "drawn_at": datetime.now(UTC).isoformat(),
    }


def draw_mission_sample(
    *, size: int, seed: int, out: Path, strata: str | None = None, url: str | None = None
) -> DrawnSample:
    """Draw `size` polling stations from the registry, write them to `out` (CSV) and record
    the sample, its seed and method in the database. Raises WorkspaceError."""
    if strata is not None and strata not in STRATA:
        raise WorkspaceError(
            f"--strata {strata}: a sample can be stratified by {', '.join(STRATA)}"
        )
    if out.suffix.lower() != ".csv":
        raise WorkspaceError(f"{out}: the file name must end in .csv")
    database = open_database(url)
    try:
        with database.reading() as session:
            registry = load_registry(session)
        if not registry.stations:
            raise WorkspaceError(f"{database.url}: no polling-station registry to draw from")
        region_of = {station.id: station.region for station in registry.stations}
        try:
            sample = draw_sample(
                list(region_of),
                size,
                seed,
                stratum=region_of.__getitem__ if strata == "region" else None,
            )
        except SampleError as error:
            raise WorkspaceError(str(error)) from None
        with writing_file(out), out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["station_id", "number", "region", "tec", "stratum"])
            for station_id in sample.stations:
                station = registry.station(station_id)
                writer.writerow(
                    [
                        station.id,
                        station.number,
                        station.region,
                        station.tec,
                        sample.stratum_of[station_id],
                    ]
                )
        with database.transaction() as session:
            put_setting(session, SAMPLE_SETTING, sample_setting(sample, strata))
        return DrawnSample(sample, out, database.url, len(registry.stations))
    finally:
        database.close()
