"""Election-night results in one place: the quick count from the sample's protocol copies,
its comparison with the official result, the discrepancies and the quarantine.

The caller reads the database (protocol copies, official results, the sample kept with
the mission); this module only combines them, so the dashboard, the command line and the
PDF count alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from observer_app.analysis.discrepancies import Discrepancies, find_discrepancies
from observer_app.analysis.protocols import PARTY, ProtocolCopy
from observer_app.analysis.quickcount import (
    Protocol,
    QuickCount,
    Sample,
    SampleError,
    quick_count,
)
from observer_app.analysis.turnout import HourTurnout
from observer_app.domain.official_results import OfficialResult
from observer_app.formspec import Text

TURNOUT = "turnout"


@dataclass(frozen=True)
class ResultsData:
    """What the results section shows; None where its input is not there yet."""

    copies: tuple[ProtocolCopy, ...]
    parties: tuple[str, ...]
    party_names: Mapping[str, Text]
    station_names: Mapping[str, str]
    sample: Sample | None = None
    quick_count: QuickCount | None = None
    #: The official result over every station published: each party's share of the valid
    #: votes and the turnout (ballots issued over registered voters).
    official: Mapping[str, float] | None = None
    discrepancies: Discrepancies | None = None
    #: The turnout PECs announced to observers beside the commission's, hour by hour.
    turnout_hours: tuple[HourTurnout, ...] = ()

    @property
    def quarantined(self) -> tuple[ProtocolCopy, ...]:
        return tuple(copy for copy in self.copies if copy.quarantined)

    @property
    def restored(self) -> tuple[ProtocolCopy, ...]:
        return tuple(copy for copy in self.copies if copy.errors and copy.restored is not None)


def sample_of(value: Any) -> Sample | None:
    """The sample as `observer-app pvt sample` keeps it in the settings; None if absent."""
    if not isinstance(value, dict) or not value.get("stations"):
        return None
    return Sample(
        stations=tuple(value["stations"]),
        stratum_of=dict(value["stratum_of"]),
        population={str(k): int(v) for k, v in value["population"].items()},
        drawn={str(k): int(v) for k, v in value["drawn"].items()},
        seed=int(value["seed"]),
        method=str(value.get("method", "")),
    )


def sample_protocols(copies: Sequence[ProtocolCopy], sample: Sample) -> list[Protocol]:
    """The sample's protocol copies that can be counted: not quarantined, and holding the
    registered voters, the ballots issued, the valid ballots and every party's votes."""
    protocols: list[Protocol] = []
    for copy in copies:
        if copy.station_id not in sample.stratum_of or copy.quarantined:
            continue
        figures = copy.figures
        needed = ("registered", "ballots_issued", "valid", *(PARTY + p for p in copy.parties))
        if not copy.parties or any(name not in figures for name in needed):
            continue
        protocols.append(
            Protocol(
                copy.station_id,
                {
                    "registered": figures["registered"],
                    "ballots_cast": figures["ballots_issued"],
                    "valid": figures["valid"],
                    **{PARTY + p: figures[PARTY + p] for p in copy.parties},
                },
            )
        )
    return protocols


def official_shares(
    official: Mapping[str, OfficialResult], parties: Sequence[str]
) -> dict[str, float] | None:
    """Each party's share of all valid votes published, and the turnout published."""
    valid = sum(result.valid for result in official.values())
    registered = sum(result.registered for result in official.values())
    if not valid or not registered:
        return None
    shares = {
        party: sum(result.votes.get(party, 0) for result in official.values()) / valid
        for party in parties
    }
    shares[TURNOUT] = sum(result.ballots_issued for result in official.values()) / registered
    return shares


def combine(
    copies: Sequence[ProtocolCopy],
    parties: Sequence[str],
    party_names: Mapping[str, Text],
    station_names: Mapping[str, str],
    sample: Sample | None,
    official: Mapping[str, OfficialResult],
    turnout_hours: Sequence[HourTurnout] = (),
) -> ResultsData:
    count: QuickCount | None = None
    if sample is not None:
        protocols = sample_protocols(copies, sample)
        if protocols:
            try:
                count = quick_count(
                    sample, protocols, parties, cast="ballots_cast", registered="registered"
                )
            except SampleError:
                count = None
        else:
            count = QuickCount(sample.size, 0)
    return ResultsData(
        copies=tuple(copies),
        parties=tuple(parties),
        party_names=party_names,
        station_names=station_names,
        sample=sample,
        quick_count=count,
        official=official_shares(official, parties) if official else None,
        discrepancies=find_discrepancies(copies, official) if official else None,
        turnout_hours=tuple(turnout_hours),
    )
