"""X of Y from a database, checked against counts made here, independently, for every filter
and for per-station counting."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from observer_app.analysis import Filters, Summary, Unit, summarize
from observer_app.analysis.layout import ItemKind
from observer_app.analysis.tally import Count
from observer_app.store.database import Database
from tests.analysis.factory import ELECTION_DAY, Dataset, builtin_forms, builtin_registry

REGIONS = ("AKM", "ALA", "KAR", "MAN", "SHY")
TEAMS = ("Team 1", "Team 2", "Team 3")


@dataclass(frozen=True)
class Visit:
    """One voting observation as written, with what the test expects of it."""

    id: str
    station: str
    region: str
    team: str
    started: datetime
    access: str
    sealed: str | None
    assessment: str | None


def write_day(data: Dataset, seed: int = 7, visits: int = 150) -> list[Visit]:
    """Voting observations at 30 stations of 5 regions, several visits to most."""
    rng = random.Random(seed)
    registry = builtin_registry()
    stations = [
        station
        for region in REGIONS
        for station in [s for s in registry.stations if s.region == region][:6]
    ]
    written: list[Visit] = []
    for number in range(visits):
        station = rng.choice(stations)
        access = rng.choices(["yes", "no"], [9, 1])[0]
        sealed = rng.choice(["yes", "yes", "yes", "no", "not_observed", None])
        assessment = rng.choice(["very_good", "good", "good", "bad", "very_bad", None])
        started = ELECTION_DAY + timedelta(minutes=7 * number)
        team = rng.choice(TEAMS)
        answers = {
            "arrival_time": "09:00",
            "access_granted": access,
            # also when access was refused: a stale answer the form's logic skips
            "ballot_boxes_sealed": sealed,
            "overall_assessment": assessment,
        }
        submission = data.add(
            "voting", answers, station=station.id, team=team, observer=f"{team} A", started=started
        )
        written.append(
            Visit(submission, station.id, station.region, team, started, access, sealed, assessment)
        )
    # a draft is never counted
    data.add(
        "voting",
        {"access_granted": "yes", "ballot_boxes_sealed": "no"},
        station=stations[0].id,
        status="draft",
    )
    return written


def expected(visits: list[Visit], question: str) -> tuple[int, int, int, int, int]:
    """(X, Y, not observed, no answer, not asked) counted here for sealed / assessment."""
    x = y = not_observed = no_answer = not_asked = 0
    for visit in visits:
        if visit.access != "yes":
            not_asked += 1
            continue
        answer = visit.sealed if question == "ballot_boxes_sealed" else visit.assessment
        concern = {"no"} if question == "ballot_boxes_sealed" else {"bad", "very_bad"}
        if answer is None:
            no_answer += 1
        elif answer == "not_observed":
            not_observed += 1
        else:
            y += 1
            x += answer in concern
    return x, y, not_observed, no_answer, not_asked


def any_visit(visits: list[Visit], question: str) -> tuple[int, int, int, int, int]:
    """The same counted per station, a concern where any visit reported it: each station's
    best outcome in the order concern, fine, not observed, no answer, not asked."""
    best: dict[str, int] = {}
    for visit in visits:
        one = expected([visit], question)
        outcome = next(i for i, n in enumerate((one[0], one[1] - one[0], *one[2:])) if n)
        best[visit.station] = min(best.get(visit.station, 4), outcome)
    totals = [0] * 5
    for outcome in best.values():
        totals[outcome] += 1
    concern, fine, not_observed, no_answer, not_asked = totals
    return concern, concern + fine, not_observed, no_answer, not_asked


def counted(summary: Summary, question: str) -> tuple[int, int, int, int, int]:
    count: Count = summary.form("voting").count(ItemKind.QUESTION, question)
    return (count.concern, count.answered, count.not_observed, count.no_answer, count.not_asked)


def latest_per_station(visits: list[Visit]) -> list[Visit]:
    latest: dict[str, Visit] = {}
    for visit in visits:
        if visit.station not in latest or visit.started > latest[visit.station].started:
            latest[visit.station] = visit
    return list(latest.values())


@pytest.fixture
def day(data: Dataset) -> list[Visit]:
    return write_day(data)


def run(
    database: Database, filters: Filters | None = None, unit: Unit = Unit.OBSERVATION
) -> Summary:
    return summarize(database, builtin_forms(), filters, unit, workers=1)


@pytest.mark.parametrize("question", ["ballot_boxes_sealed", "overall_assessment"])
def test_x_of_y_per_observation_matches_an_independent_count(
    database: Database, day: list[Visit], question: str
) -> None:
    assert counted(run(database), question) == expected(day, question)


def test_the_share_is_x_over_y(database: Database, day: list[Visit]) -> None:
    count = run(database).form("voting").count(ItemKind.QUESTION, "ballot_boxes_sealed")
    x, y, *_ = expected(day, "ballot_boxes_sealed")
    assert count.share == pytest.approx(x / y)


@pytest.mark.parametrize("question", ["ballot_boxes_sealed", "overall_assessment"])
def test_per_station_counts_what_any_visit_of_each_station_reported(
    database: Database, day: list[Visit], question: str
) -> None:
    summary = run(database, unit=Unit.STATION)
    assert counted(summary, question) == any_visit(day, question)
    assert summary.form("voting").units == len({visit.station for visit in day})
    assert any_visit(day, question)[0] > expected(latest_per_station(day), question)[0]


@pytest.mark.parametrize("question", ["ballot_boxes_sealed", "overall_assessment"])
def test_latest_visit_counts_the_latest_observation_of_each_station(
    database: Database, day: list[Visit], question: str
) -> None:
    latest = latest_per_station(day)
    assert len(latest) < len(day)
    summary = run(database, unit=Unit.LATEST_VISIT)
    assert counted(summary, question) == expected(latest, question)
    assert summary.form("voting").units == len(latest)


FILTERS = {
    "one region": (Filters(regions=("KAR",)), lambda v: v.region == "KAR"),
    "two regions": (Filters(regions=("AKM", "SHY")), lambda v: v.region in ("AKM", "SHY")),
    "a team": (Filters(teams=("Team 2",)), lambda v: v.team == "Team 2"),
    "since": (
        Filters(since=ELECTION_DAY + timedelta(hours=5)),
        lambda v: v.started >= ELECTION_DAY + timedelta(hours=5),
    ),
    "until (not included)": (
        Filters(until=ELECTION_DAY + timedelta(minutes=7 * 40)),
        lambda v: v.started < ELECTION_DAY + timedelta(minutes=7 * 40),
    ),
    "a window, a region and a team": (
        Filters(
            regions=("ALA", "MAN"),
            teams=("Team 1", "Team 3"),
            since=ELECTION_DAY + timedelta(hours=2),
            until=ELECTION_DAY + timedelta(hours=14),
        ),
        lambda v: (
            v.region in ("ALA", "MAN")
            and v.team in ("Team 1", "Team 3")
            and ELECTION_DAY + timedelta(hours=2) <= v.started < ELECTION_DAY + timedelta(hours=14)
        ),
    ),
}


@pytest.mark.parametrize("name", list(FILTERS))
@pytest.mark.parametrize("unit", list(Unit))
def test_every_filter_counts_only_what_it_lets_through(
    database: Database, day: list[Visit], name: str, unit: Unit
) -> None:
    filters, keep = FILTERS[name]
    kept = [v for v in day if keep(v)]
    summary = run(database, filters, unit)
    if unit == Unit.STATION:
        assert counted(summary, "ballot_boxes_sealed") == any_visit(kept, "ballot_boxes_sealed")
    else:
        if unit == Unit.LATEST_VISIT:
            kept = latest_per_station(kept)
        assert counted(summary, "ballot_boxes_sealed") == expected(kept, "ballot_boxes_sealed")
    assert summary.coverage.observations == len([v for v in day if keep(v)])


def test_a_form_filter_leaves_the_other_forms_out(
    database: Database, day: list[Visit], data: Dataset
) -> None:
    tec = builtin_registry().tecs[0].code
    data.add(
        "tabulation", {"tec_open": "yes", "access_granted": "yes", "transparent": "no"}, tec=tec
    )
    everything = run(database)
    assert {f.layout.form_id for f in everything.forms} == {"voting", "tabulation"}
    only = run(database, Filters(forms=("tabulation",)))
    assert [f.layout.form_id for f in only.forms] == ["tabulation"]
    assert only.coverage.observations == 1


def test_two_processes_count_exactly_what_one_does(database: Database, day: list[Visit]) -> None:
    one = summarize(database, builtin_forms(), workers=1)
    two = summarize(database, builtin_forms(), workers=2)
    assert [c for f in one.forms for c in f.counts] == [c for f in two.forms for c in f.counts]
    assert one.coverage == two.coverage
    assert one.form("voting").by_region == two.form("voting").by_region
    assert one.disagreements == two.disagreements


def test_coverage_counts_regions_of_the_whole_registry(
    database: Database, day: list[Visit]
) -> None:
    coverage = run(database).coverage
    assert coverage.regions_total == 17
    assert coverage.regions_with_stations == len(REGIONS)
    assert coverage.stations == len({v.station for v in day})
    assert coverage.teams == len(TEAMS)
    by_region = {line.code: line for line in coverage.by_region}
    assert by_region["KAR"].observations == sum(v.region == "KAR" for v in day)
    assert by_region["VOS"].observations == 0  # listed, as not covered
    assert by_region["KAR"].stations_total == sum(
        s.region == "KAR" for s in builtin_registry().stations
    )


def test_by_region_adds_up_to_the_total(database: Database, day: list[Visit]) -> None:
    form = run(database).form("voting")
    index = next(i for i, c in enumerate(form.counts) if c.item.id == "ballot_boxes_sealed")
    for region in REGIONS:
        kept = [v for v in day if v.region == region]
        x, y, *_ = expected(kept, "ballot_boxes_sealed")
        assert form.by_region[region][index] == (x, y)


def test_stations_where_observations_disagree_are_listed_with_every_answer(
    database: Database, day: list[Visit]
) -> None:
    summary = run(database, unit=Unit.STATION)
    found = {
        (d.place, d.item.id): [value for _ref, value in d.answers] for d in summary.disagreements
    }
    for station in {v.station for v in day}:
        answers = [
            v.sealed
            for v in sorted(day, key=lambda v: v.started)
            if v.station == station and v.access == "yes" and v.sealed in ("yes", "no")
        ]
        if "yes" in answers and "no" in answers:
            assert found[(station, "ballot_boxes_sealed")] == answers
        else:
            assert (station, "ballot_boxes_sealed") not in found


def test_a_form_version_the_mission_lacks_is_reported_not_counted(
    database: Database, data: Dataset
) -> None:
    data.add("voting", {"access_granted": "yes"}, station="AKM-1", version=9)
    summary = run(database)
    assert summary.unreadable == {"voting v9": 1}
    assert summary.coverage.observations == 0


def test_incidents_count_one_by_one_and_are_all_listed_per_station(
    database: Database, data: Dataset
) -> None:
    for hour in (10, 12):
        data.add(
            "incident",
            {
                "incident_time": f"2021-01-10T{hour}:00:00+06:00",
                "category": "detention",
                "description": f"Задержание в {hour}:00",
                "prevented_from_observing": "yes",
            },
            station="AKM-1",
        )
    summary = run(database, unit=Unit.STATION)
    assert [i.words for i in summary.incidents] == ["Задержание в 10:00", "Задержание в 12:00"]
    count = summary.form("incident").count(ItemKind.QUESTION, "prevented_from_observing")
    assert (count.concern, count.answered) == (2, 2)
    window = run(database, Filters(since=datetime.fromisoformat("2021-01-10T11:00:00+06:00")))
    assert [i.words for i in window.incidents] == ["Задержание в 12:00"]  # by its own time


def test_a_disagreement_shows_each_answer_as_given_whether_kept_or_told_by_its_outcome(
    database: Database, data: Dataset
) -> None:
    """Only the answers an outcome cannot tell are kept until the end (yes/no answers are
    their outcome): both kinds come back in the list exactly as the observers gave them."""
    visits = [
        {"access_granted": "yes", "ballot_boxes_sealed": "yes", "overall_assessment": "good"},
        {"access_granted": "yes", "ballot_boxes_sealed": "no", "overall_assessment": "very_bad"},
        {"access_granted": "yes", "ballot_boxes_sealed": "yes", "overall_assessment": "bad"},
        {"access_granted": "yes", "ballot_boxes_sealed": "not_observed"},
    ]
    for hour, answers in enumerate(visits):
        data.add("voting", answers, station="AKM-1", started=ELECTION_DAY + timedelta(hours=hour))
    for workers in (1, 2):
        summary = summarize(database, builtin_forms(), workers=workers)
        found = {
            d.item.id: [value for _ref, value in d.answers]
            for d in summary.disagreements
            if d.place == "AKM-1"
        }
        assert found["ballot_boxes_sealed"] == ["yes", "no", "yes"]
        assert found["overall_assessment"] == ["good", "very_bad", "bad"]


def test_a_large_summary_counts_in_as_many_processes_as_its_memory_budget_allows() -> None:
    """Each observation is held until its place is settled, and what a worker found is
    handed back: a further process is worth its speed only while all stay within budget."""
    from observer_app.analysis.summary import MEMORY_BUDGET_MB, counting_mb

    assert counting_mb(2, 100_000) <= MEMORY_BUDGET_MB  # a mission of 100,000: two processes
    assert counting_mb(3, 100_000) > MEMORY_BUDGET_MB  # not three, had the laptop the cores
    assert counting_mb(2, 150_000) > MEMORY_BUDGET_MB  # of 150,000: one,
    assert counting_mb(1, 150_000) <= MEMORY_BUDGET_MB / 1.5  # well within it
