"""Benchmark of the observer's window: start-up, autosave, station search.

Run: `.venv/bin/python tests/benchmarks/bench_observer_app.py`. Each figure is printed beside
its floor, measured in the same run on the same machine, since shared machines are noisy:
- start to a usable observer window (process spawned to station search ready), median of 7,
  vs a bare PySide6 window (process spawned to shown); goal <= 4x;
- autosave of one answer, p95 over 300 saves into a database of 10,000 submissions, vs a
  bare sqlite3 upsert of one JSON document into a 10,000-row table + commit, with the same
  settings (WAL, synchronous=FULL); goal <= 3x;
- station search per keystroke over the 10,000-station registry (the picker's whole
  update: search, rows, model), p95, vs a bare substring scan of the same strings; goal <= 2x.
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
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication(sys.argv)
window = QMainWindow(); window.resize(1366, 768); window.show()
def done():
    print(f"usable at {time.time():.6f}", flush=True); app.quit()
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


def bench_startup(home: Path) -> tuple[float, float]:
    """Seconds from spawning the process to a usable window: the app's, a bare window's."""
    env = {**os.environ, "OBSERVER_APP_HOME": str(home), "PYTHONPATH": str(ROOT)}

    def run(arguments: list[str]) -> float:
        started = time.time()
        done = subprocess.run(
            [sys.executable, *arguments], env=env, check=True, capture_output=True, text=True
        )
        usable = float(done.stdout.rsplit(" at ", 1)[1])
        return usable - started

    app_command = ["-m", "observer_app"]  # the real entry point, as `observer-app` starts
    env[STARTUP_PROBE] = "1"  # quit as soon as the station search is ready
    run(app_command)  # the first start leaves the start-up snapshot, as set-up does
    app, bare = [], []
    for _ in range(7):  # interleaved, so a burst of load hits both alike
        app.append(run(app_command))
        bare.append(run(["-c", BARE_WINDOW]))
    app_s, bare_s = statistics.median(app), statistics.median(bare)
    print(
        f"start to a usable observer window, median of 7: {app_s:.2f} s; "
        f"floor, a bare PySide6 window: {bare_s:.2f} s; ratio {app_s / bare_s:.1f}x (goal <= 4x)"
    )
    return app_s, bare_s


def bench_autosave(workspace: Workspace, home: Path) -> None:
    store = workspace.store
    draft = store.create("voting", observer="Бенчмарк", team="Team 1", station_id="ALA-1")
    timings: list[float] = []
    for i in range(300):
        started = time.perf_counter()
        store.save_answer(draft.id, "comments", f"Комментарий {i}")
        timings.append((time.perf_counter() - started) * 1000)
    document = store.get(draft.id).text()
    bare_path = home / "bare.sqlite3"
    bare = sqlite3.connect(str(bare_path), isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=FULL")
    bare.execute("CREATE TABLE submissions (id TEXT PRIMARY KEY, document TEXT NOT NULL)")
    bare.execute("BEGIN")
    bare.executemany(
        "INSERT INTO submissions VALUES (?, ?)",
        ((str(uuid.uuid4()), document) for _ in range(SUBMISSIONS)),
    )
    bare.execute("COMMIT")
    bare_timings: list[float] = []
    for i in range(300):
        started = time.perf_counter()
        bare.execute("BEGIN")
        bare.execute(
            "INSERT INTO submissions VALUES ('draft', ?) "
            "ON CONFLICT (id) DO UPDATE SET document = excluded.document",
            (document.replace("Комментарий", f"Комментарий {i}"),),
        )
        bare.execute("COMMIT")
        bare_timings.append((time.perf_counter() - started) * 1000)
    bare.close()
    p95, floor = percentile(timings, 0.95), percentile(bare_timings, 0.95)
    print(
        f"autosave of one answer, {SUBMISSIONS:,} submissions in the database: "
        f"p50 {percentile(timings, 0.5):.2f} ms, p95 {p95:.2f} ms; floor, a bare sqlite3 "
        f"upsert of the document + commit: p50 {percentile(bare_timings, 0.5):.2f} ms, "
        f"p95 {floor:.2f} ms; ratio {p95 / floor:.1f}x (goal <= 3x)"
    )


def bench_search(workspace: Workspace) -> None:
    from PySide6.QtWidgets import QApplication

    from observer_app.domain.station_search import StationIndex
    from observer_app.ui.station_picker import StationPicker

    QApplication.instance() or QApplication([])
    registry = workspace.registry()
    index = StationIndex(registry)
    picker = StationPicker(workspace.form_choices())
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
    texts = list(index.texts)
    bare: list[float] = []
    for query in queries:
        for length in range(1, len(query) + 1):
            words = query[:length].casefold().split()
            started = time.perf_counter()
            _found = [text for text in texts if all(word in text for word in words)]
            bare.append((time.perf_counter() - started) * 1000)
    p95, floor = percentile(timings, 0.95), percentile(bare, 0.95)
    print(
        f"station search per keystroke over {len(index):,} stations ({len(timings)} keystrokes): "
        f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms; floor, a bare "
        f"substring scan: median {statistics.median(bare):.1f} ms, p95 {floor:.1f} ms; "
        f"ratio {p95 / floor:.1f}x (goal <= 2x)"
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
