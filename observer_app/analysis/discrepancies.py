"""Where the published results differ from the protocol the observers copied.

Per observed station, each figure of the observers' copy beside the commission's, and
every difference with its size (official minus observed). A figure the observers left
blank is not compared; a station observed but absent from the official file is listed
apart. Quarantined copies (analysis.protocols) are not compared: their own arithmetic
is in doubt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from observer_app.analysis.protocols import PARTY, ProtocolCopy
from observer_app.domain.official_results import OfficialResult

#: The figures a commission publishes, in protocol order; then each party's votes.
COMPARED = ("registered", "ballots_issued", "valid", "invalid")


@dataclass(frozen=True)
class Difference:
    figure: str
    observed: int
    official: int

    @property
    def size(self) -> int:
        """Official minus observed: +30 is 30 more in the published results."""
        return self.official - self.observed


@dataclass(frozen=True)
class StationComparison:
    copy: ProtocolCopy
    official: OfficialResult
    #: Every figure compared, (figure, observed, official), differing or not.
    figures: tuple[Difference, ...]

    @property
    def differences(self) -> tuple[Difference, ...]:
        return tuple(d for d in self.figures if d.size != 0)


@dataclass(frozen=True)
class Discrepancies:
    compared: tuple[StationComparison, ...] = ()
    #: Observed stations with no row in the official results.
    missing: tuple[ProtocolCopy, ...] = ()
    #: Observed stations left out because their copy is quarantined.
    quarantined: tuple[ProtocolCopy, ...] = ()
    #: Observed stations whose copy holds no figure at all.
    without_figures: tuple[ProtocolCopy, ...] = field(default_factory=tuple)

    @property
    def differing(self) -> tuple[StationComparison, ...]:
        return tuple(c for c in self.compared if c.differences)


def compare_station(copy: ProtocolCopy, official: OfficialResult) -> StationComparison:
    names = [*COMPARED, *(PARTY + party for party in copy.parties or tuple(official.votes))]
    figures = []
    for name in names:
        observed = copy.figures.get(name)
        published = official.figure(name)
        if observed is not None and published is not None:
            figures.append(Difference(name, observed, published))
    return StationComparison(copy, official, tuple(figures))


def find_discrepancies(
    copies: Sequence[ProtocolCopy], official: Mapping[str, OfficialResult]
) -> Discrepancies:
    """Compare each observed station's protocol copy with the published figures."""
    compared: list[StationComparison] = []
    missing: list[ProtocolCopy] = []
    quarantined: list[ProtocolCopy] = []
    empty: list[ProtocolCopy] = []
    for copy in copies:
        if copy.quarantined:
            quarantined.append(copy)
        elif not copy.figures:
            empty.append(copy)
        elif copy.station_id not in official:
            missing.append(copy)
        else:
            compared.append(compare_station(copy, official[copy.station_id]))
    return Discrepancies(tuple(compared), tuple(missing), tuple(quarantined), tuple(empty))
