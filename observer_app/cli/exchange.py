"""`observer-app device|coordinator-key|mission|export|merge|conflicts`: the exchange of files.

Observers: `device` (the fingerprint to read out at the briefing), `mission import`,
`export`. Coordinators: `coordinator-key`, `mission create`, `merge`, `conflicts`.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from observer_app.domain.bundled import forms_dir, registry_dir
from observer_app.domain.registry import RegistryError
from observer_app.exchange.documents import Refused
from observer_app.exchange.export import NothingToExport, export_bundle
from observer_app.exchange.keys import (
    CoordinatorKey,
    KeyFileError,
    coordinator_key_path,
    load_coordinator_key,
    load_or_create_coordinator_key,
    load_or_create_device_key,
)
from observer_app.exchange.merge import FileResult, Merger, MergeReport, bundle_paths
from observer_app.exchange.mission import (
    MissionError,
    build_mission_package,
    current_mission,
    install_mission,
    read_mission_package,
)
from observer_app.exchange.review import list_conflicts
from observer_app.exchange.rules import Outcome
from observer_app.formspec import FormLoadError
from observer_app.store.database import open_database

_DB_HELP = "SQLAlchemy URL (default: the user's database)"


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


# --- keys -------------------------------------------------------------------------------


def device(args: argparse.Namespace) -> int:
    try:
        key, created = load_or_create_device_key(Path(args.key) if args.key else None)
    except KeyFileError as error:
        return _fail(str(error))
    print(f"device id:   {key.device_id}")
    print(f"fingerprint: {key.short_fingerprint}")
    if created:
        print("a new device key was made for this laptop")
    return 0


def coordinator_key(args: argparse.Namespace) -> int:
    path = Path(args.key) if args.key else coordinator_key_path()
    try:
        key, created = load_or_create_coordinator_key(path)
    except KeyFileError as error:
        return _fail(str(error))
    print(f"coordinator key: {path}{' (made now)' if created else ''}")
    print(f"fingerprint:     {key.short_fingerprint}")
    if created:
        print(
            "Back this file up and keep it secret: without it no encrypted bundle can be read, "
            "and with it anyone can read them."
        )
    return 0


# --- missions ---------------------------------------------------------------------------


def mission_create(args: argparse.Namespace) -> int:
    public_key: bytes | None = None
    made_key = False
    key_path = Path(args.key) if args.key else coordinator_key_path()
    if not args.unencrypted:
        try:
            key, made_key = load_or_create_coordinator_key(key_path)
        except KeyFileError as error:
            return _fail(str(error))
        public_key = key.public_key
    try:
        package, data = build_mission_package(
            name=args.name,
            election=args.election,
            forms_dir=Path(args.forms) if args.forms else forms_dir(),
            registry_dir=Path(args.registry) if args.registry else registry_dir(),
            coordinator_key=public_key,
            created_at=datetime.now(UTC).astimezone(),
        )
    except FormLoadError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except (RegistryError, MissionError) as error:
        return _fail(str(error))
    database = open_database(args.db)
    try:
        with database.transaction() as session:
            install_mission(session, package)
    except MissionError as error:
        return _fail(f"{database.url}: {error}")
    finally:
        database.close()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    mission = package.mission
    print(f"mission {mission.name!r} ({mission.id}) written to {out}")
    print(
        f"{len(package.forms)} forms, {len(package.registry.stations)} polling stations; "
        f"this database ({database.url}) is set up to merge its bundles"
    )
    if public_key is None:
        print("bundles will be signed but NOT encrypted (--unencrypted)")
    else:
        print(
            "bundles will be encrypted to the coordinator key "
            f"{mission.coordinator_short_fingerprint} in {key_path}"
            f"{' (made now: back it up)' if made_key else ''}"
        )
    return 0


def mission_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        package = read_mission_package(path.read_bytes())
    except OSError as error:
        return _fail(f"{path}: cannot read the file ({error.strerror or error})")
    except Refused as refused:
        return _fail(f"{path}: {refused}")
    database = open_database(args.db)
    try:
        with database.transaction() as session:
            install_mission(session, package)
    except MissionError as error:
        return _fail(f"{path}: {error}")
    finally:
        database.close()
    mission = package.mission
    print(f"{database.url}: set up for mission {mission.name!r} ({mission.election})")
    print(f"{len(package.forms)} forms, {len(package.registry.stations)} polling stations")
    if mission.coordinator_key is None:
        print("bundles will be signed, not encrypted: this mission has no coordinator key")
    else:
        print(
            f"bundles will be encrypted to the coordinator key "
            f"{mission.coordinator_short_fingerprint}: check it against the briefing"
        )
    return 0


def mission_show(args: argparse.Namespace) -> int:
    database = open_database(args.db)
    try:
        with database.reading() as session:
            mission = current_mission(session)
    finally:
        database.close()
    if mission is None:
        return _fail(f"{database.url}: no mission imported")
    print(f"mission:         {mission.name} ({mission.id})")
    print(f"election:        {mission.election}")
    print(f"coordinator key: {mission.coordinator_short_fingerprint or 'none (not encrypted)'}")
    return 0


# --- export and merge -------------------------------------------------------------------


def export(args: argparse.Namespace) -> int:
    try:
        key, _ = load_or_create_device_key(Path(args.key) if args.key else None)
    except KeyFileError as error:
        return _fail(str(error))
    database = open_database(args.db)
    try:
        result = export_bundle(database, Path(args.out), key)
    except (MissionError, NothingToExport) as error:
        return _fail(str(error))
    finally:
        database.close()
    sealed = "signed and encrypted" if result.encrypted else "signed, not encrypted"
    print(f"{result.path}: {result.submissions} submission(s), {sealed}")
    return 0


def _coordinator_key(args: argparse.Namespace) -> CoordinatorKey | None:
    if args.key:
        return load_coordinator_key(Path(args.key))
    path = coordinator_key_path()
    return load_coordinator_key(path) if path.exists() else None


_COLUMNS = (Outcome.IMPORTED, Outcome.DUPLICATE, Outcome.UPDATED, Outcome.STALE, Outcome.CONFLICT)


def _table(report: MergeReport, url: str) -> Table:
    table = Table(title=f"merged into {url}", title_justify="left")
    table.add_column("file", overflow="fold")
    for outcome in _COLUMNS:
        table.add_column(outcome.value, justify="right")
    table.add_column("result", overflow="fold")
    for result in report.files:
        counts = ["" if result.rejected else str(result.counts[o]) for o in _COLUMNS]
        status = f"rejected: {result.reason}" if result.rejected else "merged"
        table.add_row(str(result.path), *counts, status)
    totals = report.totals
    table.add_section()
    table.add_row(
        f"total: {totals['files']} file(s)",
        *(str(totals[o.value]) for o in _COLUMNS),
        f"{totals['rejected']} rejected",
        style="bold",
    )
    return table


def merge(args: argparse.Namespace) -> int:
    paths = bundle_paths(Path(p) for p in args.paths)
    if not paths:
        return _fail(f"no bundles (*.zip) found in {', '.join(args.paths)}")
    try:
        key = _coordinator_key(args)
    except KeyFileError as error:
        return _fail(str(error))
    database = open_database(args.db)
    try:
        try:
            merger = Merger(database, coordinator_key=key)
        except MissionError as error:
            return _fail(str(error))
        report = _merge_with_progress(merger, paths, quiet=args.json)
    finally:
        database.close()
    if args.json:
        print(
            json.dumps({"database": database.url, **report.to_json()}, ensure_ascii=False, indent=2)
        )
    else:
        console = Console(width=None if sys.stdout.isatty() else 250)
        console.print(_table(report, database.url))
        conflicts = sum(len(r.conflicts) for r in report.files)
        if conflicts:
            console.print(f"{conflicts} conflict(s) kept for review: observer-app conflicts")
    for result in report.files:
        if result.rejected:
            print(result.message, file=sys.stderr)
    return 1 if report.rejected else 0


def _merge_with_progress(merger: Merger, paths: list[Path], *, quiet: bool) -> MergeReport:
    """Merge with a progress bar on the terminal (stderr), none when output is redirected."""
    console = Console(stderr=True)
    with Progress(
        TextColumn("merging"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rejected]} rejected"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task("merge", total=len(paths), rejected=0)
        rejected = 0

        def advance(done: int, total: int, result: FileResult) -> None:
            nonlocal rejected
            rejected += result.rejected
            progress.update(task, completed=done, rejected=rejected)

        return merger.merge_files(paths, progress=advance)


def conflicts(args: argparse.Namespace) -> int:
    database = open_database(args.db)
    try:
        with database.reading() as session:
            found = list_conflicts(session)
    finally:
        database.close()
    if args.json:
        print(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(f"{database.url}: no conflicts")
        return 0
    for conflict in found:
        place = conflict.station_id or "-"
        print(
            f"{conflict.submission_id} revision {conflict.revision}: {conflict.form_id} at "
            f"{place}, {conflict.observer}"
        )
        for version in conflict.versions:
            mark = "counted " if version.counted else "kept    "
            print(
                f"  {mark}{version.content_hash[:16]}  saved {version.updated_at:%Y-%m-%d %H:%M}"
                f" UTC  device {version.device_id or 'this database'}"
            )
    return 0


# --- the parser -------------------------------------------------------------------------


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("device", help="this laptop's device id and key fingerprint")
    parser.add_argument("--key", help="device key file (default: in the data folder)")
    parser.set_defaults(run=device)

    parser = commands.add_parser(
        "coordinator-key", help="make or show the coordinator's encryption key"
    )
    parser.add_argument("--key", help="key file (default: in the data folder)")
    parser.set_defaults(run=coordinator_key)

    mission = commands.add_parser("mission", help="create, import or show a mission package")
    sub = mission.add_subparsers(dest="mission_command", metavar="COMMAND", required=True)
    parser = sub.add_parser("create", help="write a mission package for observers' laptops")
    parser.add_argument("--name", required=True, help="the mission's name")
    parser.add_argument("--election", required=True, help="the election observed")
    parser.add_argument("--forms", help="folder of forms (default: the built-in ones)")
    parser.add_argument("--registry", help="folder with regions.csv and stations.csv")
    keys = parser.add_mutually_exclusive_group()
    keys.add_argument("--key", help="coordinator key file (made if absent; default: data folder)")
    keys.add_argument(
        "--unencrypted", action="store_true", help="no coordinator key: bundles signed only"
    )
    parser.add_argument("--out", required=True, help="the package file to write")
    parser.add_argument("--db", help=f"the coordinator's database: {_DB_HELP}")
    parser.set_defaults(run=mission_create)
    parser = sub.add_parser("import", help="set this laptop's database up for a mission")
    parser.add_argument("file", help="the mission package")
    parser.add_argument("--db", help=_DB_HELP)
    parser.set_defaults(run=mission_import)
    parser = sub.add_parser("show", help="the mission this database is set up for")
    parser.add_argument("--db", help=_DB_HELP)
    parser.set_defaults(run=mission_show)

    parser = commands.add_parser("export", help="write this laptop's bundle for the coordinator")
    parser.add_argument("--out", required=True, help="folder to write the bundle into")
    parser.add_argument("--db", help=_DB_HELP)
    parser.add_argument("--key", help="device key file (default: in the data folder)")
    parser.set_defaults(run=export)

    parser = commands.add_parser("merge", help="merge observers' bundles into this database")
    parser.add_argument("paths", nargs="+", metavar="FILE|DIR", help="bundles, or folders of them")
    parser.add_argument("--db", help=_DB_HELP)
    parser.add_argument("--key", help="coordinator key file (default: in the data folder)")
    parser.add_argument("--json", action="store_true", help="the result as JSON")
    parser.set_defaults(run=merge)

    parser = commands.add_parser("conflicts", help="submissions handed in with two contents")
    parser.add_argument("--db", help=_DB_HELP)
    parser.add_argument("--json", action="store_true", help="as JSON")
    parser.set_defaults(run=conflicts)
