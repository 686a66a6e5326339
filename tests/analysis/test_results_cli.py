"""The results commands end to end: a sample, the protocols of its stations, the official
results with one station changed, and what `observer-app results` says (issue 16)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from pypdf import PdfReader

from observer_app.cli import main
from observer_app.store.database import Database
from observer_app.workspace.coordinator import CoordinatorWorkspace
from tests.analysis.factory import Dataset, builtin_forms
from tests.analysis.test_results import HEADER, protocol


def test_quick_count_discrepancies_and_quarantine_from_the_command_line(
    database: Database, data: Dataset, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{database.name}"
    assert (
        main(
            [
                "pvt",
                "sample",
                "--size",
                "60",
                "--strata",
                "region",
                "--seed",
                "7",
                "--out",
                str(tmp_path / "sample.csv"),
                "--db",
                url,
            ]
        )
        == 0
    )
    sampled = [
        line.split(",")[0] for line in (tmp_path / "sample.csv").read_text().splitlines()[1:]
    ]
    rng = random.Random(1)
    rows = []
    for index, station in enumerate(sampled):
        votes = tuple(rng.randint(10, 150) for _ in range(5))
        data.add("counting", protocol(votes), station=station)
        region, number = station.rsplit("-", 1)
        published = list(votes)
        if index < 3:
            published[0] += 25  # three stations published with more votes for Nur Otan
        rows.append(
            f"{region},{number},1000,{sum(votes) + 20},{sum(published)},20,"
            + ",".join(map(str, published))
        )
    # A sampled station whose copy does not add up: quarantined, not counted.
    outside = next(f"ALA-{n}" for n in range(1, 99) if f"ALA-{n}" not in sampled)
    bad = data.add("counting", protocol(ballots_invalid=99), station=outside)
    (tmp_path / "official.csv").write_text("\n".join([HEADER, *rows[:-1]]) + "\n")
    assert main(["results", "import", str(tmp_path / "official.csv"), "--db", url]) == 0
    capsys.readouterr()

    assert main(["results", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "Protocols counted from 60 of the 60 sampled polling stations (100.0%)." in out
    assert "Turnout: " in out and "within the margin" in out
    assert (
        "In 3 of the 59 polling stations where the count was observed, the published results "
        "differ from the protocol the observers copied." in out
    )
    assert "Nur Otan: " in out and "(+25)" in out
    assert "1 polling station where the count was observed is missing" in out
    assert "1 polling station whose protocol copy has an arithmetic error" in out

    assert main(["results", "--db", url, "--lang", "ru"]) == 0
    assert "На 3 из 59 избирательных участков" in capsys.readouterr().out

    assert main(["quarantine", "--json", "--db", url]) == 0
    (line,) = json.loads(capsys.readouterr().out)
    assert line["submission_id"] == bad and line["restored"] is None
    assert (
        main(["quarantine", "restore", bad, "--by", "Aigerim", "--why", "seen", "--db", url]) == 0
    )
    assert main(["quarantine", "--db", url]) == 0
    assert "restored by Aigerim: seen" in capsys.readouterr().out


def test_the_turnout_pecs_announced_beside_the_published_one(
    database: Database, data: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{database.name}"
    for arrival, voted in (("10:40", 150), ("11:55", 250), ("13:10", 420), ("09:30", 999)):
        answers = {"arrival_time": arrival, "voters_on_list": 1000, "turnout_announced": voted}
        data.add("voting", answers, station="ALA-12")
    assert main(["results", "turnout", "12:00=19.5", "14:00=41,0", "--db", url]) == 0
    assert main(["results", "turnout", "12:00=ab", "--db", url]) == 1
    assert "'12:00=ab': write the hour and the published turnout in per cent" in (
        capsys.readouterr().err
    )
    assert main(["results", "--db", url]) == 0
    out = capsys.readouterr().out
    # 10:40 and 11:55 fall in the two hours up to 12:00; 09:30 in none.
    assert "12:00: PECs told observers 20.0% (2 visits); the commission published 19.5%" in out
    assert "14:00: PECs told observers 42.0% (1 visit); the commission published 41.0%" in out


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "In 1 of the 1 polling station where the count was observed, the published"),
        ("ru", "На 1 из 1 избирательного участка, где наблюдался подсчёт голосов"),
        ("kk", "Дауыстарды санау байқалған 1 сайлау учаскесінің 1-інде жарияланған"),
    ],
)
def test_the_pdf_summary_has_the_results_section(
    database: Database, data: Dataset, tmp_path: Path, language: str, expected: str
) -> None:
    data.add("counting", protocol(), station="ALA-12")
    data.add("counting", protocol(ballots_invalid=30), station="ALA-13")
    official = tmp_path / "official.csv"
    official.write_text(HEADER + "\nALA,12,1000,600,580,20,430,50,60,25,15\n", encoding="utf-8")
    desk = CoordinatorWorkspace(database, builtin_forms())
    desk.import_official_results(official)
    desk.write_pdf(tmp_path / "summary.pdf", language=language)  # type: ignore[arg-type]
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(tmp_path / "summary.pdf").pages
    )
    assert expected in text
    assert {"en": "(+30)", "ru": "(+30)", "kk": "(+30)"}[language] in text
    assert {"en": "quarantined", "ru": "на карантине", "kk": "карантинде"}[language] in text
