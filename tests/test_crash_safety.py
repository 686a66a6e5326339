"""A process killed mid-save loses nothing whose save had returned, and the file stays sound."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from observer_app.formspec import FormLibrary
from observer_app.store import SubmissionStore, open_database
from tests.conftest import ROOT
from tests.crash_writer import FORM


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [1, 57, 300])
def test_sigkill_loses_no_saved_answer(tmp_path: Path, kill_after: int) -> None:
    url = f"sqlite:///{tmp_path / 'observer.sqlite3'}"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_writer", url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    first = child.stdout.readline().split()
    assert first[0] == "created", first
    submission_id = uuid.UUID(first[1])
    acknowledged: list[int] = []
    while len(acknowledged) < kill_after:
        line = child.stdout.readline()
        assert line, "the writer stopped before it was killed"
        acknowledged.append(int(line.split()[1]))
    child.send_signal(signal.SIGKILL)  # mid-loop: it keeps saving until the signal lands
    child.wait()
    # Saves that returned between the last line read and the kill are in the pipe still.
    acknowledged.extend(int(line.split()[1]) for line in child.stdout if line.startswith("saved"))
    assert child.returncode == -signal.SIGKILL

    database = open_database(url)
    store = SubmissionStore(database, FormLibrary({("crash", 1): FORM}))
    answers = store.get(submission_id).answers
    for i in acknowledged:
        assert answers[f"answer_{i}"] == f"жауап {i}"
    assert len(answers) in (len(acknowledged), len(acknowledged) + 1)  # + one in flight
    with database.engine.connect() as connection:
        assert connection.execute(sql("PRAGMA integrity_check")).scalar_one() == "ok"
    database.close()
