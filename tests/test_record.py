"""The submission record (domain.submission): one definition, the same bytes as ever.

Bundles already handed in and databases already made carry these hashes; a record whose
hash changed would be refused by a coordinator or counted as a conflict. The values
pinned here were computed by the release that first wrote them.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from observer_app.domain.submission import (
    RECORD_FIELDS,
    TIME_FIELDS,
    Submission,
    canonical_json,
    canonical_record,
    content_hash,
    join_time,
    record_text_and_hash,
    split_time,
)
from observer_app.exchange.formats import SubmissionRecord
from observer_app.exchange.records import make_record, record_hash
from observer_app.store import open_database
from observer_app.store.models import RevisionRow, SubmissionRow
from observer_app.store.records import read_submission, row_values, summary_of
from tests.test_store import make_store

SUBMISSION = "3f2b8c1e-6a4d-4e0f-9b7a-2c5d8e1f0a93"

DOCUMENT: dict[str, Any] = {
    "id": SUBMISSION,
    "form_id": "voting",
    "form_version": 1,
    "station_id": "ALA-101",
    "tec_id": "ALA-01",
    "region": "ALA",
    "observer": "Айгүл Сейітова",
    "team": "Team 7",
    "status": "complete",
    "revision": 2,
    "created_at": "2021-01-10T07:02:00+06:00",
    "updated_at": "2021-01-10T07:40:30.250000+06:00",
    "completed_at": "2021-01-10T07:40:30.250000+06:00",
    "content_hash": "",
    "answers": {
        "ballot_box_sealed": "no",
        "seal_details": 'Пломба сорвана, "печать" \\ нет\n',
        "signatures": 1204,
        "turnout": 0.1,
        "problems": ["queue", "pressure"],
        "parties": [{"party": "A", "votes": 12}, {"party": "Ә", "votes": 0}],
        "remarks": None,
    },
}

#: SHA-256 over the content, as docs/exchange.md ("The content hash") defines it.
CONTENT_HASH = "2426abd0ffe7500437a9a9efe07ac0bde581e500e6b7783a2cc56dfa324c13ef"
RECORD_TEXT = (
    '{"answers":{"ballot_box_sealed":"no",'
    '"parties":[{"party":"A","votes":12},{"party":"Ә","votes":0}],'
    '"problems":["queue","pressure"],'
    '"seal_details":"Пломба сорвана, \\"печать\\" \\\\ нет\\n","signatures":1204,"turnout":0.1},'
    '"completed_at":"2021-01-10T07:40:30.250000+06:00",'
    f'"content_hash":"{CONTENT_HASH}",'
    '"created_at":"2021-01-10T07:02:00+06:00","form_id":"voting","form_version":1,'
    f'"id":"{SUBMISSION}",'
    '"observer":"Айгүл Сейітова","region":"ALA","revision":2,"station_id":"ALA-101",'
    '"status":"complete","team":"Team 7","tec_id":"ALA-01",'
    '"updated_at":"2021-01-10T07:40:30.250000+06:00"}'
)
#: SHA-256 of the record's canonical text, which tells two copies of a record apart.
RECORD_SHA256 = "dcc0aa1d8d5db672ad0bc09259995792f38c5f5578d3fed8986db5292b7d37aa"


def test_the_content_hash_of_a_record_is_what_it_always_was() -> None:
    assert record_hash(DOCUMENT) == CONTENT_HASH


def test_the_canonical_text_of_a_record_is_what_it_always_was() -> None:
    record = make_record({**DOCUMENT, "content_hash": CONTENT_HASH})
    assert record.text() == RECORD_TEXT  # keys sorted, no spaces, UTF-8 as is, no "remarks"
    assert record.record_sha256 == hashlib.sha256(RECORD_TEXT.encode("utf-8")).hexdigest()
    assert record.record_sha256 == RECORD_SHA256


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"comments": None},
        DOCUMENT["answers"],
        {"votes": 2**70, "share": 12.5, "note": 'Әлия "«»" \u0000', "who": ["a", "b"]},
        {"party_votes": [{"votes": 310}, {}, {"votes": 0}], "ok": True},
    ],
)
def test_the_record_text_and_hash_written_together_are_the_same_bytes(
    answers: dict[str, Any],
) -> None:
    """The merge writes a record's answers out once for its text and its content hash."""
    document = canonical_record({**DOCUMENT, "answers": answers})
    text, hashed = record_text_and_hash(document)
    assert text == canonical_json(document)
    assert hashed == content_hash(document)


def test_a_kept_revision_on_a_laptop_is_what_it_always_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The snapshot an observer's database keeps when a form is reopened, to the byte."""
    monkeypatch.setattr(
        "observer_app.store.submissions.new_submission_id", lambda: uuid.UUID(SUBMISSION)
    )
    store = make_store(f"sqlite:///{tmp_path / 'observer.sqlite3'}")
    submission_id = store.create(
        "voting", observer="Айгүл Сейітова", team="Team 7", station_id="ALA-101"
    ).id
    store.save_answers(
        submission_id, {"arrival_time": "07:02", "ballot_box_sealed": "yes", "signatures": 3}
    )
    completed = store.complete(submission_id)
    store.reopen(submission_id)
    with store.database.transaction() as session:
        snapshot = session.scalars(select(RevisionRow.snapshot)).one()
    store.database.close()
    assert completed.content_hash == STORE_HASH
    assert snapshot == STORE_SNAPSHOT


STORE_HASH = "7904448e601e30f9c24682d9da77e78122ce4c753f5c53cebe8ca596ea9842c1"
STORE_SNAPSHOT = (
    '{"answers":{"arrival_time":"07:02","ballot_box_sealed":"yes","signatures":3},'
    '"completed_at":"2021-01-10T07:00:03+06:00",'
    f'"content_hash":"{STORE_HASH}",'
    '"created_at":"2021-01-10T07:00:01+06:00","form_id":"voting","form_version":1,'
    f'"id":"{SUBMISSION}",'
    '"observer":"Айгүл Сейітова","region":"ALA","revision":1,"station_id":"ALA-101",'
    '"status":"complete","team":"Team 7","tec_id":"ALA-01",'
    '"updated_at":"2021-01-10T07:00:03+06:00"}'
)


def test_a_record_reads_back_as_the_same_document() -> None:
    document = make_record({**DOCUMENT, "content_hash": CONTENT_HASH}).document
    submission = Submission.from_document(document)
    assert submission.document() == document
    assert list(submission.document()) == list(RECORD_FIELDS)
    assert submission.text() == RECORD_TEXT
    assert submission.updated_at.utcoffset() == timedelta(hours=6)  # the observer's own clock


def test_the_exchange_file_and_the_store_carry_every_field_of_the_record() -> None:
    """The bundle's schema and the database hold the record's fields, no more, no fewer:
    the whole record as its document, its fields but the answers again as columns."""
    assert tuple(SubmissionRecord.model_fields) == RECORD_FIELDS
    columns = {column.name for column in SubmissionRow.__table__.columns}
    expected = (set(RECORD_FIELDS) - {"answers"}) | {f"{t[:-3]}_offset" for t in TIME_FIELDS}
    assert columns == expected | {"document", "verdicts", "verdicts_form"}


def test_a_time_keeps_its_instant_and_its_offset() -> None:
    almaty = datetime(2021, 1, 10, 7, 40, 30, 250000, tzinfo=timezone(timedelta(hours=6)))
    utc, offset = split_time(almaty)
    assert (utc, offset) == (datetime(2021, 1, 10, 1, 40, 30, 250000, tzinfo=UTC), 360)
    assert join_time(utc, offset).isoformat() == "2021-01-10T07:40:30.250000+06:00"
    with pytest.raises(ValueError, match="UTC offset"):
        split_time(datetime(2021, 1, 10, 7, 40))


def test_a_stored_submission_is_the_record_it_was_made_from(tmp_path: Path) -> None:
    """Record to rows and back loses nothing: the one mapping of store.records."""
    submission = Submission.from_document(
        make_record({**DOCUMENT, "content_hash": CONTENT_HASH}).document
    )
    database = open_database(f"sqlite:///{tmp_path / 'coordinator.sqlite3'}")
    with database.transaction() as session:
        session.add(SubmissionRow(**row_values(submission)))
    with database.transaction() as session:
        stored = read_submission(session, SUBMISSION)
        assert stored is not None
        assert stored.document() == submission.document()  # offsets included
        row = session.get(SubmissionRow, SUBMISSION)
        assert row is not None
        assert summary_of(row).completed_at == submission.completed_at
        assert row.document == submission.text()  # the record's canonical text, as is
    database.close()
