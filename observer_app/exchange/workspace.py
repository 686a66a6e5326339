"""An observer's workspace: the database opened with the mission it is set up for.

The window and the command line start from the same place: open the user's database,
read the mission's forms, and know who the observer is. A laptop is set up from a mission
package (from the coordinator), or with the built-in mission (the 2021 Majilis elections,
made from the files that ship with the app, without a coordinator key).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from observer_app.domain.bundled import forms_dir, registry_dir
from observer_app.domain.registry import Registry
from observer_app.domain.submission import now_local
from observer_app.exchange.documents import Refused
from observer_app.exchange.mission import (
    Mission,
    MissionError,
    build_mission_package,
    current_mission,
    install_mission,
    mission_library,
    read_mission_package,
)
from observer_app.formspec import FormLibrary, load_forms
from observer_app.store.database import Database, open_database
from observer_app.store.models import SubmissionRow
from observer_app.store.registry import load_registry, station_count
from observer_app.store.settings import ObserverProfile, get_observer, put_observer
from observer_app.store.submissions import SubmissionStore

#: Every laptop on the built-in mission shares its id, so their bundles merge together.
BUILTIN_MISSION_ID = "5a1d1c0e-2021-4b1a-8a1e-0b5e7e2d2021"
BUILTIN_MISSION_NAME = "Built-in mission: 2021 Majilis elections"
BUILTIN_ELECTION = "Elections to the Majilis, 10 January 2021"


def _mission_forms(database: Database) -> FormLibrary:
    """The mission's forms; the built-in ones before any mission is set up."""
    with database.reading() as session:
        library = mission_library(session)
    return library if len(library) else load_forms(forms_dir())


@dataclass
class Workspace:
    database: Database
    forms: FormLibrary
    store: SubmissionStore

    @classmethod
    def open(cls, url: str | None = None) -> Workspace:
        """The database at `url` (the user's own by default) with its mission's forms."""
        database = open_database(url)
        library = _mission_forms(database)
        return cls(database=database, forms=library, store=SubmissionStore(database, library))

    def _load_forms(self) -> None:
        self.forms = _mission_forms(self.database)
        self.store = SubmissionStore(self.database, self.forms)

    def mission(self) -> Mission | None:
        with self.database.reading() as session:
            return current_mission(session)

    def observer(self) -> ObserverProfile | None:
        with self.database.reading() as session:
            return get_observer(session)

    def is_set_up(self) -> bool:
        """True once an observer is named and a mission with its registry is set up."""
        with self.database.reading() as session:
            return (
                get_observer(session) is not None
                and current_mission(session) is not None
                and station_count(session) > 0
            )

    def set_up_builtin_mission(self, profile: ObserverProfile) -> None:
        """Name the observer and set up the built-in mission, in one transaction."""
        package, _data = build_mission_package(
            name=BUILTIN_MISSION_NAME,
            election=BUILTIN_ELECTION,
            forms_dir=forms_dir(),
            registry_dir=registry_dir(),
            coordinator_key=None,
            created_at=now_local(),
        )
        mission = dataclasses.replace(package.mission, id=BUILTIN_MISSION_ID)
        with self.database.transaction() as session:
            put_observer(session, profile)
            install_mission(session, dataclasses.replace(package, mission=mission))
        self._load_forms()

    def set_up_from_package(self, path: Path, profile: ObserverProfile) -> Mission:
        """Name the observer and set up the mission of a package file from the coordinator.

        Raises MissionError with the file and the reason when the package is refused.
        """
        try:
            package = read_mission_package(path.read_bytes())
        except OSError as error:
            raise MissionError(f"{path}: cannot read: {error.strerror or error}") from None
        except Refused as refused:
            raise MissionError(f"{path}: {refused}") from None
        with self.database.transaction() as session:
            put_observer(session, profile)
            install_mission(session, package)
        self._load_forms()
        return package.mission

    def set_observer(self, profile: ObserverProfile) -> None:
        with self.database.transaction() as session:
            put_observer(session, profile)

    def registry(self) -> Registry:
        with self.database.reading() as session:
            return load_registry(session)

    def recent_places(self, limit: int = 20) -> list[str]:
        """Stations and TECs of the latest submissions, newest first, each once."""
        query = (
            select(SubmissionRow.station_id, SubmissionRow.tec_id)
            .order_by(SubmissionRow.updated_at.desc())
            .limit(limit * 10)
        )
        seen: dict[str, None] = {}
        with self.database.reading() as session:
            for station_id, tec_id in session.execute(query):
                place = station_id or tec_id
                if place:
                    seen.setdefault(place)
        return list(seen)[:limit]

    def close(self) -> None:
        self.database.close()
