"""Benchmark: the quick count's sample and estimate at the size of a national PVT.

Not collected by pytest (no test_ prefix): run it by hand,

    python tests/benchmarks/bench_quickcount.py [--stations 10000] [--size 1500]

Draws a stratified sample of `size` of `stations` synthetic polling stations (17 regions),
makes a protocol for every sampled station, and estimates five parties' shares and the
turnout with their margins, as `observer-app results` does from the protocol copies. The
goal is under a second for both together; a floor beside it is one plain pass summing
every figure of the protocols, which any estimate must at least do.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from observer_app.analysis.quickcount import Protocol, draw_sample, quick_count  # noqa: E402

PARTIES = ("nur_otan", "ak_zhol", "peoples_party", "auyl", "adal")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stations", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=1_500)
    args = parser.parse_args()
    rng = random.Random(1)
    region_of = {f"R{n % 17:02}-{n}": f"R{n % 17:02}" for n in range(args.stations)}
    started = time.perf_counter()
    sample = draw_sample(list(region_of), args.size, seed=2021, stratum=region_of.__getitem__)
    drawn = time.perf_counter()
    protocols = []
    for station in sample.stations:
        registered = rng.randint(900, 2600)
        cast = int(registered * rng.uniform(0.45, 0.72))
        votes = [rng.randint(0, cast // 5) for _ in PARTIES]
        figures = {"registered": registered, "ballots_cast": cast, "valid": sum(votes)}
        figures.update({f"party:{p}": v for p, v in zip(PARTIES, votes, strict=True)})
        protocols.append(Protocol(station, figures))
    made = time.perf_counter()
    count = quick_count(sample, protocols, PARTIES)
    done = time.perf_counter()
    floor_start = time.perf_counter()
    total = 0.0
    for protocol in protocols:
        for value in protocol.figures.values():
            total += value
    floor = time.perf_counter() - floor_start
    print(f"sample of {sample.size} from {args.stations} stations: {drawn - started:.3f} s")
    print(
        f"estimate from {count.reported} protocols ({len(count.estimates)} ratios): "
        f"{done - made:.3f} s (floor, one pass over the figures: {floor:.4f} s)"
    )
    print(f"together: {drawn - started + done - made:.3f} s (goal: under 1 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
