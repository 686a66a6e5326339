"""CSV and XLSX exports: one row per submission, a column per question, repeats apart, findings."""

from __future__ import annotations

import csv
import re
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import xlsxwriter  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from observer_app import __version__
from observer_app.analysis import Filters, summarize
from observer_app.analysis.selection import Selected, selected_observations
from observer_app.reporting.tables import ExportError, excel_serial, export_tables
from observer_app.store.database import Database
from tests.analysis.factory import ELECTION_DAY, Dataset, builtin_forms
from tests.reporting.statement import statement_day

PARTY_VOTES = [{"votes": n} for n in (410, 120, 95, 30, 12)]


@pytest.fixture
def day(data: Dataset) -> dict[str, list[str]]:
    written = statement_day(data)
    written["counting"] = [
        data.add(
            "counting",
            {"access_granted": "yes", "party_votes": PARTY_VOTES, "comments": '=HYPERLINK("x")'},
            station="AKM-1",
        )
    ]
    return written


def everything(database: Database) -> Iterator[Selected]:
    return selected_observations(database, builtin_forms(), Filters())


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_has_one_file_per_table_and_one_row_per_submission(
    database: Database, day: dict[str, list[str]], tmp_path: Path
) -> None:
    summary = summarize(database, builtin_forms(), workers=1)
    written = export_tables(
        everything(database), builtin_forms(), tmp_path / "day.csv", summary=summary
    )
    names = {path.name for path in written}
    assert {
        "day-voting.csv",
        "day-tabulation.csv",
        "day-counting-party_votes.csv",
        "day-findings.csv",
    } <= names
    voting = rows(tmp_path / "day-voting.csv")
    assert sorted(r["submission_id"] for r in voting) == sorted(day["voting"])
    assert sum(r["ballot_boxes_sealed"] == "no" for r in voting) == 5
    assert {"arrival_time", "ballot_boxes_sealed", "overall_assessment", "region"} <= set(voting[0])
    parties = rows(tmp_path / "day-counting-party_votes.csv")
    assert [(r["row_key"], r["votes"]) for r in parties] == [
        ("nur_otan", "410"),
        ("ak_zhol", "120"),
        ("peoples_party", "95"),
        ("auyl", "30"),
        ("adal", "12"),
    ]
    findings = {(r["form_id"], r["id"]): r for r in rows(tmp_path / "day-findings.csv")}
    transparent = findings[("tabulation", "transparent")]
    assert (transparent["concern_x"], transparent["answered_y"], transparent["share"]) == (
        "8",
        "12",
        "0.6667",
    )
    counting = rows(tmp_path / "day-counting.csv")
    assert counting[0]["comments"] == '\'=HYPERLINK("x")'  # never run as a formula


def test_xlsx_has_a_sheet_per_table_with_numbers_as_numbers(
    database: Database, day: dict[str, list[str]], tmp_path: Path
) -> None:
    summary = summarize(database, builtin_forms(), workers=1)
    export_tables(
        everything(database), builtin_forms(), tmp_path / "day.xlsx", summary=summary, language="ru"
    )
    book = load_workbook(tmp_path / "day.xlsx", read_only=True)
    assert {"findings", "questions", "voting", "tabulation", "counting.party_votes"} <= set(
        book.sheetnames
    )
    voting = list(book["voting"].iter_rows(values_only=True))
    assert len(voting) == 1 + len(day["voting"])
    parties = list(book["counting.party_votes"].iter_rows(values_only=True))
    assert parties[1][3] == 410
    findings = {(r[0], r[2]): r for r in book["findings"].iter_rows(values_only=True)}
    assert findings[("voting", "ballot_boxes_sealed")][3:6] == (
        "Урны для голосования не опечатаны надлежащим образом",
        5,
        40,
    )
    counting = list(book["counting"].iter_rows(values_only=True))
    assert '=HYPERLINK("x")' in counting[1]  # kept as text


def test_a_bad_target_is_refused_with_the_reason(database: Database, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"day\.ods: the file name must end in \.csv or \.xlsx"):
        export_tables(everything(database), builtin_forms(), tmp_path / "day.ods")
    with pytest.raises(ExportError, match="does not exist"):
        export_tables(everything(database), builtin_forms(), tmp_path / "missing" / "day.csv")


def test_xlsx_is_ready_to_sort_and_says_what_it_holds(
    database: Database, day: dict[str, list[str]], tmp_path: Path
) -> None:
    """Header frozen and filtered, shares as percentages, the observer's local times as
    times, and an About sheet first: filters, counting rule, data cut-off, app version."""
    summary = summarize(database, builtin_forms(), Filters(regions=("AKM",)), workers=1)
    export_tables(
        selected_observations(database, builtin_forms(), Filters(regions=("AKM",))),
        builtin_forms(),
        tmp_path / "day.xlsx",
        summary=summary,
        language="en",
    )
    book = load_workbook(tmp_path / "day.xlsx")
    assert book.sheetnames[0] == "About"
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert "Akmola Region" in about["Filters"]
    assert about["Counting"].startswith("Counted per observation")
    assert summary.cut_off is not None
    completed = summary.cut_off.replace(tzinfo=None)
    assert about["Data cut-off"] == (
        f"latest observation completed {completed:%-d January %Y, %H:%M} (UTC+06:00)"
    )
    assert about["App version"] == f"observer-app {__version__}"

    voting = book["voting"]
    assert voting.freeze_panes == "A2"
    assert voting.auto_filter.ref == f"A1:{voting.cell(1, voting.max_column).column_letter}" + (
        f"{voting.max_row}"
    )
    header = [c.value for c in voting[1]]
    started = [row[header.index("started_at")] for row in voting.iter_rows(min_row=2)]
    # the first visit opened at 08:00 as lived in Almaty (02:00 UTC)
    assert min(c.value for c in started) == ELECTION_DAY.replace(tzinfo=None)
    assert {c.number_format for c in started} == {"yyyy-mm-dd hh:mm:ss"}
    assert voting.column_dimensions["A"].width >= len("submission_id")

    findings = book["findings"]
    share = [c.value for c in findings[1]].index("share") + 1
    sealed = next(r for r in findings.iter_rows(min_row=2) if r[2].value == "ballot_boxes_sealed")
    assert sealed[share - 1].number_format == "0.0%"
    assert findings.freeze_panes == "A2"


def test_xlsx_findings_hold_the_composite_placed_with_its_questions(
    database: Database, data: Dataset, tmp_path: Path
) -> None:
    from tests.analysis.test_across import write_day

    write_day(data)
    summary = summarize(database, builtin_forms(), workers=1)
    export_tables(
        everything(database), builtin_forms(), tmp_path / "day.xlsx", summary=summary, language="kk"
    )
    book = load_workbook(tmp_path / "day.xlsx", read_only=True)
    findings = list(book["findings"].iter_rows(values_only=True))
    ids = [(r[0], r[2]) for r in findings]
    composite = findings[ids.index(("counting", "key_safeguard_skipped"))]
    assert composite[1:6] == (
        "composite",
        "key_safeguard_skipped",
        "Дауыстарды санаудың негізгі кепілдіктерінің кемінде біреуі өткізіп жіберілді",
        2,
        3,
    )
    # just before the first question it gathers, as in the printed findings
    position = ids.index(("counting", "key_safeguard_skipped"))
    assert ids.index(("counting", "unused_cancelled")) == position + 1
    access = findings[ids.index(("voting", "access"))]
    assert access[1] == "tag" and access[4:6] == (3, 4)
    # the figures gathered across forms, as sheets of their own
    rows = {r[0]: r for r in book["access"].iter_rows(values_only=True)}
    assert rows["observations"][1:3] == (7, 13)
    assert rows["polling_stations"][1:3] == (5, 7)
    bands = {r[0]: r for r in book["time_of_day"].iter_rows(values_only=True)}
    assert bands["evening"][1:4] == (7, 4, 3)
    durations = {r[0]: r for r in book["durations"].iter_rows(values_only=True)}
    assert durations["counting"][1:5] == (3, 60, 45, 150)
    reasons = {(r[0], r[2]): r for r in book["reasons"].iter_rows(values_only=True)}
    assert reasons[("counting", "key_safeguard_skipped")][4:] == (2, 2, 1.0, 0, 1, 0.0)


def test_a_place_is_four_number_columns_as_odk_central_writes_them() -> None:
    """A geopoint is kept as ODK's "lat lon altitude accuracy"; the exports give it as
    numbers a spreadsheet can map, one column each, and leave a missing part empty."""
    from observer_app.analysis.observations import Observation
    from observer_app.reporting.tables import FormColumns, csv_cell, submission_rows

    columns = FormColumns(None, ["arrival", "spot", "note"], {}, made=(2,), places=(1,))  # type: ignore[arg-type]
    assert columns.headers == [
        "arrival",
        "spot-Latitude",
        "spot-Longitude",
        "spot-Altitude",
        "spot-Accuracy",
        "note",
    ]
    observation = Observation(
        id="s1",
        form_id="geo",
        form_version=1,
        station_id=None,
        tec_id=None,
        region=None,
        observer="Айгүл Сейітова",
        team="Team 7",
        started_at=ELECTION_DAY,
        completed_at=None,
        answers={"arrival": 3, "spot": "51.1694 71.4462", "note": "=SUM(A1)"},
    )
    ((table, row),) = submission_rows(observation, columns, csv_cell)
    assert table is None
    assert row[9:] == [3, 51.1694, 71.4462, None, None, "'=SUM(A1)"]


def test_a_name_a_spreadsheet_would_run_is_quoted_in_csv_and_the_file_opens_in_excel(
    database: Database, data: Dataset, tmp_path: Path
) -> None:
    """The observer and team come from a sender's file: text that starts like a formula
    is quoted in CSV as an answer is, control characters are dropped, and the file starts
    with the byte-order mark Excel needs to read it as UTF-8."""
    data.add("voting", {"comments": "tab\x0bbed"}, station="AKM-1", team="=cmd|' /C calc'!A0")
    export_tables(everything(database), builtin_forms(), tmp_path / "day.csv")
    raw = (tmp_path / "day-voting.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    (voting,) = rows(tmp_path / "day-voting.csv")
    assert voting["team"] == "'=cmd|' /C calc'!A0"
    assert voting["comments"] == "tabbed"


def test_xlsx_cells_keep_their_types_and_leave_blanks_empty(
    database: Database, data: Dataset, tmp_path: Path
) -> None:
    """Numbers stay numbers, times are times, a blank answer is an empty cell (not an empty
    text), and text that looks like a formula or a number stays text."""
    data.add(
        "counting",
        {"access_granted": "yes", "comments": "=1+1", "party_votes": PARTY_VOTES},
        station="AKM-1",
    )
    data.add("counting", {"access_granted": "no", "comments": ""}, station="AKM-2")
    export_tables(everything(database), builtin_forms(), tmp_path / "day.xlsx")
    sheet = load_workbook(tmp_path / "day.xlsx")["counting"]
    header = [c.value for c in sheet[1]]
    by_access = {
        row[header.index("access_granted")].value: row for row in sheet.iter_rows(min_row=2)
    }
    first, second = by_access["yes"], by_access["no"]
    assert first[header.index("comments")].value == "=1+1"
    assert first[header.index("comments")].data_type == "s"
    assert second[header.index("comments")].value is None
    assert first[header.index("form_version")].data_type == "n"
    assert first[header.index("started_at")].is_date
    parties = load_workbook(tmp_path / "day.xlsx")["counting.party_votes"]
    assert [r[3] for r in parties.iter_rows(min_row=2, values_only=True)] == [410, 120, 95, 30, 12]


@settings(max_examples=300, deadline=None)
@given(
    moments=st.lists(
        st.datetimes(
            min_value=datetime(1901, 1, 1),
            max_value=datetime(9998, 12, 31),
            timezones=st.builds(
                timezone,
                st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23)),
            ),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_a_time_is_kept_as_the_number_xlsxwriter_keeps_for_it(moments: list[datetime]) -> None:
    """The export works out a time's serial number itself (an export writes 200,000 of
    them): the very number XlsxWriter's own write_datetime writes for the observer's wall
    clock, so a workbook shows and sorts the same moment to the microsecond."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "times.xlsx"
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        ours, theirs = book.add_worksheet("ours"), book.add_worksheet("theirs")
        time_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        for row, moment in enumerate(moments):
            ours.write_number(row, 0, excel_serial(moment), time_format)
            theirs.write_datetime(row, 0, moment.replace(tzinfo=None), time_format)
        book.close()
        with zipfile.ZipFile(path) as archive:
            sheets = [archive.read(f"xl/worksheets/sheet{n}.xml") for n in (1, 2)]
    values = [re.findall(rb"<v>([^<]*)</v>", sheet) for sheet in sheets]
    assert values[0] == values[1]
    assert len(values[0]) == len(moments)
