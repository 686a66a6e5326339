"""The merge rules as a pure function: every outcome, and the order of arrival never mattering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from observer_app.exchange.rules import Action, KeptAs, Outcome, Version, apply, decide

NOON = datetime(2021, 1, 10, 12, 0, tzinfo=UTC)


def version(revision: int, content: str, minute: int = 0, *, complete: bool = True) -> Version:
    """A record: its content ("a", "b"...) and save minute make its hashes, as in real ones."""
    return Version(
        revision=revision,
        content_hash=f"{revision}{content}{complete}",
        record_sha256=f"{revision}{content}{complete}{minute}",
        complete=complete,
        updated_at=NOON + timedelta(minutes=minute),
    )


def merged(*records: Version) -> list[Version]:
    known: list[Version] = []
    for incoming in records:
        _, known = apply(known, incoming)
    return known


def state(known: list[Version]) -> list[tuple[int, str, str, KeptAs]]:
    return sorted((v.revision, v.content_hash, v.record_sha256, v.kept_as) for v in known)


def test_a_first_record_is_imported() -> None:
    assert decide([], version(1, "a")) == decide([], version(3, "b"))
    assert decide([], version(1, "a")).outcome == Outcome.IMPORTED


def test_the_same_record_again_is_a_duplicate_that_writes_nothing() -> None:
    decision = decide(merged(version(1, "a")), version(1, "a"))
    assert (decision.outcome, decision.action) == (Outcome.DUPLICATE, Action.NOTHING)


def test_the_same_content_saved_later_is_a_duplicate_whose_later_copy_is_kept() -> None:
    known = merged(version(1, "a", 0))
    decision = decide(known, version(1, "a", 5))
    assert (decision.outcome, decision.action) == (Outcome.DUPLICATE, Action.REFRESH)
    assert decide(merged(version(1, "a", 5)), version(1, "a", 0)).action == Action.NOTHING


def test_a_higher_revision_updates_and_the_old_one_becomes_history() -> None:
    known = merged(version(1, "a"), version(2, "b"))
    assert {(v.revision, v.kept_as) for v in known} == {
        (1, KeptAs.HISTORY),
        (2, KeptAs.CURRENT),
    }
    assert decide(merged(version(1, "a")), version(2, "b")).outcome == Outcome.UPDATED


def test_a_lower_revision_is_stale_and_kept_as_history() -> None:
    known = merged(version(3, "c"))
    decision = decide(known, version(1, "a"))
    assert (decision.outcome, decision.action) == (Outcome.STALE, Action.ADD_HISTORY)
    _, after = apply(known, version(1, "a"))
    assert {(v.revision, v.kept_as) for v in after} == {(3, KeptAs.CURRENT), (1, KeptAs.HISTORY)}


def test_same_revision_other_content_is_a_conflict_and_the_later_save_counts() -> None:
    earlier, later = version(2, "a", 1), version(2, "b", 7)
    assert decide(merged(earlier), later) == decide(merged(earlier), later)
    decision = decide(merged(earlier), later)
    assert (decision.outcome, decision.action) == (Outcome.CONFLICT, Action.TAKE_PLACE)
    decision = decide(merged(later), earlier)
    assert (decision.outcome, decision.action) == (Outcome.CONFLICT, Action.ADD_CONFLICT)
    assert state(merged(earlier, later)) == state(merged(later, earlier))


def test_a_completed_record_counts_before_a_draft_of_the_same_revision() -> None:
    draft, complete = version(1, "a", 9, complete=False), version(1, "b", 0)
    known = merged(draft, complete)
    counted = next(v for v in known if v.kept_as == KeptAs.CURRENT)
    assert counted.complete


def test_a_conflict_in_the_history_is_found_too() -> None:
    known = merged(version(1, "a"), version(2, "b"))
    decision = decide(known, version(1, "z", 30))
    assert (decision.outcome, decision.action) == (Outcome.CONFLICT, Action.TAKE_PLACE)
    assert decision.displaced is not None and decision.displaced.kept_as == KeptAs.HISTORY


def test_a_later_copy_of_a_conflicting_record_can_become_the_counted_one() -> None:
    counted, losing = version(1, "a", 10), version(1, "b", 5)
    decision = decide(merged(counted, losing), version(1, "b", 20))
    assert (decision.outcome, decision.action) == (Outcome.DUPLICATE, Action.PROMOTE)


records = st.builds(
    version,
    revision=st.integers(1, 3),
    content=st.sampled_from("abc"),
    minute=st.integers(0, 3),
    complete=st.booleans(),
)


@settings(max_examples=300)
@given(
    pool=st.lists(records, min_size=1, max_size=8),
    data=st.data(),
)
def test_any_order_any_repetition_gives_the_same_records_kept_the_same_way(
    pool: list[Version], data: st.DataObject
) -> None:
    reordered = data.draw(st.permutations(pool))
    repeated = data.draw(st.lists(st.sampled_from(pool), max_size=6))
    first, second = merged(*pool), merged(*reordered, *repeated, *pool)

    assert state(first) == state(second)
    distinct = {(v.revision, v.content_hash) for v in pool}
    assert {(v.revision, v.content_hash) for v in first} == distinct  # nothing lost
    assert len(first) == len(distinct)  # nothing doubled
    assert [v.revision for v in first if v.kept_as == KeptAs.CURRENT] == [
        max(v.revision for v in pool)
    ]
    for revision in {v.revision for v in pool}:
        primaries = [v for v in first if v.revision == revision and v.kept_as != KeptAs.CONFLICT]
        assert len(primaries) == 1
        same_revision = [v for v in pool if v.revision == revision]
        assert primaries[0].rank() == max(v.rank() for v in same_revision)
