"""The same counts from PostgreSQL as from SQLite: a coordination centre's database."""

from __future__ import annotations

from pathlib import Path

import pytest

from observer_app.analysis import Unit, summarize
from observer_app.analysis.layout import ItemKind
from observer_app.store.database import open_database
from observer_app.store.registry import replace_registry
from tests.analysis.factory import Dataset, builtin_forms, builtin_registry
from tests.reporting.statement import statement_day


@pytest.mark.parametrize("workers", [1, 2])
def test_postgresql_counts_the_statement_day(postgres_url: str, workers: int) -> None:
    database = open_database(postgres_url)
    try:
        with database.transaction() as session:
            replace_registry(session, builtin_registry())
        statement_day(Dataset(database))
        for unit in Unit:
            summary = summarize(database, builtin_forms(), unit=unit, workers=workers)
            transparent = summary.form("tabulation").count(ItemKind.QUESTION, "transparent")
            sealed = summary.form("voting").count(ItemKind.QUESTION, "ballot_boxes_sealed")
            assert (transparent.concern, transparent.answered) == (8, 12)
            assert (sealed.concern, sealed.answered, sealed.not_observed) == (5, 40, 2)
            assert summary.coverage.regions_with_stations == 13
            assert len(summary.incidents) == 2
    finally:
        database.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_summary_made_while_files_arrive_counts_one_moment(
    postgres_url: str, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another coordinator's merge commits while the summary counts: it is not half-seen."""
    from observer_app.analysis import summary as summary_module

    database = open_database(postgres_url)
    try:
        with database.transaction() as session:
            replace_registry(session, builtin_registry())
        statement_day(Dataset(database))
        split = summary_module.place_ranges  # runs after the summary has taken its snapshot

        def merge_meanwhile(*args: object, **kwargs: object) -> object:
            statement_day(Dataset(database))  # committed by another connection, now
            return split(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(summary_module, "place_ranges", merge_meanwhile)
        during = summarize(database, builtin_forms(), workers=workers)
        monkeypatch.setattr(summary_module, "place_ranges", split)
        after = summarize(database, builtin_forms(), workers=workers)
        for summary, expected in ((during, (8, 12)), (after, (16, 24))):
            transparent = summary.form("tabulation").count(ItemKind.QUESTION, "transparent")
            assert (transparent.concern, transparent.answered) == expected
        assert after.coverage.observations == 2 * during.coverage.observations
    finally:
        database.close()


def test_the_commands_read_a_postgresql_database(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report and export-table with --db on PostgreSQL, as a coordination centre runs them."""
    from observer_app.cli import main

    database = open_database(postgres_url)
    try:
        with database.transaction() as session:
            replace_registry(session, builtin_registry())
        statement_day(Dataset(database))
    finally:
        database.close()
    assert main(["report", "--db", postgres_url, "--out", str(tmp_path / "summary.pdf")]) == 0
    assert "polling stations in 13 of 17 regions" in capsys.readouterr().out
    assert main(["export-table", "--db", postgres_url, "--out", str(tmp_path / "day.xlsx")]) == 0
    assert (tmp_path / "day.xlsx").stat().st_size > 10_000
