"""How `team-leader.sqlite3.gz` was made: a team leader's database at schema 0004, by that
release's own code (commit 6785acb, answers one row each in the `answers` table).

Kept as the record of what the fixture holds; it runs only on that commit, whose store
still had the `answers` table. tests/test_migration_0005.py reads the fixture.

It holds the observer's own submissions (a draft in Kazakh and Russian, with a list, a
repeat and numbers; a completed one; one reopened for a correction; one reopened and
completed again) and merged bundles from two devices: new submissions, a higher revision
(the old one kept as history), a lower one (stale), two conflicts, a coordinator's
decision on one of them, and an attachment.

    # in a checkout of commit 6785acb, with this script copied in:
    python make_fixture.py team-leader.sqlite3 && gzip -9 -n team-leader.sqlite3
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from observer_app.exchange.bundle import Attachment  # noqa: E402
from observer_app.exchange.keys import CoordinatorKey, DeviceKey  # noqa: E402
from observer_app.exchange.merge import Merger  # noqa: E402
from observer_app.exchange.mission import (  # noqa: E402
    build_mission_package,
    install_mission,
    mission_library,
)
from observer_app.exchange.review import resolve_conflict  # noqa: E402
from observer_app.store import SubmissionStore, open_database  # noqa: E402
from tests.exchange.factory import bundle, record  # noqa: E402

ALMATY = timezone(timedelta(hours=6))
FORMS = ("incident", "voting", "counting")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2021, 1, 10, 7, 0, tzinfo=ALMATY)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1, seconds=7)
        return self.now


def small_registry(folder: Path) -> Path:
    """The real regions and the first stations of two regions: a small file, real ids."""
    folder.mkdir()
    source = ROOT / "resources" / "registry"
    shutil.copy(source / "regions.csv", folder / "regions.csv")
    lines = (source / "stations.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    kept = [row for row in rows if row.startswith("ALA,")][:3]
    kept += [row for row in rows if row.startswith("AKM,")][:3]
    (folder / "stations.csv").write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    return folder


def incident(description: str) -> dict[str, Any]:
    return {
        "incident_time": "2021-01-10T11:20:00+06:00",
        "location_type": "outside_polling_station",
        "location_details": "школа № 12",
        "category": "pressure_intimidation",
        "description": description,
        "information_source": "own_observation",
        "prevented_from_observing": "no",
    }


def main(out: Path) -> None:
    work = Path(tempfile.mkdtemp())
    forms = work / "forms"
    forms.mkdir()
    for form_id in FORMS:
        shutil.copy(ROOT / "forms" / f"{form_id}.yaml", forms / f"{form_id}.yaml")
    key = CoordinatorKey.generate()
    package, _data = build_mission_package(
        name="Kazakhstan 2021",
        election="Majilis, 10 January 2021",
        forms_dir=forms,
        registry_dir=small_registry(work / "registry"),
        coordinator_key=key.public_key,
        created_at=datetime(2020, 12, 20, 9, 0, tzinfo=ALMATY),
    )
    path = work / "fixture.sqlite3"
    database = open_database(f"sqlite:///{path}")
    with database.transaction() as session:
        install_mission(session, package)
        library = mission_library(session)
    stations = [station.id for station in package.registry.stations]

    # --- the team leader's own forms ---------------------------------------------------
    store = SubmissionStore(database, library, clock=Clock())
    draft = store.create(
        "voting", observer="Айгүл Сейітова", team="Team 7", station_id=stations[0]
    ).id
    store.save_answers(
        draft,
        {
            "arrival_time": "07:02",
            "access_granted": "yes",
            "unauthorized_persons_present": "yes",
            "unauthorized_persons_who": ["police", "local_officials"],
            "voters_on_list": 2417,
            "turnout_announced": 1208,
            "comments": "Сайлау жәшігі мөрленбеген; урна не опечатана «в помещении» — 3 чел.",
        },
    )
    counting = store.create(
        "counting", observer="Айгүл Сейітова", team="Team 7", station_id=stations[1]
    ).id
    store.save_answers(
        counting,
        {
            "signatures": 1204,
            "ballots_in_box": 1210,
            "party_votes": [{"votes": 310}, {"votes": 280}, {}, {"votes": 0}],
        },
    )
    done = store.create("incident", observer="Ерлан Қасымов", team="Team 7").id
    store.save_answers(done, incident("Бөгде адамдар сайлау учаскесінде"))
    store.complete(done)
    reopened = store.create("incident", observer="Ерлан Қасымов", team="Team 7").id
    store.save_answers(reopened, incident("Первая редакция"))
    store.complete(reopened)
    store.reopen(reopened)
    store.save_answer(reopened, "description", "Исправленная редакция, ещё не завершена")
    twice = store.create("incident", observer="Ерлан Қасымов", team="Team 7").id
    store.save_answers(twice, incident("Before the correction"))
    store.complete(twice)
    store.reopen(twice)
    store.save_answer(twice, "description", "After the correction")
    store.complete(twice)

    # --- teammates' bundles, merged ----------------------------------------------------
    one, other = DeviceKey.generate(), DeviceKey.generate()
    first, second, third = (str(uuid.UUID(int=n, version=4)) for n in (101, 102, 103))
    merger = Merger(database, coordinator_key=key, mission=package.mission, forms=library)
    files = work / "bundles"
    files.mkdir()

    def merge(name: str, data: bytes) -> None:
        (files / name).write_bytes(data)
        result = merger.merge_file(files / name)
        assert not result.rejected, result.reason
        print(name, dict(result.counts))

    merge(
        "a.zip",
        bundle(
            [
                record(first, description="Давление на наблюдателей"),
                record(second, description="Карусель"),
                record(third, description="Third, first copy"),
            ],
            package.mission,
            one,
            attachments=[Attachment(second, "photo.jpg", b"\xff\xd8\xff\xe0 not really a photo")],
        ),
    )
    merge(
        "b.zip",
        bundle(
            [
                record(first, revision=3, description="Давление на наблюдателей (уточнено)"),
                record(second, description="Карусель: другая запись", minute=5),
            ],
            package.mission,
            one,
        ),
    )
    merge(
        "c.zip",
        bundle([record(third, description="Third, other copy", minute=9)], package.mission, other),
    )
    merge(
        "d.zip",
        bundle(
            [
                record(first, description="Давление на наблюдателей"),
                record(first, revision=2, description="Промежуточная редакция"),
            ][1:],
            package.mission,
            one,
        ),
    )
    with database.transaction() as session:
        versions = (
            session.execute(
                text(
                    "SELECT content_hash FROM submission_versions "
                    "WHERE submission_id = :id AND kept_as = 'conflict'"
                ),
                {"id": third},
            )
            .scalars()
            .all()
        )
        resolve_conflict(
            session,
            third,
            1,
            versions[0],
            decided_by="Coordinator Әсел",
            note="the second copy is the one the team leader confirmed",
            now=datetime(2021, 1, 11, 9, 30, tzinfo=ALMATY),
        )
    database.close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("VACUUM")
    connection.close()
    shutil.copy(path, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
