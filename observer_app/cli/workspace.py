"""`observer-app setup`: prepare a laptop without the window (for the IT desk before a briefing)."""

from __future__ import annotations

import argparse

from observer_app.workspace.laptop import ObserverProfile, ObserverWorkspace


def setup(args: argparse.Namespace) -> int:
    workspace = ObserverWorkspace.open(args.db)
    try:
        workspace.set_up_builtin_mission(ObserverProfile(args.name.strip(), args.team.strip()))
    except ValueError as error:
        print(error)
        return 1
    finally:
        workspace.close()
    print(
        f"{workspace.database.url}: set up for {args.name.strip()} ({args.team.strip()}) "
        "with the built-in mission"
    )
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "setup", help="name the observer and load the built-in mission, without the window"
    )
    parser.add_argument("--name", required=True, help="the observer's name")
    parser.add_argument("--team", default="", help="the observer's team")
    parser.add_argument("--db", help="SQLAlchemy URL (default: the user's database)")
    parser.set_defaults(run=setup)
