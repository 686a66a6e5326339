"""`observer-app report`, `export-table` and `print` as a coordinator types them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from observer_app.cli import main
from observer_app.store.database import Database
from tests.analysis.factory import Dataset
from tests.reporting.statement import statement_day


@pytest.fixture
def url(database: Database, data: Dataset) -> str:
    statement_day(data)
    return database.url


def test_report_with_filters_per_station_in_kazakh_on_letter(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "summary.pdf"
    status = main(
        ["report", "--db", url, "--out", str(out), "--lang", "kk", "--region", "akm",
         "--form", "tabulation", "--per-station", "--paper", "letter", "--since", "2021-01-10"]
    )  # fmt: skip
    assert status == 0
    printed = capsys.readouterr().out
    assert "per polling station" in printed and "LETTER, kk" in printed
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "Өңірлер: Ақмола облысы" in text


def test_export_table_and_print(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export-table", "--db", url, "--out", str(tmp_path / "day.xlsx")]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "day.xlsx")
    voting = tmp_path / "day-voting.csv"
    assert main(["export-table", "--db", url, "--out", str(tmp_path / "day.csv")]) == 0
    assert voting.exists()
    submission = voting.read_text(encoding="utf-8-sig").splitlines()[1].split(",")[0]
    assert main(["print", submission, "--db", url, "--out", str(tmp_path / "form.pdf")]) == 0
    assert "voting v1" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["report", "--out", "{tmp}/s.pdf", "--region", "XX"],
            "unknown region(s) XX; the registry has: AKM",
        ),
        (["report", "--out", "{tmp}/s.pdf", "--form", "exit_poll"], "unknown form(s) exit_poll"),
        (
            ["report", "--out", "{tmp}/s.pdf", "--since", "noon"],
            "'noon' is not a date or date-time",
        ),
        (
            ["report", "--out", "{tmp}/s.pdf", "--since", "2021-01-11", "--until", "2021-01-10"],
            "the time window is empty",
        ),
        (["report", "--out", "{tmp}/s.txt"], "the file name must end in .pdf"),
        (["export-table", "--out", "{tmp}/nowhere/t.csv"], "does not exist"),
        (["print", "not-an-id", "--out", "{tmp}/f.pdf"], "'not-an-id' is not a submission id"),
        (
            ["print", "6f1c1a52-3c0e-4a8e-9f55-0c4c6b9c1a11", "--out", "{tmp}/f.pdf"],
            "no submission",
        ),
    ],
)
def test_bad_input_is_refused_with_a_reason(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in arguments] + ["--db", url]
    assert main(argv) == 1
    assert message in capsys.readouterr().err
