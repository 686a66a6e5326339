"""`observer-app registry check|load`: a coordinator's polling-station registry."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from observer_app.domain.bundled import registry_dir
from observer_app.domain.registry import Registry, RegistryError, read_registry
from observer_app.store.database import open_database
from observer_app.store.registry import replace_registry


def _read(args: argparse.Namespace) -> tuple[Path, Registry | None]:
    directory = Path(args.directory) if args.directory else registry_dir()
    try:
        return directory, read_registry(directory)
    except RegistryError as error:
        print(error, file=sys.stderr)
        return directory, None


def check(args: argparse.Namespace) -> int:
    directory, registry = _read(args)
    if registry is None:
        return 1
    print(
        f"{directory}: {len(registry.regions)} regions, {len(registry.tecs)} TECs, "
        f"{len(registry.stations)} polling stations"
    )
    return 0


def load(args: argparse.Namespace) -> int:
    _, registry = _read(args)
    if registry is None:
        return 1
    database = open_database(args.db)
    try:
        with database.transaction() as session:
            replace_registry(session, registry)
    finally:
        database.close()
    print(f"loaded {len(registry.stations)} polling stations into {database.url}")
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    registry = commands.add_parser("registry", help="check or load a polling-station registry")
    sub = registry.add_subparsers(dest="registry_command", metavar="COMMAND", required=True)
    check_parser = sub.add_parser("check", help="validate regions.csv and stations.csv in a folder")
    check_parser.add_argument("directory", nargs="?", help="default: the built-in registry")
    check_parser.set_defaults(run=check)
    load_parser = sub.add_parser("load", help="replace the database's registry with a folder's")
    load_parser.add_argument("directory", nargs="?", help="default: the built-in registry")
    load_parser.add_argument("--db", help="SQLAlchemy URL (default: the user's database)")
    load_parser.set_defaults(run=load)
