"""A coordinator's mission: the package every laptop is set up from, and the database it feeds.

Writing the package also sets the coordinator's own database up for the mission, so the
files observers hand in are checked against the same forms and registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from observer_app.domain.bundled import forms_dir, registry_dir
from observer_app.domain.registry import RegistryError
from observer_app.exchange.documents import Refused
from observer_app.exchange.export import write_file_atomically
from observer_app.exchange.mission import (
    SAMPLE_SETTING,
    Mission,
    MissionError,
    build_mission_package,
    current_mission,
    install_mission,
)
from observer_app.formspec import FormLoadError
from observer_app.store.database import open_database
from observer_app.store.settings import get_setting
from observer_app.workspace.errors import WorkspaceError, writing_file
from observer_app.workspace.keys import make_or_read_coordinator_key


@dataclass(frozen=True)
class MissionCreated:
    mission: Mission
    package: Path
    forms: int
    stations: int
    database_url: str
    #: The coordinator key file the bundles are encrypted to; None: signed only.
    key_path: Path | None
    key_made: bool


def create_mission(
    *,
    name: str,
    election: str,
    out: Path,
    url: str | None = None,
    forms_folder: Path | None = None,
    registry_folder: Path | None = None,
    roster: Path | None = None,
    key_path: Path | None = None,
    encrypted: bool = True,
    names: Mapping[str, str] | None = None,
    elections: Mapping[str, str] | None = None,
) -> MissionCreated:
    """Write the mission package to `out` and set the database at `url` up for it.

    Raises WorkspaceError (one line per problem of the forms) or KeyProblem; nothing is
    written when anything is refused.
    """
    public_key: bytes | None = None
    made = False
    if encrypted:
        key, key_path, made = make_or_read_coordinator_key(key_path)
        public_key = key.public_key
    database = open_database(url)
    try:
        with database.reading() as session:
            sample = get_setting(session, SAMPLE_SETTING)  # drawn by `observer-app pvt sample`
    finally:
        database.close()
    try:
        package, data = build_mission_package(
            name=name,
            election=election,
            names=names,
            elections=elections,
            forms_dir=forms_folder or forms_dir(),
            registry_dir=registry_folder or registry_dir(),
            coordinator_key=public_key,
            created_at=datetime.now(UTC).astimezone(),
            sample=sample if isinstance(sample, dict) else None,
            roster=roster,
        )
    except FormLoadError as error:
        raise WorkspaceError("\n".join(str(problem) for problem in error.problems)) from None
    except (RegistryError, MissionError, Refused) as error:
        raise WorkspaceError(str(error)) from None
    except OSError as error:
        raise WorkspaceError(f"{error.filename}: {error.strerror}") from None
    database = open_database(url)
    try:
        with database.transaction() as session:
            install_mission(session, package)
    except MissionError as error:
        raise WorkspaceError(f"{database.url}: {error}") from None
    finally:
        database.close()
    with writing_file(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        write_file_atomically(out, data)
    return MissionCreated(
        mission=package.mission,
        package=out,
        forms=len(package.forms),
        stations=len(package.registry.stations),
        database_url=database.url,
        key_path=key_path if encrypted else None,
        key_made=made,
    )


def mission_of(url: str | None) -> tuple[Mission | None, str]:
    """The mission the database at `url` is set up for, and the database's printable URL."""
    database = open_database(url)
    try:
        with database.reading() as session:
            return current_mission(session), database.url
    finally:
        database.close()
