"""The same counts from PostgreSQL as from SQLite: a coordination centre's database."""

from __future__ import annotations

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
