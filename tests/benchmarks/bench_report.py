"""Benchmark: the PDF summary, CSV and XLSX exports of 100,000 submissions, each beside a baseline.

Not collected by pytest (no test_ prefix): run it by hand,

    python tests/benchmarks/bench_report.py [--submissions 100000] [--folder DIR] [--keep]
        [--repeat 3]

It writes a database of plausible completed observations (kept in DIR with --keep, and
reused when present), then runs each step in a fresh process so that its peak memory
(the process's maximum resident set) is its own, and prints time and peak memory. Each
measure and its floor are run in turn, `--repeat` times, and their medians compared
(every run's time is printed too):

- the PDF summary (`observer-app report`) against its floor: every stored answer streamed
  once with bare sqlite3 + json and counted in plain Python, plus a bare reportlab document
  with the same tables (built from the same summary's numbers in the same run);
- the CSV export against a bare `csv.writer` of the same cells;
- the XLSX export against xlsxwriter in constant-memory mode writing the same cells.

Goals (DESIGN §8): PDF <= 1.5x its floor and under 300 MB in all its processes together;
CSV <= 1.2x bare csv.writer; XLSX <= 1.0x xlsxwriter constant-memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from process_memory import run_sampled  # noqa: E402

from observer_app.domain.submission import Submission, SubmissionStatus  # noqa: E402
from observer_app.formspec import CompiledForm  # noqa: E402
from tests.analysis.factory import (  # noqa: E402
    ELECTION_DAY,
    builtin_forms,
    builtin_registry,
    plausible_answers,
    template_database,
)

#: Share of each form among the submissions: a mission's day, mostly voting visits.
MIX = {"opening": 0.09, "voting": 0.72, "counting": 0.12, "tabulation": 0.05, "incident": 0.02}
#: Chance that a later visit to the same station answers a concern question differently.
CHANGE = 0.05
SEED = 20210110
SUBMISSION_COLUMNS = (
    "id",
    "form_id",
    "form_version",
    "station_id",
    "tec_id",
    "region",
    "observer",
    "team",
    "status",
    "revision",
    "created_at",
    "created_offset",
    "updated_at",
    "updated_offset",
    "completed_at",
    "completed_offset",
    "content_hash",
    "document",
)


def make_database(path: Path, submissions: int) -> None:
    """`submissions` completed observations, written with plain executemany for speed.

    Observations of the same form at the same station mostly repeat the first one's
    answers (as real visits to one station mostly agree), with a few changed.
    """
    rng = random.Random(SEED)
    library = builtin_forms()
    registry = builtin_registry()
    stations = list(registry.stations)
    tecs = list(registry.tecs)
    teams = [f"Team {n}" for n in range(1, 501)]
    template = template_database(path.parent)
    path.write_bytes(template.read_bytes())
    import sqlite3

    connection = sqlite3.connect(path)
    first: dict[tuple[str, str], dict[str, Any]] = {}
    forms = list(MIX)
    weights = [MIX[f] for f in forms]
    batch_s: list[tuple[Any, ...]] = []

    def flush() -> None:
        connection.executemany(
            f"INSERT INTO submissions ({', '.join(SUBMISSION_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(SUBMISSION_COLUMNS))})",
            batch_s,
        )
        batch_s.clear()

    for _ in range(submissions):
        form_id = rng.choices(forms, weights)[0]
        compiled: CompiledForm = library.get(form_id)
        station = tec = region = None
        if form_id == "tabulation":
            place = rng.choice(tecs)
            tec, region = place.code, place.region
        elif form_id != "incident" or rng.random() < 0.6:
            where = rng.choice(stations)
            station, tec, region = where.id, where.tec, where.region
        key = (form_id, station or tec or "")
        if key in first and (station or tec):
            answers = dict(first[key])
            for question_id in list(answers):
                if rng.random() < CHANGE:
                    changed = plausible_answers(compiled, rng).get(question_id)
                    if changed is not None:
                        answers[question_id] = changed
        else:
            answers = plausible_answers(compiled, rng)
            first[key] = answers
        started = ELECTION_DAY + timedelta(minutes=rng.randint(-60, 16 * 60))
        team = rng.choice(teams)
        offset = 360
        utc = (started - timedelta(minutes=offset)).replace(tzinfo=None)
        done = utc + timedelta(minutes=rng.randint(10, 60))
        submission_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        local = timezone(timedelta(minutes=offset))
        record = Submission(
            id=uuid.UUID(submission_id),
            form_id=form_id,
            form_version=compiled.version,
            station_id=station,
            tec_id=tec,
            region=region,
            observer=f"{team} observer {rng.randint(1, 2)}",
            team=team,
            status=SubmissionStatus.COMPLETE,
            revision=1,
            created_at=utc.replace(tzinfo=UTC).astimezone(local),
            updated_at=done.replace(tzinfo=UTC).astimezone(local),
            completed_at=done.replace(tzinfo=UTC).astimezone(local),
            content_hash="0" * 64,
            answers=answers,
        )
        batch_s.append(
            (
                submission_id,
                form_id,
                compiled.version,
                station,
                tec,
                region,
                record.observer,
                team,
                "complete",
                1,
                utc.isoformat(sep=" "),
                offset,
                done.isoformat(sep=" "),
                offset,
                done.isoformat(sep=" "),
                offset,
                "0" * 64,
                record.text(),
            )
        )
        if len(batch_s) >= 5000:
            flush()
    flush()
    connection.commit()
    connection.close()


def keep_verdicts_of(db: Path) -> int:
    """The verdicts a merge keeps beside each submission (store.verdicts), so the steps
    below read the database as a merge leaves it."""
    from observer_app.store.database import open_database
    from observer_app.store.verdicts import keep_verdicts

    database = open_database(f"sqlite:///{db}")
    try:
        return keep_verdicts(database, builtin_forms())
    finally:
        database.close()


# --- the steps, each run in a process of its own -------------------------------------------


def _peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child (the counting worker)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _rows_bare(db: Path) -> Any:
    """(form id, table, row) of every complete submission, read with plain sqlite3 and json."""
    import sqlite3

    library = builtin_forms()
    from observer_app.analysis.layout import form_layouts
    from observer_app.reporting.tables import form_columns

    columns = {f: form_columns(layout, library) for f, layout in form_layouts(library).items()}
    connection = sqlite3.connect(db)
    submissions = connection.execute(
        "SELECT id, form_id, form_version, station_id, tec_id, region, observer, team, "
        "created_at, completed_at, document FROM submissions WHERE status = 'complete' "
        "ORDER BY id"
    )
    for *row, document in submissions:
        values: dict[str, Any] = json.loads(document)["answers"]
        form = columns[row[1]]
        cells = [values.get(q) for q in form.questions]
        yield (
            row[1],
            list(row[:1])
            + list(row[2:])
            + [" ".join(c) if isinstance(c, list) else c for c in cells],
        )
        for repeat, children in form.repeats.items():
            for number, item in enumerate(values.get(repeat) or [], start=1):
                yield f"{row[1]}.{repeat}", [row[0], number, None] + [item.get(c) for c in children]


def step_pdf(db: Path, out: Path) -> dict[str, Any]:
    from observer_app.analysis import summarize
    from observer_app.reporting.summary_pdf import write_summary
    from observer_app.store.database import open_database

    started = time.perf_counter()
    database = open_database(f"sqlite:///{db}")
    summary = summarize(database, builtin_forms())
    counted = time.perf_counter()
    pages = write_summary(summary, out)
    done = time.perf_counter()
    tables = _same_tables(summary)
    (out.with_suffix(".tables.json")).write_text(json.dumps(tables, ensure_ascii=False))
    return {
        "seconds": done - started,
        "counting_seconds": counted - started,
        "pdf_seconds": done - counted,
        "pages": pages,
    }


def _same_tables(summary: Any) -> list[list[list[str]]]:
    """The cells of the summary's tables and lists, as text: what the baseline lays out."""
    from observer_app.analysis.tally import by_prevalence
    from observer_app.reporting.phrases import finding_line
    from observer_app.reporting.words import Words

    words = Words("en")
    tables: list[list[list[str]]] = []
    tables.append(
        [
            [
                line.code,
                str(line.observations),
                str(line.stations_observed),
                str(line.stations_total),
            ]
            for line in summary.coverage.by_region
        ]
    )
    for form in summary.forms:
        tables.append(
            [
                [finding_line(words, c, form.layout, summary.unit), words.percent(c.share)]
                for c in by_prevalence(form.counts)
            ]
        )
        regions = sorted(form.by_region)
        tables.append(
            [
                [c.item.id]
                + [f"{form.by_region[r][i][0]}/{form.by_region[r][i][1]}" for r in regions]
                for i, c in enumerate(form.counts)
            ]
        )
        for places in form.flagged.values():
            tables.append([[", ".join(p.place for p in places[:200])]])
        tables.append(
            [[d.entry.label.en, str(d.answered), str(d.counts)] for d in form.distributions]
        )
    tables.append(
        [
            [d.place, d.item.finding.en, "; ".join(str(v) for _r, v in d.answers)]
            for d in summary.disagreements[:300]
        ]
    )
    tables.append([[i.ref.observed_at.isoformat(), i.words or ""] for i in summary.incidents])
    return tables


def step_count_baseline(db: Path, _out: Path) -> dict[str, Any]:
    """Every stored answer of every complete submission streamed once and counted: the
    least any summary must do, in plain Python over bare sqlite3 and json."""
    import sqlite3
    from collections import Counter

    started = time.perf_counter()
    counts: Counter[tuple[str, str, str]] = Counter()
    connection = sqlite3.connect(db)
    for form_id, document in connection.execute(
        "SELECT form_id, document FROM submissions WHERE status = 'complete'"
    ):
        for question, value in json.loads(document)["answers"].items():
            if isinstance(value, list):
                for item in value:
                    counts[form_id, question, str(item)] += 1
            else:
                counts[form_id, question, str(value)] += 1
    connection.close()
    return {"seconds": time.perf_counter() - started, "counted": sum(counts.values())}


def step_pdf_baseline(tables_json: Path, out: Path) -> dict[str, Any]:
    """A bare reportlab document: the same cells in plain tables, no contents, no charts."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    started = time.perf_counter()
    tables = json.loads(tables_json.read_text())
    style = getSampleStyleSheet()["BodyText"]
    story = []
    for rows in tables:
        if rows:
            story.append(
                Table(
                    [[Paragraph(c, style) if len(c) > 30 else c for c in row] for row in rows],
                    repeatRows=0,
                )
            )
    SimpleDocTemplate(str(out), pagesize=A4).build(story)
    return {"seconds": time.perf_counter() - started}


def step_export(db: Path, out: Path) -> dict[str, Any]:
    """The submissions tables of `export-table` (the findings tables timed apart)."""
    from observer_app.analysis.filters import Filters
    from observer_app.analysis.selection import selected_observations
    from observer_app.reporting.tables import export_tables
    from observer_app.store.database import open_database

    started = time.perf_counter()
    database = open_database(f"sqlite:///{db}")
    observations = selected_observations(database, builtin_forms(), Filters(), kept=False)
    export_tables(observations, builtin_forms(), out)
    return {"seconds": time.perf_counter() - started}


def step_export_command(db: Path, out: Path) -> dict[str, Any]:
    """`observer-app export-table` as a whole: the summary's findings and the submissions."""
    from observer_app.cli import main

    started = time.perf_counter()
    main(["export-table", "--db", f"sqlite:///{db}", "--out", str(out)])
    return {"seconds": time.perf_counter() - started}


def step_csv_baseline(db: Path, out: Path) -> dict[str, Any]:
    started = time.perf_counter()
    handles: dict[str, Any] = {}
    writers: dict[str, Any] = {}
    for table, row in _rows_bare(db):
        if table not in writers:
            handles[table] = (out.parent / f"bare-{table}.csv").open(
                "w", newline="", encoding="utf-8"
            )
            writers[table] = csv.writer(handles[table])
        writers[table].writerow(row)
    for handle in handles.values():
        handle.close()
    return {"seconds": time.perf_counter() - started}


def step_xlsx_baseline(db: Path, out: Path) -> dict[str, Any]:
    import xlsxwriter

    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheets: dict[str, Any] = {}
    next_row: dict[str, int] = {}
    for table, row in _rows_bare(db):
        if table not in sheets:
            sheets[table] = book.add_worksheet(table[:31])
            next_row[table] = 0
        sheets[table].write_row(next_row[table], 0, row)
        next_row[table] += 1
    book.close()
    return {"seconds": time.perf_counter() - started}


STEPS: dict[str, Callable[[Path, Path], dict[str, Any]]] = {
    "pdf": step_pdf,
    "pdf-baseline": step_pdf_baseline,
    "count-baseline": step_count_baseline,
    "export": step_export,
    "export-command": step_export_command,
    "csv-baseline": step_csv_baseline,
    "xlsx-baseline": step_xlsx_baseline,
}


def run_step(name: str, first: Path, second: Path) -> dict[str, Any]:
    """Run one step in a fresh interpreter and read back its figures, with the most memory
    it and its workers held at one moment (process_memory)."""
    out, together = run_sampled([sys.executable, __file__, "--step", name, str(first), str(second)])
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    figures["together_peak_mb"] = together
    return figures


def repeated(times: int, *steps: tuple[str, Path, Path]) -> list[dict[str, Any]]:
    """Each step run `times` times, the steps in turn; per step, the median run's figures
    (time and its parts), every run's time in "runs", and the most memory any run held."""
    runs: list[list[dict[str, Any]]] = [[] for _ in steps]
    for _ in range(times):
        for done, (name, first, second) in zip(runs, steps, strict=True):
            done.append(run_step(name, first, second))
    figures: list[dict[str, Any]] = []
    for done in runs:
        median = sorted(done, key=lambda figures: figures["seconds"])[(len(done) - 1) // 2]
        figures.append(
            {
                **median,
                "runs": [run["seconds"] for run in done],
                **{
                    key: max(run[key] for run in done)
                    for key in ("peak_mb", "worker_peak_mb", "together_peak_mb")
                },
            }
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=100_000)
    parser.add_argument("--folder", help="where the database and outputs go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the database")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each measure and its floor, in turn"
    )
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        figures = STEPS[args.step](Path(args.paths[0]), Path(args.paths[1]))
        own, child = _peak_mb()
        figures.update(peak_mb=own, worker_peak_mb=child)
        print(json.dumps(figures))
        return
    folder = Path(args.folder or tempfile.mkdtemp(prefix="observer-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"bench-{args.submissions}.sqlite3"
    if not db.exists():
        started = time.perf_counter()
        make_database(db, args.submissions)
        print(
            f"wrote {args.submissions:,} submissions in {time.perf_counter() - started:.0f} s: {db}"
        )
        started = time.perf_counter()
        kept = keep_verdicts_of(db)
        print(
            f"worked out and kept the verdicts of {kept:,} submissions, as a merge does, "
            f"in {time.perf_counter() - started:.1f} s"
        )

    def line(name: str, figures: dict[str, Any], extra: str = "") -> None:
        worker = figures.get("worker_peak_mb", 0.0)
        memory = f"peak {figures['peak_mb']:.0f} MB"
        if worker:
            memory += f" (+ worker process {worker:.0f} MB)"
        runs = figures["runs"]
        each = "" if len(runs) < 2 else f" (runs: {', '.join(f'{r:.1f}' for r in runs)})"
        print(f"{name:<44} {figures['seconds']:7.1f} s{each}   {memory}{extra}")

    # Each measure beside its floor, the two taken in turn `--repeat` times: a shared
    # machine's load comes and goes within minutes, and a measure taken once, minutes
    # from its floor, can be a third off either way. The median of each is compared.
    pdf, count, bare_pdf = repeated(
        args.repeat,
        ("pdf", db, folder / "summary.pdf"),
        ("count-baseline", db, folder / "unused"),
        ("pdf-baseline", folder / "summary.tables.json", folder / "bare.pdf"),
    )
    floor = count["seconds"] + bare_pdf["seconds"]
    pdf_memory = pdf["together_peak_mb"]
    peaks_added = pdf["peak_mb"] + pdf.get("worker_peak_mb", 0.0)
    line(
        "PDF summary (count + lay out)",
        pdf,
        f"; counting {pdf['counting_seconds']:.1f} s, PDF {pdf['pdf_seconds']:.1f} s, "
        f"{pdf['pages']} pages; {pdf['seconds'] / floor:.2f}x the floor (goal <= 1.5x, "
        f"< 300 MB in all processes at once: {pdf_memory:.0f} MB; their own peaks, "
        f"reached at different times, add up to {peaks_added:.0f} MB)",
    )
    line(
        "  floor: stream every answer and count it",
        count,
        f" ({count['counted']:,} answers)",
    )
    line("  floor: bare reportlab, same tables", bare_pdf)
    csv_run, csv_bare = repeated(
        args.repeat,
        ("export", db, folder / "tables.csv"),
        ("csv-baseline", db, folder / "bare.csv"),
    )
    csv_ratio = csv_run["seconds"] / csv_bare["seconds"]
    line("CSV export (submissions tables)", csv_run, f"; {csv_ratio:.2f}x the floor (goal <= 1.2x)")
    line("  floor: sqlite3 + csv.writer, same cells", csv_bare)
    xlsx_run, xlsx_bare = repeated(
        args.repeat,
        ("export", db, folder / "tables.xlsx"),
        ("xlsx-baseline", db, folder / "bare.xlsx"),
    )
    xlsx_ratio = xlsx_run["seconds"] / xlsx_bare["seconds"]
    line(
        "XLSX export (submissions sheets)",
        xlsx_run,
        f"; {xlsx_ratio:.2f}x the floor (goal <= 1.0x)",
    )
    line("  floor: sqlite3 + xlsxwriter constant_memory", xlsx_bare)
    (command,) = repeated(1, ("export-command", db, folder / "all.xlsx"))
    line("export-table FILE.xlsx (findings + submissions)", command)
    goals = [
        ("PDF <= 1.5x", pdf["seconds"] <= 1.5 * floor),
        ("PDF < 300 MB", pdf_memory < 300),
        ("CSV <= 1.2x", csv_ratio <= 1.2),
        ("XLSX <= 1.0x", xlsx_ratio <= 1.0),
    ]
    print("goals: " + "; ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in goals))
    if not args.keep and not args.folder:
        import shutil

        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
