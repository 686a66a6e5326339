"""Protocol rules and the quarantine, the official results file, and the discrepancies
between the published results and the protocols the observers copied (issue 16)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from observer_app.analysis.discrepancies import find_discrepancies
from observer_app.analysis.protocols import protocol_copies
from observer_app.store.database import Database
from observer_app.workspace.errors import NotFound, WorkspaceError
from observer_app.workspace.official import import_official_results, official_results
from observer_app.workspace.quarantine import quarantine_lines, restore_copy
from tests.analysis.factory import Dataset, builtin_forms

PARTIES = ("nur_otan", "ak_zhol", "peoples_party", "auyl", "adal")
HEADER = "region,number,registered,ballots_issued,valid,invalid," + ",".join(PARTIES)


def protocol(votes: tuple[int, ...] = (400, 80, 60, 25, 15), **change: int) -> dict[str, Any]:
    """A counting form whose protocol adds up: 1000 on the list, 20 invalid ballots, every
    ballot issued found in the box (600 with the default votes)."""
    box = sum(votes) + 20
    answers: dict[str, Any] = {
        "access_granted": "yes",
        "voters_on_list": 1000,
        "signatures": box,
        "ballots_received": 1000,
        "ballots_unused": 1000 - box,
        "ballots_in_box": box,
        "ballots_invalid": 20,
        "ballots_valid": sum(votes),
        "party_votes": [{"votes": v} for v in votes],
    }
    answers.update(change)
    return answers


def copies(database: Database) -> list[Any]:
    with database.reading() as session:
        return protocol_copies(session, builtin_forms())


# --- protocol rules and the quarantine --------------------------------------------------


def test_a_protocol_that_adds_up_has_no_error(database: Database, data: Dataset) -> None:
    data.add("counting", protocol(), station="ALA-12")
    (copy,) = copies(database)
    assert copy.errors == () and not copy.quarantined
    assert copy.figures["valid"] == 580 and copy.figures["party:nur_otan"] == 400
    assert quarantine_lines(database, builtin_forms(), "en") == []


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"ballots_invalid": 30}, "ballots_differ_from_valid_and_invalid"),
        ({"ballots_valid": 590, "ballots_in_box": 610}, "party_votes_differ_from_valid"),
        ({"signatures": 1100, "ballots_unused": -100}, "ballots_issued_exceed_registered"),
        ({"ballots_unused": 300}, "ballots_not_reconciled"),
    ],
)
def test_each_protocol_error_quarantines_the_station(
    database: Database, data: Dataset, change: dict[str, int], rule: str
) -> None:
    data.add("counting", protocol(**change), station="ALA-12")
    (copy,) = copies(database)
    assert rule in [check.id for check in copy.errors]
    assert copy.quarantined


def test_a_warning_does_not_quarantine(database: Database, data: Dataset) -> None:
    # More ballots in the boxes than signatures: worth a question, but it adds up.
    data.add("counting", protocol(signatures=590, ballots_unused=410), station="ALA-12")
    (copy,) = copies(database)
    assert [c.id for c in copy.warnings] == ["ballots_exceed_signatures"]
    assert not copy.quarantined


def test_the_coordinator_restores_a_quarantined_station_with_a_recorded_decision(
    database: Database, data: Dataset
) -> None:
    submission = data.add("counting", protocol(ballots_invalid=30), station="ALA-12")
    (line,) = quarantine_lines(database, builtin_forms(), "ru")
    assert line.quarantined and line.submission_id == submission
    assert line.reasons == (
        "Сумма действительных и недействительных бюллетеней не равна числу бюллетеней в урнах "
        "для голосования",
    )
    with pytest.raises(WorkspaceError, match="name of who made it"):
        restore_copy(database, builtin_forms(), submission, " ")
    with pytest.raises(NotFound):
        restore_copy(database, builtin_forms(), "no-such-id", "Aigerim")
    restore_copy(database, builtin_forms(), submission, "Aigerim", "the PEC's own typo, seen")
    (line,) = quarantine_lines(database, builtin_forms(), "en")
    assert line.restored is not None and not line.quarantined
    assert (line.restored.decided_by, line.restored.note) == ("Aigerim", "the PEC's own typo, seen")
    (copy,) = copies(database)
    assert not copy.quarantined  # counted in the results again


# --- discrepancies ------------------------------------------------------------------------


def official_file(tmp_path: Path, rows: list[str], name: str = "results.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_equal_figures_are_not_flagged(database: Database, data: Dataset, tmp_path: Path) -> None:
    data.add("counting", protocol(), station="ALA-12")
    path = official_file(tmp_path, ["ALA,12,1000,600,580,20,400,80,60,25,15"])
    import_official_results(database, builtin_forms(), path)
    found = find_discrepancies(copies(database), official_results(database))
    assert len(found.compared) == 1 and found.differing == () and found.missing == ()


def test_a_changed_party_figure_is_flagged_with_its_difference(
    database: Database, data: Dataset, tmp_path: Path
) -> None:
    data.add("counting", protocol(), station="ALA-12")
    path = official_file(tmp_path, ["ALA,12,1000,600,580,20,430,50,60,25,15"])
    import_official_results(database, builtin_forms(), path)
    (station,) = find_discrepancies(copies(database), official_results(database)).differing
    assert [(d.figure, d.observed, d.official, d.size) for d in station.differences] == [
        ("party:nur_otan", 400, 430, 30),
        ("party:ak_zhol", 80, 50, -30),
    ]


def test_a_station_missing_from_the_official_file_is_listed(
    database: Database, data: Dataset, tmp_path: Path
) -> None:
    data.add("counting", protocol(), station="ALA-12")
    data.add("counting", protocol(), station="ALA-13")
    import_official_results(
        database,
        builtin_forms(),
        official_file(tmp_path, ["ALA,12,1000,600,580,20,400,80,60,25,15"]),
    )
    found = find_discrepancies(copies(database), official_results(database))
    assert [copy.station_id for copy in found.missing] == ["ALA-13"]


def test_a_quarantined_copy_is_not_compared(
    database: Database, data: Dataset, tmp_path: Path
) -> None:
    data.add("counting", protocol(ballots_invalid=30), station="ALA-12")
    import_official_results(
        database,
        builtin_forms(),
        official_file(tmp_path, ["ALA,12,1000,600,580,20,400,80,60,25,15"]),
    )
    found = find_discrepancies(copies(database), official_results(database))
    assert found.compared == () and [c.station_id for c in found.quarantined] == ["ALA-12"]


# --- the official results file --------------------------------------------------------------

GOOD = "ALA,12,1000,600,580,20,400,80,60,25,15"


@pytest.mark.parametrize(
    ("rows", "encoding", "reason"),
    [
        (
            [GOOD, "АLA,13,1000,600,580,20,400,80,60,25,15"],  # a Cyrillic А, saved as cp1251
            "cp1251",
            "results.csv:3: not UTF-8 text",
        ),
        (
            [GOOD, "ALA,99999,1000,600,580,20,400,80,60,25,15"],
            "utf-8",
            "results.csv:3: unknown polling station '99999' in region 'ALA'",
        ),
        ([GOOD, GOOD], "utf-8", "results.csv:3: station ALA-12 is given twice (first on line 2)"),
        (
            [GOOD, "ALA,13,1000,600,580,-20,400,80,60,25,15"],
            "utf-8",
            "results.csv:3: invalid is negative (-20)",
        ),
        (
            [GOOD, "ALA,13,1000,600,580,20,400,80,60,25,16"],
            "utf-8",
            "results.csv:3: the votes per party add up to 581, not to the 580 valid ballots",
        ),
    ],
)
def test_a_bad_official_file_is_refused_with_file_line_reason_and_the_database_unchanged(
    database: Database, tmp_path: Path, rows: list[str], encoding: str, reason: str
) -> None:
    import_official_results(
        database,
        builtin_forms(),
        official_file(tmp_path, ["ALA,14,900,500,480,20,300,80,60,25,15"], "first.csv"),
    )
    path = tmp_path / "results.csv"
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode(encoding, errors="replace"))
    file = Path(database.name)
    database.close()
    before = file.read_bytes()
    database.engine.dispose()
    with pytest.raises(WorkspaceError) as refused:
        import_official_results(database, builtin_forms(), path)
    database.close()
    assert reason in str(refused.value)
    assert str(path) in str(refused.value)
    assert file.read_bytes() == before
    assert list(official_results(database)) == ["ALA-14"]


def test_every_bad_row_is_named(database: Database, tmp_path: Path) -> None:
    path = official_file(
        tmp_path,
        [
            "ALA,12,1000,600,580,-1,400,80,60,25,15",
            GOOD.replace("12", "13"),
            "XXX,1,1,1,1,1,1,0,0,0,0",
        ],
    )
    with pytest.raises(WorkspaceError) as refused:
        import_official_results(database, builtin_forms(), path)
    lines = str(refused.value).splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{path}:2", f"{path}:4"]


def test_semicolons_and_an_excel_workbook_are_read(database: Database, tmp_path: Path) -> None:
    semicolons = tmp_path / "results.csv"
    semicolons.write_text(
        "\ufeff" + HEADER.replace(",", ";") + "\n" + GOOD.replace(",", ";") + "\n",
        encoding="utf-8",
    )
    assert import_official_results(database, builtin_forms(), semicolons).stations == 1
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["ALA", 12, 1000, 600, 590, 10, 410, 80, 60, 25, 15])
    sheet.append(["ALA", 13, 800, 500, 480, 20, 300, 80, 60, 25, 15])
    workbook.save(tmp_path / "results.xlsx")
    loaded = import_official_results(database, builtin_forms(), tmp_path / "results.xlsx")
    assert (loaded.stations, loaded.replaced) == (2, 1)
    assert official_results(database)["ALA-12"].votes["nur_otan"] == 410
