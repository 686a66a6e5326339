"""`observer-app pvt sample`: the quick count's random sample of polling stations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from observer_app.workspace.errors import WorkspaceError
from observer_app.workspace.quickcount import STRATA, draw_mission_sample


def sample(args: argparse.Namespace) -> int:
    try:
        drawn = draw_mission_sample(
            size=args.size, seed=args.seed, out=Path(args.out), strata=args.strata, url=args.db
        )
    except WorkspaceError as error:
        print(f"observer-app pvt sample: {error}", file=sys.stderr)
        return 1
    chosen = drawn.sample
    per = ", ".join(f"{h} {n}" for h, n in sorted(chosen.drawn.items()))
    print(
        f"{drawn.out}: {chosen.size} of {drawn.stations_in_registry} polling stations "
        f"(seed {chosen.seed}; {chosen.method})"
    )
    if args.strata:
        print(f"per {args.strata}: {per}")
    print(f"recorded in {drawn.database_url}")
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pvt = commands.add_parser("pvt", help="the quick count (parallel vote tabulation)")
    sub = pvt.add_subparsers(dest="pvt_command", metavar="COMMAND", required=True)
    parser = sub.add_parser("sample", help="draw the random sample of polling stations")
    parser.add_argument("--size", type=int, required=True, metavar="N", help="stations to draw")
    parser.add_argument(
        "--strata", choices=STRATA, help="draw within each region, in proportion to its size"
    )
    parser.add_argument("--seed", type=int, required=True, metavar="S", help="makes it again")
    parser.add_argument("--out", required=True, metavar="FILE.csv", help="the stations drawn")
    parser.add_argument("--db", help="SQLAlchemy URL (default: the user's database)")
    parser.set_defaults(run=sample)
