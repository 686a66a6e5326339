"""Valid bundles mutated at random are refused cleanly, or are still the same valid bundle.

A flipped bit, a cut, a splice: whatever a damaged USB stick or a hostile sender makes of a
file, the merge answers with one line and leaves the database as it was. A mutation that
hits only bytes no check covers (a ZIP date, say) may pass, and then the bundle is still
the one already merged, so every submission in it is a duplicate.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from observer_app.exchange.bundle import SUBMISSIONS, seal_bundle
from observer_app.exchange.keys import DeviceKey, b64encode
from observer_app.exchange.merge import Merger
from observer_app.exchange.mission import Mission, install_mission
from observer_app.exchange.rules import Outcome
from observer_app.exchange.safezip import write_zip
from observer_app.store import Database, open_database
from tests.exchange.conftest import CONTENT_TABLES, Setup, contents, make_setup
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
            "plain": bundle(records, PLAIN_SETUP.package.mission, DEVICE, encrypt=False),
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


#: A mission whose bundles are signed, not encrypted: where plain bundles are merged.
PLAIN_SETUP = make_setup(encrypted=False)


def plain_merger(folder: Path) -> Merger:
    database = open_database(f"sqlite:///{folder / 'plain-mission.sqlite3'}")
    with database.transaction() as session:
        install_mission(session, PLAIN_SETUP.package)
    return Merger(database, mission=PLAIN_SETUP.package.mission, forms=PLAIN_SETUP.package.forms)


@pytest.fixture
def merged(merger: Merger, setup: Setup, tmp_path: Path) -> Iterator[dict[str, Merger]]:
    """A merger for each kind of bundle, each holding the originals of its kind."""
    plain = plain_merger(tmp_path)
    mergers = {"encrypted": merger, "plain": plain}
    for name, data in originals(setup).items():
        path = tmp_path / f"{name}.zip"
        path.write_bytes(data)
        assert not mergers[name].merge_file(path).rejected
    yield mergers
    plain.database.close()


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
    merged: dict[str, Merger],
    setup: Setup,
    which: str,
    changes: list[tuple[str, float, object]],
) -> None:
    data = originals(setup)[which]
    for kind, where, what in changes:
        data = mutate(data, kind, where, what)
    database = merged[which].database
    before = contents(database)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.zip"
        path.write_bytes(data)

        result = merged[which].merge_file(path)

    if result.rejected:
        assert result.reason and "\n" not in result.reason
        assert "unexpected error" not in result.reason
        assert result.message.startswith(f"{path}: ")
    else:
        assert set(result.counts) == {Outcome.DUPLICATE}
    assert contents(database) == before


# --- ten thousand mutations, a hostile sender's among them -------------------------------

#: How many mutated bundles the long run merges; OBSERVER_FUZZ_MUTATIONS changes it.
MUTATIONS = int(os.environ.get("OBSERVER_FUZZ_MUTATIONS", "10000"))

#: Values a sender may put anywhere in a document: edges of every type the format has.
ODD_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1.5,
    2**31,
    2**63 - 1,
    2**63,
    2**70,
    -(2**63) - 1,
    1e308,
    float("nan"),
    "",
    "x" * 300,
    "\u202eevil",
    "a\nb",
    "\x1b[2J",
    "\x00",
    "\ud800",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "2021-02-30T00:00:00Z",
    "2021-01-10T11:20:00+06:00",
    "ZZZ-99999",
    "AKM",
    "AKM-1",
    "AKM-01",
    "\u0410KM",
    "draft",
    "complete",
    [],
    {},
    [{"votes": 5}],
    {"votes": 5},
    "votes",
    "6f1c0d3e-0000-4000-8000-000000000001",
    "A" * 43 + "=",
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _changed(document: Any, rng: random.Random) -> Any:
    """A copy of `document` with one value replaced, one key removed or one key added."""
    document = json.loads(json.dumps(document))
    path = rng.choice(_paths(document)[1:])
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    move = rng.random()
    if move < 0.7:
        parent[path[-1]] = rng.choice(ODD_VALUES)
    elif move < 0.85 and isinstance(parent, dict):
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[rng.choice(("extra", "id", "answers", "votes", "region"))] = rng.choice(ODD_VALUES)
    else:
        parent.append(rng.choice(ODD_VALUES))
    return document


def _text(document: Any, rng: random.Random) -> bytes:
    """`document` as JSON text, now and then with a key written twice."""
    text = json.dumps(document, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    if rng.random() < 0.2 and b'"category": ' in text:
        text = text.replace(b'"category": ', b'"category": "violence", "category": ', 1)
    return text


def hostile(setup: Setup, mission: Mission, rng: random.Random) -> bytes:
    """A bundle a sender holding a device key wrote by hand: signed, sealed, and wrong."""
    records = [record(description=f"incident {n}").document for n in range(2)]
    manifest = manifest_for_fuzz(mission, len(records))
    if rng.random() < 0.7:
        records = _changed(records, rng)
    else:
        manifest = _changed(manifest, rng)
    members = {SUBMISSIONS: _text(records, rng)}
    try:
        manifest_text = _text(manifest, rng)
    except (TypeError, ValueError):
        manifest_text = b"{}"
    manifest_with_members = json.loads(manifest_text) if manifest_text != b"{}" else {}
    if isinstance(manifest_with_members, dict):
        manifest_with_members["members"] = {
            name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
            for name, content in members.items()
        }
    text = json.dumps(manifest_with_members).encode("utf-8", "surrogatepass")
    signature = b64encode(DEVICE.sign(text)).encode()
    plain = write_zip({"manifest.json": text, "manifest.sig": signature, **members})
    if mission.coordinator_key is None:
        return plain
    return seal_bundle(plain, mission.coordinator_key)


def manifest_for_fuzz(mission: Mission, records: int) -> dict[str, Any]:
    return {
        "format": "observer-bundle",
        "format_version": 1,
        "bundle_id": str(uuid.uuid4()),
        "mission": {"id": mission.id, "name": mission.name},
        "device": {"id": str(DEVICE.device_id), "public_key": b64encode(DEVICE.public_key)},
        "observer": "Айгүл Сейітова",
        "team": "Team 7",
        "created_at": "2021-01-10T20:00:00+06:00",
        "counts": {"submissions": records, "attachments": 0},
    }


def footprint(database: Database) -> tuple[int, ...]:
    """Rows in every table a merge writes: a refused file may add none."""
    with database.engine.connect() as connection:
        return tuple(
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in CONTENT_TABLES
        )


@pytest.mark.slow
def test_ten_thousand_mutated_bundles_are_refused_cleanly(
    merged: dict[str, Merger], setup: Setup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bit flips, cuts and splices of valid files, and files a sender with a device key
    wrote wrong on purpose, signed and sealed: each one is merged, or refused with one
    clean line and nothing written; never an unexpected error."""
    rng = random.Random(17)
    missions = {"encrypted": setup.package.mission, "plain": PLAIN_SETUP.package.mission}
    outcomes: Counter[str] = Counter()
    started = time.perf_counter()
    path = tmp_path / "mutated.zip"
    for number in range(MUTATIONS):
        which = "encrypted" if number % 2 else "plain"
        merger = merged[which]
        if number % 3 == 0:
            data = hostile(setup, missions[which], rng)
            kind = "hostile"
        else:
            data = originals(setup)[which]
            for _ in range(rng.randint(1, 3)):
                move = rng.choice(("flip", "cut", "insert", "overwrite"))
                what: object = (
                    rng.randrange(8)
                    if move == "flip"
                    else rng.randbytes(rng.randint(1, 32))
                    if move in ("insert", "overwrite")
                    else 0
                )
                data = mutate(data, move, rng.random(), what)
            kind = "bytes"
        path.write_bytes(data)
        before = footprint(merger.database)

        result = merger.merge_file(path)

        if result.rejected:
            reason = result.reason or ""
            assert "\n" not in reason and "unexpected error" not in reason, (number, reason)
            assert "database error" not in reason, (number, reason)
            assert footprint(merger.database) == before, (number, reason)
            outcomes[f"{kind} refused"] += 1
        else:
            if kind == "bytes":
                assert set(result.counts) == {Outcome.DUPLICATE}, number
            outcomes[f"{kind} merged"] += 1
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(
            f"\n{MUTATIONS:,} mutated bundles in {elapsed:.1f} s: {dict(sorted(outcomes.items()))}"
        )
    assert sum(outcomes.values()) == MUTATIONS
