"""The local store: a submission from draft to a corrected revision, and the database itself."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from observer_app.domain.registry import Region, Registry, Station, Tec
from observer_app.domain.submission import SubmissionStatus
from observer_app.formspec import FormLibrary, ProblemKind
from observer_app.store import (
    CompletionRefused,
    Database,
    DatabaseBusy,
    NotEditable,
    SubmissionError,
    SubmissionStore,
    open_database,
)
from observer_app.store import database as database_module
from observer_app.store.models import SubmissionRow
from observer_app.store.records import row_values
from observer_app.store.registry import replace_registry
from observer_app.store.settings import ObserverProfile
from tests.conftest import build, q, text

ALMATY = timezone(timedelta(hours=6))

VOTING = build(
    q("arrival_time", "time", required=True, role="arrival_time", default="now"),
    q(
        "ballot_box_sealed",
        "yes_no",
        required=True,
        not_observed=True,
        concern=["no"],
        finding=text("Ballot box not properly sealed"),
    ),
    q("seal_details", "text", relevant="${ballot_box_sealed} = 'no'", required=True),
    q("signatures", min=0),
    q(
        "ballots_in_box",
        min=0,
        constraint=". <= 3000",
        constraint_message=text("No polling station has more than 3000 voters"),
    ),
    q("remarks", "text", multiline=True),
    id="voting",
    place="polling_station",
)
TABULATION = build(q("transparent", "yes_no", required=True), id="tabulation", place="tec")

REGISTRY = Registry(
    regions=(Region("ALA", "city", "Almaty (city)", "город Алматы", "Алматы қаласы"),),
    tecs=(
        Tec(
            "ALA-01", "ALA", "Almaly District TEC", "ТИК Алмалинского района", "Алмалы аудандық АСК"
        ),
    ),
    stations=(
        Station(
            "ALA-101",
            101,
            "ALA",
            "ALA-01",
            "Алмалинский район",
            "г. Алматы, ул. Толе би, 101, школа № 12",
            True,
        ),
    ),
)


class Clock:
    """A controllable clock on Almaty time, so saved times are known exactly."""

    def __init__(self) -> None:
        self.now = datetime(2021, 1, 10, 7, 0, tzinfo=ALMATY)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def make_store(url: str, clock: Clock | None = None) -> SubmissionStore:
    database = open_database(url)
    with database.transaction() as session:
        replace_registry(session, REGISTRY)
    library = FormLibrary({(f.id, f.version): f for f in (VOTING, TABULATION)})
    return SubmissionStore(database, library, clock=clock or Clock())


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SubmissionStore]:
    """The same store on an observer's SQLite file and on a coordination centre's PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'observer.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    made = make_store(url)
    yield made
    made.database.close()


def new_voting(store: SubmissionStore) -> uuid.UUID:
    return store.create("voting", observer="Айгүл Сейітова", team="Team 7", station_id="ALA-101").id


def test_a_new_submission_knows_its_form_place_and_observer(store: SubmissionStore) -> None:
    submission = store.get(new_voting(store))
    assert (submission.form_id, submission.form_version) == ("voting", 1)
    assert (submission.station_id, submission.tec_id, submission.region) == (
        "ALA-101",
        "ALA-01",
        "ALA",
    )
    assert submission.observer == "Айгүл Сейітова"
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.revision == 1
    assert submission.created_at.utcoffset() == timedelta(hours=6)
    assert submission.created_at == datetime(2021, 1, 10, 1, 0, 1, tzinfo=UTC)


def test_a_submission_id_is_a_random_uuid(store: SubmissionStore) -> None:
    first, second = new_voting(store), new_voting(store)
    assert first != second
    assert first.version == 4


def test_the_place_must_come_from_the_registry(store: SubmissionStore) -> None:
    with pytest.raises(SubmissionError, match="no polling station 'ALA-999' in the registry"):
        store.create("voting", observer="A", team="T", station_id="ALA-999")
    with pytest.raises(SubmissionError, match="filled at a polling station: pick one"):
        store.create("voting", observer="A", team="T")
    with pytest.raises(SubmissionError, match="filled at a TEC: pick one"):
        store.create("tabulation", observer="A", team="T", station_id="ALA-101")
    at_tec = store.create("tabulation", observer="A", team="T", tec_id="ALA-01")
    assert (at_tec.tec_id, at_tec.region, at_tec.station_id) == ("ALA-01", "ALA", None)
    with pytest.raises(SubmissionError, match="no form 'counting'"):
        store.create("counting", observer="A", team="T", station_id="ALA-101")


def test_answers_are_saved_and_read_back(store: SubmissionStore) -> None:
    submission_id = new_voting(store)
    store.save_answer(submission_id, "arrival_time", "07:02")
    store.save_answer(submission_id, "ballot_box_sealed", "no")
    store.save_answer(submission_id, "signatures", 412)
    store.save_answer(submission_id, "signatures", 415)  # corrected
    assert store.get(submission_id).answers == {
        "arrival_time": "07:02",
        "ballot_box_sealed": "no",
        "signatures": 415,
    }
    store.save_answer(submission_id, "signatures", None)  # cleared
    assert "signatures" not in store.get(submission_id).answers


def test_every_column_of_a_saved_draft_says_what_its_record_says(store: SubmissionStore) -> None:
    """The autosave writes only what an answer changes; the list, filters and sorting read
    the columns, so they must agree with the record after every save."""
    submission_id = new_voting(store)
    store.save_answer(submission_id, "ballot_box_sealed", "no")
    aktobe = timezone(timedelta(hours=5))  # a laptop on the other of Kazakhstan's two times
    elsewhere = SubmissionStore(
        store.database, store.forms, clock=lambda: datetime(2021, 1, 10, 7, 30, tzinfo=aktobe)
    )
    saved_at = elsewhere.save_answers(submission_id, {"signatures": 7, "arrival_time": "07:02"})
    submission = store.get(submission_id)
    assert submission.updated_at == saved_at
    assert submission.updated_at.utcoffset() == timedelta(hours=5)
    assert submission.with_content_hash() == submission
    with store.database.reading() as session:
        row = session.get(SubmissionRow, str(submission_id))
        assert row is not None
        assert {column: getattr(row, column) for column in row_values(submission)} == row_values(
            submission
        )
    (listed,) = store.list_submissions()
    assert (listed.updated_at, listed.content_hash) == (saved_at, submission.content_hash)
    if store.database.engine.dialect.name == "sqlite":
        # Sorted and compared as SQLite text: the save at 07:30:00 sharp is written as every
        # other time is, not as the driver would write it ("...02:30:00", before ".000000").
        with store.database.reading() as session:
            stored = session.execute(sql("SELECT updated_at FROM submissions")).scalar()
        assert stored == "2021-01-10 02:30:00.000000"


def test_an_autosave_kept_waiting_by_another_program_says_so_and_keeps_the_last_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT", 0.1)  # before any connection
    path = tmp_path / "observer.sqlite3"
    store = make_store(f"sqlite:///{path}")
    submission_id = new_voting(store)
    store.save_answer(submission_id, "signatures", 3)
    other_program = sqlite3.connect(path, isolation_level=None)
    other_program.execute("BEGIN IMMEDIATE")  # holds the write lock
    with pytest.raises(DatabaseBusy) as busy:
        store.save_answer(submission_id, "signatures", 4)
    assert str(busy.value) == f"{path}: busy: another program is writing to it; try again"
    assert store.get(submission_id).answers["signatures"] == 3
    other_program.rollback()
    other_program.close()
    store.save_answer(submission_id, "signatures", 4)  # the window's next try goes through
    assert store.get(submission_id).answers["signatures"] == 4
    store.database.close()


def test_kazakh_and_russian_text_round_trips_unchanged(store: SubmissionStore) -> None:
    words = (
        "Сайлау жәшігі мөрленбеген: ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І; "
        "урна не опечатана, посторонние лица «в помещении» — 3 чел.\nВторая строка 🙂"
    )
    submission_id = new_voting(store)
    store.save_answer(submission_id, "remarks", words)
    assert store.get(submission_id).answers["remarks"] == words
    with store.database.engine.connect() as connection:
        stored = connection.execute(
            sql("SELECT CAST(document AS TEXT) FROM submissions")
        ).scalar_one()
    assert "мөрленбеген" in stored  # readable in the file, not \\u escapes


def test_an_answer_is_stored_exactly_as_given(store: SubmissionStore) -> None:
    """The largest whole number a hand-in carries stays that integer, not a floating-point
    approximation; one past 64 bits, which the coordinator would refuse with the whole
    file, is refused when it is saved, and the answer before it is kept."""
    from observer_app.formspec import AnswerTypeError

    submission_id = new_voting(store)
    store.save_answer(submission_id, "signatures", 2**63 - 1)
    assert store.get(submission_id).answers["signatures"] == 2**63 - 1
    with store.database.engine.connect() as connection:
        stored = connection.execute(
            sql("SELECT CAST(document AS TEXT) FROM submissions")
        ).scalar_one()
    assert '"signatures":9223372036854775807' in stored
    with pytest.raises(AnswerTypeError, match="64 bits"):
        store.save_answer(submission_id, "signatures", 2**70)
    assert store.get(submission_id).answers["signatures"] == 2**63 - 1


def test_completing_keeps_what_the_answers_mean_under_the_form(store: SubmissionStore) -> None:
    """Which questions were asked and the checks' verdicts, worked out once, for summaries."""
    from observer_app.formspec.verdicts import Verdicts

    submission_id = new_voting(store)
    store.save_answers(submission_id, {"arrival_time": "07:02", "ballot_box_sealed": "yes"})

    def kept() -> tuple[str | None, str | None]:
        with store.database.engine.connect() as connection:
            row = connection.execute(sql("SELECT verdicts, verdicts_form FROM submissions")).one()
        return row[0], row[1]

    assert kept() == (None, None)  # a draft is not counted
    store.complete(submission_id)
    text, form = kept()
    assert form == VOTING.fingerprint
    assert text is not None
    assert Verdicts.from_text(text).skipped == {"seal_details"}  # asked only when not sealed
    store.reopen(submission_id)
    assert kept() == (None, None)


def test_a_wrong_answer_shape_is_refused_and_nothing_is_written(store: SubmissionStore) -> None:
    submission_id = new_voting(store)
    store.save_answer(submission_id, "signatures", 10)
    with pytest.raises(ValueError, match="ballot_box_sealed"):
        store.save_answers(submission_id, {"signatures": 11, "ballot_box_sealed": "perhaps"})
    assert store.get(submission_id).answers == {"signatures": 10}


def test_completion_is_refused_with_the_list_of_problems_then_accepted(
    store: SubmissionStore,
) -> None:
    submission_id = new_voting(store)
    store.save_answers(submission_id, {"ballot_box_sealed": "no", "ballots_in_box": 5000})
    with pytest.raises(CompletionRefused) as refused:
        store.complete(submission_id)
    assert [(p.question, p.kind) for p in refused.value.problems] == [
        ("arrival_time", ProblemKind.REQUIRED),
        ("seal_details", ProblemKind.REQUIRED),
        ("ballots_in_box", ProblemKind.CONSTRAINT),
    ]
    assert refused.value.problems[2].message.en == "No polling station has more than 3000 voters"
    assert store.get(submission_id).status == SubmissionStatus.DRAFT

    store.save_answers(
        submission_id,
        {"arrival_time": "07:02", "seal_details": "Seal missing", "ballots_in_box": 480},
    )
    completed = store.complete(submission_id)
    assert completed.status == SubmissionStatus.COMPLETE
    assert completed.completed_at is not None
    assert completed.completed_at.utcoffset() == timedelta(hours=6)


def test_a_completed_submission_is_reopened_as_a_new_revision(store: SubmissionStore) -> None:
    submission_id = new_voting(store)
    store.save_answers(submission_id, {"arrival_time": "07:02", "ballot_box_sealed": "yes"})
    first = store.complete(submission_id)
    with pytest.raises(NotEditable, match="reopen it"):
        store.save_answer(submission_id, "ballot_box_sealed", "no")

    reopened = store.reopen(submission_id)
    assert (reopened.status, reopened.revision) == (SubmissionStatus.DRAFT, 2)
    store.save_answers(submission_id, {"ballot_box_sealed": "no", "seal_details": "Broken seal"})
    second = store.complete(submission_id)
    assert second.revision == 2
    assert second.answers["ballot_box_sealed"] == "no"
    assert second.content_hash != first.content_hash

    kept = store.revisions(submission_id)
    assert [(r["revision"], r["status"], r["answers"]["ballot_box_sealed"]) for r in kept] == [
        (1, "complete", "yes")
    ]
    assert kept[0]["content_hash"] == first.content_hash
    with pytest.raises(NotEditable):
        store.delete_draft(store.reopen(submission_id).id)


def test_a_draft_can_be_deleted(store: SubmissionStore) -> None:
    submission_id = new_voting(store)
    store.save_answer(submission_id, "signatures", 1)
    store.delete_draft(submission_id)
    assert store.list_submissions() == []
    with store.database.engine.connect() as connection:
        assert connection.execute(sql("SELECT count(*) FROM submissions")).scalar_one() == 0


def test_the_list_is_newest_first_and_filters(store: SubmissionStore) -> None:
    older = new_voting(store)
    newer = store.create("tabulation", observer="A", team="T", tec_id="ALA-01").id
    store.save_answer(older, "signatures", 3)  # touching it makes it the newest
    assert [s.id for s in store.list_submissions()] == [older, newer]
    assert [s.id for s in store.list_submissions(form_id="tabulation")] == [newer]
    assert store.list_submissions(status=SubmissionStatus.COMPLETE) == []


def test_the_content_hash_is_the_same_for_the_same_content_anywhere(
    tmp_path: Path, postgres_url: str
) -> None:
    """SQLite and PostgreSQL, different save times and order: equal content, equal hash."""
    one = make_store(f"sqlite:///{tmp_path / 'one.sqlite3'}")
    other = make_store(postgres_url)
    submission_id = new_voting(one)
    with one.database.transaction() as source, other.database.transaction() as target:
        from observer_app.store.models import SubmissionRow

        row = source.get(SubmissionRow, str(submission_id))
        assert row is not None
        copy = SubmissionRow(**{c.name: getattr(row, c.name) for c in row.__table__.columns})
        copy.created_at = copy.updated_at = datetime(2021, 1, 10, 9, tzinfo=UTC)
        target.add(copy)
    one.save_answers(submission_id, {"signatures": 10, "remarks": "Әлия"})
    other.save_answer(submission_id, "remarks", "Әлия")
    other.save_answer(submission_id, "signatures", 10)
    assert one.get(submission_id).content_hash == other.get(submission_id).content_hash
    other.save_answer(submission_id, "signatures", 11)
    assert one.get(submission_id).content_hash != other.get(submission_id).content_hash
    one.database.close()
    other.database.close()


def test_the_observers_sqlite_file_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    store = make_store(f"sqlite:///{tmp_path / 'observer.sqlite3'}")
    with store.database.engine.connect() as connection:
        assert connection.execute(sql("PRAGMA journal_mode")).scalar_one() == "wal"
        assert connection.execute(sql("PRAGMA foreign_keys")).scalar_one() == 1
        assert connection.execute(sql("PRAGMA synchronous")).scalar_one() == 2  # FULL
    store.database.close()


def test_the_schema_comes_from_the_migration_and_matches_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from observer_app.store.database import head_revision
    from observer_app.store.models import Base

    database: Database = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == head_revision()
        from alembic.script import ScriptDirectory

        from observer_app.store.database import _alembic_config

        assert head_revision() == ScriptDirectory.from_config(_alembic_config()).get_current_head()
        assert compare_metadata(context, Base.metadata) == []
    database.close()
    again = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")  # opening twice is harmless
    again.close()


def test_the_default_database_lives_in_the_user_data_folder(home: Path) -> None:
    database = open_database()
    assert database.url == f"sqlite:///{home / 'observer.sqlite3'}"
    assert (home / "observer.sqlite3").exists()
    database.close()


def test_a_database_made_by_an_older_release_upgrades_without_loss(tmp_path: Path) -> None:
    """A laptop that ran the first release (schema 0001) opens with this one, answers intact."""
    from alembic import command

    from observer_app.store.database import _alembic_config, head_revision

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = open_database(url, migrate=False)
    config = _alembic_config()
    with old.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            sql(
                "INSERT INTO submissions VALUES ('6f1c0d3e-0000-4000-8000-000000000001', 'voting',"
                " 1, 'ALA-101', 'ALA-01', 'ALA', 'Әлия', 'Team 7', 'draft', 1,"
                " '2021-01-10 01:00:00', 360, '2021-01-10 01:00:00', 360, NULL, NULL, 'h')"
            )
        )
        connection.execute(
            sql(
                "INSERT INTO answers VALUES ('6f1c0d3e-0000-4000-8000-000000000001',"
                " 'remarks', '\"Бөгде адамдар\"', '2021-01-10 01:00:00')"
            )
        )
    old.close()

    store = SubmissionStore(open_database(url), FormLibrary({("voting", 1): VOTING}))
    submission = store.get(uuid.UUID("6f1c0d3e-0000-4000-8000-000000000001"))
    assert submission.answers == {"remarks": "Бөгде адамдар"}
    assert submission.created_at.utcoffset() == timedelta(hours=6)
    with store.database.engine.connect() as connection:
        version = connection.execute(sql("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == head_revision()
    store.database.close()


def test_the_observer_profile_is_kept_with_the_data(store: SubmissionStore) -> None:
    from observer_app.store.settings import ObserverProfile, get_observer, put_observer

    with store.database.transaction() as session:
        assert get_observer(session) is None
        with pytest.raises(ValueError, match="name is needed"):
            put_observer(session, ObserverProfile(name="  ", team="Team 7"))
        put_observer(session, ObserverProfile(name="Айгүл Сейітова", team="Team 7"))
    with store.database.transaction() as session:
        assert get_observer(session) == ObserverProfile("Айгүл Сейітова", "Team 7")


def test_db_upgrade_brings_a_postgresql_database_to_the_schema(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from observer_app.cli import main
    from observer_app.store.database import current_revision, head_revision

    assert main(["db", "upgrade", "--db", postgres_url]) == 0
    assert "schema is up to date" in capsys.readouterr().out
    database = open_database(postgres_url, migrate=False)
    assert current_revision(database.engine) == head_revision()
    database.close()


def test_setup_prepares_a_laptop_without_the_window(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from observer_app.cli import main
    from observer_app.workspace.laptop import ObserverWorkspace as Workspace

    assert main(["setup", "--name", "Ержан Оспанов", "--team", "Team 12"]) == 0
    assert "set up for Ержан Оспанов (Team 12)" in capsys.readouterr().out
    workspace = Workspace.open()
    assert workspace.is_set_up()
    assert workspace.observer() == ObserverProfile("Ержан Оспанов", "Team 12")
    assert len(workspace.registry().stations) > 9000
    workspace.close()
    assert main(["setup", "--name", " "]) == 1
