"""The observer's laptop: set up for a mission, fill forms, hand in the day's file, print a form.

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
from observer_app.domain.i18n import LANGUAGES
from observer_app.domain.registry import Registry
from observer_app.domain.shown import one_line
from observer_app.domain.submission import Submission, now_local
from observer_app.exchange.documents import Refused
from observer_app.exchange.export import (
    AttachmentsUnfit,
    ExportResult,
    NothingToExport,
    export_bundle,
)
from observer_app.exchange.files import read_regular_file
from observer_app.exchange.mission import (
    MAX_PACKAGE_BYTES,
    SAMPLE_SETTING,
    Mission,
    MissionError,
    build_mission_package,
    current_mission,
    install_mission,
    read_mission_package,
)
from observer_app.formspec import initial_answers
from observer_app.formspec.models import Place
from observer_app.store.database import open_database
from observer_app.store.models import SubmissionRow
from observer_app.store.registry import load_registry, station_count
from observer_app.store.settings import ObserverProfile, get_observer, get_setting, put_observer
from observer_app.store.submissions import (
    CompletionRefused,
    SubmissionError,
    SubmissionStore,
    SubmissionSummary,
)
from observer_app.workspace.errors import WorkspaceError, writing_file
from observer_app.workspace.forms import database_forms
from observer_app.workspace.keys import device_key
from observer_app.workspace.opened import OpenDatabase
from observer_app.workspace.startup import (
    FormChoice,
    StartupSnapshot,
    forget_snapshot,
    snapshot_path,
    write_snapshot,
)

#: Every laptop on the built-in mission shares its id, so their bundles merge together.
BUILTIN_MISSION_ID = "5a1d1c0e-2021-4b1a-8a1e-0b5e7e2d2021"
BUILTIN_MISSION_NAME = "Built-in mission: 2021 Majilis elections"
BUILTIN_ELECTION = "Elections to the Majilis, 10 January 2021"
#: The same in every report language (a ru or kk report prints its own).
BUILTIN_MISSION_NAMES = {
    "en": BUILTIN_MISSION_NAME,
    "ru": "Встроенная миссия: выборы в Мажилис 2021 года",
    "kk": "Кіріктірілген миссия: 2021 жылғы Мәжіліс сайлауы",
}
BUILTIN_ELECTIONS = {
    "en": "Elections of deputies of the Majilis of the Parliament and of the maslikhats "
    "of the Republic of Kazakhstan, 10 January 2021",
    "ru": "Выборы депутатов Мажилиса Парламента и маслихатов Республики Казахстан, "
    "10 января 2021 года",
    "kk": "Қазақстан Республикасы Парламенті Мәжілісінің және мәслихаттарының депутаттарын "
    "сайлау, 2021 жылғы 10 қаңтар",
}

__all__ = [
    "BUILTIN_MISSION_ID",
    "CompletionRefused",
    "ExportResult",
    "MissionError",
    "ObserverProfile",
    "ObserverWorkspace",
    "SubmissionError",
    "SubmissionSummary",
]


@dataclass(frozen=True)
class HandedIn:
    """The file written for the coordinator, and how it is protected."""

    path: Path
    submissions: int
    encrypted: bool
    #: The coordinator key it is encrypted to (short fingerprint); None when not encrypted.
    coordinator_key: str | None


@dataclass
class ObserverWorkspace(OpenDatabase):
    store: SubmissionStore

    @classmethod
    def open(cls, url: str | None = None) -> ObserverWorkspace:
        """The database at `url` (the user's own by default) with its mission's forms."""
        database = open_database(url)
        library = database_forms(database)
        return cls(database=database, forms=library, store=SubmissionStore(database, library))

    def _load_forms(self) -> None:
        self.forms = database_forms(self.database)
        self.store = SubmissionStore(self.database, self.forms)

    # --- who and for which mission ----------------------------------------------------

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
            names=BUILTIN_MISSION_NAMES,
            elections=BUILTIN_ELECTIONS,
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

    def set_up_from_package(self, path: Path, profile: ObserverProfile | None) -> Mission:
        """Set up the mission of a package file from the coordinator (and name the observer).

        Raises MissionError with the file and the reason when the package is refused.
        """
        try:
            package = read_mission_package(read_regular_file(path, MAX_PACKAGE_BYTES))
        except OSError as error:
            raise MissionError(
                f"{path}: cannot read the file ({error.strerror or error})"
            ) from None
        except Refused as refused:
            raise MissionError(f"{one_line(str(path))}: {refused}") from None
        try:
            with self.database.transaction() as session:
                if profile is not None:
                    put_observer(session, profile)
                install_mission(session, package)
        except MissionError as error:
            raise MissionError(f"{path}: {error}") from None
        self._load_forms()
        return package.mission

    def set_observer(self, profile: ObserverProfile) -> None:
        with self.database.transaction() as session:
            put_observer(session, profile)

    def registry(self) -> Registry:
        with self.database.reading() as session:
            return load_registry(session)

    def sample_stations(self) -> frozenset[str]:
        """The polling stations of the quick count's sample, as the mission package carried
        them: at these, every figure of the results protocol matters."""
        with self.database.reading() as session:
            sample = get_setting(session, SAMPLE_SETTING)
        stations = sample.get("stations") if isinstance(sample, dict) else None
        return frozenset(stations) if isinstance(stations, list) else frozenset()

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

    # --- what the window shows first ----------------------------------------------

    def form_choices(self) -> tuple[FormChoice, ...]:
        """The forms an observation can start with, as the picker lists them."""
        return tuple(
            FormChoice(
                form.id,
                {language: form.form.title.get(language) for language in LANGUAGES},
                str(form.form.place),
            )
            for form in self.forms.latest()
        )

    def startup_snapshot(self) -> StartupSnapshot | None:
        """What the next start shows before the database opens; None before set-up."""
        mission = self.mission()
        if mission is None or not self.is_set_up():
            return None
        profile = self.observer()
        who = ", ".join(part for part in (profile.name, profile.team) if part) if profile else ""
        return StartupSnapshot(
            mission.id, self.form_choices(), self.registry(), tuple(self.recent_places()), who
        )

    def remember_for_startup(self, snapshot: StartupSnapshot | None = None) -> None:
        """Leave the snapshot beside a database file for the next start (not for a server).

        A snapshot that cannot be written only makes the next start slower, so a full or
        read-only disk is not an error here.
        """
        if self.database.file is None:
            return
        snapshot = snapshot or self.startup_snapshot()
        path = snapshot_path(self.database.file)
        try:
            if snapshot is None:
                forget_snapshot(path)
            else:
                write_snapshot(path, snapshot)
        except OSError:
            pass

    # --- forms ----------------------------------------------------------------------

    def start_observation(self, form_id: str, place_id: str | None) -> Submission:
        """A new draft of `form_id` at a polling station or TEC (None: filled anywhere),
        with the form's starting answers (the time it was started, say) already saved.

        Raises SubmissionError when the form or the place is refused.
        """
        profile = self.observer()
        try:
            form = self.forms.get(form_id)
        except KeyError:
            raise SubmissionError(f"no form {form_id!r} in this mission") from None
        tec = form.form.place == Place.TEC
        submission = self.store.create(
            form_id,
            observer=profile.name if profile else "",
            team=profile.team if profile else "",
            station_id=None if tec else place_id,
            tec_id=place_id if tec else None,
        )
        defaults = initial_answers(form, now_local())
        if defaults:
            self.store.save_answers(submission.id, defaults)
            submission = self.store.get(submission.id)
        return submission

    # --- handing in and printing ------------------------------------------------------

    def hand_in(self, folder: Path, *, key_path: Path | None = None) -> HandedIn:
        """Write the laptop's bundle (every completed form, signed, encrypted to the
        coordinator when the mission has a key) into `folder`, a USB stick say.

        Raises WorkspaceError when there is nothing to hand in or no mission is set up,
        KeyProblem when the device key file is damaged.
        """
        key, _created = device_key(key_path)
        try:
            with writing_file(folder):
                result = export_bundle(self.database, folder, key)
        except (MissionError, NothingToExport, AttachmentsUnfit) as error:
            raise WorkspaceError(str(error)) from None
        mission = self.mission()
        return HandedIn(
            result.path,
            result.submissions,
            result.encrypted,
            mission.coordinator_short_fingerprint if mission and result.encrypted else None,
        )
