"""CSV and XLSX exports: one row per submission and one column per question, a table of its
own for each repeat, and the aggregated findings.

Rows are streamed from the database and written as they come (XlsxWriter's
constant-memory mode, csv.writer), so a 100,000-submission export never holds the table in
memory. XlsxWriter rather than openpyxl's write-only mode: the same flat memory, and a
third less time on 100,000 x 60 cells (tests/benchmarks/bench_report.py). An
XLSX file has one sheet per table, each with its header frozen, a filter on it, widths set
from the header, shares as percentages and times as the observer's local time; its first
sheet, "About", says what was exported (filters, counting, data cut-off, app version).
CSV, having one table per file, gets one file per table beside the name asked for:
results.csv -> results-voting.csv, results-findings.csv...
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import xlsxwriter  # type: ignore[import-untyped]
from xlsxwriter.exceptions import XlsxWriterException  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from observer_app import __version__
from observer_app.analysis.layout import FormLayout, form_layouts
from observer_app.analysis.observations import Observation
from observer_app.analysis.selection import Selected
from observer_app.analysis.summary import Summary
from observer_app.formspec import FormLibrary
from observer_app.formspec.attachments import AttachmentRef, reference_problem, stored_name
from observer_app.formspec.geopoint import GeopointError, parse_geopoint
from observer_app.formspec.models import (
    CalculateQuestion,
    DecimalQuestion,
    GeopointQuestion,
    IntegerQuestion,
    NoteQuestion,
    RepeatQuestion,
    SelectMultipleQuestion,
    SelectOneQuestion,
    YesNoQuestion,
)
from observer_app.reporting.across import across_tables
from observer_app.reporting.phrases import filter_lines, unit_sentence
from observer_app.reporting.words import Words

META = (
    "submission_id",
    "form_version",
    "station_id",
    "tec_id",
    "region",
    "observer",
    "team",
    "started_at",
    "completed_at",
)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = ("=", "+", "@", "\t", "\r")
_FORMULA_FIRST = "".join(_FORMULA_START)  # each is one character


class ExportError(ValueError):
    """An export that cannot be written; the message names the file and the reason."""


class Sink(Protocol):
    """Where one table's rows go: a CSV file or an XLSX sheet."""

    def append(self, row: list[Any]) -> None:
        """Any row: a header, a findings table's row."""

    def append_cells(self, row: list[Any]) -> None:
        """A submission's row, its values made cells already (`cell`, `csv_cell`)."""


@dataclass(frozen=True)
class FormColumns:
    """The columns of one form's table and of each of its repeats' tables."""

    layout: FormLayout
    questions: list[str]
    repeats: dict[str, list[str]]
    #: Positions in `questions` whose answers need making a cell: not a number or a
    #: choice id in every version (those are checked when stored and are cells as they are).
    made: tuple[int, ...] = ()
    #: Positions in `questions` of places (geopoints): four columns each, as ODK Central
    #: writes them, so that a spreadsheet can map them without splitting text.
    places: tuple[int, ...] = ()
    #: Per repeat with fixed rows (one per party, say), each row's key, in order, as the
    #: newest version has them: its rows' `row_key` column.
    row_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def headers(self) -> list[str]:
        """The table's answer columns: a question's id, a place's id with -Latitude,
        -Longitude, -Altitude and -Accuracy."""
        places = set(self.places)
        headers: list[str] = []
        for position, question_id in enumerate(self.questions):
            if position in places:
                headers += [f"{question_id}-{part}" for part in PLACE_PARTS]
            else:
                headers.append(question_id)
        return headers


#: The columns before a submission's answers: META.
_META_COLUMNS = len(META)

#: The columns of a place, in ODK's order within its "lat lon altitude accuracy".
PLACE_PARTS = ("Latitude", "Longitude", "Altitude", "Accuracy")


def place_cells(value: Any) -> list[Any]:
    """A stored place as its four cells (numbers; None where not given or not a place)."""
    if not isinstance(value, str):
        return [None] * len(PLACE_PARTS)
    try:
        place = parse_geopoint(value)
    except GeopointError:
        return [None] * len(PLACE_PARTS)
    return [place.latitude, place.longitude, place.altitude, place.accuracy]


def form_columns(layout: FormLayout, library: FormLibrary) -> FormColumns:
    """Every question that takes an answer, over all versions, newest version's order first."""
    questions: dict[str, None] = {}
    repeats: dict[str, dict[str, None]] = {}
    versions = sorted((f for f in library if f.id == layout.form_id), key=lambda f: -f.version)
    for compiled in versions:
        for question_id, question in compiled.questions.items():
            if isinstance(question, NoteQuestion | CalculateQuestion):
                continue
            if isinstance(question, RepeatQuestion):
                children = repeats.setdefault(question_id, {})
                for child_id, child in compiled.row_questions[question_id].items():
                    if not isinstance(child, NoteQuestion | CalculateQuestion):
                        children[child_id] = None
                continue
            questions[question_id] = None
    kinds: dict[str, set[type]] = {}
    for compiled in versions:
        for question_id, question in compiled.questions.items():
            kinds.setdefault(question_id, set()).add(type(question))
    ordered = list(questions)
    places = tuple(
        position
        for position, question_id in enumerate(ordered)
        if kinds[question_id] == {GeopointQuestion}
    )
    made = tuple(
        position
        for position, question_id in enumerate(ordered)
        if not kinds[question_id] <= _CELLS_AS_THEY_ARE and position not in places
    )
    latest = layout.latest
    row_keys: dict[str, tuple[str, ...]] = {}
    for repeat in repeats:
        asked = latest.questions.get(repeat)
        fixed = latest.fixed_rows(asked) if isinstance(asked, RepeatQuestion) else None
        if fixed:
            row_keys[repeat] = tuple(choice.value for choice in fixed)
    return FormColumns(
        layout, ordered, {k: list(v) for k, v in repeats.items()}, made, places, row_keys
    )


#: Questions whose stored answers are cells as they are: numbers and choice ids.
_CELLS_AS_THEY_ARE: frozenset[type] = frozenset(
    {IntegerQuestion, DecimalQuestion, SelectOneQuestion, YesNoQuestion}
)


def text_cell(value: str) -> str:
    """Text as a cell: control characters a workbook refuses are dropped (tab, line
    breaks and every letter kept). Most text is printable and is returned as it is."""
    return value if value.isprintable() else _ILLEGAL.sub("", value)


def cell(value: Any) -> Any:
    """An answer as a spreadsheet cell: numbers stay numbers, choices are their ids."""
    kind = type(value)
    if kind is str:
        return text_cell(value)
    if value is None or kind is int or kind is float:
        return value
    if kind is bool:
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)  # several choices, as XLSForm exports them
    if isinstance(value, dict) and reference_problem(value) is None:
        # An attached file, by the name it is kept and carried under, as ODK Central
        # exports a media answer by its file name.
        return stored_name(AttachmentRef.from_answer(value))
    return text_cell(str(value))


def csv_cell(value: Any) -> Any:
    """An answer as a CSV cell: as `cell`, made safe for a CSV file (`csv_safe`)."""
    if type(value) is str:  # most cells: the same checks as below, in one step
        value = text_cell(value)
        return "'" + value if value and value[0] in _FORMULA_FIRST else value
    if value is None or type(value) is int:
        return value
    return csv_safe(value if isinstance(value, datetime) else cell(value))


#: A place or a name as a CSV cell: a few hundred distinct values fill 100,000 rows, so
#: each is made safe once.
_csv_name = lru_cache(maxsize=1 << 16)(csv_cell)


def csv_safe(value: Any) -> Any:
    """A cell as a CSV file holds it: a time as ISO 8601 text, and text a spreadsheet
    would run as a formula with a leading quote."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


#: Columns read as shares (0..1), shown as percentages in a workbook.
SHARE_COLUMNS = frozenset({"share", "negative_share", "other_share"})
#: A time in a workbook: the observer's wall clock (their UTC offset dropped, said in About).
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
#: Column widths in characters: at least the header, at most this.
WIDEST = 40


def submission_rows(
    observation: Observation, columns: FormColumns, cell: Callable[[Any], Any] = cell
) -> Iterator[tuple[str | None, list[Any]]]:
    """The row of one submission (repeat None) and the rows of each of its repeats, each
    value made a cell by `cell` (`csv_cell` for a CSV file).

    An export makes 100,000 of these: the row is made in one list, its few answers that
    need making a cell (`FormColumns.made`) changed in place."""
    answers = observation.answers
    row: list[Any] = [
        observation.id,
        observation.form_version,
        observation.station_id,
        observation.tec_id,
        observation.region,
        observation.observer,
        observation.team,
        observation.started_at,
        observation.completed_at,
        *map(answers.get, columns.questions),
    ]
    if cell is csv_cell:  # the id is a UUID and the version a number: nothing to make safe
        row[2:7] = map(_csv_name, row[2:7])
        started, completed = row[7:9]
        row[7:9] = started.isoformat(), None if completed is None else completed.isoformat()
    for position in columns.made:
        value = row[position + _META_COLUMNS]
        if value is not None:
            row[position + _META_COLUMNS] = cell(value)
    for position in reversed(columns.places):
        at = position + _META_COLUMNS
        row[at : at + 1] = place_cells(row[at])
    yield None, row
    for repeat, children in columns.repeats.items():
        rows = answers.get(repeat)
        if not isinstance(rows, list):
            continue
        keys = columns.row_keys.get(repeat, ())
        for number, values in enumerate(rows, start=1):
            if not isinstance(values, dict):
                continue
            yield (
                repeat,
                [
                    observation.id,
                    number,
                    cell(keys[number - 1]) if number <= len(keys) else None,
                    *[
                        value if value is None or type(value) is int else cell(value)
                        for value in map(values.get, children)
                    ],
                ],
            )


def findings_tables(summary: Summary, words: Words) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The aggregated findings as tables: counts, by region, flagged places, disagreements,
    and what is gathered across forms (reasons, access, time of day, durations)."""
    counts: list[list[Any]] = []
    regions: list[list[Any]] = []
    flags: list[list[Any]] = []
    for form in summary.forms:
        form_id = form.layout.form_id
        for index, count in enumerate(form.counts):
            item = count.item
            counts.append(
                [
                    form_id,
                    str(item.kind),
                    item.id,
                    words.text(item.finding),
                    count.concern,
                    count.answered,
                    round(count.share, 4) if count.share is not None else None,
                    count.not_observed,
                    count.no_answer,
                    count.not_asked,
                ]
            )
            for region, cells in form.by_region.items():
                x, y = cells[index]
                if y:
                    regions.append([form_id, item.id, region, x, y, round(x / y, 4)])
        for check_id, places in form.flagged.items():
            for flag in places:
                flags.append([form_id, check_id, flag.place, flag.region, flag.observations])
    disagreements = [
        [
            d.item.form_id,
            d.item.id,
            d.place,
            d.region,
            ref.id,
            ref.observer,
            ref.team,
            ref.observed_at,
            cell(value),
        ]
        for d in summary.disagreements
        for ref, value in d.answers
    ]
    return {
        "findings": (
            [
                "form_id",
                "kind",
                "id",
                "finding",
                "concern_x",
                "answered_y",
                "share",
                "not_observed",
                "no_answer_or_not_evaluable",
                "not_asked",
            ],
            counts,
        ),
        "findings_by_region": (
            ["form_id", "id", "region", "concern_x", "answered_y", "share"],
            regions,
        ),
        "flagged_places": (["form_id", "check_id", "place", "region", "observations"], flags),
        "disagreements": (
            [
                "form_id",
                "question_id",
                "place",
                "region",
                "submission_id",
                "observer",
                "team",
                "observed_at",
                "answer",
            ],
            disagreements,
        ),
        **across_tables(summary, words),
    }


def codebook(library: FormLibrary, words: Words) -> tuple[list[str], list[list[Any]]]:
    """What each column means: form, question, type, label, answers (value = label)."""
    rows: list[list[Any]] = []
    for layout in form_layouts(library).values():
        compiled = layout.latest
        for question_id, question in compiled.questions.items():
            if isinstance(question, NoteQuestion):
                continue
            label = getattr(question, "label", None)
            choices = ""
            if isinstance(question, SelectOneQuestion | SelectMultipleQuestion):
                choices = "; ".join(
                    f"{c.value} = {words.text(c.label)}" for c in compiled.choices(question)
                )
            rows.append(
                [
                    layout.form_id,
                    question_id,
                    question.type,
                    words.text(label) if label is not None else "",
                    choices,
                ]
            )
    return ["form_id", "question_id", "type", "label", "answers"], rows


def about_rows(summary: Summary | None, words: Words, cut_off: datetime | None) -> list[list[Any]]:
    """What the workbook holds: filters, counting rule, data cut-off, app version, times."""
    _ = words.gettext
    rows: list[list[Any]] = []
    if summary is not None:
        rows.append([_("Filters"), "; ".join(filter_lines(words, summary))])
        rows.append([_("Counting"), unit_sentence(words, summary.unit)])
        cut_off = summary.cut_off
    moment = words.moment(cut_off) if cut_off is not None else _("no observation counted")
    rows.append(
        [
            _("Data cut-off"),
            words.format(_("latest observation completed {moment}"), moment=moment),
        ]
    )
    if summary is not None:
        rows.append([_("Made"), words.moment(summary.made_at)])
    rows.append([_("App version"), f"observer-app {__version__}"])
    rows.append(
        [_("Times"), _("Times are local: as the observer's device showed them (its UTC offset).")]
    )
    return rows


#: Excel counts days from 1899-12-31 and takes 1900 for a leap year: after 1900, a time's
#: serial number is its days since then plus one (XlsxWriter's own arithmetic).
_EXCEL_EPOCH = datetime(1899, 12, 31)


def excel_serial(moment: datetime) -> float:
    """A time after 1900 as the number a workbook keeps: the wall clock it shows
    (the offset dropped, as `remove_timezone` does), the same float `write_datetime`
    writes, without its checks for dates, times and spans."""
    delta = moment.replace(tzinfo=None) - _EXCEL_EPOCH
    return delta.days + (float(delta.seconds) + float(delta.microseconds) / 1e6) / 86400 + 1


class _XlsxSheet:
    """A sheet written row after row (constant memory); text is never read as a formula.

    The header row is frozen and filtered, widths follow the header; shares are shown as
    percentages, times as the observer's local time (XLSX times carry no offset)."""

    def __init__(self, workbook: Any, sheet: Worksheet, header: list[str]) -> None:
        self.sheet = sheet
        self._write_string = getattr(sheet, "_write_string", sheet.write_string)
        self._write_number = getattr(sheet, "_write_number", sheet.write_number)
        self.row = 0
        self.columns = len(header)
        self.time = workbook.add_format({"num_format": TIME_FORMAT})
        percent = workbook.add_format({"num_format": "0.0%"})
        self.formats = {i: percent for i, name in enumerate(header) if name in SHARE_COLUMNS}
        bold = workbook.add_format({"bold": True})
        for index, name in enumerate(header):
            width = max(len(name) + 4, 19 if name.endswith("_at") else 10)
            sheet.set_column(index, index, min(width, WIDEST), self.formats.get(index))
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, header, bold)
        self.row = 1

    def append(self, row: list[Any]) -> None:
        sheet, number, formats = self.sheet, self.row, self.formats
        for index, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(number, index, value.replace(tzinfo=None), self.time)
            elif index in formats and value is not None:
                sheet.write_number(number, index, value, formats[index])
            else:
                sheet.write(number, index, value)
        self.row += 1

    def append_cells(self, row: list[Any]) -> None:
        """A submission's row: each cell written by its type, as `write` would, without
        its dispatch, and blanks not at all; a time as its serial number, worked out here.

        Nearly all of an export's time is XlsxWriter's own, per cell: its checks, its
        escaping, its XML. So the cells go to the writers that `write_string` and
        `write_number` call after turning "A1" into a row and column, which these cells
        never need (the undecorated methods, where the installed XlsxWriter has them)."""
        if self.formats:  # a question named like a share column: shown as a share
            self.append(row)
            return
        sheet, number = self.sheet, self.row
        write_string, write_number = self._write_string, self._write_number
        for index, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if value:  # "" is a blank cell, as `write` makes it
                    write_string(number, index, value)
            elif kind is int or kind is float:
                write_number(number, index, value)
            elif value is None:
                continue
            elif kind is datetime and value.year > 1900:
                write_number(number, index, excel_serial(value), self.time)
            elif isinstance(value, datetime):
                sheet.write_datetime(number, index, value.replace(tzinfo=None), self.time)
            else:
                sheet.write(number, index, value)
        self.row += 1

    def close(self) -> None:
        self.sheet.autofilter(0, 0, max(self.row - 1, 0), max(self.columns - 1, 0))


class _CsvFile:
    """A CSV table; text that a spreadsheet would run as a formula gets a leading quote."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer
        self.append_cells = writer.writerow

    def append(self, row: list[Any]) -> None:
        self.writer.writerow([csv_safe(value) for value in row])


def csv_path(target: Path, table: str) -> Path:
    return target.with_name(f"{target.stem}-{table.replace('.', '-')}{target.suffix}")


def export_tables(
    observations: Iterable[Selected],
    library: FormLibrary,
    target: Path,
    *,
    summary: Summary | None = None,
    language: str = "en",
    progress: Callable[[int], None] | None = None,
) -> list[Path]:
    """Write the submissions (and the summary's findings, when given) to `target`.

    `observations` are the ones the filters admit (analysis.selection), read once as
    they stream. `target` ends in .xlsx (one workbook) or .csv (one file per table
    beside it). Returns the files written.
    """
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(f"{target}: the file name must end in .csv or .xlsx")
    if not target.parent.is_dir():
        raise ExportError(f"{target}: folder {target.parent} does not exist")
    words = Words(language)  # type: ignore[arg-type]
    layouts = form_layouts(library)
    columns = {form_id: form_columns(layout, library) for form_id, layout in layouts.items()}
    tables: dict[str, list[str]] = {}
    for form_id, form in columns.items():
        tables[form_id] = [*META, *form.headers]
        for repeat, children in form.repeats.items():
            tables[f"{form_id}.{repeat}"] = ["submission_id", "row", "row_key", *children]
    written: list[Path] = []
    with ExitStack() as stack:
        sinks: dict[str, Sink] = {}
        sheets: list[_XlsxSheet] = []
        about: Worksheet | None = None
        latest: datetime | None = None
        workbook: xlsxwriter.Workbook | None = None
        if suffix == ".xlsx":
            workbook = xlsxwriter.Workbook(
                str(target),
                {
                    "constant_memory": True,
                    "strings_to_formulas": False,  # an observer's "=..." stays text
                    "strings_to_urls": False,
                    "strings_to_numbers": False,
                },
            )
            about = workbook.add_worksheet("About")  # first; written once the data is read

        def sink(name: str, header: list[str]) -> Sink:
            if name not in sinks:
                if workbook is not None:
                    sheet = _XlsxSheet(workbook, workbook.add_worksheet(name[:31]), header)
                    sheets.append(sheet)
                    sinks[name] = sheet
                else:
                    path = csv_path(target, name)
                    handle = stack.enter_context(path.open("w", encoding="utf-8", newline=""))
                    # The byte-order mark by hand, once: "utf-8-sig" would encode every
                    # write through a Python-level codec, which shows on 100,000 rows.
                    handle.write("\ufeff")
                    sinks[name] = _CsvFile(csv.writer(handle))
                    written.append(path)
                    sinks[name].append(list(header))
            return sinks[name]

        if summary is not None:
            for name, (header, rows) in findings_tables(summary, words).items():
                table = sink(name, header)
                for row in rows:
                    table.append(row)
        header, rows = codebook(library, words)
        table = sink("questions", header)
        for row in rows:
            table.append(row)
        for name, header in tables.items():
            sink(name, header)
        made_cell = cell if workbook is not None else csv_cell
        # Per form, its columns and where its rows and each repeat's rows go, found once.
        routes = {
            form_id: (
                form,
                sink(form_id, tables[form_id]).append_cells,
                {
                    repeat: sink(f"{form_id}.{repeat}", tables[f"{form_id}.{repeat}"]).append_cells
                    for repeat in form.repeats
                },
            )
            for form_id, form in columns.items()
        }
        done = 0
        for selected in observations:
            observation = selected.observation
            route = routes.get(observation.form_id)
            if route is None:
                continue
            found, append, repeats = route
            completed = observation.completed_at
            if completed is not None and (latest is None or completed > latest):
                latest = completed
            for in_repeat, row in submission_rows(observation, found, made_cell):
                if in_repeat is None:
                    append(row)
                else:
                    repeats[in_repeat](row)
            done += 1
            if progress is not None and done % 5000 == 0:
                progress(done)
        if workbook is not None and about is not None:
            about.set_column(0, 0, 18)
            about.set_column(1, 1, 90)
            for number, row in enumerate(about_rows(summary, words, latest)):
                about.write_row(number, 0, row)
            for sheet in sheets:
                sheet.close()
            try:
                workbook.close()
            except (OSError, XlsxWriterException) as error:
                raise ExportError(f"{target}: cannot write: {error}") from None
            written.append(target)
    return written
