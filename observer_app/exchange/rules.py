"""The merge rules: what one incoming submission record does to what is already on record.

A pure function over plain values, tested exhaustively. The database is a function of the
set of distinct records merged, never of their order: at every revision one record is
primary (the highest by `rank`), the primary at the highest revision is the current
submission, the primaries below it are its history, and every other record of a revision
is kept as a conflict for review. Merging the same record again changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Outcome(StrEnum):
    """What became of one incoming record, as the merge report counts it."""

    IMPORTED = "imported"  # a submission not seen before
    DUPLICATE = "duplicate"  # this content is already on record
    UPDATED = "updated"  # a higher revision: it is current now, the old one kept as history
    STALE = "stale"  # a lower revision: kept as history, the current one stays
    CONFLICT = "conflict"  # same revision, other content: both kept, listed for review


class KeptAs(StrEnum):
    CURRENT = "current"
    HISTORY = "history"
    CONFLICT = "conflict"


class Action(StrEnum):
    """What the merge writes for a decision."""

    INSERT = "insert"  # a new submission
    NOTHING = "nothing"
    REFRESH = "refresh"  # same content, a copy that ranks higher: it replaces the kept copy
    PROMOTE = "promote"  # as REFRESH for a conflict copy that now outranks the revision's primary
    SUPERSEDE = "supersede"  # the current one goes to history, the incoming one is current
    ADD_HISTORY = "add_history"
    ADD_CONFLICT = "add_conflict"
    TAKE_PLACE = "take_place"  # the primary of the revision goes to conflicts, the incoming one in


@dataclass(frozen=True, slots=True)
class Version:
    """One record as the rules see it: which revision, which content, which copy."""

    revision: int
    content_hash: str
    record_sha256: str
    complete: bool
    updated_at: datetime
    kept_as: KeptAs = KeptAs.CURRENT

    def rank(self) -> tuple[bool, datetime, str, str]:
        """Which of two records of one revision is primary: complete first, then saved later.

        The content hash and then the record's own hash break ties, so the choice never
        depends on which arrived first.
        """
        return (self.complete, self.updated_at, self.content_hash, self.record_sha256)


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    action: Action
    displaced: Version | None = None  # the record on record whose place the action changes
    primary: Version | None = None  # for PROMOTE: the primary that goes to the conflicts


def decide(
    known: Sequence[Version], incoming: Version, decided: Mapping[int, str] | None = None
) -> Decision:
    """The outcome and the write for `incoming`, given every record known for its submission.

    `decided` maps a revision to the content a coordinator chose for it (see
    exchange.review): no copy of other content takes that content's place again.
    """
    settled = decided is not None and incoming.revision in decided
    if not known:
        return Decision(Outcome.IMPORTED, Action.INSERT)
    primary = next(
        (
            version
            for version in known
            if version.revision == incoming.revision and version.kept_as != KeptAs.CONFLICT
        ),
        None,
    )
    for version in known:
        if (version.revision, version.content_hash) == (incoming.revision, incoming.content_hash):
            if version.record_sha256 == incoming.record_sha256 or incoming.rank() <= version.rank():
                return Decision(Outcome.DUPLICATE, Action.NOTHING)
            if version.kept_as == KeptAs.CONFLICT:
                assert primary is not None  # a revision with a conflict has a primary
                if incoming.rank() > primary.rank() and not settled:
                    return Decision(Outcome.DUPLICATE, Action.PROMOTE, version, primary)
            return Decision(Outcome.DUPLICATE, Action.REFRESH, version)
    current = next(version for version in known if version.kept_as == KeptAs.CURRENT)
    if incoming.revision > current.revision:
        return Decision(Outcome.UPDATED, Action.SUPERSEDE, current)
    if primary is None:
        return Decision(Outcome.STALE, Action.ADD_HISTORY)
    if incoming.rank() > primary.rank() and not settled:
        return Decision(Outcome.CONFLICT, Action.TAKE_PLACE, primary)
    return Decision(Outcome.CONFLICT, Action.ADD_CONFLICT)


def apply(known: Sequence[Version], incoming: Version) -> tuple[Decision, list[Version]]:
    """The decision and the records known afterwards: the rules' model of the merge's writes."""
    decision = decide(known, incoming)
    gone = (decision.displaced, decision.primary)
    after = [version for version in known if not any(version is g for g in gone)]
    displaced = decision.displaced
    match decision.action:
        case Action.NOTHING:
            return decision, list(known)
        case Action.INSERT:
            after.append(_as(incoming, KeptAs.CURRENT))
        case Action.REFRESH:
            assert displaced is not None
            after.append(_as(incoming, displaced.kept_as))
        case Action.PROMOTE:
            assert decision.primary is not None
            primary = decision.primary
            after += [_as(primary, KeptAs.CONFLICT), _as(incoming, primary.kept_as)]
        case Action.SUPERSEDE:
            assert displaced is not None
            after += [_as(displaced, KeptAs.HISTORY), _as(incoming, KeptAs.CURRENT)]
        case Action.ADD_HISTORY:
            after.append(_as(incoming, KeptAs.HISTORY))
        case Action.ADD_CONFLICT:
            after.append(_as(incoming, KeptAs.CONFLICT))
        case Action.TAKE_PLACE:
            assert displaced is not None
            after += [_as(displaced, KeptAs.CONFLICT), _as(incoming, displaced.kept_as)]
    return decision, after


def _as(version: Version, kept_as: KeptAs) -> Version:
    return Version(
        version.revision,
        version.content_hash,
        version.record_sha256,
        version.complete,
        version.updated_at,
        kept_as,
    )
