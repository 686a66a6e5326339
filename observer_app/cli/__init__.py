"""The `observer-app` command line: a thin layer over the same services the window uses.

Each area has its own module with a `register(commands)` that adds its subcommands.
Exit status: 0 done, 1 the input was refused (every reason printed) or the database was
busy with another program's writing, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from observer_app import __version__
from observer_app.cli import (
    db,
    demo,
    exchange,
    forms,
    quickcount,
    registry,
    report,
    results,
    workspace,
)
from observer_app.store import DatabaseBusy

#: The modules whose subcommands make up the command line, in the order of --help.
AREAS = (workspace, forms, registry, db, exchange, report, quickcount, results, demo)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="observer-app",
        description="Election-day checklists for observers; merged summaries for coordinators.",
    )
    parser.add_argument("--version", action="version", version=f"observer-app {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in AREAS:
        area.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        print("\nWithout a command, observer-app opens the desktop window.")
        return 0
    try:
        status: int = args.run(args)
    except DatabaseBusy as busy:  # any command that writes: one line, not a traceback
        print(busy, file=sys.stderr)
        return 1
    return status
