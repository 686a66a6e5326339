"""Benchmark of the merge (DESIGN §8): 1,000 bundles holding 100,000 submissions.

Run: `.venv/bin/python tests/benchmarks/bench_merge.py [--bundles N] [--per-bundle M]`.
It builds the bundles (encrypted and signed, as observers' laptops write them, answers
for the five built-in forms), then measures, each in a fresh process (memory: the
most it and the reading process it starts held at one moment, tests/benchmarks/process_memory.py):
- the floor: the same submissions written with bare `sqlite3` as one JSON document per row
  into a table of (id, document), one transaction per bundle (1,000), WAL,
  synchronous=FULL; no checks, no decryption, no index but the key: what the disk costs;
- the merge of every file into a coordinator's database (SQLite, WAL, synchronous=FULL);
- the same files merged again (all duplicates);
- the same merge into a PostgreSQL server started here, durable (fsync on);
and prints each figure beside its floor with the goals: merge <= 2x the floor and under
200 MB; merge again <= 0.25x the merge; PostgreSQL <= 2x the SQLite merge.
Not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from process_memory import run_sampled  # noqa: E402

from observer_app.domain.bundled import forms_dir, registry_dir  # noqa: E402
from observer_app.domain.submission import canonical_json  # noqa: E402
from observer_app.exchange.bundle import write_bundle  # noqa: E402
from observer_app.exchange.keys import CoordinatorKey, DeviceKey  # noqa: E402
from observer_app.exchange.records import make_record, record_hash  # noqa: E402
from observer_app.formspec import CompiledForm  # noqa: E402
from observer_app.formspec.models import (  # noqa: E402
    DateTimeQuestion,
    DecimalQuestion,
    IntegerQuestion,
    SelectMultipleQuestion,
    SelectOneQuestion,
    StationQuestion,
    TextQuestion,
    TimeQuestion,
    YesNoQuestion,
)

ALMATY = timezone(timedelta(hours=6))
FORM_MIX = {"voting": 70, "opening": 10, "counting": 8, "tabulation": 2, "incident": 10}
WORDS = ("Бөгде", "адамдар", "урна", "бюллетень", "наблюдатель", "участок", "observers", "queue")


def peak_mb() -> float:
    """This process's peak resident memory in MB.

    VmHWM, where Linux has it: unlike ru_maxrss, it starts afresh at exec, so a child does
    not report the peak of the parent it was forked from.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def answers_for(form: CompiledForm, rnd: random.Random, stations: list[str]) -> dict[str, Any]:
    """An answer of the right shape for every question a form asks (not notes or repeats)."""
    answers: dict[str, Any] = {}
    for question in form.questions.values():
        qid = question.id
        if isinstance(question, YesNoQuestion | SelectOneQuestion):
            answers[qid] = rnd.choice(form.answer_values(question) or ["yes"])
        elif isinstance(question, SelectMultipleQuestion):
            values = form.answer_values(question) or []
            answers[qid] = rnd.sample(values, k=min(len(values), rnd.randint(1, 3)))
        elif isinstance(question, IntegerQuestion):
            answers[qid] = rnd.randint(0, 2500)
        elif isinstance(question, DecimalQuestion):
            answers[qid] = round(rnd.uniform(0, 100), 1)
        elif isinstance(question, TimeQuestion):
            answers[qid] = f"{rnd.randint(6, 22):02d}:{rnd.randint(0, 59):02d}"
        elif isinstance(question, DateTimeQuestion):
            answers[qid] = f"2021-01-10T{rnd.randint(6, 22):02d}:{rnd.randint(0, 59):02d}:00+06:00"
        elif isinstance(question, StationQuestion):
            answers[qid] = rnd.choice(stations)
        elif isinstance(question, TextQuestion):
            answers[qid] = " ".join(rnd.choices(WORDS, k=rnd.randint(3, 15)))
    return answers


def build(folder: Path, bundles: int, per_bundle: int) -> dict[str, Any]:
    """The mission, the coordinator's database, the bundles and their rows for the baseline."""
    from observer_app.exchange.mission import build_mission_package, install_mission
    from observer_app.store import open_database

    rnd = random.Random(2021)
    key = CoordinatorKey.generate()
    (folder / "coordinator-key.json").write_text(json.dumps(key.to_json()))
    package, package_bytes = build_mission_package(
        name="Benchmark mission",
        election="Majilis, 10 January 2021",
        forms_dir=forms_dir(),
        registry_dir=registry_dir(),
        coordinator_key=key.public_key,
        created_at=datetime(2020, 12, 20, tzinfo=ALMATY),
    )
    (folder / "mission.zip").write_bytes(package_bytes)
    template = folder / "template.sqlite3"
    database = open_database(f"sqlite:///{template}")
    with database.transaction() as session:
        install_mission(session, package)
    database.close()
    stations = [s.id for s in package.registry.stations]
    forms = {form_id: package.forms.get(form_id) for form_id in FORM_MIX}
    devices = [DeviceKey.generate() for _ in range(max(1, bundles // 5))]
    (folder / "bundles").mkdir()
    (folder / "rows").mkdir()
    for number in range(bundles):
        device = devices[number % len(devices)]
        records = []
        for _ in range(per_bundle):
            form_id = rnd.choices(list(FORM_MIX), weights=list(FORM_MIX.values()))[0]
            form = forms[form_id]
            started = datetime(2021, 1, 10, 7, 0, tzinfo=ALMATY) + timedelta(
                minutes=rnd.randint(0, 900)
            )
            done = started + timedelta(minutes=rnd.randint(10, 60))
            station = rnd.choice(stations)
            document: dict[str, Any] = {
                "id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
                "form_id": form.id,
                "form_version": form.version,
                "station_id": None if form_id in ("tabulation", "incident") else station,
                "tec_id": None,
                "region": station.split("-")[0],
                "observer": f"Observer {number % len(devices)}",
                "team": f"Team {number % len(devices) // 2}",
                "status": "complete",
                "revision": 1,
                "created_at": started.isoformat(),
                "updated_at": done.isoformat(),
                "completed_at": done.isoformat(),
                "content_hash": "",
                "answers": answers_for(form, rnd, stations),
            }
            document["content_hash"] = record_hash(document)
            records.append(make_record(document))
        data = write_bundle(
            records,
            mission_id=package.mission.id,
            mission_name=package.mission.name,
            device_key=device,
            observer=f"Observer {number % len(devices)}",
            team="Team",
            created_at=datetime(2021, 1, 10, 21, 0, tzinfo=ALMATY),
            recipient_public_key=key.public_key,
        )
        (folder / "bundles" / f"{number:05d}.zip").write_bytes(data)
        side = {"device": str(device.device_id), "records": [r.document for r in records]}
        side["versions"] = [[r.record_sha256, r.updated_at.isoformat()] for r in records]
        (folder / "rows" / f"{number:05d}.json").write_text(json.dumps(side, ensure_ascii=False))
    return {"devices": len(devices)}


def run_merge(folder: Path, url: str | None = None) -> dict[str, Any]:
    """The merge into a copy of the SQLite template, or into the empty database at `url`."""
    # Imported here, not above: the merge's reading process imports this file again (it
    # is started fresh), and should load what it loads under `observer-app merge`.
    from observer_app.exchange.keys import load_coordinator_key
    from observer_app.exchange.merge import Merger
    from observer_app.exchange.mission import install_mission, read_mission_package
    from observer_app.store import open_database

    if url is None:
        path = folder / "merge.sqlite3"
        shutil.copy(folder / "template.sqlite3", path)
        url = f"sqlite:///{path}"
    database = open_database(url)
    if database.engine.dialect.name != "sqlite":
        with database.transaction() as session:
            install_mission(session, read_mission_package((folder / "mission.zip").read_bytes()))
    merger = Merger(database, coordinator_key=load_coordinator_key(folder / "coordinator-key.json"))
    files = sorted((folder / "bundles").iterdir())
    started = time.perf_counter()
    first = merger.merge_files(files)
    first_time = time.perf_counter() - started
    first_peak = peak_mb()
    started = time.perf_counter()
    again = merger.merge_files(files)
    again_time = time.perf_counter() - started
    database.close()
    return {
        "time": first_time,
        "again_time": again_time,
        "peak_mb": first_peak,
        "peak_after_again_mb": peak_mb(),
        "totals": first.totals,
        "again_totals": again.totals,
    }


def run_baseline(folder: Path) -> dict[str, Any]:
    """The floor: the same submissions as one JSON document per row, with bare sqlite3."""
    path = folder / "baseline.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE submissions (id TEXT PRIMARY KEY, document TEXT NOT NULL)")
    elapsed = 0.0
    rows = 0
    for side_file in sorted((folder / "rows").iterdir()):
        side = json.loads(side_file.read_text())  # reading is not the insert: not timed
        started = time.perf_counter()
        submissions = [
            (document["id"], canonical_json(document).decode("utf-8"))
            for document in side["records"]
        ]
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO submissions VALUES (?, ?)", submissions)
        connection.execute("COMMIT")
        elapsed += time.perf_counter() - started
        rows += len(submissions)
    connection.close()
    return {"time": elapsed, "peak_mb": peak_mb(), "rows": rows}


def child(phase: str, folder: Path, url: str | None = None) -> dict[str, Any]:
    """A phase in a fresh interpreter, with the most memory it and the reading process it
    starts held at one moment (process_memory)."""
    extra = ["--url", url] if url else []
    out, together = run_sampled(
        [sys.executable, __file__, "--phase", phase, "--folder", str(folder), *extra]
    )
    parsed: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    parsed["together_peak_mb"] = together
    return parsed


def merge_on_postgres(folder: Path) -> dict[str, Any] | None:
    """The same merge into a PostgreSQL server started here (durable: fsync on)."""
    from tests.pg_server import running_postgres, server_binaries

    binaries = server_binaries()
    if binaries is None:
        print("PostgreSQL: no server binaries installed, not measured")
        return None
    with running_postgres(binaries, durable=True) as server:
        return child("merge", folder, server.create_database())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bundles", type=int, default=1000)
    parser.add_argument("--per-bundle", type=int, default=100)
    parser.add_argument(
        "--no-postgres", action="store_true", help="skip the PostgreSQL merge (issue 8's figures)"
    )
    parser.add_argument("--phase", choices=["merge", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "merge":
        print(json.dumps(run_merge(Path(args.folder), args.url)))
        return
    if args.phase == "baseline":
        print(json.dumps(run_baseline(Path(args.folder))))
        return

    with tempfile.TemporaryDirectory(prefix="bench-merge-") as name:
        folder = Path(name)
        started = time.perf_counter()
        made = build(folder, args.bundles, args.per_bundle)
        built = time.perf_counter() - started
        size = sum(p.stat().st_size for p in (folder / "bundles").iterdir())
        print(
            f"built {args.bundles:,} encrypted bundles, {args.bundles * args.per_bundle:,} "
            f"submissions from {made['devices']} devices, {size / 2**20:.1f} MiB, in {built:.1f} s"
        )
        baseline = child("baseline", folder)
        merged = child("merge", folder)
        on_postgres = None if args.no_postgres else merge_on_postgres(folder)
    ratio = merged["time"] / baseline["time"]
    again_ratio = merged["again_time"] / merged["time"]
    totals, again = merged["totals"], merged["again_totals"]
    per_thousand = merged["again_time"] / (again["duplicate"] / 1000) if again["duplicate"] else 0
    print(
        f"floor, bare sqlite3, one JSON document per row: {baseline['time']:7.2f} s   "
        f"peak memory {baseline['peak_mb']:4.0f} MB   ({baseline['rows']:,} rows)"
    )
    print(
        f"merge, SQLite:     {merged['time']:7.2f} s   peak memory {merged['peak_mb']:4.0f} MB   "
        f"({totals['imported']:,} imported, {totals['rejected']} rejected); "
        f"{ratio:.2f}x the floor (goal <= 2x, < 200 MB: with its reading process, "
        f"{merged['together_peak_mb']:.0f} MB at once)"
    )
    print(
        f"merge again:       {merged['again_time']:7.2f} s   peak memory "
        f"{merged['peak_after_again_mb']:4.0f} MB   ({again['duplicate']:,} duplicates, "
        f"{per_thousand:.3f} s per thousand); {again_ratio:.2f}x the merge (goal <= 0.25x)"
    )
    goals = [
        ("merge <= 2x floor", ratio <= 2),
        ("merge < 200 MB", max(merged["peak_after_again_mb"], merged["together_peak_mb"]) < 200),
        ("again <= 0.25x merge", again_ratio <= 0.25),
    ]
    if on_postgres is not None:
        pg_ratio = on_postgres["time"] / merged["time"]
        print(
            f"merge, PostgreSQL: {on_postgres['time']:7.2f} s   peak memory "
            f"{on_postgres['peak_mb']:4.0f} MB ({on_postgres['together_peak_mb']:.0f} MB with its "
            f"reading process)   ({on_postgres['totals']['imported']:,} imported); "
            f"{pg_ratio:.2f}x the SQLite merge (goal <= 2x), "
            f"{on_postgres['time'] / baseline['time']:.2f}x the floor"
        )
        print(
            f"again, PostgreSQL: {on_postgres['again_time']:7.2f} s   "
            f"({on_postgres['again_totals']['duplicate']:,} duplicates)"
        )
        goals.append(("PostgreSQL <= 2x SQLite", pg_ratio <= 2))
    print("goals: " + "; ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in goals))


if __name__ == "__main__":
    main()
