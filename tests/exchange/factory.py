"""Records and bundles made in code for the exchange tests: valid unless a test spoils them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from observer_app.exchange.bundle import Attachment, write_bundle
from observer_app.exchange.keys import DeviceKey
from observer_app.exchange.mission import Mission
from observer_app.exchange.records import Record, make_record, record_hash

ALMATY = timezone(timedelta(hours=6))
ELECTION_DAY = datetime(2021, 1, 10, 8, 0, tzinfo=ALMATY)


def incident_answers(description: str = "Бөгде адамдар сайлау учаскесінде") -> dict[str, Any]:
    """A complete answer set of the built-in incident form."""
    return {
        "incident_time": "2021-01-10T11:20:00+06:00",
        "location_type": "outside_polling_station",
        "location_details": "школа № 12",
        "category": "pressure_intimidation",
        "description": description,
        "information_source": "own_observation",
        "prevented_from_observing": "no",
    }


def document(
    submission_id: str | None = None,
    *,
    revision: int = 1,
    description: str = "Бөгде адамдар сайлау учаскесінде",
    complete: bool = True,
    minute: int = 0,
    observer: str = "Айгүл Сейітова",
    team: str = "Team 7",
    form: tuple[str, int] = ("incident", 1),
    answers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A record document with a correct content hash; `minute` moves its save time."""
    updated = ELECTION_DAY + timedelta(hours=revision, minutes=minute)
    doc: dict[str, Any] = {
        "id": submission_id or str(uuid.uuid4()),
        "form_id": form[0],
        "form_version": form[1],
        "station_id": None,
        "tec_id": None,
        "region": None,
        "observer": observer,
        "team": team,
        "status": "complete" if complete else "draft",
        "revision": revision,
        "created_at": ELECTION_DAY.isoformat(),
        "updated_at": updated.isoformat(),
        "completed_at": updated.isoformat() if complete else None,
        "content_hash": "",
        "answers": answers if answers is not None else incident_answers(description),
    }
    doc["content_hash"] = record_hash(doc)
    return doc


def record(submission_id: str | None = None, **kwargs: Any) -> Record:
    return make_record(document(submission_id, **kwargs))


def bundle(
    records: Sequence[Record],
    mission: Mission,
    device: DeviceKey,
    *,
    encrypt: bool = True,
    attachments: Sequence[Attachment] = (),
) -> bytes:
    return write_bundle(
        records,
        mission_id=mission.id,
        mission_name=mission.name,
        device_key=device,
        observer="Айгүл Сейітова",
        team="Team 7",
        created_at=ELECTION_DAY + timedelta(hours=12),
        recipient_public_key=mission.coordinator_key if encrypt else None,
        attachments=attachments,
    )
