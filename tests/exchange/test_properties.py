"""Merging any set of bundles, in any order, any number of times, gives the same database.

Hypothesis draws bundles from a small universe of submissions, revisions, contents and
save times (small, so that duplicates, updates, stale copies and conflicts all happen),
merges them into two copies of the coordinator's database in two different orders with
repeats, and compares everything the merge wrote.
"""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from observer_app.exchange.keys import DeviceKey
from observer_app.exchange.merge import Merger
from observer_app.exchange.records import Record
from observer_app.store import Database, open_database
from tests.exchange.conftest import Setup, contents
from tests.exchange.factory import bundle, record

SUBMISSIONS = (
    "6f1c0d3e-0000-4000-8000-000000000001",
    "6f1c0d3e-0000-4000-8000-000000000002",
    "6f1c0d3e-0000-4000-8000-000000000003",
)
DEVICE = DeviceKey.generate()

# (submission, revision, content, save minute): equal specs make identical records.
Spec = tuple[int, int, str, int]
specs = st.tuples(
    st.integers(0, len(SUBMISSIONS) - 1),
    st.integers(1, 3),
    st.sampled_from(["sealed", "not sealed"]),
    st.integers(0, 1),
)
bundles = st.lists(
    st.lists(specs, min_size=1, max_size=3, unique_by=lambda spec: spec[0]),
    min_size=1,
    max_size=5,
)


@cache
def made(spec: Spec) -> Record:
    submission, revision, content, minute = spec
    return record(SUBMISSIONS[submission], revision=revision, description=content, minute=minute)


def merge_all(template: Path, folder: Path, name: str, setup: Setup, files: list[Path]) -> Database:
    path = folder / f"{name}.sqlite3"
    shutil.copy(template, path)
    database = open_database(f"sqlite:///{path}")
    merger = Merger(
        database,
        coordinator_key=setup.key,
        mission=setup.package.mission,
        forms=setup.package.forms,
    )
    for result in merger.merge_files(files).files:
        assert not result.rejected, result.message
    return database


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=bundles, data=st.data())
def test_any_order_any_number_of_times_gives_the_same_database(
    drawn: list[list[Spec]], data: st.DataObject, setup: Setup, template: Path
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files: list[Path] = []
        for number, content in enumerate(drawn):
            path = folder / f"{number}.zip"
            path.write_bytes(
                bundle([made(spec) for spec in content], setup.package.mission, DEVICE)
            )
            files.append(path)
        reordered = data.draw(st.permutations(files))
        repeats = data.draw(st.lists(st.sampled_from(files), max_size=4))

        one = merge_all(template, folder, "one", setup, files)
        other = merge_all(template, folder, "other", setup, [*reordered, *repeats, *files])
        try:
            assert contents(one) == contents(other)
            check_nothing_lost_or_doubled(one, {spec for content in drawn for spec in content})
        finally:
            one.close()
            other.close()


def check_nothing_lost_or_doubled(database: Database, merged: set[Spec]) -> None:
    distinct = {(made(s).id, made(s).revision, made(s).content_hash) for s in merged}
    with database.engine.connect() as connection:
        versions = connection.execute(
            text("SELECT submission_id, revision, content_hash, kept_as FROM submission_versions")
        ).all()
        assert sorted((i, r, h) for i, r, h, _ in versions) == sorted(distinct)
        current = dict(connection.execute(text("SELECT id, revision FROM submissions")).all())
        history = connection.execute(
            text("SELECT submission_id, revision FROM submission_revisions")
        ).all()
    assert set(current) == {i for i, _, _ in distinct}
    for submission_id, revision in current.items():
        assert revision == max(r for i, r, _ in distinct if i == submission_id)
    primaries = sorted((i, r) for i, r, _, kept in versions if kept != "conflict")
    assert primaries == sorted({(i, r) for i, r, _ in distinct})
    assert sorted(history) == sorted(p for p in primaries if p not in current.items())


# --- two laptops, one of them hostile ---------------------------------------------------

LAPTOPS = (DeviceKey.generate(), DeviceKey.generate())

# (laptop, [(submission, revision, content, save minute), ...]): a laptop may name any
# submission, its own or the other's, as a sender who learnt the ids would.
laptop_bundles = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.lists(specs, min_size=1, max_size=3, unique_by=lambda spec: spec[0]),
    ),
    min_size=1,
    max_size=6,
)


def counted_by_owner(database: Database) -> dict[str, tuple[str | None, str]]:
    """Each submission's counted record, with the laptop that first handed it in."""
    with database.engine.connect() as connection:
        documents = dict(connection.execute(text("SELECT id, document FROM submissions")).all())
        firsts = connection.execute(
            text(
                "SELECT submission_id, device_id FROM submission_versions v WHERE received_at "
                "= (SELECT min(received_at) FROM submission_versions w "
                "WHERE w.submission_id = v.submission_id)"
            )
        ).all()
    owners = dict(firsts)
    return {key: (owners.get(key), document) for key, document in documents.items()}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=laptop_bundles)
def test_no_bundle_of_one_laptop_changes_what_is_counted_for_anothers_submission(
    drawn: list[tuple[int, list[Spec]]], setup: Setup, template: Path
) -> None:
    """Merged all together, each laptop's submissions count what they count when its
    bundles alone are merged: the other laptop's bundles changed nothing of them."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files: list[tuple[int, Path]] = []
        for number, (laptop, content) in enumerate(drawn):
            path = folder / f"{number}.zip"
            records = [made(spec) for spec in content]
            path.write_bytes(bundle(records, setup.package.mission, LAPTOPS[laptop]))
            files.append((laptop, path))

        together = merge_all(template, folder, "together", setup, [p for _, p in files])
        try:
            everything = counted_by_owner(together)
            for laptop, key in enumerate(LAPTOPS):
                alone = merge_all(
                    template, folder, f"alone-{laptop}", setup, [p for n, p in files if n == laptop]
                )
                try:
                    own = counted_by_owner(alone)
                finally:
                    alone.close()
                mine = {
                    submission_id: document
                    for submission_id, (owner, document) in everything.items()
                    if owner == str(key.device_id)
                }
                assert mine == {submission_id: own[submission_id][1] for submission_id in mine}
        finally:
            together.close()
