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

#: First names by gender; a surname takes the form of its bearer's gender.
MEN = ["Ержан", "Нұрлан", "Асхат", "Бауыржан", "Сергей", "Арман", "Дмитрий", "Тимур", "Қанат"]
WOMEN = ["Айгүл", "Сәуле", "Дина", "Мадина", "Ольга", "Гүлнар", "Жанар", "Әсел", "Наталья"]
#: Surnames as (a man's, a woman's): -ов/-ова, -ев/-ева, -ұлы/-қызы; Ким and Ли are both.
SURNAMES = [
    ("Сейітов", "Сейітова"),
    ("Оспанов", "Оспанова"),
    ("Әбенов", "Әбенова"),
    ("Қасымов", "Қасымова"),
    ("Ким", "Ким"),
    ("Жұмабаев", "Жұмабаева"),
    ("Ахметов", "Ахметова"),
    ("Петров", "Петрова"),
    ("Нұрпейісов", "Нұрпейісова"),
    ("Ли", "Ли"),
    ("Смағұлов", "Смағұлова"),
    ("Иванов", "Иванова"),
    ("Беков", "Бекова"),
    ("Омаров", "Омарова"),
    ("Серікұлы", "Серікқызы"),
    ("Жомартұлы", "Жомартқызы"),
]


def observer_names(rng: random.Random, count: int) -> list[str]:
    """`count` different observers' names, each first name with its gender's surname."""
    every = [f"{first} {pair[0]}" for first in MEN for pair in SURNAMES]
    every += [f"{first} {pair[1]}" for first in WOMEN for pair in SURNAMES]
    chosen = rng.sample(every, min(count, len(every)))
    # a mission larger than the lists: the same name again, told apart as missions do
    chosen += [
        f"{chosen[n % len(every)]} ({n // len(every) + 1})" for n in range(len(every), count)
    ]
    return chosen


#: What an observer writes in an incident report, by category: the narrative fits the box
#: ticked, as the coordinator reading it expects.
NARRATIVES: Mapping[str, list[str]] = {
    "assembly_prevented": [
        "Около 20 активистов окружены полицией у здания акимата; их не выпускали несколько часов.",
        "About 100 police officers surrounded some 20 activists on the square and kept them "
        "there until polling closed.",
    ],
    "vote_buying": [
        "Сайлау учаскесінің жанында екі адам сайлаушыларға ақша ұсынды, полиция араласпады.",
        "У входа на участок мужчина раздавал избирателям продуктовые наборы и деньги.",
    ],
    "observers_obstructed": [
        "Председатель УИК попросил нас покинуть участок без объяснения причин.",
        "The PEC chair refused to let us in, saying the room was full.",
    ],
    "internet_disruption": [
        "Internet very slow since noon; the media websites we use do not open.",
        "Интернет не работает с 11 часов, новостные сайты недоступны.",
    ],
    "unauthorized_persons": [
        "Учаскеге УСК шақырмаған жергілікті әкімдік қызметкерлері келіп, тізімді қарады.",
        "Two men from the akimat, not PEC members, directed voters inside the polling station.",
    ],
    "ballot_stuffing": [
        "A man put several folded ballots into the ballot box; the PEC did not react.",
        "Член УИК опустил в урну пачку бюллетеней, когда избирателей не было.",
    ],
    "police_security": [
        "Police officers at the entrance checked the documents of every voter.",
        "Учаске кіреберісінде полиция қызметкерлері сайлаушылардың құжаттарын тексерді.",
    ],
    "covid_measures": [
        "В помещении было тесно, социальная дистанция не соблюдалась, ПЦР-тест не спросили.",
        "About 40 people crowded the room; no distancing, masks worn by few.",
    ],
}
#: Where each kind of incident happens.
INCIDENT_PLACES = {
    "assembly_prevented": "public_place",
    "internet_disruption": "online",
}

#: The observers' own words, by question: what a real mission reads in its incident reports.
TEXTS: Mapping[str, list[str]] = {
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
    #: What the team finds at its TEC at night: open, closed, postponed or refused.
    tec_night: str = "open"

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
    names = observer_names(rng, teams)
    made = [
        _team(number, names[number - 1], package.registry, rng) for number in range(1, teams + 1)
    ]
    if sample is not None:
        _count_at_sampled_stations(made, package.registry, sample["stations"])
    _plan_the_night(made)
    for team in made:
        _observe_the_day(team, package, sampler, rng)
    bundles, notes = _hand_in(made, package, inbox, rng)
    return DemoMission(folder, package, key, key_file, made, bundles, notes)


# --- teams -----------------------------------------------------------------------------


def _team(number: int, observer: str, registry: Registry, rng: random.Random) -> Team:
    """A team in one of 13 regions (as the 2021 mission), at a TEC with enough stations."""
    covered = covered_regions(registry)
    region = covered[(number - 1) % len(covered)]
    by_tec: dict[str, list[Station]] = {}
    for station in registry.stations:
        if station.region == region:
            by_tec.setdefault(station.tec, []).append(station)
    tec = rng.choice(sorted(t for t, s in by_tec.items() if len(s) >= 12))
    stations = rng.sample(by_tec[tec], rng.randint(9, 12))
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


def registered_voters(station: Station) -> int:
    """The voters on a station's list: the same in every form about that station."""
    return random.Random(station.id).randint(450, 2700)  # noqa: S311 - made-up data


#: What some teams find at their TEC at night, by team number modulo 17, as the 2021
#: mission did: two TECs closed, two that had put the tabulation off for no reason.
TEC_CLOSED = 7
TEC_POSTPONED = 12
#: ... and by team number modulo 19: a TEC that let the observers in no further than the door.
TEC_REFUSED = 3
#: Teams turned away at the door whatever the dice, by team number: at the first voting
#: visit, at the opening (modulo 13) and at the count (modulo 23).
TURNED_AWAY = 5
OPENING_REFUSED = 10
COUNT_REFUSED = 16


def _observe_the_day(
    team: Team, package: MissionPackage, sampler: AnswerSampler, rng: random.Random
) -> None:
    forms = package.forms
    first, *middle, last = team.stations
    morning = ELECTION_DAY.replace(hour=6, minute=rng.randint(30, 50))
    _add(
        team,
        forms.get("opening"),
        sampler,
        morning,
        station=first,
        fixed=_opening(rng, first, refused=team.number % 13 == OPENING_REFUSED),
    )
    moment = ELECTION_DAY.replace(hour=8, minute=rng.randint(0, 30))
    for number, station in enumerate(middle):
        turned_away = team.number == TURNED_AWAY and number == 0
        figures = _voting_figures(rng, moment, station, turned_away=turned_away)
        _add(team, forms.get("voting"), sampler, moment, station=station, fixed=figures)
        moment += timedelta(minutes=rng.randint(55, 85))
    evening = ELECTION_DAY.replace(hour=19, minute=rng.randint(45, 58))
    _add(
        team,
        forms.get("counting"),
        sampler,
        evening,
        station=last,
        fixed=(
            {"access_granted": "no"}
            if team.number % 23 == COUNT_REFUSED
            else _protocol(rng, last, evening)
        ),
    )
    night = ELECTION_DAY.replace(hour=23, minute=rng.randint(0, 50))
    _add(team, forms.get("tabulation"), sampler, night, tec=team.tec, fixed=_tec_visit(team, rng))
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        at = ELECTION_DAY.replace(hour=rng.randint(9, 19), minute=rng.randint(0, 59))
        _add(team, forms.get("incident"), sampler, at, station=rng.choice(team.stations),
             fixed=_incident(rng))  # fmt: skip


def _opening(rng: random.Random, station: Station, *, refused: bool) -> dict[str, Any]:
    """The opening: let in almost everywhere; the ballots received about the voters on the
    list (a PEC receives one per registered voter, give or take a small reserve)."""
    if refused or rng.random() < 0.03:
        return {"access_granted": "no"}
    counted = rng.choices(("yes", "no", "not_observed"), weights=(88, 8, 4))[0]
    fixed: dict[str, Any] = {"access_granted": "yes", "ballots_counted": counted}
    if counted == "yes":
        fixed["ballots_received"] = registered_voters(station) + rng.randint(0, 20)
    return fixed


def _plan_the_night(teams: list[Team]) -> None:
    """Which TECs are closed, put the tabulation off or keep observers out: a property of the
    TEC, so two teams at the same TEC find the same door."""
    fates: dict[str, str] = {}
    for team in teams:
        fate = "open"
        if team.number % 17 == TEC_CLOSED:
            fate = "closed"
        elif team.number % 17 == TEC_POSTPONED:
            fate = "postponed"
        elif team.number % 19 == TEC_REFUSED:
            fate = "refused"
        if fate != "open":
            fates.setdefault(team.tec, fate)
    for team in teams:
        team.tec_night = fates.get(team.tec, "open")


def _tec_visit(team: Team, rng: random.Random) -> dict[str, Any]:
    """The night at the TEC: mostly open, tabulation not transparent in two of three."""
    if team.tec_night == "closed":
        return {"tec_open": "no", "tabulation_postponed": "no"}
    if team.tec_night == "postponed":
        return {"tec_open": "no", "tabulation_postponed": "yes", "postponement_reason_given": "no"}
    if team.tec_night == "refused":
        return {"tec_open": "yes", "access_granted": "no"}
    # The 2021 mission found tabulation not transparent in 8 of the 12 TECs it observed.
    transparent = "no" if rng.random() < 2 / 3 else "yes"
    return {"tec_open": "yes", "access_granted": "yes", "transparent": transparent}


def _incident(rng: random.Random) -> dict[str, Any]:
    """An incident whose narrative tells what its category says."""
    category = rng.choice(sorted(NARRATIVES))
    return {
        "category": category,
        "description": rng.choice(NARRATIVES[category]),
        "location_type": INCIDENT_PLACES.get(category, "inside_polling_station"),
    }


def _voting_figures(
    rng: random.Random, moment: datetime, station: Station, *, turned_away: bool = False
) -> dict[str, Any]:
    """What the PEC says at a visit: turnout so far, signatures, supplementary entries.

    Mostly consistent; now and then the announced turnout runs well ahead of the
    signatures, or the supplementary list is long, as the 2021 mission reported.
    """
    if turned_away or rng.random() < 0.03:
        return {"access_granted": "no"}
    voters = registered_voters(station)
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


def _protocol(rng: random.Random, station: Station, arrival: datetime) -> dict[str, Any]:
    """A results protocol whose figures agree, except where the PEC's do not; the count
    takes its time: an hour of preliminaries, then four to six seconds a ballot."""
    voters = registered_voters(station)
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
    counted = timedelta(minutes=60 + in_box * rng.uniform(0.06, 0.1))
    return {
        "access_granted": "yes",
        "departure_time": (arrival + counted).strftime("%H:%M"),
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
