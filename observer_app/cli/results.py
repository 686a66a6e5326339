"""`observer-app results` and `observer-app quarantine`: the official results beside the
observers' protocol copies, the quick count, and the protocol copies kept out of both."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from observer_app.domain.i18n import LANGUAGES, Language
from observer_app.reporting.results.words import (
    ResultWords,
    difference_text,
    discrepancy_sentence,
    estimate_rows,
    missing_sentence,
    quarantine_sentence,
    reported_sentence,
    turnout_line,
)
from observer_app.workspace.coordinator import CoordinatorWorkspace
from observer_app.workspace.errors import WorkspaceError


def _fail(command: str, message: str) -> int:
    print(f"observer-app {command}: {message}", file=sys.stderr)
    return 1


def results_import(args: argparse.Namespace) -> int:
    try:
        workspace = CoordinatorWorkspace.open(args.db)
    except WorkspaceError as error:
        return _fail("results import", str(error))
    try:
        loaded = workspace.import_official_results(Path(args.file))
    except WorkspaceError as error:
        print(str(error), file=sys.stderr)
        print(f"observer-app results import: {args.file}: refused, nothing loaded", file=sys.stderr)
        return 1
    finally:
        workspace.close()
    replaced = f" ({loaded.replaced} replacing earlier figures)" if loaded.replaced else ""
    print(f"{loaded.path}: official results of {loaded.stations} polling stations{replaced}")
    return 0


def results_show(args: argparse.Namespace) -> int:
    language: Language = args.lang
    try:
        workspace = CoordinatorWorkspace.open(args.db)
    except WorkspaceError as error:
        return _fail("results", str(error))
    try:
        data = workspace.results(language)
    finally:
        workspace.close()
    words = ResultWords(language)
    _ = words.gettext
    count = data.quick_count
    if data.sample is None:
        print(_("Quick count: no sample drawn (observer-app pvt sample)."))
    elif count is not None:
        print(_("Quick count"))
        print("  " + reported_sentence(words, count.reported, count.sample_size))
        for row in estimate_rows(words, data):
            official = f"  {_('published')} {row.official} {row.verdict}" if row.verdict else ""
            print(f"  {row.name}: {row.estimate} {row.margin95} (99 %: {row.margin99}){official}")
    if data.turnout_hours:
        print(_("Turnout through the day"))
        for hour in data.turnout_hours:
            print("  " + turnout_line(words, hour))
    found = data.discrepancies
    if found is None:
        print(_("Official results: none loaded (observer-app results import)."))
    else:
        print(discrepancy_sentence(words, len(found.differing), len(found.compared)))
        for station in found.differing:
            name = data.station_names.get(station.copy.station_id, station.copy.station_id)
            print(f"  {name} ({station.copy.station_id}):")
            for difference in station.differences:
                print("    " + difference_text(words, data, difference))
        if found.missing:
            print(missing_sentence(words, len(found.missing)))
            for copy in found.missing:
                print(f"  {data.station_names.get(copy.station_id, copy.station_id)}")
    if data.quarantined:
        print(quarantine_sentence(words, len(data.quarantined)))
    return 0


def results_turnout(args: argparse.Namespace) -> int:
    try:
        workspace = CoordinatorWorkspace.open(args.db)
    except WorkspaceError as error:
        return _fail("results turnout", str(error))
    try:
        published = workspace.record_published_turnout(args.figures)
    except WorkspaceError as error:
        return _fail("results turnout", str(error))
    finally:
        workspace.close()
    hours = ", ".join(f"{hour} {share:.1%}" for hour, share in published.items())
    print(f"the commission's published turnout: {hours}")
    return 0


def _quarantine_json(line: Any) -> dict[str, Any]:
    restored = line.restored
    return {
        "submission_id": line.submission_id,
        "station_id": line.station_id,
        "team": line.team,
        "reasons": list(line.reasons),
        "restored": None
        if restored is None
        else {
            "decided_by": restored.decided_by,
            "decided_at": restored.decided_at.isoformat(),
            "note": restored.note,
        },
    }


def quarantine(args: argparse.Namespace) -> int:
    if args.quarantine_command == "restore":
        return quarantine_restore(args)
    try:
        workspace = CoordinatorWorkspace.open(args.db)
    except WorkspaceError as error:
        return _fail("quarantine", str(error))
    try:
        lines = workspace.quarantine(args.lang)
    finally:
        workspace.close()
    if args.json:
        print(json.dumps([_quarantine_json(line) for line in lines], ensure_ascii=False, indent=2))
        return 0
    if not lines:
        print(f"{workspace.database.name}: no protocol copy with an error")
    for line in lines:
        state = (
            "quarantined"
            if line.restored is None
            else f"restored by {line.restored.decided_by}"
            + (f": {line.restored.note}" if line.restored.note else "")
        )
        print(f"{line.submission_id}  {line.station} ({line.station_id}), {line.team}: {state}")
        for reason in line.reasons:
            print(f"  {reason}")
    return 0


def quarantine_restore(args: argparse.Namespace) -> int:
    try:
        workspace = CoordinatorWorkspace.open(args.restore_db or args.db)
    except WorkspaceError as error:
        return _fail("quarantine restore", str(error))
    try:
        restored = workspace.restore_protocol(args.submission_id, args.by, args.why or "")
    except WorkspaceError as error:
        return _fail("quarantine restore", str(error))
    finally:
        workspace.close()
    note = f": {restored.note}" if restored.note else ""
    print(f"{args.submission_id}: counted in the results; decided by {restored.decided_by}{note}")
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "results", help="the quick count and the official results beside the observers' copies"
    )
    parser.add_argument("--db", help="SQLAlchemy URL (default: the user's database)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    parser.set_defaults(run=results_show)
    sub = parser.add_subparsers(dest="results_command", metavar="COMMAND")
    loading = sub.add_parser("import", help="load the commission's per-station results")
    loading.add_argument("file", metavar="FILE.csv|FILE.xlsx")
    loading.add_argument("--db", dest="db_import", help="SQLAlchemy URL")
    loading.set_defaults(run=lambda args: results_import(_db(args, "db_import")))
    turnout = sub.add_parser("turnout", help="the turnout the commission published through the day")
    turnout.add_argument("figures", nargs="+", metavar="HH:MM=PERCENT", help="e.g. 12:00=21.4")
    turnout.add_argument("--db", dest="db_turnout", help="SQLAlchemy URL")
    turnout.set_defaults(run=lambda args: results_turnout(_db(args, "db_turnout")))

    parser = commands.add_parser(
        "quarantine", help="protocol copies kept out of the results for an arithmetic error"
    )
    parser.add_argument("--db", help="SQLAlchemy URL (default: the user's database)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    parser.add_argument("--json", action="store_true", help="as JSON")
    parser.set_defaults(run=quarantine, quarantine_command=None)
    sub = parser.add_subparsers(dest="quarantine_command", metavar="COMMAND")
    restore = sub.add_parser("restore", help="count a quarantined copy, on record")
    restore.add_argument("submission_id", metavar="SUBMISSION_ID")
    restore.add_argument("--by", required=True, metavar="NAME", help="who decides")
    restore.add_argument("--why", metavar="TEXT", help="the reason, kept with the decision")
    restore.add_argument("--db", dest="restore_db", help="SQLAlchemy URL")


def _db(args: argparse.Namespace, name: str) -> argparse.Namespace:
    """A subcommand's own --db, else the group's."""
    args.db = getattr(args, name) or args.db
    return args
