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

from observer_app.analysis import Filters, Unit, summarize
from observer_app.cli.exchange import _table
from observer_app.domain.i18n import LANGUAGES
from observer_app.exchange.demo import build_demo_mission
from observer_app.exchange.merge import Merger
from observer_app.exchange.mission import install_mission
from observer_app.reporting.summary_pdf import write_summary
from observer_app.store.database import open_database


def demo(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        print(f"observer-app demo: {folder} is a file, not a folder", file=sys.stderr)
        return 1
    console = Console(width=None if sys.stdout.isatty() else 160)
    mission = build_demo_mission(folder, teams=args.teams, seed=args.seed)
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
    database_path = folder / "coordinator.sqlite3"
    for leftover in folder.glob("coordinator.sqlite3*"):
        leftover.unlink()
    database = open_database(f"sqlite:///{database_path}")
    try:
        with database.transaction() as session:
            install_mission(session, mission.package)
        merger = Merger(database, coordinator_key=mission.coordinator_key)
        report = merger.merge_files(mission.bundles)
        console.print("3. The coordinator merged them:")
        console.print(_table(report, database.url))
        summary = summarize(database, mission.package.forms, Filters(), Unit.OBSERVATION)
        pdf = folder / "summary.pdf"
        pages = write_summary(summary, pdf, args.lang, "a4")
    finally:
        database.close()
    console.print(f"4. Summary of findings: {pdf} ({pages} pages, {args.lang})")
    console.print(
        f"Done in {time.perf_counter() - started:.1f} s. Next: open the PDF; "
        f"`observer-app report --db sqlite:///{database_path} --lang kk --out summary-kk.pdf`; "
        f"`observer-app conflicts --db sqlite:///{database_path}`."
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
