"""The demo mission looks like an election night: teams, regions, and the usual accidents."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from observer_app.domain.submission import Submission
from observer_app.exchange.demo import MEN, WOMEN, DemoMission, build_demo_mission
from observer_app.exchange.merge import Merger
from observer_app.exchange.mission import install_mission
from observer_app.exchange.rules import Outcome
from observer_app.store import open_database
from observer_app.store.models import SubmissionRow


def test_the_demo_mission_merges_as_an_election_night_does(tmp_path: Path) -> None:
    demo = build_demo_mission(tmp_path / "demo", teams=30)
    assert (tmp_path / "demo" / "mission.zip").is_file()
    assert demo.key_file.stat().st_mode & 0o077 == 0  # the coordinator's key: owner only
    database = open_database(f"sqlite:///{tmp_path / 'coordinator.sqlite3'}")
    with database.transaction() as session:
        install_mission(session, demo.package)
    report = Merger(database, coordinator_key=demo.coordinator_key).merge_files(demo.bundles)
    outcomes: Counter[Outcome] = Counter()
    for result in report.files:
        outcomes.update(result.counts)
    rejected = [result for result in report.files if result.rejected]
    assert [r.path.name for r in rejected] == ["team-09-broken.zip"]
    assert "truncated" in (rejected[0].reason or "")
    assert outcomes[Outcome.UPDATED] == 1
    assert outcomes[Outcome.CONFLICT] == 1
    assert outcomes[Outcome.DUPLICATE] > 20

    with database.transaction() as session:
        regions = session.scalar(select(func.count(func.distinct(SubmissionRow.region))))
        forms = Counter(session.scalars(select(SubmissionRow.form_id)))
        transparent = Counter(
            json.loads(document)["answers"].get("transparent")
            for document in session.scalars(select(SubmissionRow.document))
        )
    database.close()
    assert regions == 13  # as the 2021 mission: 13 of the 17 regions
    assert forms["opening"] == forms["counting"] == forms["tabulation"] == 30
    assert forms["voting"] > 200 and forms["incident"] > 5
    assert 0.5 < transparent["no"] / (transparent["no"] + transparent["yes"]) < 0.85


# --- what a visitor reads when the demo is shown --------------------------------------

#: Words that a narrative of each category names, in any of the three languages.
CATEGORY_WORDS = {
    "assembly_prevented": ("активист", "activist", "белсенді"),
    "vote_buying": ("ақша", "деньги", "money"),
    "observers_obstructed": ("покинуть", "let us in", "кіргізбе"),
    "internet_disruption": ("internet", "интернет"),
    "unauthorized_persons": ("әкімдік", "akimat", "посторонн"),
    "ballot_stuffing": ("ballots into", "бюллетеней", "бюллетень"),
    "police_security": ("police", "полиция"),
    "covid_measures": ("distancing", "дистанция", "ПЦР"),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoMission:
    return build_demo_mission(tmp_path_factory.mktemp("demo"), teams=40)


def _submissions(demo: DemoMission, form_id: str) -> list[Submission]:
    made = [record.submission() for team in demo.teams for record in team.records]
    return [submission for submission in made if submission.form_id == form_id]


def test_each_incident_narrative_tells_what_its_category_says(demo: DemoMission) -> None:
    incidents = _submissions(demo, "incident")
    assert len(incidents) > 10
    for incident in incidents:
        words = CATEGORY_WORDS[incident.answers["category"]]
        text = incident.answers["description"].lower()
        assert any(word.lower() in text for word in words), incident.answers


def test_as_many_observers_as_teams_each_name_of_one_gender(demo: DemoMission) -> None:
    names = [team.observer for team in demo.teams]
    assert len(set(names)) == len(demo.teams) == 40
    for name in names:
        first, last = name.split(" ")
        assert first in MEN or first in WOMEN
        if first in MEN:
            assert not last.endswith(("а", "қызы")), name
        else:
            assert not last.endswith(("ов", "ев", "ұлы")), name


def test_counts_of_hundreds_of_ballots_take_hours(demo: DemoMission) -> None:
    counts = [c for c in _submissions(demo, "counting") if "ballots_in_box" in c.answers]
    assert len(counts) > 30
    for count in counts:
        minutes = (count.completed_at - count.created_at).total_seconds() / 60
        ballots = count.answers["ballots_in_box"]
        assert 60 + ballots / 20 <= minutes <= 8 * 60, (ballots, minutes)
    assert any(c.answers["ballots_in_box"] >= 900 for c in counts)


def test_the_ballots_received_at_opening_are_as_many_as_the_voters(demo: DemoMission) -> None:
    received = [
        o.answers["ballots_received"]
        for o in _submissions(demo, "opening")
        if "ballots_received" in o.answers
    ]
    assert len(received) > 25
    assert all(400 <= number <= 3000 for number in received)


def test_tecs_closed_and_observers_turned_away_as_in_the_statement(demo: DemoMission) -> None:
    tabulation = [t.answers for t in _submissions(demo, "tabulation")]
    assert sum(t["tec_open"] == "no" and t["tabulation_postponed"] == "no" for t in tabulation) >= 2
    assert any(t.get("postponement_reason_given") == "no" for t in tabulation)
    for form_id in ("opening", "voting", "counting", "tabulation"):
        assert any(s.answers.get("access_granted") == "no" for s in _submissions(demo, form_id))


def test_every_finding_the_statement_can_make_is_found_at_least_once(demo: DemoMission) -> None:
    never: list[str] = []
    for (form_id, _version), form in demo.package.forms.forms.items():
        given: set[tuple[str, str]] = set()
        for submission in _submissions(demo, form_id):
            given.update((key, str(value)) for key, value in submission.answers.items())
        for question_id, question in form.questions.items():
            concern = getattr(question, "concern", None) or []
            worded = getattr(question, "sentence", None) is not None
            if worded and not any((question_id, value) in given for value in concern):
                never.append(f"{form_id}.{question_id}")
    assert never == []


def test_teams_at_the_same_tec_find_the_same_door(demo: DemoMission) -> None:
    found: dict[str | None, set[str]] = {}
    for visit in _submissions(demo, "tabulation"):
        door = f"{visit.answers['tec_open']}/{visit.answers.get('access_granted', '-')}"
        found.setdefault(visit.tec_id, set()).add(door)
    assert all(len(doors) == 1 for doors in found.values()), found
