"""The merge into the coordinator's database: the five outcomes, one transaction per bundle."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from observer_app.cli import main
from observer_app.exchange.bundle import Attachment, seal_bundle
from observer_app.exchange.keys import DeviceKey, write_secret_file
from observer_app.exchange.merge import Merger, _Writer
from observer_app.exchange.merge_reading import BundleReader
from observer_app.exchange.mission import MissionError
from observer_app.exchange.review import conflict_record, list_conflicts
from observer_app.exchange.rules import Outcome
from observer_app.formspec import FormLibrary
from observer_app.formspec.verdicts import verdicts_of
from observer_app.store import Database, SubmissionStore, open_database
from observer_app.store.models import AttachmentRow, BundleRow, DeviceRow, SubmissionRow
from observer_app.store.records import verdicts_text
from tests.exchange.conftest import Setup, contents, file_digest
from tests.exchange.factory import ELECTION_DAY, bundle, incident_answers, record


def write(tmp_path: Path, data: bytes, name: str | None = None) -> Path:
    path = tmp_path / (name or f"{uuid.uuid4().hex[:8]}.zip")
    path.write_bytes(data)
    return path


def counts(merger: Merger, path: Path) -> dict[str, int]:
    result = merger.merge_file(path)
    assert not result.rejected, result.message
    return {outcome.value: n for outcome, n in result.counts.items() if n}


def store_of(database: Database, setup: Setup) -> SubmissionStore:
    return SubmissionStore(database, setup.package.forms)


def test_a_new_submission_is_imported_as_the_observer_made_it(
    merger: Merger, database: Database, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    made = record(description="Ballot box stuffing seen at 11:20, Бөгде адамдар")
    path = write(tmp_path, bundle([made], setup.package.mission, device))

    assert counts(merger, path) == {"imported": 1}

    submission = store_of(database, setup).get(uuid.UUID(made.id))
    assert submission.answers == incident_answers(
        "Ballot box stuffing seen at 11:20, Бөгде адамдар"
    )
    assert submission.observer == "Айгүл Сейітова"
    assert submission.updated_at == ELECTION_DAY + timedelta(hours=1)
    assert submission.updated_at.utcoffset() == timedelta(hours=6)
    assert submission.content_hash == made.content_hash
    with database.transaction() as session:
        pinned = session.get(DeviceRow, str(device.device_id))
        assert pinned is not None and pinned.public_key
        assert session.scalar(select(func.count()).select_from(BundleRow)) == 1


def test_the_same_file_merged_again_changes_nothing(
    merger: Merger, database: Database, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    path = write(tmp_path, bundle([record(), record()], setup.package.mission, device))
    counts(merger, path)
    before = contents(database)

    assert counts(merger, path) == {"duplicate": 2}
    assert contents(database) == before


def test_a_file_merged_before_is_known_by_its_hash_and_not_read_again(
    merger: Merger,
    database: Database,
    db_path: Path,
    setup: Setup,
    device: DeviceKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Merging the day's folder again reports every submission as a duplicate at once."""
    path = write(tmp_path, bundle([record(), record(), record()], setup.package.mission, device))
    first = merger.merge_file(path)
    database.close()
    before = file_digest(db_path)

    def unread(self: BundleReader, data: bytes) -> None:
        raise AssertionError("a file merged before was read again")

    monkeypatch.setattr(BundleReader, "read", unread)
    again = merger.merge_file(path)

    assert not again.rejected
    assert {o.value: n for o, n in again.counts.items() if n} == {"duplicate": 3}
    assert (again.bundle_id, again.observer, again.device) == (
        first.bundle_id,
        first.observer,
        first.device,
    )
    database.close()
    assert file_digest(db_path) == before


def test_the_same_bundle_in_another_file_is_checked_and_found_duplicate(
    merger: Merger, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    """A re-encrypted copy has other bytes: it is read, checked and classified in full."""
    plain = bundle([record(), record()], setup.package.mission, device, encrypt=False)
    key = setup.package.mission.coordinator_key
    assert key is not None
    one, other = seal_bundle(plain, key), seal_bundle(plain, key)
    assert one != other
    assert counts(merger, write(tmp_path, one)) == {"imported": 2}
    assert counts(merger, write(tmp_path, other)) == {"duplicate": 2}


def test_answers_are_stored_exactly_as_signed(
    merger: Merger, database: Database, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    """The largest integers every reader holds stay those integers (no REAL in SQLite's
    hands): the record reads back as it was signed. (Past 64 bits is refused, see the
    corpus of bad files.)"""
    answers = {"arrival_time": "07:05", "voters_on_list": 2**63 - 1, "turnout_announced": 2**53 + 1}
    made = record(form=("voting", 1), answers=answers)
    counts(merger, write(tmp_path, bundle([made], setup.package.mission, device)))

    submission = store_of(database, setup).get(uuid.UUID(made.id))
    assert submission.answers["voters_on_list"] == 2**63 - 1
    assert submission.answers["turnout_announced"] == 2**53 + 1
    assert submission.text() == made.text()
    with database.engine.connect() as connection:
        kind = connection.execute(text("SELECT typeof(document) FROM submissions")).scalar()
    assert kind == "text"


def test_a_merged_submission_keeps_its_verdicts(
    merger: Merger, database: Database, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    """What its answers mean under its form is worked out once, at the merge."""
    complete = record()
    counts(merger, write(tmp_path, bundle([complete], setup.package.mission, device)))

    form = setup.package.forms.get("incident", 1)
    with database.transaction() as session:
        kept = {
            row.id: (row.verdicts, row.verdicts_form)
            for row in session.scalars(select(SubmissionRow))
        }
    assert kept[complete.id] == (
        verdicts_text(verdicts_of(form, complete.answers)),
        form.fingerprint,
    )


def test_a_higher_revision_updates_and_the_old_revision_is_kept(
    merger: Merger, database: Database, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    first = record(description="first account")
    corrected = record(first.id, revision=2, description="corrected account")
    mission = setup.package.mission
    counts(merger, write(tmp_path, bundle([first], mission, device)))

    assert counts(merger, write(tmp_path, bundle([corrected], mission, device))) == {"updated": 1}

    store = store_of(database, setup)
    current = store.get(uuid.UUID(first.id))
    assert (current.revision, current.answers["description"]) == (2, "corrected account")
    kept = store.revisions(uuid.UUID(first.id))
    assert [(k["revision"], k["answers"]["description"]) for k in kept] == [(1, "first account")]


def test_a_lower_revision_is_stale_and_the_current_one_stays(
    merger: Merger, database: Database, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    first = record(description="first account")
    corrected = record(first.id, revision=2, description="corrected account")
    mission = setup.package.mission
    counts(merger, write(tmp_path, bundle([corrected], mission, device)))

    assert counts(merger, write(tmp_path, bundle([first], mission, device))) == {"stale": 1}

    store = store_of(database, setup)
    assert store.get(uuid.UUID(first.id)).answers["description"] == "corrected account"
    assert [k["revision"] for k in store.revisions(uuid.UUID(first.id))] == [1]


def test_same_revision_other_content_is_a_conflict_with_both_kept(
    merger: Merger, database: Database, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    mission = setup.package.mission
    one = record(description="the box was sealed", minute=5)
    other = record(one.id, description="the box was NOT sealed", minute=9)
    counts(merger, write(tmp_path, bundle([one], mission, device)))

    result = merger.merge_file(write(tmp_path, bundle([other], mission, device)))

    assert result.counts == {Outcome.CONFLICT: 1}
    assert result.conflicts == [one.id]
    with database.transaction() as session:
        [conflict] = list_conflicts(session)
        assert (conflict.submission_id, conflict.revision) == (one.id, 1)
        counted, kept = conflict.versions
        assert counted.counted and not kept.counted
        texts = {
            conflict_record(session, one.id, 1, v.content_hash)["answers"]["description"]
            for v in conflict.versions
        }
    assert texts == {"the box was sealed", "the box was NOT sealed"}
    # The one saved later is counted, whichever arrived first.
    current = store_of(database, setup).get(uuid.UUID(one.id))
    assert current.answers["description"] == "the box was NOT sealed"


def test_a_bundle_is_taken_whole_or_not_at_all(
    merger: Merger,
    database: Database,
    db_path: Path,
    setup: Setup,
    device: DeviceKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A database failure after some rows are written leaves none of them behind."""
    path = write(tmp_path, bundle([record() for _ in range(20)], setup.package.mission, device))
    written = _Writer._flush_new

    def fail_after_writing(self: _Writer) -> None:
        written(self)
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(_Writer, "_flush_new", fail_after_writing)
    database.close()
    before = file_digest(db_path)

    result = merger.merge_file(path)

    assert result.reason == "database error, nothing of this file was merged (disk I/O error)"
    database.close()
    assert file_digest(db_path) == before
    monkeypatch.setattr(_Writer, "_flush_new", written)
    assert counts(merger, path) == {"imported": 20}


def test_attachments_are_kept_once(
    merger: Merger, database: Database, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    made = record()
    photo = Attachment(made.id, "protocol.jpg", b"\xff\xd8\xff\xe0 a photo of the protocol")
    data = bundle([made], setup.package.mission, device, attachments=[photo])
    counts(merger, write(tmp_path, data))
    counts(merger, write(tmp_path, data))

    with database.transaction() as session:
        rows = session.scalars(select(AttachmentRow)).all()
        assert [(r.submission_id, r.name, r.content) for r in rows] == [
            (made.id, "protocol.jpg", photo.content)
        ]


def test_a_submission_made_in_the_coordinators_own_database_enters_the_rules(
    merger: Merger, database: Database, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    """A team leader merges teammates' bundles into the database they observe with."""
    store = store_of(database, setup)
    own = store.create("incident", observer="Team leader", team="Team 7")
    store.save_answers(own.id, incident_answers("seen by the team leader"))
    store.complete(own.id)
    copy = record(str(own.id), observer="Team leader", description="seen by the team leader")
    newer = record(str(own.id), revision=2, observer="Team leader", description="corrected")

    mission = setup.package.mission
    assert counts(merger, write(tmp_path, bundle([copy], mission, device))) == {"duplicate": 1}
    assert counts(merger, write(tmp_path, bundle([newer], mission, device))) == {"updated": 1}
    assert store.get(own.id).answers["description"] == "corrected"
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(SubmissionRow)) == 1


def test_progress_is_reported_after_each_file(
    merger: Merger, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    paths = [write(tmp_path, bundle([record()], setup.package.mission, device)) for _ in range(3)]
    seen: list[tuple[int, int, bool]] = []

    report = merger.merge_files(paths, progress=lambda d, t, r: seen.append((d, t, r.rejected)))

    assert seen == [(1, 3, False), (2, 3, False), (3, 3, False)]
    assert report.totals == {
        "files": 3,
        "imported": 3,
        "duplicate": 0,
        "updated": 0,
        "stale": 0,
        "conflict": 0,
        "rejected": 0,
    }


def test_a_database_with_no_mission_says_what_to_do(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with pytest.raises(MissionError, match=r"import the mission package first"):
        Merger(database)
    database.close()


def merge_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
    status = main(["merge", *args, "--json"])
    return status, json.loads(capsys.readouterr().out)


def test_the_command_reports_per_file_and_totals_as_json(
    setup: Setup,
    device: DeviceKey,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key_file = tmp_path / "key.json"
    write_secret_file(key_file, json.dumps(setup.key.to_json()))
    mission = setup.package.mission
    one = record(description="one")
    first = write(tmp_path, bundle([one, record()], mission, device), "1.zip")
    again = write(
        tmp_path,
        bundle([record(), record(one.id, revision=2, description="two")], mission, device),
        "2.zip",
    )
    bad = write(tmp_path, b"PK\x03\x04 cut short", "3.zip")
    args = [
        str(first),
        str(again),
        str(bad),
        "--db",
        f"sqlite:///{db_path}",
        "--key",
        str(key_file),
    ]

    status, report = merge_json(args, capsys)

    assert status == 1
    files = {Path(f["file"]).name: f for f in report["files"]}
    assert (files["1.zip"]["status"], files["1.zip"]["imported"]) == ("merged", 2)
    assert (files["2.zip"]["updated"], files["2.zip"]["imported"]) == (1, 1)
    assert files["3.zip"]["status"] == "rejected"
    assert files["3.zip"]["reason"].startswith("truncated or damaged")
    assert report["totals"] == {
        "files": 3,
        "imported": 3,
        "duplicate": 0,
        "updated": 1,
        "stale": 0,
        "conflict": 0,
        "rejected": 1,
    }


def test_the_command_prints_a_table_and_exits_0_when_all_merged(
    setup: Setup,
    device: DeviceKey,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key_file = tmp_path / "key.json"
    write_secret_file(key_file, json.dumps(setup.key.to_json()))
    path = write(tmp_path, bundle([record(), record()], setup.package.mission, device), "a.zip")
    url = f"sqlite:///{db_path}"

    assert main(["merge", str(path), "--db", url, "--key", str(key_file)]) == 0
    assert main(["merge", str(tmp_path), "--db", url, "--key", str(key_file)]) == 0

    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "a.zip" in line]
    assert [line.split("│")[2:7] for line in lines] == [
        ["        2 ", "         0 ", "       0 ", "     0 ", "        0 "],
        ["        0 ", "         2 ", "       0 ", "     0 ", "        0 "],
    ]


def test_a_folder_of_bundles_is_merged_in_name_order(
    merger: Merger, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    from observer_app.exchange.merge import bundle_paths

    inbox = tmp_path / "inbox"
    (inbox / "day 2").mkdir(parents=True)
    (inbox / "b.zip").write_bytes(b"")
    (inbox / "day 2" / "a.ZIP").write_bytes(b"")
    (inbox / ".hidden.zip").write_bytes(b"")
    (inbox / "readme.txt").write_text("")

    assert bundle_paths([inbox]) == [inbox / "b.zip", inbox / "day 2" / "a.ZIP"]


def test_the_forms_of_the_mission_come_from_the_database(database: Database) -> None:
    from observer_app.exchange.mission import mission_library

    with database.transaction() as session:
        library: FormLibrary = mission_library(session)
    assert sorted(form_id for form_id, _ in library.forms) == [
        "counting",
        "incident",
        "opening",
        "tabulation",
        "voting",
    ]


def test_a_terminal_sees_a_progress_bar_while_files_are_merged(
    setup: Setup,
    device: DeviceKey,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key_file = tmp_path / "key.json"
    write_secret_file(key_file, json.dumps(setup.key.to_json()))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in range(3):
        write(inbox, bundle([record()], setup.package.mission, device), f"{number}.zip")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("TTY_INTERACTIVE", "1")

    assert main(["merge", str(inbox), "--db", f"sqlite:///{db_path}", "--key", str(key_file)]) == 0

    err = capsys.readouterr().err
    assert "merging" in err and "3/3" in err and "0 rejected" in err
