"""The quick count: a reproducible stratified sample, and the ratio estimator with its margin.

The estimator is checked against a small example computed by hand, and by simulation: over
1,000 samples drawn from a population whose totals are known, the 95 % interval must cover
the true value about 95 times in 100 (93-97 %).
"""

from __future__ import annotations

import csv
import math
import random
from pathlib import Path

import pytest

from observer_app.analysis.quickcount import (
    Protocol,
    Sample,
    SampleError,
    allocate,
    draw_sample,
    quick_count,
    ratio_estimate,
)
from observer_app.cli import main
from observer_app.store.database import open_database
from observer_app.store.settings import get_setting


def test_proportional_allocation_adds_up_to_the_sample_and_follows_the_strata() -> None:
    assert allocate({"AKM": 395, "ALA": 1060, "KZY": 430}, 100) == {"AKM": 21, "ALA": 56, "KZY": 23}
    assert sum(allocate({"a": 1, "b": 1, "c": 1}, 2).values()) == 2
    assert allocate({"small": 2, "large": 98}, 50) == {"small": 1, "large": 49}
    with pytest.raises(SampleError, match="a sample of 200 from 100 polling stations"):
        allocate({"a": 100}, 200)


def test_the_same_seed_draws_the_same_stations_whatever_the_registry_order() -> None:
    stations = [f"{region}-{n}" for region in ("AKM", "ALA", "KZY") for n in range(1, 301)]
    region = lambda station: station.split("-")[0]  # noqa: E731
    first = draw_sample(stations, 90, seed=2021, stratum=region)
    again = draw_sample(list(reversed(stations)), 90, seed=2021, stratum=region)
    other = draw_sample(stations, 90, seed=2022, stratum=region)
    assert first.stations == again.stations
    assert first.stations != other.stations
    assert first.drawn == {"AKM": 30, "ALA": 30, "KZY": 30}
    assert all(first.stratum_of[s] == region(s) for s in first.stations)
    assert len(set(first.stations)) == 90


def hand_sample() -> Sample:
    """Stratum A: 4 stations, 2 drawn; stratum B: 2 stations, both drawn."""
    return Sample(
        stations=("A1", "A2", "B1", "B2"),
        stratum_of={"A1": "A", "A2": "A", "B1": "B", "B2": "B"},
        population={"A": 4, "B": 2},
        drawn={"A": 2, "B": 2},
        seed=1,
    )


def test_the_ratio_estimator_matches_a_hand_computed_example() -> None:
    protocols = [
        Protocol("A1", {"y": 30, "x": 100}),
        Protocol("A2", {"y": 50, "x": 100}),
        Protocol("B1", {"y": 20, "x": 50}),
        Protocol("B2", {"y": 40, "x": 150}),
    ]
    estimate = ratio_estimate("y", hand_sample(), protocols, "y", "x")
    # Ŷ = 4·(30+50)/2 + 2·(20+40)/2 = 220; X̂ = 4·100 + 2·100 = 600; R̂ = 220/600.
    assert estimate.ratio == pytest.approx(220 / 600)
    # Stratum A: d = y − R̂x = −6.667, 13.333; s² = 200; N²(1 − n/N)s²/n = 16·0.5·200/2 = 800.
    # Stratum B is drawn whole: its finite-population correction is 0.
    assert estimate.standard_error == pytest.approx(math.sqrt(800) / 600)
    assert estimate.margins[95] == pytest.approx(1.959964 * math.sqrt(800) / 600)
    assert estimate.margins[99] == pytest.approx(2.575829 * math.sqrt(800) / 600)
    assert estimate.thin_strata == ()


def test_a_stratum_with_one_report_is_named_and_stations_outside_the_sample_ignored() -> None:
    protocols = [
        Protocol("A1", {"y": 30, "x": 100}),
        Protocol("B1", {"y": 20, "x": 50}),
        Protocol("B2", {"y": 40, "x": 150}),
        Protocol("C9", {"y": 9999, "x": 1}),  # not drawn: never counted
    ]
    estimate = ratio_estimate("y", hand_sample(), protocols, "y", "x")
    assert estimate.ratio == pytest.approx((4 * 30 + 2 * 30) / (4 * 100 + 2 * 100))
    assert estimate.thin_strata == ("A",)


def synthetic_population(
    seed: int,
) -> tuple[list[str], dict[str, str], dict[str, dict[str, float]]]:
    """2,000 stations in 8 regions, each region with its own turnout and support for A."""
    rng = random.Random(seed)
    stations, region_of, figures = [], {}, {}
    for r in range(8):
        turnout, support = rng.uniform(0.45, 0.85), rng.uniform(0.3, 0.7)
        for n in range(rng.randint(150, 350)):
            station = f"R{r}-{n}"
            registered = rng.randint(300, 2500)
            cast = round(registered * min(0.99, max(0.05, rng.gauss(turnout, 0.08))))
            valid = cast - rng.randint(0, max(1, cast // 50))
            votes_a = round(valid * min(1.0, max(0.0, rng.gauss(support, 0.1))))
            stations.append(station)
            region_of[station] = f"R{r}"
            figures[station] = {
                "registered": registered,
                "ballots_cast": cast,
                "valid": valid,
                "party:A": votes_a,
                "party:B": valid - votes_a,
            }
    return stations, region_of, figures


def test_the_95_percent_interval_covers_the_truth_in_93_to_97_percent_of_samples() -> None:
    stations, region_of, figures = synthetic_population(seed=7)
    true_share = sum(f["party:A"] for f in figures.values()) / sum(
        f["valid"] for f in figures.values()
    )
    true_turnout = sum(f["ballots_cast"] for f in figures.values()) / sum(
        f["registered"] for f in figures.values()
    )
    covered = {"A": 0, "turnout": 0}
    for seed in range(1000):
        sample = draw_sample(stations, 250, seed=seed, stratum=region_of.__getitem__)
        protocols = [Protocol(s, figures[s]) for s in sample.stations]
        count = quick_count(sample, protocols, ["A", "B"])
        low, high = count.estimates["A"].interval(95)
        covered["A"] += low <= true_share <= high
        low, high = count.estimates["turnout"].interval(95)
        covered["turnout"] += low <= true_turnout <= high
    assert 930 <= covered["A"] <= 970, covered
    assert 930 <= covered["turnout"] <= 970, covered


def test_the_share_of_the_sample_reported_is_stated() -> None:
    stations, region_of, figures = synthetic_population(seed=3)
    sample = draw_sample(stations, 200, seed=1, stratum=region_of.__getitem__)
    protocols = [Protocol(s, figures[s]) for s in sample.stations[:150]]
    count = quick_count(sample, protocols, ["A", "B"])
    assert (count.sample_size, count.reported) == (200, 150)
    assert count.reported_share == pytest.approx(0.75)
    shares = count.estimates["A"].ratio + count.estimates["B"].ratio
    assert shares == pytest.approx(1.0)


def test_the_mission_sample_is_drawn_from_the_registry_written_and_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    assert main(["setup", "--name", "Core team", "--db", url]) == 0
    first, again = tmp_path / "sample.csv", tmp_path / "again.csv"
    arguments = ["pvt", "sample", "--size", "1500", "--strata", "region", "--seed", "2021"]
    assert main([*arguments, "--out", str(first), "--db", url]) == 0
    assert "1500 of 10000 polling stations (seed 2021" in capsys.readouterr().out
    assert main([*arguments, "--out", str(again), "--db", url]) == 0
    assert first.read_bytes() == again.read_bytes()  # anyone can draw it again and check
    with first.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1500 and len({row["station_id"] for row in rows}) == 1500
    assert all(row["stratum"] == row["region"] for row in rows)
    database = open_database(url)
    try:
        with database.reading() as session:
            recorded = get_setting(session, "pvt_sample")
    finally:
        database.close()
    assert recorded["seed"] == 2021 and recorded["strata"] == "region"
    assert sorted(recorded["stations"]) == sorted(row["station_id"] for row in rows)

    assert (
        main(["pvt", "sample", "--size", "20000", "--seed", "1", "--out", str(first), "--db", url])
        == 1
    )
    assert (
        "a sample of 20000 from 10000 polling stations cannot be drawn" in capsys.readouterr().err
    )
