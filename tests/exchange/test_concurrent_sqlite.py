"""One SQLite file, several writers at once: merges and a coordinator's decision take turns.

A coordinator's laptop may run a merge from the command line while the window settles a
conflict, or two merges at once. Neither may undo the other (a lost update), neither may
end in "database is locked", and a summary counted meanwhile counts one moment.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from observer_app.analysis import summarize
from observer_app.analysis import summary as summary_module
from observer_app.cli import main
from observer_app.exchange import review
from observer_app.exchange.keys import DeviceKey
from observer_app.exchange.merge import Merger
from observer_app.exchange.review import decision_of, list_conflicts, resolve_conflict
from observer_app.exchange.rules import KeptAs, Outcome
from observer_app.store import Database, open_database
from observer_app.store import database as database_module
from observer_app.store.models import SubmissionRow, SubmissionVersionRow
from tests.conftest import ROOT
from tests.exchange.conftest import CONTENT_TABLES, Setup
from tests.exchange.factory import bundle, record
from tests.exchange.test_concurrent_postgres import comparable, election_night

PROCESSES = 3
SUBMISSION = "6f1c0d3e-0000-4000-8000-0000000000bb"
#: A generous bound on waiting for another thread: reached only when the test fails.
PATIENCE = 120


def merger_for(database: Database, setup: Setup) -> Merger:
    return Merger(
        database,
        coordinator_key=setup.key,
        mission=setup.package.mission,
        forms=setup.package.forms,
    )


def when_asking_for_the_lock(database: Database) -> threading.Event:
    """An event set when a writing transaction on `database` asks for the write lock."""
    asked = threading.Event()

    def note(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):
            asked.set()

    event.listen(database.engine, "before_cursor_execute", note)
    return asked


class Elsewhere:
    """Work run in a thread of its own, as another program would run it. `asked` is set
    when it asks for the write lock, or when it ends without having asked."""

    def __init__(self, database: Database, work: Callable[[], Any]) -> None:
        self.asked = when_asking_for_the_lock(database)
        self.done = threading.Event()
        self._outcome: dict[str, Any] = {}
        self._thread = threading.Thread(target=self._run, args=(work,))
        self._thread.start()

    def _run(self, work: Callable[[], Any]) -> None:
        try:
            self._outcome["result"] = work()
        except BaseException as error:  # raised again in the test's thread
            self._outcome["error"] = error
        finally:
            self.done.set()
            self.asked.set()

    def result(self) -> Any:
        self.wait()
        assert not self._thread.is_alive(), "the other program never finished"
        if "error" in self._outcome:
            raise self._outcome["error"]
        return self._outcome["result"]

    def wait(self) -> None:
        """Its end, waited for (a test that failed half-way leaves no thread behind)."""
        self._thread.join(PATIENCE)


def test_merges_in_several_processes_equal_one_by_one(
    setup: Setup, db_path: Path, template: Path, tmp_path: Path
) -> None:
    """Every file merged by two or more processes at once, into one SQLite file."""
    files = election_night(tmp_path, setup)
    key_file = tmp_path / "coordinator-key.json"
    key_file.write_text(json.dumps(setup.key.to_json()), encoding="utf-8")
    url = f"sqlite:///{db_path}"
    rng = random.Random(11)
    commands: list[list[str]] = []
    for number in range(PROCESSES):
        share = [files[(number * 8 + k) % len(files)] for k in range(16)]
        rng.shuffle(share)
        merge = ["merge", *map(str, share), "--db", url, "--key", str(key_file), "--json"]
        commands.append([sys.executable, "-m", "observer_app", *merge])
    running = [
        subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for command in commands
    ]
    outputs: list[dict[str, Any]] = []
    for process in running:
        out, err = process.communicate(timeout=600)
        assert "locked" not in err and "busy" not in err and "Traceback" not in err, err
        assert process.returncode == 0, err
        outputs.append(json.loads(out))
    assert all(not f["reason"] for output in outputs for f in output["files"])
    assert {f["file"] for output in outputs for f in output["files"]} == {str(p) for p in files}

    one_by_one_path = tmp_path / "one-by-one.sqlite3"
    shutil.copy(template, one_by_one_path)
    one_by_one = open_database(f"sqlite:///{one_by_one_path}")
    concurrent = open_database(url)
    try:
        merger = merger_for(one_by_one, setup)
        for path in files:
            assert not merger.merge_file(path).rejected
        expected, found = comparable(one_by_one), comparable(concurrent)
        assert len(expected["submissions"]) == 58  # of the 60, by this seed
        assert any('"conflict"' in row for row in expected["submission_versions"])
        for table in CONTENT_TABLES:
            assert found[table] == expected[table], table
    finally:
        concurrent.close()
        one_by_one.close()


def test_a_decision_and_a_merge_at_once_lose_nothing(
    setup: Setup,
    database: Database,
    db_path: Path,
    device: DeviceKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The coordinator keeps the first copy of a conflict while a corrected revision of the
    same submission is merged by another program: the decision and the revision both stay."""

    def hand_in(name: str, **kwargs: Any) -> Path:
        path = tmp_path / f"{name}.zip"
        path.write_bytes(bundle([record(SUBMISSION, **kwargs)], setup.package.mission, device))
        return path

    merger = merger_for(database, setup)
    first = hand_in("first", description="Урна опечатана", minute=0)
    other = hand_in("other", description="Урна не опечатана", minute=30)
    corrected = hand_in("corrected", revision=2, description="Урна опечатана, акт составлен")
    assert merger.merge_file(first).counts[Outcome.IMPORTED] == 1
    assert merger.merge_file(other).counts[Outcome.CONFLICT] == 1
    with database.reading() as session:
        (conflict,) = list_conflicts(session)
    kept = next(v.content_hash for v in conflict.versions if not v.counted)

    # The other program: its own connections to the same file, as a second process has.
    elsewhere = open_database(f"sqlite:///{db_path}")
    swap = review.swap_primary
    merging: list[Elsewhere] = []

    def swap_while_merging(*args: Any) -> None:
        # The decision has read the versions and is about to move them: now the merge
        # starts, and it must wait for the decision rather than change what it read.
        merge = merger_for(elsewhere, setup).merge_file
        merging.append(Elsewhere(elsewhere, lambda: merge(corrected)))
        assert merging[0].asked.wait(PATIENCE), "the merge never started"
        assert not merging[0].done.is_set(), "the merge went ahead during the decision"
        swap(*args)

    monkeypatch.setattr(review, "swap_primary", swap_while_merging)
    try:
        with database.transaction() as session:
            resolve_conflict(session, SUBMISSION, 1, kept, decided_by="Core team")
        merged = merging[0].result()
    finally:
        for other in merging:
            other.wait()
        elsewhere.close()

    assert not merged.rejected and merged.counts[Outcome.UPDATED] == 1
    with database.reading() as session:
        submission = session.get(SubmissionRow, SUBMISSION)
        assert submission is not None and submission.revision == 2  # the merge's revision
        decision = decision_of(session, SUBMISSION, 1)
        assert decision is not None and decision.kept_hash == kept  # the decision holds
        versions = {
            (row.revision, row.content_hash): row.kept_as
            for row in session.scalars(
                select(SubmissionVersionRow).where(SubmissionVersionRow.submission_id == SUBMISSION)
            )
        }
    assert versions[(1, kept)] == KeptAs.HISTORY.value  # the kept copy, now history
    assert sorted(versions.values()) == sorted(
        [KeptAs.CURRENT.value, KeptAs.HISTORY.value, KeptAs.CONFLICT.value]
    )


def test_a_merge_kept_waiting_too_long_says_the_database_is_busy(
    setup: Setup,
    db_path: Path,
    device: DeviceKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Another program holds the write lock: one plain line, nothing merged, and the same
    command merges the file once the other program is done."""
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT", 0.1)
    path = tmp_path / "day.zip"
    path.write_bytes(bundle([record(SUBMISSION)], setup.package.mission, device))
    key_file = tmp_path / "coordinator-key.json"
    key_file.write_text(json.dumps(setup.key.to_json()), encoding="utf-8")
    command = ["merge", str(path), "--db", f"sqlite:///{db_path}", "--key", str(key_file)]

    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        assert main(command) == 1
        err = capsys.readouterr().err
        assert err == f"{db_path}: busy: another program is writing to it; try again\n"
    finally:
        other.rollback()
        other.close()
    check = open_database(f"sqlite:///{db_path}")
    try:
        with check.reading() as session:
            assert session.get(SubmissionRow, SUBMISSION) is None
        assert main(command) == 0
        with check.reading() as session:
            assert session.get(SubmissionRow, SUBMISSION) is not None
    finally:
        check.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_summary_made_while_a_merge_commits_counts_one_moment(
    setup: Setup,
    database: Database,
    db_path: Path,
    device: DeviceKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
) -> None:
    """A bundle merged by another program while the summary reads is counted whole or not
    at all, by every process that counts: here not at all, as it came after the start."""
    before = [record(description=f"Бөгде адамдар {n}") for n in range(6)]
    during = [record(description=f"Урна не опечатана {n}") for n in range(9)]
    early, late = tmp_path / "early.zip", tmp_path / "late.zip"
    early.write_bytes(bundle(before, setup.package.mission, device))
    late.write_bytes(bundle(during, setup.package.mission, device))
    assert not merger_for(database, setup).merge_file(early).rejected

    elsewhere = open_database(f"sqlite:///{db_path}")
    first_read, split = summary_module._first_read, summary_module.place_ranges
    merging: list[Elsewhere] = []

    def read_then_merge(connection: Any) -> None:
        first_read(connection)  # the summary's moment is fixed: now the merge starts
        merge = merger_for(elsewhere, setup).merge_file
        merging.append(Elsewhere(elsewhere, lambda: merge(late)))
        assert merging[0].asked.wait(PATIENCE), "the merge never started"

    def merged_before_counting(*args: Any, **kwargs: Any) -> Any:
        assert not merging[0].result().rejected  # committed: the counting has not begun
        return split(*args, **kwargs)

    monkeypatch.setattr(summary_module, "_first_read", read_then_merge)
    monkeypatch.setattr(summary_module, "place_ranges", merged_before_counting)
    try:
        made_during = summarize(database, setup.package.forms, workers=workers)
    finally:
        for other in merging:
            other.wait()
        elsewhere.close()
    monkeypatch.undo()
    made_after = summarize(database, setup.package.forms, workers=workers)
    assert merging, "the summary never took its first read"
    assert len(made_during.incidents) == len(before)
    assert made_during.coverage.observations == len(before)
    assert len(made_after.incidents) == len(before) + len(during)
