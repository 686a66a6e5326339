"""An observer's workspace: the database opened with the forms and registry it is set up for.

The window and the command line start from the same place: open the user's database,
read the mission's forms, and know who the observer is. The built-in mission (the 2021
Majilis elections) is set up from the files that ship with the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from observer_app.domain.bundled import forms_dir, registry_dir
from observer_app.domain.registry import Registry, read_registry
from observer_app.formspec import FormLibrary, load_forms
from observer_app.store.database import Database, open_database
from observer_app.store.models import SubmissionRow
from observer_app.store.registry import load_registry, replace_registry, station_count
from observer_app.store.settings import ObserverProfile, get_observer, put_observer
from observer_app.store.submissions import SubmissionStore


@dataclass
class Workspace:
    database: Database
    forms: FormLibrary
    store: SubmissionStore

    @classmethod
    def open(cls, url: str | None = None, forms: Path | None = None) -> Workspace:
        database = open_database(url)
        library = load_forms(forms or forms_dir())
        return cls(database=database, forms=library, store=SubmissionStore(database, library))

    def observer(self) -> ObserverProfile | None:
        with self.database.transaction() as session:
            return get_observer(session)

    def is_set_up(self) -> bool:
        """True once an observer is named and a registry is loaded."""
        with self.database.transaction() as session:
            return get_observer(session) is not None and station_count(session) > 0

    def set_up_builtin_mission(self, profile: ObserverProfile) -> None:
        """Name the observer and load the shipped registry, in one transaction."""
        registry = read_registry(registry_dir())
        with self.database.transaction() as session:
            put_observer(session, profile)
            replace_registry(session, registry)

    def set_observer(self, profile: ObserverProfile) -> None:
        with self.database.transaction() as session:
            put_observer(session, profile)

    def registry(self) -> Registry:
        with self.database.transaction() as session:
            return load_registry(session)

    def recent_places(self, limit: int = 20) -> list[str]:
        """Stations and TECs of the latest submissions, newest first, each once."""
        query = (
            select(SubmissionRow.station_id, SubmissionRow.tec_id)
            .order_by(SubmissionRow.updated_at.desc())
            .limit(limit * 10)
        )
        seen: dict[str, None] = {}
        with self.database.transaction() as session:
            for station_id, tec_id in session.execute(query):
                place = station_id or tec_id
                if place:
                    seen.setdefault(place)
        return list(seen)[:limit]

    def close(self) -> None:
        self.database.close()
