"""The demo's election night: a quick-count sample, and official results as a commission
would publish them, the same as the observers' protocol copies except at a few stations.

The published figures of an observed station are its protocol copy (made to add up where
the copy did not); at a few observed stations votes are moved from other parties to the
first, as the statement's "doubts about the accuracy of announced results" imagine. Every
other station of the covered regions gets figures of its own.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from observer_app.analysis.protocols import PARTY, protocol_copies
from observer_app.analysis.quickcount import draw_sample
from observer_app.domain.official_results import COLUMNS
from observer_app.domain.registry import Registry
from observer_app.formspec import FormLibrary
from observer_app.store.database import Database
from observer_app.store.registry import load_registry
from observer_app.workspace.official import mission_parties
from observer_app.workspace.quickcount import sample_setting

#: Stations whose published figures differ from the observers' copy.
ALTERED = 3
SAMPLE_SEED = 2021


def draw_demo_sample(registry: Registry, regions: Sequence[str], size: int) -> dict[str, Any]:
    """A sample of `size` stations of the covered regions, stratified by region."""
    region_of = {s.id: s.region for s in registry.stations if s.region in set(regions)}
    sample = draw_sample(list(region_of), size, SAMPLE_SEED, stratum=region_of.__getitem__)
    return sample_setting(sample, "region")


def _made_up(rng: random.Random, parties: int) -> tuple[int, int, int, list[int]]:
    voters = rng.randint(900, 2600)
    issued = int(voters * rng.uniform(0.45, 0.72))
    invalid = int(issued * rng.uniform(0.005, 0.02))
    valid = issued - invalid
    shares = [rng.uniform(0.55, 0.75), rng.uniform(0.06, 0.12), rng.uniform(0.06, 0.1)]
    shares += [rng.uniform(0.03, 0.06), rng.uniform(0.02, 0.05)]
    shares = (shares + [rng.uniform(0.01, 0.03) for _ in range(parties)])[:parties]
    votes = [int(valid * share / sum(shares)) for share in shares]
    votes[0] += valid - sum(votes)
    return voters, issued, invalid, votes


def write_official_results(
    database: Database, library: FormLibrary, out: Path, regions: Sequence[str], seed: int
) -> list[str]:
    """Write the commission's file for every station of `regions`; returns the stations
    whose published figures were altered."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, reproducible
    parties = mission_parties(library)
    with database.reading() as session:
        registry = load_registry(session)
        copies = {copy.station_id: copy for copy in protocol_copies(session, library)}
    needed = ("registered", "ballots_issued", "invalid", *(PARTY + p for p in parties))
    complete = {
        station: copy
        for station, copy in copies.items()
        if all(name in copy.figures for name in needed)
    }
    clean = sorted(s for s, copy in complete.items() if not copy.quarantined)
    altered = sorted(rng.sample(clean, min(ALTERED, len(clean))))
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*COLUMNS, *parties])
        for station in sorted(registry.stations, key=lambda s: (s.region, s.number)):
            if station.region not in regions:
                continue
            copy = complete.get(station.id)
            if copy is None:
                registered, issued, invalid, votes = _made_up(rng, len(parties))
            else:
                figures = copy.figures
                registered, issued, invalid = (
                    figures["registered"],
                    figures["ballots_issued"],
                    figures["invalid"],
                )
                votes = [figures[PARTY + party] for party in parties]
                if station.id in altered:
                    moved = min(votes[1] // 2, rng.randint(20, 60))
                    votes[0] += moved
                    votes[1] -= moved
            writer.writerow(
                [station.region, station.number, registered, issued, sum(votes), invalid, *votes]
            )
    return altered
