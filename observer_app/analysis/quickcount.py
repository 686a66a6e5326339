"""The quick count (parallel vote tabulation): a random sample of polling stations, and what
their protocols say about the whole election, with its margin of error.

A mission that draws its sample before election day can estimate each party's share and the
turnout from the protocols its observers copy at the sampled stations, and compare them with
the result the commission announces. The design is NDI's: a stratified random sample of
polling stations (clusters of voters), proportional allocation, and the combined ratio
estimator, its variance by linearisation with the finite-population correction, reported at
95 % and 99 %. Pure functions: the caller reads the registry and the protocols.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: Two-sided normal quantiles for the reported confidence levels.
Z = {95: 1.959963984540054, 99: 2.5758293035489004}
#: The method, as recorded with the seed so anyone can draw the same sample again.
METHOD = "stratified simple random sample without replacement, proportional allocation"


class SampleError(ValueError):
    """A sample that cannot be drawn as asked; the message says why."""


@dataclass(frozen=True)
class Sample:
    """Which stations were drawn, from how many, by what rule."""

    stations: tuple[str, ...]
    #: Stratum of each station drawn.
    stratum_of: Mapping[str, str]
    #: Stations in the registry per stratum (N_h) and drawn per stratum (n_h).
    population: Mapping[str, int]
    drawn: Mapping[str, int]
    seed: int
    method: str = METHOD

    @property
    def size(self) -> int:
        return len(self.stations)


def allocate(population: Mapping[str, int], size: int) -> dict[str, int]:
    """Proportional allocation of `size` among strata, by largest remainder.

    Each stratum gets its share of the sample, rounded so the total is exactly `size`; a
    stratum never gets more stations than it has. Ties go to the larger stratum, then the
    stratum's name, so the allocation does not depend on the order of the mapping.
    """
    total = sum(population.values())
    if not 0 < size <= total:
        raise SampleError(f"a sample of {size} from {total} polling stations cannot be drawn")
    exact = {h: size * n / total for h, n in population.items()}
    allocation = {h: min(population[h], math.floor(share)) for h, share in exact.items()}
    left = size - sum(allocation.values())
    order = sorted(
        population, key=lambda h: (-(exact[h] - math.floor(exact[h])), -population[h], h)
    )
    while left > 0:
        for h in order:
            if left and allocation[h] < population[h]:
                allocation[h] += 1
                left -= 1
    return allocation


def draw_sample(
    stations: Sequence[str],
    size: int,
    seed: int,
    stratum: Callable[[str], str] | None = None,
) -> Sample:
    """Draw `size` stations, within each stratum at random, reproducibly from `seed`.

    The same registry, size, strata and seed always give the same stations, whatever order
    the registry lists them in.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for station in sorted(set(stations)):
        groups[stratum(station) if stratum is not None else "all"].append(station)
    population = {h: len(members) for h, members in groups.items()}
    allocation = allocate(population, size)
    rng = random.Random(seed)  # noqa: S311 - a published, reproducible draw, not a secret
    chosen: list[str] = []
    stratum_of: dict[str, str] = {}
    for h in sorted(groups):
        for station in rng.sample(groups[h], allocation[h]):
            chosen.append(station)
            stratum_of[station] = h
    return Sample(tuple(sorted(chosen)), stratum_of, population, allocation, seed)


@dataclass(frozen=True)
class Protocol:
    """What one sampled station's protocol says: the base (x) and what is counted (y)."""

    station: str
    #: The figures by name: "registered", "valid", "ballots_cast", "party:Amanat", ...
    figures: Mapping[str, float]


@dataclass(frozen=True)
class Estimate:
    """A ratio (a party's share of valid votes, or the turnout) and its margin of error."""

    name: str
    ratio: float
    standard_error: float
    #: Confidence level (95, 99) -> half the width of the interval.
    margins: Mapping[int, float]
    #: Strata with fewer than two reports: their variance could not be estimated.
    thin_strata: tuple[str, ...] = ()

    def interval(self, level: int = 95) -> tuple[float, float]:
        margin = self.margins[level]
        return self.ratio - margin, self.ratio + margin


@dataclass(frozen=True)
class QuickCount:
    sample_size: int
    reported: int
    estimates: dict[str, Estimate] = field(default_factory=dict)

    @property
    def reported_share(self) -> float:
        return self.reported / self.sample_size if self.sample_size else 0.0


def ratio_estimate(
    name: str,
    sample: Sample,
    protocols: Iterable[Protocol],
    numerator: str,
    denominator: str,
) -> Estimate:
    """The combined ratio estimator of Σy / Σx over the population, from the sample.

    R̂ = Σ_h N_h ȳ_h / Σ_h N_h x̄_h over the strata, with ȳ_h and x̄_h the means of the
    stations that reported in stratum h. Its variance by linearisation:
    v(R̂) = Σ_h N_h² (1 − n_h/N_h) s²_{d,h} / n_h / X̂², where d = y − R̂x and s²_{d,h} is
    the sample variance of d in stratum h, n_h the stations that reported there.
    """
    by_stratum: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for protocol in protocols:
        h = sample.stratum_of.get(protocol.station)
        if h is None:
            continue  # not a sampled station: it does not enter the estimate
        by_stratum[h].append(
            (float(protocol.figures[numerator]), float(protocol.figures[denominator]))
        )
    y_total = x_total = 0.0
    for h, pairs in by_stratum.items():
        n = len(pairs)
        y_total += sample.population[h] * sum(y for y, _x in pairs) / n
        x_total += sample.population[h] * sum(x for _y, x in pairs) / n
    if x_total <= 0:
        raise SampleError(f"{name}: no reported {denominator} to divide by")
    ratio = y_total / x_total
    variance = 0.0
    thin: list[str] = []
    for h, pairs in sorted(by_stratum.items()):
        n, population = len(pairs), sample.population[h]
        if n < 2:
            thin.append(h)
            continue
        residuals = [y - ratio * x for y, x in pairs]
        mean = sum(residuals) / n
        s2 = sum((d - mean) ** 2 for d in residuals) / (n - 1)
        variance += population**2 * (1 - n / population) * s2 / n
    error = math.sqrt(variance) / x_total
    return Estimate(
        name=name,
        ratio=ratio,
        standard_error=error,
        margins={level: z * error for level, z in Z.items()},
        thin_strata=tuple(thin),
    )


def quick_count(
    sample: Sample,
    protocols: Sequence[Protocol],
    parties: Sequence[str],
    *,
    valid: str = "valid",
    cast: str = "ballots_cast",
    registered: str = "registered",
) -> QuickCount:
    """Each party's share of the valid votes and the turnout, from the sample's protocols."""
    reported = [p for p in protocols if p.station in sample.stratum_of]
    estimates = {
        party: ratio_estimate(party, sample, reported, f"party:{party}", valid) for party in parties
    }
    estimates["turnout"] = ratio_estimate("turnout", sample, reported, cast, registered)
    return QuickCount(sample.size, len({p.station for p in reported}), estimates)
