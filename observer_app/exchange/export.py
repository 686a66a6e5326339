"""Exporting the day's bundle: every completed submission, signed, sealed to the coordinator.

Each bundle holds everything completed on the laptop so far, not only the day's work: a
lost or broken file is made good by the next one, and the merge counts what it already
has as duplicates.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from observer_app.domain.submission import now_local
from observer_app.exchange.bundle import write_bundle
from observer_app.exchange.keys import DeviceKey
from observer_app.exchange.mission import MissionError, current_mission
from observer_app.exchange.records import records_for_export
from observer_app.store.database import Database
from observer_app.store.settings import get_observer


class NothingToExport(ValueError):
    """No completed submission yet: a bundle would carry nothing."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    submissions: int
    encrypted: bool


def bundle_name(created_at: datetime, device_key: DeviceKey) -> str:
    """A name that tells the coordinator when and which laptop, and an interceptor nothing.

    No mission, observer or organisation in it: the name travels in clear beside the file.
    """
    return f"bundle-{created_at:%Y%m%d-%H%M%S}-{device_key.short_fingerprint[:4]}.zip"


def write_file_atomically(path: Path, data: bytes) -> None:
    """`data` at `path`, whole or not at all, even if the laptop dies mid-write."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temporary.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def export_bundle(
    database: Database,
    out_dir: Path,
    device_key: DeviceKey,
    *,
    now: datetime | None = None,
) -> ExportResult:
    """Write this laptop's bundle into `out_dir`, encrypted when the mission has a key."""
    created_at = now or now_local()
    with database.reading() as session:
        mission = current_mission(session)
        if mission is None:
            raise MissionError(
                "this laptop is not set up for a mission: import the mission package first "
                "(observer-app mission import FILE)"
            )
        profile = get_observer(session)
        records = records_for_export(session)
    if not records:
        raise NothingToExport("nothing to export: no submission has been completed yet")
    last = records[-1].document
    observer = profile.name if profile else str(last["observer"])
    team = profile.team if profile else str(last["team"])
    data = write_bundle(
        records,
        mission_id=mission.id,
        mission_name=mission.name,
        device_key=device_key,
        observer=observer,
        team=team,
        created_at=created_at,
        recipient_public_key=mission.coordinator_key,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / bundle_name(created_at, device_key)
    number = 1
    while path.exists():
        number += 1
        path = out_dir / bundle_name(created_at, device_key).replace(".zip", f"-{number}.zip")
    write_file_atomically(path, data)
    return ExportResult(path, len(records), mission.encrypted)
