"""Conflicts for the coordinator: a submission handed in twice at one revision with two contents.

Listed, compared answer by answer, and settled: the content kept is counted from then on,
and who decided, when and why is recorded (exchange.review).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from observer_app.domain.i18n import Language
from observer_app.domain.submission import join_time
from observer_app.exchange.keys import b64decode, short_fingerprint
from observer_app.exchange.review import (
    ConflictDecision,
    ConflictingVersion,
    conflict_record,
    decision_of,
    list_conflicts,
    resolve_conflict,
)
from observer_app.formspec import FormLibrary
from observer_app.store.database import Database
from observer_app.store.models import BundleRow, DeviceRow
from observer_app.workspace.errors import NotFound, WorkspaceError
from observer_app.workspace.records import ComparedLine, compare_records


@dataclass(frozen=True, slots=True)
class VersionLine:
    """One of the contents: where it came from and whether it is counted now.

    Where it came from is the file (bundle) that brought it: the team and observer the file
    names, the laptop (device) that signed it, when the observer wrote it (their wall-clock
    time: the hand-in) and when it was merged here. The bundle is None for a content made
    on this computer.
    """

    content_hash: str
    counted: bool
    device_id: str | None
    bundle_id: str | None
    saved_at: datetime
    team: str | None = None
    observer: str | None = None
    handed_in_at: datetime | None = None
    merged_at: datetime | None = None
    #: The laptop's key fingerprint, as the import table and `observer-app device` show it.
    laptop: str | None = None


@dataclass(frozen=True, slots=True)
class ConflictLine:
    """One conflict as listed: which form, where, whose, and what was decided."""

    submission_id: str
    revision: int
    form_id: str
    form_title: str
    place: str
    observer: str
    #: The content hashes, in a fixed order (A, B, ...).
    hashes: tuple[str, ...]
    #: The content counted now.
    counted: str
    #: The content kept by a coordinator's decision; None while undecided.
    kept: str | None
    decided_by: str | None
    versions: tuple[VersionLine, ...] = ()


def conflict_lines(
    database: Database, library: FormLibrary, language: Language
) -> list[ConflictLine]:
    titles = {f.id: f.form.title.get(language) for f in library.latest()}
    lines = []
    with database.reading() as session:
        for conflict in list_conflicts(session):
            decision = decision_of(session, conflict.submission_id, conflict.revision)
            versions = sorted(conflict.versions, key=lambda v: v.content_hash)
            lines.append(
                ConflictLine(
                    submission_id=conflict.submission_id,
                    revision=conflict.revision,
                    form_id=conflict.form_id,
                    form_title=titles.get(conflict.form_id, conflict.form_id),
                    place=conflict.station_id or "",
                    observer=conflict.observer,
                    hashes=tuple(v.content_hash for v in versions),
                    counted=next(v.content_hash for v in conflict.versions if v.counted),
                    kept=decision.kept_hash if decision else None,
                    decided_by=decision.decided_by if decision else None,
                    versions=tuple(_version_line(session, v) for v in versions),
                )
            )
    return lines


def _version_line(session: Session, version: ConflictingVersion) -> VersionLine:
    bundle = session.get(BundleRow, version.bundle_id) if version.bundle_id else None
    device = session.get(DeviceRow, version.device_id) if version.device_id else None
    return VersionLine(
        version.content_hash,
        version.counted,
        version.device_id,
        version.bundle_id,
        version.updated_at,
        team=bundle.team if bundle else None,
        observer=bundle.observer if bundle else None,
        handed_in_at=join_time(bundle.created_at, bundle.created_offset) if bundle else None,
        merged_at=bundle.merged_at if bundle else None,
        laptop=short_fingerprint(b64decode(device.public_key, 32)) if device else None,
    )


def compare_conflict(
    database: Database, library: FormLibrary, conflict: ConflictLine, language: Language
) -> list[ComparedLine]:
    """The first two contents of a conflict side by side, answer by answer."""
    with database.reading() as session:
        records = [
            conflict_record(session, conflict.submission_id, conflict.revision, content) or {}
            for content in conflict.hashes[:2]
        ]
    return compare_records(library, records[0], records[1], language)


@dataclass(frozen=True, slots=True)
class Settlement:
    """A coordinator's decision on a conflict, as asked for in the window or the command line.

    `keep` is the content's hash or its first characters; `revision` may be left out when
    the submission has one conflict.
    """

    submission_id: str
    keep: str
    decided_by: str
    note: str = ""
    revision: int | None = None


def settle_conflict(database: Database, settlement: Settlement) -> ConflictDecision:
    """Keep the content the settlement names, recorded with who decided and why.

    Raises NotFound when there is no such conflict or content, WorkspaceError when the name
    is missing or the hash prefix names more than one content.
    """
    submission_id, keep, revision = settlement.submission_id, settlement.keep, settlement.revision
    if not settlement.decided_by.strip():
        raise WorkspaceError("a decision needs the name of who made it (Decided by, --by NAME)")
    with database.transaction() as session:
        found = [c for c in list_conflicts(session) if c.submission_id == submission_id]
        if revision is not None:
            found = [c for c in found if c.revision == revision]
        if not found:
            at = f" at revision {revision}" if revision is not None else ""
            raise NotFound(f"no conflict{at} for submission {submission_id} in {database.url}")
        if len(found) > 1:
            revisions = ", ".join(str(c.revision) for c in found)
            raise WorkspaceError(
                f"submission {submission_id} has conflicts at revisions {revisions}: "
                "say which (--revision N)"
            )
        conflict = found[0]
        prefix = keep.strip().lower()
        matches = [v.content_hash for v in conflict.versions if v.content_hash.startswith(prefix)]
        if not prefix or not matches:
            contents = ", ".join(v.content_hash[:12] for v in conflict.versions)
            raise NotFound(
                f"no content {keep!r} in the conflict of submission {submission_id}; "
                f"its contents are {contents}"
            )
        if len(matches) > 1:
            raise WorkspaceError(f"{keep!r} names more than one content: give more of the hash")
        return resolve_conflict(
            session,
            submission_id,
            conflict.revision,
            matches[0],
            decided_by=settlement.decided_by,
            note=settlement.note,
        )
