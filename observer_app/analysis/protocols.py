"""The observers' copies of the results protocols, read through the form's `protocol` names,
and the quarantine of those whose arithmetic a protocol rule (a check of severity "error")
finds broken.

A quarantined copy is kept and listed with its reasons but left out of the quick count and
of the comparison with the official results, until the coordinator restores it with a
decision on record (store.models.QuarantineDecisionRow) that holds for the content it was
taken on. Where several teams copied one station's protocol, the latest completed copy is
the station's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from observer_app.analysis.filters import Filters
from observer_app.analysis.observations import Observation, stream_observations
from observer_app.formspec import CompiledForm, FormLibrary
from observer_app.formspec.evaluation import answer_rows
from observer_app.formspec.models import Check, RepeatQuestion, Severity
from observer_app.formspec.verdicts import Verdicts, verdicts_of
from observer_app.store.models import QuarantineDecisionRow, SubmissionRow

#: The single figures of a protocol, in the order a protocol lists them.
FIGURES = (
    "registered",
    "ballots_received",
    "ballots_issued",
    "ballots_cancelled",
    "ballots_in_box",
    "valid",
    "invalid",
)
#: The prefix of a party's votes among the figures: "party:nur_otan".
PARTY = "party:"


@dataclass(frozen=True)
class Restoration:
    """The coordinator's decision to count a copy despite its protocol errors."""

    decided_by: str
    decided_at: datetime
    note: str


@dataclass(frozen=True)
class ProtocolCopy:
    """One station's protocol as the observers copied it, with what the rules found."""

    submission_id: str
    content_hash: str
    form_id: str
    station_id: str
    region: str | None
    team: str
    completed_at: datetime | None
    #: The figures given: FIGURES by name and each party's votes as "party:<id>".
    figures: Mapping[str, int]
    #: The form's parties in ballot order (the ids of its party rows).
    parties: tuple[str, ...]
    #: Protocol rules (checks of severity error) that hold, and the warnings that do.
    errors: tuple[Check, ...] = ()
    warnings: tuple[Check, ...] = ()
    restored: Restoration | None = None

    @property
    def quarantined(self) -> bool:
        return bool(self.errors) and self.restored is None


def protocol_figures(compiled: CompiledForm, answers: Mapping[str, Any]) -> dict[str, int]:
    """The figures of the protocol the answers copy; a figure left blank is left out."""
    protocol = compiled.form.protocol
    if protocol is None:
        return {}
    figures: dict[str, int] = {}
    for name in FIGURES:
        question_id = getattr(protocol, name)
        value = answers.get(question_id) if question_id else None
        if isinstance(value, int) and not isinstance(value, bool):
            figures[name] = value
    if protocol.party_votes and protocol.votes:
        repeat = compiled.questions[protocol.party_votes]
        assert isinstance(repeat, RepeatQuestion)
        parties = compiled.fixed_rows(repeat) or []
        rows = answer_rows(compiled, repeat, answers.get(protocol.party_votes))
        for party, row in zip(parties, rows, strict=False):
            votes = row.get(protocol.votes)
            if isinstance(votes, int) and not isinstance(votes, bool):
                figures[PARTY + party.value] = votes
    return figures


def form_parties(compiled: CompiledForm) -> tuple[str, ...]:
    """The parties of a form's protocol, in ballot order; () when it copies no protocol."""
    protocol = compiled.form.protocol
    if protocol is None or protocol.party_votes is None:
        return ()
    repeat = compiled.questions[protocol.party_votes]
    assert isinstance(repeat, RepeatQuestion)
    return tuple(choice.value for choice in compiled.fixed_rows(repeat) or [])


def protocol_forms(library: FormLibrary) -> list[CompiledForm]:
    """The latest version of each form that copies a results protocol."""
    latest: dict[str, CompiledForm] = {}
    for compiled in library.forms.values():
        if compiled.form.protocol is None:
            continue
        if compiled.id not in latest or latest[compiled.id].version < compiled.version:
            latest[compiled.id] = compiled
    return [latest[form_id] for form_id in sorted(latest)]


def _verdicts(compiled: CompiledForm, observation: Observation) -> Verdicts:
    if observation.verdicts is not None and observation.verdicts_form == compiled.fingerprint:
        return Verdicts.from_text(observation.verdicts)
    return verdicts_of(compiled, observation.answers)


def protocol_copies(session: Session, library: FormLibrary) -> list[ProtocolCopy]:
    """Each observed station's protocol copy (the latest completed), in station order."""
    form_ids = tuple(compiled.id for compiled in protocol_forms(library))
    if not form_ids:
        return []
    hashes: dict[str, str] = {
        submission_id: content_hash
        for submission_id, content_hash in session.execute(
            select(SubmissionRow.id, SubmissionRow.content_hash).where(
                SubmissionRow.form_id.in_(form_ids)
            )
        )
    }
    decisions = {row.submission_id: row for row in session.scalars(select(QuarantineDecisionRow))}
    latest: dict[str, ProtocolCopy] = {}
    for observation in stream_observations(session.connection(), Filters(forms=form_ids)):
        if observation.station_id is None:
            continue
        try:
            compiled = library.get(observation.form_id, observation.form_version)
        except KeyError:
            continue
        verdicts = _verdicts(compiled, observation)
        held = [check for check in compiled.form.checks if verdicts.checks.get(check.id)]
        content_hash = hashes.get(observation.id, "")
        decision = decisions.get(observation.id)
        restored = (
            Restoration(decision.decided_by, decision.decided_at, decision.note)
            if decision is not None and decision.content_hash == content_hash
            else None
        )
        copy = ProtocolCopy(
            submission_id=observation.id,
            content_hash=content_hash,
            form_id=observation.form_id,
            station_id=observation.station_id,
            region=observation.region,
            team=observation.team,
            completed_at=observation.completed_at,
            figures=protocol_figures(compiled, observation.answers),
            parties=form_parties(compiled),
            errors=tuple(c for c in held if c.severity == Severity.ERROR),
            warnings=tuple(c for c in held if c.severity != Severity.ERROR),
            restored=restored,
        )
        known = latest.get(copy.station_id)
        if known is None or _later(copy, known):
            latest[copy.station_id] = copy
    return [latest[station] for station in sorted(latest)]


def _later(copy: ProtocolCopy, than: ProtocolCopy) -> bool:
    def key(c: ProtocolCopy) -> tuple[str, str]:
        return (c.completed_at.isoformat() if c.completed_at else "", c.submission_id)

    return key(copy) > key(than)
