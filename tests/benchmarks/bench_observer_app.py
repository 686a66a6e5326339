"""Benchmark of the observer's window: start-up, autosave, station search (issue 4's figures).

Run: `.venv/bin/python tests/benchmarks/bench_observer_app.py`. Each figure is printed beside
a baseline measured in the same run on the same machine, since shared machines are noisy:
- start to a usable window (station search ready), median of 5, vs a bare Qt window;
- autosave of one answer, p50/p95 over 300 saves into a database of 10,000 submissions,
  vs a bare sqlite3 upsert-and-commit with the same settings;
- station search per keystroke over the 10,000-station registry (the picker's whole
  update: search, rows, model), vs a bare substring scan of the same strings.
Goals: start under 1.5 s, autosave p95 under 10 ms, search under 50 ms per keystroke.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from observer_app.domain.submission import Submission, SubmissionStatus  # noqa: E402
from observer_app.store.paths import DATABASE_FILE  # noqa: E402
from observer_app.store.settings import ObserverProfile  # noqa: E402
from observer_app.ui.app import STARTUP_PROBE  # noqa: E402
from observer_app.workspace.laptop import ObserverWorkspace as Workspace  # noqa: E402

SUBMISSIONS = 10_000
BARE_WINDOW = """
import time, sys
started = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication(sys.argv)
window = QMainWindow(); window.resize(1366, 768); window.show()
def done():
    print(f"usable after {time.perf_counter() - started:.3f} s", flush=True); app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def set_up_home(home: Path) -> Workspace:
    os.environ["OBSERVER_APP_HOME"] = str(home)
    workspace = Workspace.open(f"sqlite:///{home / DATABASE_FILE}")
    workspace.set_up_builtin_mission(ObserverProfile("Бенчмарк", "Team 1"))
    return workspace


def fill_submissions(workspace: Workspace, count: int) -> None:
    """`count` completed voting submissions with ~30 answers each, inserted in bulk."""
    stations = [s.id for s in workspace.registry().stations]
    form = workspace.forms.get("voting")
    moment = datetime(2021, 1, 10, 8, tzinfo=UTC)
    local = moment.astimezone(timezone(timedelta(minutes=360)))
    now = moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    yes_no = [q.id for q in form.questions.values() if q.type == "yes_no"]
    connection = sqlite3.connect(str(Path(os.environ["OBSERVER_APP_HOME"]) / DATABASE_FILE))
    with connection:
        for i in range(count):
            sid = str(uuid.uuid4())
            record = Submission(
                id=uuid.UUID(sid),
                form_id="voting",
                form_version=1,
                station_id=stations[i % len(stations)],
                observer="Бенчмарк",
                team="Team 1",
                status=SubmissionStatus.COMPLETE,
                revision=1,
                created_at=local,
                updated_at=local,
                completed_at=local,
                content_hash="x" * 64,
                answers=dict.fromkeys(yes_no, "yes"),
            )
            connection.execute(
                "INSERT INTO submissions (id, form_id, form_version, station_id, tec_id, region, "
                "observer, team, status, revision, created_at, created_offset, updated_at, "
                "updated_offset, completed_at, completed_offset, content_hash, document) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    sid,
                    "voting",
                    1,
                    stations[i % len(stations)],
                    None,
                    None,
                    "Бенчмарк",
                    "Team 1",
                    "complete",
                    1,
                    now,
                    360,
                    now,
                    360,
                    now,
                    360,
                    "x" * 64,
                    record.text(),
                ),
            )
    connection.close()


def bench_startup(home: Path) -> None:
    env = {**os.environ, "OBSERVER_APP_HOME": str(home), "PYTHONPATH": str(ROOT)}

    def run(arguments: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, *arguments], env=env, check=True, capture_output=True)
        return time.perf_counter() - started

    app_command = ["-m", "observer_app"]  # the real entry point, as `observer-app` starts
    env[STARTUP_PROBE] = "1"  # quit as soon as the station search is ready
    run(app_command)  # warm the disk cache once, as a second start on a laptop would be
    app = [run(app_command) for _ in range(5)]
    bare = [run(["-c", BARE_WINDOW]) for _ in range(5)]
    print(
        f"start to a usable window (process start to station search ready), median of 5: "
        f"{statistics.median(app):.2f} s (goal < 1.5 s); bare Qt window: "
        f"{statistics.median(bare):.2f} s"
    )


def bench_autosave(workspace: Workspace, home: Path) -> None:
    store = workspace.store
    draft = store.create("voting", observer="Бенчмарк", team="Team 1", station_id="ALA-1")
    timings: list[float] = []
    for i in range(300):
        started = time.perf_counter()
        store.save_answer(draft.id, "comments", f"Комментарий {i}")
        timings.append((time.perf_counter() - started) * 1000)
    bare_path = home / "bare.sqlite3"
    bare = sqlite3.connect(str(bare_path), isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=FULL")
    bare.execute("CREATE TABLE answers (s TEXT, q TEXT, v TEXT, PRIMARY KEY (s, q))")
    bare_timings: list[float] = []
    for i in range(300):
        started = time.perf_counter()
        bare.execute("BEGIN")
        bare.execute("INSERT OR REPLACE INTO answers VALUES ('s', 'comments', ?)", (str(i),))
        bare.execute("COMMIT")
        bare_timings.append((time.perf_counter() - started) * 1000)
    bare.close()
    print(
        f"autosave of one answer, {SUBMISSIONS:,} submissions in the database: "
        f"p50 {percentile(timings, 0.5):.2f} ms, p95 {percentile(timings, 0.95):.2f} ms "
        f"(goal p95 < 10 ms); bare sqlite3 upsert+commit: p50 "
        f"{percentile(bare_timings, 0.5):.2f} ms, p95 {percentile(bare_timings, 0.95):.2f} ms"
    )


def bench_search(workspace: Workspace) -> None:
    from PySide6.QtWidgets import QApplication

    from observer_app.domain.station_search import StationIndex
    from observer_app.ui.station_picker import StationPicker

    QApplication.instance() or QApplication([])
    registry = workspace.registry()
    index = StationIndex(registry)
    picker = StationPicker(workspace.forms.latest())
    picker.set_registry(registry, index, workspace.recent_places())
    picker.resize(1366, 700)
    picker.show()
    queries = ["Алмалы 12", "245", "Shymkent Абая", "Қарағанды облысы 101", "школа № 7"]
    timings: list[float] = []
    for query in queries:
        picker.search_field.clear()
        for length in range(1, len(query) + 1):
            started = time.perf_counter()
            picker.search_field.setText(query[:length])  # one keystroke: the whole update
            QApplication.processEvents()
            timings.append((time.perf_counter() - started) * 1000)
    texts = [entry for entry, _station in index._entries]
    bare: list[float] = []
    for query in queries:
        for length in range(1, len(query) + 1):
            words = query[:length].casefold().split()
            started = time.perf_counter()
            _found = [text for text in texts if all(word in text for word in words)]
            bare.append((time.perf_counter() - started) * 1000)
    print(
        f"station search per keystroke over {len(index):,} stations ({len(timings)} keystrokes): "
        f"median {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, "
        f"max {max(timings):.1f} ms (goal < 50 ms); bare substring scan: median "
        f"{statistics.median(bare):.1f} ms, max {max(bare):.1f} ms"
    )


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="observer-bench-"))
    try:
        workspace = set_up_home(home)
        bench_startup(home)
        fill_submissions(workspace, SUBMISSIONS)
        bench_autosave(workspace, home)
        bench_search(workspace)
        workspace.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
