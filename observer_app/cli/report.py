"""`observer-app report|export-table|print`: the printed summary, the tables, a printed form."""

from __future__ import annotations

import argparse
import contextlib
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from observer_app.analysis.filters import FilterError, Filters, Unit, parse_moment
from observer_app.domain.i18n import LANGUAGES
from observer_app.reporting.styles import PAPERS
from observer_app.workspace.coordinator import CoordinatorWorkspace
from observer_app.workspace.errors import WorkspaceError


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


def _filters(args: argparse.Namespace, workspace: CoordinatorWorkspace) -> Filters:
    try:
        since = parse_moment(args.since) if args.since else None
        until = parse_moment(args.until) if args.until else None
    except FilterError as error:
        raise WorkspaceError(str(error)) from None
    return workspace.filters(
        regions=args.region or (),
        forms=args.form or (),
        teams=args.team or (),
        since=since,
        until=until,
    )


def _run(
    command: Callable[[argparse.Namespace, CoordinatorWorkspace], int],
) -> Callable[[argparse.Namespace], int]:
    """Open the database and forms, run `command`, turn refusals into one-line messages."""

    def run(args: argparse.Namespace) -> int:
        workspace: CoordinatorWorkspace | None = None
        try:
            workspace = CoordinatorWorkspace.open(
                args.db, forms_folder=Path(args.forms) if args.forms else None
            )
            return command(args, workspace)
        except WorkspaceError as error:
            print(f"observer-app {args.command}: {error}", file=sys.stderr)
            return 1
        finally:
            if workspace is not None:
                workspace.close()

    return run


def report(args: argparse.Namespace, workspace: CoordinatorWorkspace) -> int:
    filters = _filters(args, workspace)
    unit = (
        Unit.LATEST_VISIT
        if args.latest_visit
        else Unit.STATION
        if args.per_station
        else Unit.OBSERVATION
    )
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".docx"):
        raise WorkspaceError(f"{out}: the file name must end in .pdf or .docx")
    bar, update = _progress("counting")
    with bar or contextlib.nullcontext():
        if suffix == ".docx":
            summary = workspace.write_docx(out, filters, unit, language=args.lang, progress=update)
            written = f"Word draft ({args.lang})"
        else:
            summary, pages = workspace.write_pdf(
                out, filters, unit, language=args.lang, paper=args.paper, progress=update
            )
            written = f"{pages} pages ({args.paper.upper()}, {args.lang})"
    coverage = summary.coverage
    counted = {
        Unit.STATION: "per polling station, where at least one visit saw it",
        Unit.LATEST_VISIT: "per polling station, by the latest visit",
        Unit.OBSERVATION: "per observation",
    }[summary.unit]
    print(
        f"{out}: {written}; "
        f"{coverage.observations} observations, counted {counted}; "
        f"polling stations in {coverage.regions_with_stations} of {coverage.regions_total} regions"
    )
    forms = args.forms or "the mission's forms"
    for name, count in sorted(summary.unreadable.items()):
        print(
            f"  not counted: {count} submission(s) of {name}, a form version not in {forms}",
            file=sys.stderr,
        )
    return 0


def export_table(args: argparse.Namespace, workspace: CoordinatorWorkspace) -> int:
    filters = _filters(args, workspace)
    bar, update = _progress("writing")
    with bar or contextlib.nullcontext():
        written = workspace.write_tables(
            Path(args.out), filters, language=args.lang, progress=update
        )
    for path in written:
        print(path)
    return 0


def print_form(args: argparse.Namespace, workspace: CoordinatorWorkspace) -> int:
    try:
        submission_id = uuid.UUID(args.submission_id)
    except ValueError:
        raise WorkspaceError(f"{args.submission_id!r} is not a submission id (a UUID)") from None
    out = Path(args.out)
    submission = workspace.print_submission(
        submission_id, out, language=args.lang, paper=args.paper
    )
    print(
        f"{out}: {submission.form_id} v{submission.form_version} "
        f"by {submission.observer}, {submission.status}"
    )
    return 0


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="SQLAlchemy URL (default: the user's database)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the text")
    parser.add_argument(
        "--forms", help="folder of forms to read with (default: the mission's, else built-in)"
    )


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--region", action="append", metavar="R", help="region code; repeatable")
    parser.add_argument("--form", action="append", metavar="F", help="form id; repeatable")
    parser.add_argument("--team", action="append", metavar="T", help="team; repeatable")
    parser.add_argument("--since", metavar="T", help="from this date-time on (ISO 8601)")
    parser.add_argument("--until", metavar="T", help="before this date-time (ISO 8601)")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    papers = sorted(PAPERS)
    report_parser = commands.add_parser(
        "report", help="print the summary of findings as a PDF, or the findings as a Word draft"
    )
    report_parser.add_argument("--out", required=True, metavar="FILE.pdf|FILE.docx")
    _common(report_parser)
    _filter_options(report_parser)
    report_parser.add_argument(
        "--per-station",
        action="store_true",
        help="count each polling station (or TEC) once: a problem counts where at least "
        "one visit saw it (an observation statement's rule)",
    )
    report_parser.add_argument(
        "--latest-visit",
        action="store_true",
        help="count each polling station (or TEC) once, by its latest visit only",
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
