"""Settings kept in the database itself, so they travel with it: the observer, the mission.

Window preferences (language, geometry) belong to the computer and live in QSettings;
what the data means (who observed, for which mission) belongs with the data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.orm import Session

from observer_app.store.models import SettingRow

OBSERVER = "observer"


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(SettingRow, key)
    return default if row is None else row.value


def put_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value


@dataclass(frozen=True, slots=True)
class ObserverProfile:
    """Who fills the forms on this laptop: written into every submission they start."""

    name: str
    team: str


def get_observer(session: Session) -> ObserverProfile | None:
    value = get_setting(session, OBSERVER)
    if not isinstance(value, dict):
        return None
    return ObserverProfile(name=str(value.get("name", "")), team=str(value.get("team", "")))


def put_observer(session: Session, profile: ObserverProfile) -> None:
    if not profile.name.strip():
        raise ValueError("the observer's name is needed")
    put_setting(session, OBSERVER, asdict(profile))
