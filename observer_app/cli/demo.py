"""`observer-app demo --out DIR`: the whole product at work on a realistic mission, headless.

Makes a mission and the day's files of dozens of observer teams (with a file handed in
twice, a corrected re-export, a conflict and a broken file), merges them as a coordinator
would, and prints the summary PDF: what a newcomer runs first.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console

from observer_app.cli.exchange import _table
from observer_app.domain.i18n import LANGUAGES
from observer_app.workspace.demo import make_mission, run_demo
from observer_app.workspace.errors import WorkspaceError


def demo(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    folder = Path(args.out)
    console = Console(width=None if sys.stdout.isatty() else 160)
    try:
        mission = make_mission(folder, teams=args.teams, seed=args.seed)
    except WorkspaceError as error:
        print(f"observer-app demo: {error}", file=sys.stderr)
        return 1
    records = sum(len(team.records) for team in mission.teams)
    regions = len({team.region for team in mission.teams})
    console.print(
        f"1. Mission package {folder / 'mission.zip'} and coordinator key {mission.key_file}"
    )
    console.print(
        f"2. {len(mission.teams)} observer teams in {regions} of 17 regions filled {records} "
        f"forms (opening, voting, counting, tabulation, incident) and handed in "
        f"{len(mission.bundles)} files to {folder / 'bundles'}:"
    )
    for note in mission.notes:
        console.print(f"   - {note}")
    try:
        run = run_demo(mission, language=args.lang)
    except WorkspaceError as error:
        print(f"observer-app demo: {error}", file=sys.stderr)
        return 1
    console.print("3. The coordinator merged them:")
    console.print(_table(run.imported.report, run.database_url))
    console.print(
        f"4. The commission's results, {run.official}, loaded beside the observers' protocol "
        f"copies: the published figures differ at {', '.join(run.altered) or 'no station'}"
    )
    console.print(f"5. Summary of findings: {run.pdf} ({run.pages} pages, {args.lang})")
    console.print(
        f"Done in {time.perf_counter() - started:.1f} s. Next: open the PDF; "
        f"`observer-app report --db sqlite:///{run.database_path} --lang kk "
        "--out summary-kk.pdf`; "
        f"`observer-app conflicts --db sqlite:///{run.database_path}`; "
        f"`observer-app results --db sqlite:///{run.database_path}`."
    )
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "demo", help="a realistic mission: teams' files, the merge, the summary PDF"
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    parser.add_argument("--teams", type=int, default=40, help="observer teams (default 40)")
    parser.add_argument("--seed", type=int, default=2021, help="makes the same mission again")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="the summary's language")
    parser.set_defaults(run=demo)
