"""Valid bundles mutated at random are refused cleanly, or are still the same valid bundle.

A flipped bit, a cut, a splice: whatever a damaged USB stick or a hostile sender makes of a
file, the merge answers with one line and leaves the database as it was. A mutation that
hits only bytes no check covers (a ZIP date, say) may pass, and then the bundle is still
the one already merged, so every submission in it is a duplicate.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observer_app.exchange.keys import DeviceKey
from observer_app.exchange.merge import Merger
from observer_app.exchange.rules import Outcome
from observer_app.store import Database
from tests.exchange.conftest import Setup, contents
from tests.exchange.factory import bundle, record

DEVICE = DeviceKey.generate()


_ORIGINALS: dict[str, dict[str, bytes]] = {}


def originals(setup: Setup) -> dict[str, bytes]:
    """The same two valid bundles for every example of a run."""
    if setup.package.mission.id in _ORIGINALS:
        return _ORIGINALS[setup.package.mission.id]
    records = [record(description=f"incident {n}") for n in range(3)]
    mission = setup.package.mission
    return _ORIGINALS.setdefault(
        mission.id,
        {
            "plain": bundle(records, mission, DEVICE, encrypt=False),
            "encrypted": bundle(records, mission, DEVICE),
        },
    )


mutations = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1, exclude_max=True), st.integers(0, 7)),
    st.tuples(st.just("cut"), st.floats(0, 1, exclude_max=True), st.just(0)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=8)),
    st.tuples(
        st.just("overwrite"), st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=32)
    ),
)


def mutate(data: bytes, kind: str, where: float, what: object) -> bytes:
    at = min(int(where * len(data)), max(len(data) - 1, 0))
    if not data:
        return what if isinstance(what, bytes) else b"\0"
    if kind == "flip":
        assert isinstance(what, int)
        return data[:at] + bytes([data[at] ^ (1 << what)]) + data[at + 1 :]
    if kind == "cut":
        return data[:at]
    assert isinstance(what, bytes)
    if kind == "insert":
        return data[:at] + what + data[at:]
    return data[:at] + what + data[at + len(what) :]


@pytest.fixture
def merged(merger: Merger, setup: Setup, tmp_path: Path) -> Merger:
    for name, data in originals(setup).items():
        path = tmp_path / f"{name}.zip"
        path.write_bytes(data)
        assert not merger.merge_file(path).rejected
    return merger


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    which=st.sampled_from(["plain", "encrypted"]),
    changes=st.lists(mutations, min_size=1, max_size=3),
)
def test_a_mutated_bundle_is_refused_cleanly_or_is_still_the_same_bundle(
    merged: Merger,
    database: Database,
    setup: Setup,
    which: str,
    changes: list[tuple[str, float, object]],
) -> None:
    data = originals(setup)[which]
    for kind, where, what in changes:
        data = mutate(data, kind, where, what)
    before = contents(database)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.zip"
        path.write_bytes(data)

        result = merged.merge_file(path)

    if result.rejected:
        assert result.reason and "\n" not in result.reason
        assert "unexpected error" not in result.reason
        assert result.message.startswith(f"{path}: ")
    else:
        assert set(result.counts) == {Outcome.DUPLICATE}
    assert contents(database) == before
