"""The official results: the commission's per-station figures loaded into the database.

A file is read whole and checked row by row before anything is written; a file with one
bad row loads nothing. A file loaded later replaces the rows of the stations it holds (a
commission publishes region by region, and corrects).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from observer_app.analysis.protocols import form_parties, protocol_forms
from observer_app.domain.official_results import (
    OfficialResult,
    ResultsFileError,
    read_official_results,
)
from observer_app.domain.registry import RegistryError
from observer_app.formspec import FormLibrary
from observer_app.store.database import Database
from observer_app.store.models import OfficialResultRow
from observer_app.store.registry import load_registry
from observer_app.workspace.errors import WorkspaceError


@dataclass(frozen=True)
class LoadedResults:
    path: Path
    stations: int
    replaced: int


def mission_parties(library: FormLibrary) -> tuple[str, ...]:
    """The parties on the ballot: the rows of the counting form's party votes."""
    for compiled in protocol_forms(library):
        parties = form_parties(compiled)
        if parties:
            return parties
    raise WorkspaceError("no form of this mission copies a results protocol with party votes")


def import_official_results(database: Database, library: FormLibrary, path: Path) -> LoadedResults:
    """Check the commission's file and load it, or refuse it whole: WorkspaceError with
    one "file:line: reason" line per bad row, the database as it was."""
    parties = mission_parties(library)
    with database.reading() as session:
        stations = {station.id for station in load_registry(session).stations}
    if not stations:
        raise WorkspaceError(f"{database.name}: no polling-station registry to match results to")
    try:
        results = read_official_results(path, stations, parties)
    except (RegistryError, ResultsFileError) as error:
        raise WorkspaceError(str(error)) from None
    now = datetime.now(UTC)
    with database.transaction() as session:
        known = set(session.scalars(select(OfficialResultRow.station_id)))
        replaced = 0
        for result in results:
            row = (
                session.get(OfficialResultRow, result.station_id)
                if result.station_id in known
                else None
            )
            if row is None:
                row = OfficialResultRow(station_id=result.station_id)
                session.add(row)
            else:
                replaced += 1
            row.region = result.region
            row.number = result.number
            row.registered = result.registered
            row.ballots_issued = result.ballots_issued
            row.valid = result.valid
            row.invalid = result.invalid
            row.votes = dict(result.votes)
            row.source = path.name
            row.line = result.line
            row.imported_at = now
    return LoadedResults(path, len(results), replaced)


def official_results(database: Database) -> dict[str, OfficialResult]:
    """The official results loaded so far, by station id."""
    with database.reading() as session:
        return {
            row.station_id: OfficialResult(
                station_id=row.station_id,
                region=row.region,
                number=row.number,
                registered=row.registered,
                ballots_issued=row.ballots_issued,
                valid=row.valid,
                invalid=row.invalid,
                votes={str(k): int(v) for k, v in dict(row.votes).items()},
                line=row.line,
            )
            for row in session.scalars(select(OfficialResultRow))
        }
