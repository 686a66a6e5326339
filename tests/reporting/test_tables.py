"""CSV and XLSX exports: one row per submission, a column per question, repeats apart, findings."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from observer_app.analysis import Filters, summarize
from observer_app.analysis.selection import Selected, selected_observations
from observer_app.reporting.tables import ExportError, export_tables
from observer_app.store.database import Database
from tests.analysis.factory import Dataset, builtin_forms
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
