"""`observer-app device|coordinator-key|mission|export|merge|conflicts`: the exchange of files.

Observers: `device` (the fingerprint to read out at the briefing), `mission import`,
`export`. Coordinators: `coordinator-key`, `mission create`, `merge`, `conflicts`
(`conflicts resolve` to settle one). Each command is a thin layer over `workspace`.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from observer_app.domain.shown import one_line
from observer_app.exchange.merge import MergeReport
from observer_app.exchange.rules import Outcome
from observer_app.workspace.conflicts import ConflictLine, Settlement
from observer_app.workspace.coordinator import CoordinatorWorkspace
from observer_app.workspace.errors import WorkspaceError
from observer_app.workspace.imports import ImportLine, ImportReport
from observer_app.workspace.keys import device_info, make_or_read_coordinator_key
from observer_app.workspace.laptop import ObserverWorkspace
from observer_app.workspace.missions import create_mission, mission_of

_DB_HELP = "SQLAlchemy URL (default: the user's database)"


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


# --- keys -------------------------------------------------------------------------------


def device(args: argparse.Namespace) -> int:
    try:
        info = device_info(_path(args.key))
    except WorkspaceError as error:
        return _fail(str(error))
    print(f"device id:   {info.device_id}")
    print(f"fingerprint: {info.fingerprint}")
    if info.created:
        print("a new device key was made for this laptop")
    return 0


def coordinator_key(args: argparse.Namespace) -> int:
    try:
        key, path, created = make_or_read_coordinator_key(_path(args.key))
    except WorkspaceError as error:
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


def _in_languages(en: str, ru: str | None, kk: str | None) -> dict[str, str]:
    """A name per report language; the English one stands in for a language not given."""
    given = {"en": en, "ru": ru, "kk": kk}
    return {language: text for language, text in given.items() if text and text.strip()}


def mission_create(args: argparse.Namespace) -> int:
    try:
        created = create_mission(
            name=args.name,
            election=args.election,
            names=_in_languages(args.name, args.name_ru, args.name_kk),
            elections=_in_languages(args.election, args.election_ru, args.election_kk),
            out=Path(args.out),
            url=args.db,
            forms_folder=_path(args.forms),
            registry_folder=_path(args.registry),
            roster=_path(args.roster),
            key_path=_path(args.key),
            encrypted=not args.unencrypted,
        )
    except WorkspaceError as error:
        return _fail(str(error))
    mission = created.mission
    print(f"mission {mission.name!r} ({mission.id}) written to {created.package}")
    print(
        f"{created.forms} forms, {created.stations} polling stations; "
        f"this database ({created.database_url}) is set up to merge its bundles"
    )
    if created.key_path is None:
        print("bundles will be signed but NOT encrypted (--unencrypted)")
    else:
        print(
            "bundles will be encrypted to the coordinator key "
            f"{mission.coordinator_short_fingerprint} in {created.key_path}"
            f"{' (made now: back it up)' if created.key_made else ''}"
        )
    return 0


def mission_import(args: argparse.Namespace) -> int:
    workspace = ObserverWorkspace.open(args.db)
    try:
        mission = workspace.set_up_from_package(Path(args.file), None)
        forms = len(workspace.forms.latest())
        stations = len(workspace.registry().stations)
    except ValueError as error:
        return _fail(str(error))
    finally:
        workspace.close()
    print(f"{workspace.database.url}: set up for mission {mission.name!r} ({mission.election})")
    print(f"{forms} forms, {stations} polling stations")
    if mission.coordinator_key is None:
        print("bundles will be signed, not encrypted: this mission has no coordinator key")
    else:
        print(
            f"bundles will be encrypted to the coordinator key "
            f"{mission.coordinator_short_fingerprint}: check it against the briefing"
        )
    return 0


def mission_show(args: argparse.Namespace) -> int:
    mission, url = mission_of(args.db)
    if mission is None:
        return _fail(f"{url}: no mission imported")
    print(f"mission:         {mission.name} ({mission.id})")
    print(f"election:        {mission.election}")
    print(f"coordinator key: {mission.coordinator_short_fingerprint or 'none (not encrypted)'}")
    return 0


# --- export and merge -------------------------------------------------------------------


def export(args: argparse.Namespace) -> int:
    workspace = ObserverWorkspace.open(args.db)
    try:
        result = workspace.hand_in(Path(args.out), key_path=_path(args.key))
    except WorkspaceError as error:
        return _fail(str(error))
    finally:
        workspace.close()
    sealed = "signed and encrypted" if result.encrypted else "signed, not encrypted"
    print(f"{result.path}: {result.submissions} submission(s), {sealed}")
    return 0


_COLUMNS = (Outcome.IMPORTED, Outcome.DUPLICATE, Outcome.UPDATED, Outcome.STALE, Outcome.CONFLICT)


def _table(report: MergeReport, url: str) -> Table:
    table = Table(title=f"merged into {url}", title_justify="left")
    table.add_column("file", overflow="fold")
    for outcome in _COLUMNS:
        table.add_column(outcome.value, justify="right")
    table.add_column("result", overflow="fold")
    for result in report.files:
        counts = ["" if result.rejected else str(result.counts[o]) for o in _COLUMNS]
        status = f"rejected: {one_line(result.reason or '')}" if result.rejected else "merged"
        if result.foreign:
            status += (
                f"; {len(result.foreign)} record(s) of other laptops' submissions refused, "
                "not counted"
            )
        # Text, not markup: a file named "[red]x.zip" is shown as named, never styled.
        table.add_row(Text(result.shown_path), *counts, Text(status))
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
    try:
        workspace = CoordinatorWorkspace.open(args.db, key_path=_path(args.key))
    except WorkspaceError as error:
        return _fail(str(error))
    try:
        imported = _merge_with_progress(workspace, [Path(p) for p in args.paths])
    except WorkspaceError as error:
        return _fail(str(error))
    finally:
        workspace.close()
    report = imported.report
    url = workspace.database.url
    if args.json:
        print(json.dumps({"database": url, **report.to_json()}, ensure_ascii=False, indent=2))
    else:
        console = Console(width=None if sys.stdout.isatty() else 250)
        console.print(_table(report, url))
        conflicts = sum(len(r.conflicts) for r in report.files)
        if conflicts:
            console.print(f"{conflicts} conflict(s) kept for review: observer-app conflicts")
    for result in report.files:
        if result.rejected:
            print(result.message, file=sys.stderr)
        for submission_id in result.foreign:
            print(
                f"{result.shown_path}: submission {submission_id} was handed in first by "
                "another laptop; this file's record of it is refused, not counted",
                file=sys.stderr,
            )
    return 1 if report.rejected or any(r.foreign for r in report.files) else 0


def _merge_with_progress(workspace: CoordinatorWorkspace, paths: list[Path]) -> ImportReport:
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
        task = progress.add_task("merge", total=None, rejected=0)
        rejected = 0

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, rejected=rejected)

        def count(line: ImportLine) -> None:
            nonlocal rejected
            rejected += line.rejected

        return workspace.import_files(paths, progress=advance, on_file=count)


# --- conflicts --------------------------------------------------------------------------


def conflicts(args: argparse.Namespace) -> int:
    if args.conflicts_command == "resolve":
        return conflicts_resolve(args)
    try:
        workspace = CoordinatorWorkspace.open(args.db)
    except WorkspaceError as error:
        return _fail(str(error))
    try:
        found = workspace.conflicts("en")
    finally:
        workspace.close()
    url = workspace.database.url
    if args.json:
        print(json.dumps([_conflict_json(c) for c in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(f"{url}: no conflicts")
        return 0
    for conflict in found:
        decided = f"; kept {conflict.kept[:16]} by {conflict.decided_by}" if conflict.kept else ""
        print(
            f"{conflict.submission_id} revision {conflict.revision}: {conflict.form_id} at "
            f"{conflict.place or '-'}, {conflict.observer}{decided}"
        )
        for version in conflict.versions:
            mark = "counted " if version.counted else "kept    "
            print(
                f"  {mark}{version.content_hash[:16]}  saved {version.saved_at:%Y-%m-%d %H:%M}"
                f" UTC  device {version.device_id or 'this database'}"
            )
            if version.handed_in_at is not None:
                who = ", ".join(p for p in (version.team, version.observer) if p)
                print(
                    f"            handed in {version.handed_in_at:%Y-%m-%d %H:%M} by {who}"
                    f" (file {version.bundle_id})"
                )
    if any(conflict.kept is None for conflict in found):
        print(
            "settle one with: observer-app conflicts resolve SUBMISSION_ID --keep HASH "
            '--by NAME --why "..."'
        )
    return 0


def _conflict_json(conflict: ConflictLine) -> dict[str, Any]:
    document: dict[str, Any] = asdict(conflict)
    for version in document["versions"]:
        for key in ("saved_at", "handed_in_at", "merged_at"):
            if version[key] is not None:
                version[key] = version[key].isoformat()
    return document


def conflicts_resolve(args: argparse.Namespace) -> int:
    try:
        workspace = CoordinatorWorkspace.open(args.resolve_db or args.db)
    except WorkspaceError as error:
        return _fail(str(error))
    try:
        decision = workspace.settle_conflict(
            Settlement(args.submission_id, args.keep, args.by, args.why or "", args.revision)
        )
    except WorkspaceError as error:
        return _fail(str(error))
    finally:
        workspace.close()
    print(
        f"{decision.submission_id} revision {decision.revision}: content "
        f"{decision.kept_hash[:16]} is counted; decided by {decision.decided_by}"
        f"{': ' + decision.note if decision.note else ''}"
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
    parser.add_argument("--name-ru", help="the mission's name in Russian (for ru reports)")
    parser.add_argument("--name-kk", help="the mission's name in Kazakh (for kk reports)")
    parser.add_argument("--election-ru", help="the election in Russian (for ru reports)")
    parser.add_argument("--election-kk", help="the election in Kazakh (for kk reports)")
    parser.add_argument("--forms", help="folder of forms (default: the built-in ones)")
    parser.add_argument("--registry", help="folder with regions.csv and stations.csv")
    parser.add_argument(
        "--roster", help="CSV of the teams expected (team,observers,region), to see who has not"
    )
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

    parser = commands.add_parser(
        "conflicts", help="submissions handed in with two contents; `resolve` settles one"
    )
    parser.add_argument("--db", help=_DB_HELP)
    parser.add_argument("--json", action="store_true", help="as JSON")
    parser.set_defaults(run=conflicts, conflicts_command=None)
    sub = parser.add_subparsers(dest="conflicts_command", metavar="COMMAND")
    resolve = sub.add_parser(
        "resolve", help="keep one content of a conflict, recording who decided and why"
    )
    resolve.add_argument("submission_id", metavar="SUBMISSION_ID")
    resolve.add_argument(
        "--keep", required=True, metavar="HASH", help="the content to count (its hash, or a prefix)"
    )
    resolve.add_argument("--by", required=True, metavar="NAME", help="who decides")
    resolve.add_argument("--why", metavar="TEXT", help="the reason, for the record")
    resolve.add_argument(
        "--revision", type=int, metavar="N", help="which revision, when it has several conflicts"
    )
    resolve.add_argument("--db", dest="resolve_db", help=_DB_HELP)
