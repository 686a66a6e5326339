"""`observer-app demo`: a newcomer's first command makes files, merges them, prints a summary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from observer_app.cli import main


def test_the_demo_runs_the_whole_product(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--teams", "13"]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert "13 observer teams in 13 of 17 regions" in printed
    assert "rejected: truncated or damaged" in printed  # the file cut short
    assert "total: 18 file(s)" in printed
    text = " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(out / "summary.pdf").pages
    )
    assert "Polling stations were observed in 13 of 17 regions" in text
    assert re.search(
        r"In \d+ of the 10 TECs where tabulation was observed, the process was not transparent\.",
        text,
    )  # of 13 TECs visited, 2 had no tabulation going on and 1 let the observers no further
    assert "In 2 of the 13 TECs visited, the TEC was closed with no tabulation under way." in text
    assert re.search(r"\d+ of 13 observations", text)
    for made in ("mission.zip", "coordinator-key.json", "coordinator.sqlite3"):
        assert (out / made).is_file()


def test_the_demo_refuses_a_file_for_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    occupied = tmp_path / "demo"
    occupied.write_text("not a folder")
    assert main(["demo", "--out", str(occupied)]) == 1
    assert f"{occupied} is a file, not a folder" in capsys.readouterr().err


def test_the_demo_says_how_many_teams_it_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--out", str(tmp_path / "demo"), "--teams", "2"]) == 1
    assert "--teams 2: the demo needs 9 to 2000 teams" in capsys.readouterr().err
    assert not (tmp_path / "demo").exists()
