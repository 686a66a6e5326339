"""Mission packages: what a coordinator hands every laptop, and the mission a database is for.

A package carries the mission's names and id, its forms as their YAML, the polling-station
registry as its CSV files and the coordinator's public key. Importing it writes all of
that into the database in one transaction, so a laptop is either set up for the mission
or untouched. The coordinator's database is set up the same way: a merge checks each
bundle against the mission and the forms recorded here.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from observer_app.domain.registry import (
    REGIONS_FILE,
    STATIONS_FILE,
    Registry,
    RegistryError,
    read_registry,
)
from observer_app.exchange.documents import Refused, check_format, parse_model, read_json
from observer_app.exchange.formats import FORMAT_VERSION, MISSION_FORMAT, MissionManifest
from observer_app.exchange.keys import b64decode, b64encode
from observer_app.exchange.mission_model import MISSION_FILE as MISSION_FILE
from observer_app.exchange.mission_model import Mission as Mission
from observer_app.exchange.roster import ROSTER, ROSTER_SETTING, RosterTeam, read_roster
from observer_app.exchange.safezip import ZipLimits, ZipRefused, read_members, write_zip
from observer_app.formspec import CompiledForm, FormLibrary, FormLoadError, load_forms
from observer_app.formspec.loader import form_files, load_form_file, load_form_text
from observer_app.store.models import MissionFormRow, SubmissionRow
from observer_app.store.registry import replace_registry
from observer_app.store.settings import get_setting, put_setting

FORMS = "forms/"
REGIONS = f"registry/{REGIONS_FILE}"
STATIONS = f"registry/{STATIONS_FILE}"
#: The quick count's sample, when the mission drew one, and the setting that keeps it.
SAMPLE = "pvt/sample.json"
SAMPLE_SETTING = "pvt_sample"
#: The settings key under which a database records the mission it is set up for.
MISSION_SETTING = "mission"

MiB = 1024 * 1024
MAX_PACKAGE_BYTES = 64 * MiB
LIMITS = ZipLimits(max_members=500, max_total=64 * MiB, member_limit=lambda _name: 16 * MiB)


class MissionError(ValueError):
    """A mission that cannot be set up here; the message says why."""


def _clean(texts: Mapping[str, str] | None) -> dict[str, str]:
    return {k: v.strip() for k, v in (texts or {}).items() if v and v.strip()}


@dataclass(frozen=True)
class MissionPackage:
    """A mission package, read and checked: everything a laptop is set up with."""

    mission: Mission
    sources: dict[tuple[str, int], str]
    forms: FormLibrary
    registry: Registry
    #: The quick count's sample as the coordinator drew it (`observer-app pvt sample`):
    #: its stations, seed and method; None when the mission drew none.
    sample: dict[str, Any] | None = None
    #: The teams expected to hand in, when the package carries a roster (older ones do not).
    roster: tuple[RosterTeam, ...] = ()


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _form_member(form_id: str, version: int) -> str:
    return f"{FORMS}{form_id}.v{version}.yaml"


def build_mission_package(
    *,
    name: str,
    election: str,
    forms_dir: Path,
    registry_dir: Path,
    coordinator_key: bytes | None,
    created_at: datetime,
    sample: dict[str, Any] | None = None,
    roster: Path | None = None,
    names: Mapping[str, str] | None = None,
    elections: Mapping[str, str] | None = None,
) -> tuple[MissionPackage, bytes]:
    """A new mission (with a new id) and its package file.

    Raises FormLoadError or RegistryError, whose messages name each bad file, line and
    question, when the forms or the registry are not right: nothing is written then.
    """
    if not name.strip() or not election.strip():
        raise MissionError("a mission needs a name and an election")
    library = load_forms(forms_dir)
    registry = read_registry(registry_dir)
    sources: dict[tuple[str, int], str] = {}
    for path in form_files(forms_dir):
        form = load_form_file(path)
        sources[(form.id, form.version)] = path.read_text(encoding="utf-8")
    mission = Mission(
        id=str(uuid.uuid4()),
        name=name.strip(),
        election=election.strip(),
        created_at=created_at,
        coordinator_key=coordinator_key,
        names=_clean(names),
        elections=_clean(elections),
    )
    members: dict[str, bytes] = {
        _form_member(form_id, version): source.encode("utf-8")
        for (form_id, version), source in sorted(sources.items())
    }
    members[REGIONS] = (registry_dir / REGIONS_FILE).read_bytes()
    members[STATIONS] = (registry_dir / STATIONS_FILE).read_bytes()
    if sample is not None:
        unknown = sorted(set(sample.get("stations", ())) - {s.id for s in registry.stations})
        if unknown:
            raise MissionError(
                f"the quick count's sample names {len(unknown)} polling station(s) not in the "
                f"registry (first: {unknown[0]}); draw it again (observer-app pvt sample)"
            )
        members[SAMPLE] = (json.dumps(sample, ensure_ascii=False, sort_keys=True) + "\n").encode()
    teams: tuple[RosterTeam, ...] = ()
    if roster is not None:
        members[ROSTER] = roster.read_bytes()
        teams = read_roster(members[ROSTER], str(roster))
    manifest = {
        "format": MISSION_FORMAT,
        "format_version": FORMAT_VERSION,
        "id": mission.id,
        "name": mission.name,
        "election": mission.election,
        **({"names": dict(mission.names)} if mission.names else {}),
        **({"elections": dict(mission.elections)} if mission.elections else {}),
        "created_at": created_at.isoformat(),
        "coordinator_key": (
            None
            if coordinator_key is None
            else {"algorithm": "X25519", "public_key": b64encode(coordinator_key)}
        ),
        "forms": [
            {"id": form_id, "version": version, "path": _form_member(form_id, version)}
            for form_id, version in sorted(sources)
        ],
        "members": {
            path: {"sha256": _sha256(content), "size": len(content)}
            for path, content in members.items()
        },
    }
    text = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    data = write_zip({MISSION_FILE: text, **members})
    return MissionPackage(mission, sources, library, registry, sample, teams), data


def read_mission_package(data: bytes) -> MissionPackage:
    """The checked content of a mission package; Refused with a one-line reason otherwise."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise Refused(f"{len(data):,} bytes, over the limit of {MAX_PACKAGE_BYTES:,}")
    try:
        members = read_members(data, LIMITS)
    except ZipRefused as refused:
        raise Refused(str(refused)) from None
    manifest_bytes = members.pop(MISSION_FILE, None)
    if manifest_bytes is None:
        raise Refused(f"not a mission package (no {MISSION_FILE})")
    manifest_document = read_json(MISSION_FILE, manifest_bytes)
    check_format(MISSION_FILE, manifest_document, MISSION_FORMAT)
    manifest = parse_model(MISSION_FILE, manifest_document, MissionManifest)
    if missing := sorted(set(manifest.members) - set(members)):
        raise Refused(f"member {missing[0]!r} is listed in {MISSION_FILE} but missing")
    if unlisted := sorted(set(members) - set(manifest.members)):
        raise Refused(f"member {unlisted[0]!r} is not listed in {MISSION_FILE}")
    for path, member in manifest.members.items():
        if len(members[path]) != member.size or _sha256(members[path]) != member.sha256:
            raise Refused(f"{path}: SHA-256 does not match {MISSION_FILE} (the file was altered)")
    sources, forms = _forms(manifest, members)
    registry = _registry(members)
    key = manifest.coordinator_key
    mission = Mission(
        id=manifest.id,
        name=manifest.name,
        election=manifest.election,
        created_at=manifest.created_at,
        coordinator_key=None if key is None else b64decode(key.public_key, 32),
        names={str(k): v for k, v in (manifest.names or {}).items()},
        elections={str(k): v for k, v in (manifest.elections or {}).items()},
    )
    teams = read_roster(members[ROSTER]) if ROSTER in members else ()
    return MissionPackage(mission, sources, forms, registry, _sample(members, registry), teams)


def _sample(members: Mapping[str, bytes], registry: Registry) -> dict[str, Any] | None:
    """The quick count's sample a package carries: its stations must be in its registry."""
    data = members.get(SAMPLE)
    if data is None:
        return None
    sample = read_json(SAMPLE, data)
    stations = sample.get("stations") if isinstance(sample, dict) else None
    if not isinstance(stations, list) or not all(isinstance(s, str) for s in stations):
        raise Refused(f"{SAMPLE}: expected a list of polling-station ids under 'stations'")
    known = {station.id for station in registry.stations}
    if unknown := sorted(set(stations) - known):
        raise Refused(f"{SAMPLE}: polling station {unknown[0]!r} is not in the registry")
    assert isinstance(sample, dict)
    return sample


def _forms(
    manifest: MissionManifest, members: Mapping[str, bytes]
) -> tuple[dict[tuple[str, int], str], FormLibrary]:
    sources: dict[tuple[str, int], str] = {}
    compiled: dict[tuple[str, int], CompiledForm] = {}
    for ref in manifest.forms:
        if ref.path not in members:
            raise Refused(f"{MISSION_FILE}: form {ref.id} v{ref.version}: no member {ref.path}")
        try:
            source = members[ref.path].decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(f"{ref.path}: not UTF-8 text") from None
        try:
            form = load_form_text(source, Path(ref.path))
        except FormLoadError as error:
            first = error.problems[0]
            where = ": ".join(p for p in (first.form_id, first.where) if p)
            raise Refused(f"{ref.path}: {where + ': ' if where else ''}{first.message}") from None
        if (form.id, form.version) != (ref.id, ref.version):
            raise Refused(
                f"{ref.path}: holds form {form.id} v{form.version}, "
                f"not {ref.id} v{ref.version} as {MISSION_FILE} says"
            )
        if (form.id, form.version) in sources:
            raise Refused(f"{MISSION_FILE}: form {form.id} v{form.version} is listed twice")
        sources[(form.id, form.version)] = source
        compiled[(form.id, form.version)] = form
    return sources, FormLibrary(compiled)


def _registry(members: Mapping[str, bytes]) -> Registry:
    for member in (REGIONS, STATIONS):
        if member not in members:
            raise Refused(f"no {member}")
    with tempfile.TemporaryDirectory(prefix="observer-mission-") as folder:
        (Path(folder) / REGIONS_FILE).write_bytes(members[REGIONS])
        (Path(folder) / STATIONS_FILE).write_bytes(members[STATIONS])
        try:
            return read_registry(Path(folder))
        except RegistryError as error:
            line = f":{error.line}" if error.line is not None else ""
            raise Refused(f"registry/{error.path.name}{line}: {error.reason}") from None


# --- the mission in a database ---------------------------------------------------------


def current_mission(session: Session) -> Mission | None:
    """The mission this database is set up for, or None before a package is imported."""
    value = get_setting(session, MISSION_SETTING)
    return Mission.from_setting(value) if isinstance(value, dict) else None


def mission_library(session: Session) -> FormLibrary:
    """The forms of the mission, every version ever imported, compiled from their YAML."""
    rows = session.execute(select(MissionFormRow.sha256, MissionFormRow.source)).all()
    compiled = [_compile(sha256, source) for sha256, source in rows]
    return FormLibrary({(form.id, form.version): form for form in compiled})


@lru_cache(maxsize=64)
def _compile(sha256: str, source: str) -> CompiledForm:
    """A stored form compiled once per process: merges and windows reopen the same forms."""
    return load_form_text(source, Path(f"mission form {sha256[:12]}"))


def install_mission(session: Session, package: MissionPackage) -> None:
    """Set this database up for the package's mission, in the caller's transaction.

    Importing the same mission again adds new form versions and replaces the registry;
    a form version that differs from the one already here is refused, since submissions
    made with it must stay readable. Another mission is refused while the database holds
    submissions: they would be handed in under the wrong mission.
    """
    mission = package.mission
    existing = current_mission(session)
    if existing is not None and existing.id != mission.id:
        held = session.scalar(select(func.count()).select_from(SubmissionRow)) or 0
        if held:
            raise MissionError(
                f"this database holds {held} submission(s) of mission {existing.name!r}; "
                f"set up mission {mission.name!r} in another database (--db)"
            )
        session.execute(delete(MissionFormRow))
    known = {(row.form_id, row.version): row for row in session.scalars(select(MissionFormRow))}
    for (form_id, version), source in sorted(package.sources.items()):
        digest = _sha256(source.encode("utf-8"))
        row = known.get((form_id, version))
        if row is None:
            session.add(
                MissionFormRow(form_id=form_id, version=version, source=source, sha256=digest)
            )
        elif row.sha256 != digest:
            raise MissionError(
                f"form {form_id} v{version} differs from the one this database already has; "
                "a changed form needs a new version number"
            )
    put_setting(session, MISSION_SETTING, mission.to_setting())
    if package.sample is not None:
        put_setting(session, SAMPLE_SETTING, package.sample)
    put_setting(session, ROSTER_SETTING, [team.to_setting() for team in package.roster])
    replace_registry(session, package.registry)
