"""A coordinator settles a conflict: the chosen content counts, the choice is recorded and kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from observer_app.exchange.keys import DeviceKey
from observer_app.exchange.merge import Merger
from observer_app.exchange.review import decision_of, list_conflicts, resolve_conflict
from observer_app.exchange.rules import Outcome
from observer_app.store import Database
from observer_app.store.models import SubmissionRow
from tests.exchange.conftest import Setup
from tests.exchange.factory import bundle, record

SUBMISSION = "6f1c0d3e-0000-4000-8000-0000000000aa"


def hand_in(tmp_path: Path, setup: Setup, device: DeviceKey, name: str, **kwargs: object) -> Path:
    path = tmp_path / f"{name}.zip"
    path.write_bytes(bundle([record(SUBMISSION, **kwargs)], setup.package.mission, device))
    return path


def description(database: Database) -> str:
    from observer_app.store.records import read_submission

    with database.transaction() as session:
        stored = read_submission(session, SUBMISSION)
        assert stored is not None
        return str(stored.answers["description"])


def test_the_chosen_content_counts_and_later_merges_keep_to_it(
    merger: Merger, database: Database, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    first = hand_in(tmp_path, setup, device, "a", description="Урна опечатана", minute=0)
    other = hand_in(tmp_path, setup, device, "b", description="Урна не опечатана", minute=30)
    assert merger.merge_file(first).counts[Outcome.IMPORTED] == 1
    assert merger.merge_file(other).counts[Outcome.CONFLICT] == 1
    assert description(database) == "Урна не опечатана"  # saved later: it counts for now

    with database.transaction() as session:
        (conflict,) = list_conflicts(session)
        kept = next(v for v in conflict.versions if not v.counted)
        with pytest.raises(ValueError, match="needs the name"):
            resolve_conflict(session, SUBMISSION, 1, kept.content_hash, decided_by=" ")
    with database.transaction() as session:
        resolve_conflict(
            session,
            SUBMISSION,
            1,
            kept.content_hash,
            decided_by="Core team",
            note="Observer confirmed by phone: the box was sealed.",
        )
    assert description(database) == "Урна опечатана"
    with database.transaction() as session:
        decision = decision_of(session, SUBMISSION, 1)
        assert decision is not None and decision.decided_by == "Core team"
        (conflict,) = list_conflicts(session)  # both stay on record
        assert [v.counted for v in conflict.versions] == [True, False]
        assert conflict.versions[0].content_hash == kept.content_hash

    # The other copy arrives again (a re-sent file): the decision holds.
    again = hand_in(tmp_path, setup, device, "c", description="Урна не опечатана", minute=45)
    assert merger.merge_file(again).rejected is False
    assert description(database) == "Урна опечатана"


def test_only_a_real_conflict_can_be_settled(merger: Merger, database: Database) -> None:
    with database.transaction() as session, pytest.raises(ValueError, match="no conflict"):
        resolve_conflict(session, SUBMISSION, 1, "0" * 64, decided_by="Core team")
    with database.transaction() as session:
        assert session.get(SubmissionRow, SUBMISSION) is None
