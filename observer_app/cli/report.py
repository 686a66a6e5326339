"""`observer-app report|export-table|print`: the printed summary, the tables, a printed form."""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from observer_app.analysis import FilterError, Filters, Unit, summarize
from observer_app.analysis.filters import parse_moment
from observer_app.analysis.summary import Summary
from observer_app.domain.bundled import forms_dir
from observer_app.domain.i18n import LANGUAGES
from observer_app.exchange.mission import mission_library
from observer_app.formspec import FormLibrary, FormLoadError, load_forms
from observer_app.reporting.fonts import FontMissing
from observer_app.reporting.styles import PAPERS
from observer_app.reporting.submission_pdf import print_submission
from observer_app.reporting.summary_pdf import write_summary
from observer_app.reporting.tables import ExportError, export_tables
from observer_app.store.database import Database, open_database
from observer_app.store.registry import list_regions
from observer_app.store.submissions import SubmissionNotFound


class _Refused(Exception):
    """Bad input for a command: the message says which and why."""


def _library(args: argparse.Namespace, database: Database) -> FormLibrary:
    """The forms given with --forms, else the mission's (every version it has used), else
    the built-in ones (a database that no mission package set up)."""
    if not args.forms:
        with database.reading() as session:
            library = mission_library(session)
        if len(library):
            return library
    directory = Path(args.forms) if args.forms else forms_dir()
    try:
        return load_forms(directory)
    except FormLoadError as error:
        raise _Refused("\n".join(str(p) for p in error.problems)) from None


def _filters(args: argparse.Namespace, database: Database, library: FormLibrary) -> Filters:
    with database.reading() as session:
        known = {region.code for region in list_regions(session)}
    regions = tuple(code.upper() for code in args.region or ())
    unknown = [code for code in regions if code not in known]
    if unknown:
        raise _Refused(
            f"unknown region(s) {', '.join(unknown)}; the registry has: {', '.join(sorted(known))}"
        )
    forms = tuple(args.form or ())
    form_ids = sorted({form.id for form in library})
    missing = [form for form in forms if form not in form_ids]
    if missing:
        raise _Refused(
            f"unknown form(s) {', '.join(missing)}; the forms are: {', '.join(form_ids)}"
        )
    try:
        return Filters(
            regions=regions,
            forms=forms,
            teams=tuple(args.team or ()),
            since=parse_moment(args.since) if args.since else None,
            until=parse_moment(args.until) if args.until else None,
        )
    except FilterError as error:
        raise _Refused(str(error)) from None


def _progress(label: str) -> tuple[Progress | None, Callable[[int, int], None] | None]:
    if not sys.stderr.isatty():
        return None, None
    bar = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), transient=True, redirect_stdout=False
    )
    task = bar.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, update


def _summary(args: argparse.Namespace, database: Database, library: FormLibrary) -> Summary:
    filters = _filters(args, database, library)
    unit = Unit.STATION if getattr(args, "per_station", False) else Unit.OBSERVATION
    bar, update = _progress("counting")
    if bar is None:
        return summarize(database, library, filters, unit)
    with bar:
        return summarize(database, library, filters, unit, progress=update)


def _out(args: argparse.Namespace, suffixes: tuple[str, ...]) -> Path:
    out = Path(args.out)
    if out.suffix.lower() not in suffixes:
        raise _Refused(f"{out}: the file name must end in {' or '.join(suffixes)}")
    if not out.parent.is_dir():
        raise _Refused(f"{out}: folder {out.parent} does not exist")
    return out


def _run(
    command: Callable[[argparse.Namespace, Database, FormLibrary], int],
) -> Callable[[argparse.Namespace], int]:
    """Open the database and forms, run `command`, turn refusals into one-line messages."""

    def run(args: argparse.Namespace) -> int:
        database: Database | None = None
        try:
            database = open_database(args.db)
            library = _library(args, database)
            return command(args, database, library)
        except (_Refused, ExportError, FontMissing, SubmissionNotFound) as error:
            print(f"observer-app {args.command}: {error}", file=sys.stderr)
            return 1
        except OSError as error:
            print(
                f"observer-app {args.command}: {error.filename or ''}: {error.strerror}",
                file=sys.stderr,
            )
            return 1
        finally:
            if database is not None:
                database.close()

    return run


def report(args: argparse.Namespace, database: Database, library: FormLibrary) -> int:
    out = _out(args, (".pdf",))
    summary = _summary(args, database, library)
    pages = write_summary(summary, out, args.lang, args.paper)
    coverage = summary.coverage
    unit = "per polling station" if summary.unit == Unit.STATION else "per observation"
    print(
        f"{out}: {pages} pages ({args.paper.upper()}, {args.lang}); "
        f"{coverage.observations} observations, counted {unit}; "
        f"polling stations in {coverage.regions_with_stations} of {coverage.regions_total} regions"
    )
    for name, count in sorted(summary.unreadable.items()):
        print(
            f"  not counted: {count} submission(s) of {name}, "
            f"a form version not in {args.forms or forms_dir()}",
            file=sys.stderr,
        )
    return 0


def export_table(args: argparse.Namespace, database: Database, library: FormLibrary) -> int:
    out = _out(args, (".csv", ".xlsx"))
    summary = _summary(args, database, library)
    written = export_tables(
        database, library, out, summary=summary, filters=summary.filters, language=args.lang
    )
    for path in written:
        print(path)
    return 0


def print_form(args: argparse.Namespace, database: Database, library: FormLibrary) -> int:
    out = _out(args, (".pdf",))
    try:
        submission_id = uuid.UUID(args.submission_id)
    except ValueError:
        raise _Refused(f"{args.submission_id!r} is not a submission id (a UUID)") from None
    try:
        submission = print_submission(
            database, library, submission_id, out, language=args.lang, paper=args.paper
        )
    except KeyError:
        raise _Refused(
            f"submission {submission_id} was filled with a form version that is not in "
            f"{args.forms or forms_dir()}"
        ) from None
    print(
        f"{out}: {submission.form_id} v{submission.form_version} "
        f"by {submission.observer}, {submission.status}"
    )
    return 0


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="SQLAlchemy URL (default: the user's database)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the text")
    parser.add_argument("--forms", help="folder of the mission's forms (default: built-in)")


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--region", action="append", metavar="R", help="region code; repeatable")
    parser.add_argument("--form", action="append", metavar="F", help="form id; repeatable")
    parser.add_argument("--team", action="append", metavar="T", help="team; repeatable")
    parser.add_argument("--since", metavar="T", help="from this date-time on (ISO 8601)")
    parser.add_argument("--until", metavar="T", help="before this date-time (ISO 8601)")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    papers = sorted(PAPERS)
    report_parser = commands.add_parser("report", help="print the summary of findings as a PDF")
    report_parser.add_argument("--out", required=True, metavar="FILE.pdf")
    _common(report_parser)
    _filter_options(report_parser)
    report_parser.add_argument(
        "--per-station",
        action="store_true",
        help="count only the latest observation of each polling station (or TEC)",
    )
    report_parser.add_argument("--paper", choices=papers, default="a4")
    report_parser.set_defaults(run=_run(report))

    export_parser = commands.add_parser(
        "export-table", help="write the submissions and findings as CSV or XLSX"
    )
    export_parser.add_argument("--out", required=True, metavar="FILE.csv|FILE.xlsx")
    _common(export_parser)
    _filter_options(export_parser)
    export_parser.set_defaults(run=_run(export_table))

    print_parser = commands.add_parser("print", help="print one submission as a paper form")
    print_parser.add_argument("submission_id", metavar="SUBMISSION_ID")
    print_parser.add_argument("--out", required=True, metavar="FILE.pdf")
    _common(print_parser)
    print_parser.add_argument("--paper", choices=papers, default="a4")
    print_parser.set_defaults(run=_run(print_form))
