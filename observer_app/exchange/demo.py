"""A realistic demo mission: teams across the regions, a day of visits, the usual accidents.

It lets a newcomer see the whole product work in one command, and gives the coordinator's
window something real to show: dozens of teams in 13 of the 17 regions, each opening a
polling station, visiting others through the day, following the count and the protocol
to its TEC, reporting incidents; the bundles they hand in, including a file handed in
twice, a corrected re-export, a conflicting copy and a broken file.
"""

from __future__ import annotations

import json
import random
import shutil
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from observer_app.domain.bundled import forms_dir, registry_dir
from observer_app.domain.registry import Registry, Station, read_registry
from observer_app.domain.submission import Submission, SubmissionStatus
from observer_app.exchange.bundle import write_bundle
from observer_app.exchange.keys import CoordinatorKey, DeviceKey, write_secret_file
from observer_app.exchange.mission import MissionPackage, build_mission_package
from observer_app.exchange.records import Record, record_of
from observer_app.formspec import CompiledForm
from observer_app.formspec.sampling import AnswerSampler

ALMATY = timezone(timedelta(hours=6))
ELECTION_DAY = datetime(2021, 1, 10, tzinfo=ALMATY)

FIRST_NAMES = [
    "Айгүл",
    "Ержан",
    "Сәуле",
    "Нұрлан",
    "Дина",
    "Асхат",
    "Мадина",
    "Бауыржан",
    "Ольга",
    "Сергей",
    "Гүлнар",
    "Арман",
    "Жанар",
    "Дмитрий",
    "Әсел",
    "Тимур",
]
LAST_NAMES = [
    "Сейітова",
    "Оспанов",
    "Әбенова",
    "Қасымов",
    "Ким",
    "Жұмабаев",
    "Ахметова",
    "Петров",
    "Нұрпейісова",
    "Ли",
    "Смағұлов",
    "Иванова",
    "Бекова",
    "Омаров",
]

#: The observers' own words, by question: what a real mission reads in its incident reports.
TEXTS: Mapping[str, list[str]] = {
    "description": [
        "Около 20 активистов окружены полицией у здания акимата; их не выпускали несколько часов.",
        "Сайлау учаскесінің жанында екі адам сайлаушыларға ақша ұсынды, полиция араласпады.",
        "Председатель УИК попросил нас покинуть участок без объяснения причин.",
        "Internet very slow since noon; the media websites we use do not open.",
        "Учаскеге УСК шақырмаған жергілікті әкімдік қызметкерлері келіп, тізімді қарады.",
        "A man put several folded ballots into the ballot box; the PEC did not react.",
    ],
    "comments": [
        "Процедуры в целом соблюдались, но наблюдателей держали у стены.",
        "Учаске тыныш жұмыс істеді, сайлаушылар аз болды.",
        "The PEC chair answered our questions politely.",
        "В помещении было тесно, социальная дистанция не соблюдалась.",
        "Мобильная урна уехала без сопровождения наблюдателей.",
    ],
    "*": ["Тыныш өтті.", "Без замечаний.", "Nothing to add."],
}


@dataclass
class Team:
    number: int
    device: DeviceKey
    observer: str
    region: str
    tec: str
    stations: list[Station]
    records: list[Record] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"Team {self.number:02}"


@dataclass
class DemoMission:
    """What was made: the mission, its key, the teams and the files they handed in."""

    folder: Path
    package: MissionPackage
    coordinator_key: CoordinatorKey
    key_file: Path
    teams: list[Team]
    bundles: list[Path]
    notes: list[str]


#: Draws the quick count's sample from a registry's stations in the given regions and
#: returns it as the mission keeps it (workspace.quickcount's settings value).
SampleDrawer = Callable[[Registry, Sequence[str], int], dict[str, Any]]


def covered_regions(registry: Registry) -> list[str]:
    """The 13 regions the demo's teams observe in, as the 2021 mission: the same every run."""
    regions = sorted(r.code for r in registry.regions)
    return random.Random(13).sample(regions, 13)  # noqa: S311 - the same 13 every run


def build_demo_mission(
    folder: Path, *, teams: int = 40, seed: int = 2021, pvt: SampleDrawer | None = None
) -> DemoMission:
    """Write the mission package, the coordinator key and every team's bundles into `folder`.

    With `pvt`, a quick-count sample of as many stations as teams is drawn in the covered
    regions and carried in the package; a team counts at a sampled station of its region
    while one is left, as a mission deploys its observers to the sample.
    """
    rng = random.Random(seed)  # noqa: S311 - made-up data, reproducible; no secret here
    folder.mkdir(parents=True, exist_ok=True)
    inbox = folder / "bundles"
    if inbox.exists():
        shutil.rmtree(inbox)
    inbox.mkdir()
    key = CoordinatorKey.generate()
    key_file = folder / "coordinator-key.json"
    key_file.unlink(missing_ok=True)
    write_secret_file(key_file, json.dumps(key.to_json(), indent=2) + "\n")
    sample: dict[str, Any] | None = None
    if pvt is not None:
        registry = read_registry(registry_dir())
        sample = pvt(registry, covered_regions(registry), teams)
    package, data = build_mission_package(
        name="Demo mission: Kazakhstan 2021",
        election="Elections to the Majilis, 10 January 2021",
        names={
            "ru": "Демонстрационная миссия: Казахстан, 2021",
            "kk": "Демонстрациялық миссия: Қазақстан, 2021",
        },
        elections={
            "ru": "Выборы депутатов Мажилиса, 10 января 2021 года",
            "kk": "Мәжіліс депутаттарын сайлау, 2021 жылғы 10 қаңтар",
        },
        forms_dir=forms_dir(),
        registry_dir=registry_dir(),
        coordinator_key=key.public_key,
        created_at=ELECTION_DAY - timedelta(days=5),
        sample=sample,
    )
    (folder / "mission.zip").write_bytes(data)
    sampler = AnswerSampler(rng, concern_rate=0.18, texts=TEXTS)
    made = [_team(number, package.registry, rng) for number in range(1, teams + 1)]
    if sample is not None:
        _count_at_sampled_stations(made, package.registry, sample["stations"])
    for team in made:
        _observe_the_day(team, package, sampler, rng)
    bundles, notes = _hand_in(made, package, inbox, rng)
    return DemoMission(folder, package, key, key_file, made, bundles, notes)


# --- teams -----------------------------------------------------------------------------


def _team(number: int, registry: Registry, rng: random.Random) -> Team:
    """A team in one of 13 regions (as the 2021 mission), at a TEC with enough stations."""
    covered = covered_regions(registry)
    region = covered[(number - 1) % len(covered)]
    by_tec: dict[str, list[Station]] = {}
    for station in registry.stations:
        if station.region == region:
            by_tec.setdefault(station.tec, []).append(station)
    tec = rng.choice(sorted(t for t, s in by_tec.items() if len(s) >= 12))
    stations = rng.sample(by_tec[tec], rng.randint(9, 12))
    observer = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return Team(number, DeviceKey.generate(), observer, region, tec, stations)


def _count_at_sampled_stations(teams: list[Team], registry: Registry, sampled: list[str]) -> None:
    """Each team's last station (where it follows the count) becomes a sampled station of
    its region, while its region has one no other team took."""
    left: dict[str, list[Station]] = {}
    for station_id in sorted(sampled):
        station = registry.station(station_id)
        left.setdefault(station.region, []).append(station)
    for team in teams:
        spare = left.get(team.region)
        if spare:
            station = spare.pop(0)
            team.stations = [s for s in team.stations if s.id != station.id] + [station]


# --- the day ---------------------------------------------------------------------------


def _observe_the_day(
    team: Team, package: MissionPackage, sampler: AnswerSampler, rng: random.Random
) -> None:
    forms = package.forms
    first, *middle, last = team.stations
    morning = ELECTION_DAY.replace(hour=6, minute=rng.randint(30, 50))
    _add(team, forms.get("opening"), sampler, morning, station=first)
    moment = ELECTION_DAY.replace(hour=8, minute=rng.randint(0, 30))
    for station in middle:
        figures = _voting_figures(rng, moment)
        _add(team, forms.get("voting"), sampler, moment, station=station, fixed=figures)
        moment += timedelta(minutes=rng.randint(55, 85))
    evening = ELECTION_DAY.replace(hour=19, minute=rng.randint(45, 58))
    _add(
        team,
        forms.get("counting"),
        sampler,
        evening,
        station=last,
        fixed=_protocol(rng, forms.get("counting")),
    )
    night = ELECTION_DAY.replace(hour=23, minute=rng.randint(0, 50))
    # The 2021 mission found tabulation not transparent in 8 of the 12 TECs it observed.
    transparent = "no" if rng.random() < 2 / 3 else "yes"
    _add(
        team,
        forms.get("tabulation"),
        sampler,
        night,
        tec=team.tec,
        fixed={"tec_open": "yes", "access_granted": "yes", "transparent": transparent},
    )
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        at = ELECTION_DAY.replace(hour=rng.randint(9, 19), minute=rng.randint(0, 59))
        _add(team, forms.get("incident"), sampler, at, station=rng.choice(team.stations))


def _voting_figures(rng: random.Random, moment: datetime) -> dict[str, Any]:
    """What the PEC says at a visit: turnout so far, signatures, supplementary entries.

    Mostly consistent; now and then the announced turnout runs well ahead of the
    signatures, or the supplementary list is long, as the 2021 mission reported.
    """
    voters = rng.randint(900, 2600)
    day_share = min(1.0, max(0.05, (moment.hour - 7 + moment.minute / 60) / 13))
    turnout = int(voters * rng.uniform(0.5, 0.75) * day_share)
    signed = turnout if rng.random() < 0.85 else int(turnout * rng.uniform(0.6, 0.85))
    supplementary = int(voters * rng.uniform(0.0, 0.035))
    if rng.random() < 0.1:
        supplementary = int(voters * rng.uniform(0.06, 0.12))
    return {
        "access_granted": "yes",
        "voters_on_list": voters,
        "turnout_announced": turnout,
        "signatures_counted": signed,
        "supplementary_entries": supplementary,
    }


def _protocol(rng: random.Random, form: CompiledForm) -> dict[str, Any]:
    """A results protocol whose figures agree, except where the PEC's do not."""
    voters = rng.randint(900, 2600)
    signatures = int(voters * rng.uniform(0.45, 0.72))
    received = voters + rng.randint(0, 20)
    stuffed = rng.randint(40, 160) if rng.random() < 0.12 else 0
    in_box = signatures + stuffed
    invalid = int(in_box * rng.uniform(0.005, 0.02))
    valid = in_box - invalid
    shares = [rng.uniform(0.55, 0.75), rng.uniform(0.06, 0.12), rng.uniform(0.06, 0.1)]
    shares += [rng.uniform(0.03, 0.06), rng.uniform(0.02, 0.05)]
    votes = [int(valid * share / sum(shares)) for share in shares]
    votes[0] += valid - sum(votes)
    if rng.random() < 0.08:  # a protocol that does not add up
        votes[0] += rng.randint(5, 40)
    return {
        "access_granted": "yes",
        "voters_on_list": voters,
        "voters_supplementary": int(voters * rng.uniform(0.005, 0.08)),
        "signatures": signatures,
        "turnout_reported": int(signatures * rng.uniform(1.0, 1.25)),
        "ballots_received": received,
        "ballots_unused": received - signatures,
        "ballots_in_box": in_box,
        "ballots_invalid": invalid,
        "ballots_valid": valid,
        "party_votes": [{"votes": count} for count in votes],
    }


def _add(
    team: Team,
    form: CompiledForm,
    sampler: AnswerSampler,
    arrival: datetime,
    *,
    station: Station | None = None,
    tec: str | None = None,
    fixed: Mapping[str, Any] | None = None,
) -> None:
    answers = sampler.answers(form, arrival=arrival, fixed=fixed)
    departure = answers.get("departure_time")
    completed = arrival + timedelta(minutes=30)
    if isinstance(departure, str):
        hours, minutes = map(int, departure.split(":"))
        completed = arrival.replace(hour=hours, minute=minutes)
        if completed < arrival:
            completed += timedelta(days=1)
    submission = Submission(
        id=uuid.UUID(int=sampler.rng.getrandbits(128), version=4),
        form_id=form.id,
        form_version=form.version,
        station_id=station.id if station else None,
        tec_id=tec or (station.tec if station else None),
        region=team.region,
        observer=team.observer,
        team=team.name,
        status=SubmissionStatus.COMPLETE,
        revision=1,
        created_at=arrival,
        updated_at=completed,
        completed_at=completed,
        content_hash="",
        answers=answers,
    )
    team.records.append(record_of(submission))


# --- handing in ------------------------------------------------------------------------


def _bundle(team: Team, records: list[Record], package: MissionPackage, at: datetime) -> bytes:
    return write_bundle(
        records,
        mission_id=package.mission.id,
        mission_name=package.mission.name,
        device_key=team.device,
        observer=team.observer,
        team=team.name,
        created_at=at,
        recipient_public_key=package.mission.coordinator_key,
    )


def _hand_in(
    teams: list[Team], package: MissionPackage, inbox: Path, rng: random.Random
) -> tuple[list[Path], list[str]]:
    """One file per team, and the accidents of a real election night."""
    night = ELECTION_DAY + timedelta(days=1, hours=2)
    paths: list[Path] = []
    for team in teams:
        path = inbox / f"{team.name.lower().replace(' ', '-')}.zip"
        path.write_bytes(_bundle(team, team.records, package, night))
        paths.append(path)
    notes: list[str] = []

    twice = inbox / f"{paths[1].stem} (copy).zip"
    shutil.copy(paths[1], twice)
    shutil.copy(paths[4], inbox / f"{paths[4].stem} (from email).zip")
    paths += [twice, inbox / f"{paths[4].stem} (from email).zip"]
    notes.append(f"{teams[1].name} and {teams[4].name} handed their file in twice")
    rng.shuffle(paths)  # files arrive in no particular order; the late ones below come last

    corrected_team = teams[2]
    original = corrected_team.records[1]
    first = original.submission()
    later = first.updated_at + timedelta(hours=4)
    fixed = replace(
        first,
        answers={**first.answers, "comments": "Исправлено: урна была опечатана."},
        revision=2,
        updated_at=later,
        completed_at=later,
    )
    records = [record_of(fixed) if r is original else r for r in corrected_team.records]
    re_export = inbox / f"{corrected_team.name.lower().replace(' ', '-')}-corrected.zip"
    re_export.write_bytes(_bundle(corrected_team, records, package, night + timedelta(hours=5)))
    paths.append(re_export)
    notes.append(f"{corrected_team.name} re-exported after correcting a form (revision 2)")

    # A laptop restored from a backup: the same revision of a form, edited differently.
    conflicted_team = teams[3]
    copy = conflicted_team.records[2].submission()
    copy = replace(
        copy, answers={**copy.answers, "comments": "Записано повторно после сбоя ноутбука."}
    )
    restored = inbox / f"{conflicted_team.name.lower().replace(' ', '-')}-restored.zip"
    restored.write_bytes(
        _bundle(conflicted_team, [record_of(copy)], package, night + timedelta(hours=6))
    )
    paths.append(restored)
    notes.append(f"{conflicted_team.name}'s restored laptop sent a conflicting copy of a form")

    broken = inbox / "team-09-broken.zip"
    data = paths[8].read_bytes()
    broken.write_bytes(data[: len(data) // 2])  # the USB stick was pulled out mid-copy
    paths.append(broken)
    notes.append("one file was cut short when a USB stick was pulled out")
    return paths, notes
