"""What the observer's window shows first, kept beside the database for the next start.

On election morning the laptop is opened and the observer types a station number. That
needs the form titles and the polling-station registry, nothing more; reading them from the
database means loading SQLAlchemy, the form models and the migrations first, which is most
of a start. So whenever the window has the database open it leaves this snapshot of what the
picker needs, and the next start shows the picker from it at once while the database opens
behind it. The database stays the truth: the snapshot is compared with it once open, and
the picker takes the database's version when they differ (a new mission package, say).

Only the standard library and `domain` are imported here, never the store's SQLAlchemy.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from observer_app.domain.registry import Region, Registry, Station, Tec

#: Added to the database file's name to name its snapshot, beside it.
STARTUP_SUFFIX = ".startup.json"
#: Raised when the layout of the file changes; an older file is then ignored, not misread.
SNAPSHOT_VERSION = 1
#: Where a form is filled, as the form format names it (`formspec.models.Place`).
POLLING_STATION, TEC, ANY = "polling_station", "tec", "any"


@dataclass(frozen=True)
class FormChoice:
    """A form as the picker offers it: its id, title in each language, and place."""

    id: str
    titles: Mapping[str, str]
    place: str = POLLING_STATION

    def title(self, language: str) -> str:
        """The title in `language`, English where the form has none in it."""
        return self.titles.get(language) or self.titles.get("en") or self.id


@dataclass(frozen=True)
class StartupSnapshot:
    """What the picker needs at start: the mission's forms, its registry, recent places."""

    mission_id: str
    forms: tuple[FormChoice, ...]
    registry: Registry
    recent: tuple[str, ...] = ()
    #: Who observes, as the title bar and the status bar show it ("Aigul, Team 7").
    who: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "version": SNAPSHOT_VERSION,
            "mission_id": self.mission_id,
            "forms": [{"id": f.id, "titles": dict(f.titles), "place": f.place} for f in self.forms],
            "regions": [
                [r.code, r.kind, r.name_en, r.name_ru, r.name_kk] for r in self.registry.regions
            ],
            "tecs": [
                [t.code, t.region, t.name_en, t.name_ru, t.name_kk] for t in self.registry.tecs
            ],
            "stations": [
                [s.id, s.number, s.region, s.tec, s.district, s.address, s.accessible]
                for s in self.registry.stations
            ],
            "recent": list(self.recent),
            "who": self.who,
        }

    @classmethod
    def from_json(cls, data: Any) -> StartupSnapshot:
        """The snapshot in `data`; ValueError (or a KeyError/TypeError) when it is not one."""
        if not isinstance(data, dict) or data.get("version") != SNAPSHOT_VERSION:
            raise ValueError("not a start-up snapshot of this version")
        forms = tuple(
            FormChoice(str(f["id"]), {str(k): str(v) for k, v in f["titles"].items()}, f["place"])
            for f in data["forms"]
        )
        registry = Registry(
            regions=tuple(Region(*map(str, row)) for row in data["regions"]),
            tecs=tuple(Tec(*map(str, row)) for row in data["tecs"]),
            stations=tuple(_station(row) for row in data["stations"]),
        )
        if not forms or not registry.stations:
            raise ValueError("a snapshot without forms or stations")
        recent = tuple(map(str, data["recent"]))
        return cls(str(data["mission_id"]), forms, registry, recent, str(data["who"]))


def _station(row: Sequence[Any]) -> Station:
    id_, number, region, tec, district, address, accessible = row
    if not isinstance(number, int) or accessible not in (True, False, None):
        raise ValueError("a station row of the wrong shape")
    return Station(str(id_), number, str(region), str(tec), str(district), str(address), accessible)


def snapshot_path(database_file: Path) -> Path:
    """Where the snapshot of the database in `database_file` is kept: beside it."""
    return database_file.with_name(database_file.name + STARTUP_SUFFIX)


def read_snapshot(path: Path) -> StartupSnapshot | None:
    """The snapshot at `path`, or None when there is none or it cannot be trusted.

    None only costs a slower start (the database is read instead), so any fault (a file
    cut short by a power cut, an older layout) is a None, never an error shown to anyone.
    """
    try:
        return StartupSnapshot.from_json(json.loads(path.read_bytes()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_snapshot(path: Path, snapshot: StartupSnapshot) -> None:
    """Write `snapshot` whole or not at all: a new file moved over the old one."""
    text = json.dumps(snapshot.to_json(), ensure_ascii=False, separators=(",", ":"))
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def forget_snapshot(path: Path) -> None:
    """Remove the snapshot, so that the next start reads the database (it was set up anew)."""
    path.unlink(missing_ok=True)
