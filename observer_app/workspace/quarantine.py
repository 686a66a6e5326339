"""The quarantine: protocol copies left out of the results because a protocol rule holds,
listed with their reasons, and the coordinator's decision to count one all the same.

The decision is kept like a conflict decision (who, when, why) and holds for the content
it was taken on: a corrected revision handed in later is checked afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from observer_app.analysis.protocols import ProtocolCopy, Restoration, protocol_copies
from observer_app.domain.i18n import Language
from observer_app.formspec import FormLibrary
from observer_app.store.database import Database
from observer_app.store.models import QuarantineDecisionRow
from observer_app.store.registry import load_registry
from observer_app.workspace.errors import NotFound, WorkspaceError


@dataclass(frozen=True)
class QuarantineLine:
    """A protocol copy that a protocol rule flags, as the coordinator reads it."""

    submission_id: str
    station_id: str
    station: str
    team: str
    #: What each rule that holds says, in the language asked for.
    reasons: tuple[str, ...]
    restored: Restoration | None

    @property
    def quarantined(self) -> bool:
        return self.restored is None


def station_label(database: Database, language: Language) -> dict[str, str]:
    """ "No. 245, Almaty (city)" for each station of the registry, by its id."""
    with database.reading() as session:
        registry = load_registry(session)
    regions = {region.code: region.name(language) for region in registry.regions}
    return {
        station.id: f"{station.number}, {regions.get(station.region, station.region)}"
        for station in registry.stations
    }


def flagged_copies(database: Database, library: FormLibrary) -> list[ProtocolCopy]:
    with database.reading() as session:
        return [copy for copy in protocol_copies(session, library) if copy.errors]


def quarantine_lines(
    database: Database, library: FormLibrary, language: Language
) -> list[QuarantineLine]:
    """Every station whose protocol copy has an error, quarantined or restored."""
    labels = station_label(database, language)
    return [
        QuarantineLine(
            submission_id=copy.submission_id,
            station_id=copy.station_id,
            station=labels.get(copy.station_id, copy.station_id),
            team=copy.team,
            reasons=tuple(check.finding.get(language) for check in copy.errors),
            restored=copy.restored,
        )
        for copy in flagged_copies(database, library)
    ]


def restore_copy(
    database: Database, library: FormLibrary, submission_id: str, decided_by: str, note: str = ""
) -> Restoration:
    """Count a quarantined protocol copy in the results, recording who decided and why.

    Raises NotFound when no flagged copy has that id, WorkspaceError without a name.
    """
    if not decided_by.strip():
        raise WorkspaceError("a decision needs the name of who made it (--by NAME)")
    flagged = {copy.submission_id: copy for copy in flagged_copies(database, library)}
    copy = flagged.get(submission_id)
    if copy is None:
        raise NotFound(
            f"no quarantined protocol copy {submission_id} in {database.url}; "
            "`observer-app quarantine` lists them"
        )
    decided_at = datetime.now(UTC)
    with database.transaction() as session:
        row = session.get(QuarantineDecisionRow, submission_id)
        if row is None:
            row = QuarantineDecisionRow(submission_id=submission_id)
            session.add(row)
        row.content_hash = copy.content_hash
        row.decided_by = decided_by.strip()
        row.decided_at = decided_at
        row.note = note
    return Restoration(decided_by.strip(), decided_at, note)
