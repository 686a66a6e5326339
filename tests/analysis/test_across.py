"""The figures gathered across forms and behind negative assessments, against hand counts of
a small election day: the key counting safeguards composite, the reasons behind negative
assessments, the observers' access in all five forms, the time of day, the durations."""

from __future__ import annotations

from datetime import timedelta

import pytest

from observer_app.analysis import Summary, Unit, summarize
from observer_app.analysis.layout import ItemKind
from observer_app.store.database import Database
from tests.analysis.factory import ELECTION_DAY, Dataset, builtin_forms, builtin_registry

SAFEGUARDS = ("unused_cancelled", "signatures_counted_first", "ballots_shown")
SAFEGUARDS += ("choice_announced", "reconciliation_done")


def at(hour: int, minute: int = 0) -> object:
    """A moment of the election day (an hour past 23 is the night after)."""
    return ELECTION_DAY.replace(hour=0, minute=0) + timedelta(hours=hour, minutes=minute)


def counting(**answers: str) -> dict[str, str]:
    """A count observed with access, every safeguard followed unless said otherwise."""
    base = {"access_granted": "yes", "observers_distance": "no"}
    base.update({question: "yes" for question in SAFEGUARDS})
    base.update(answers)
    return base


def write_day(data: Dataset) -> None:
    registry = builtin_registry()
    s = [station.id for station in registry.stations[:7]]
    tecs = [tec.code for tec in registry.tecs[:2]]
    add = data.add
    # Counting: c1 one safeguard skipped; c2 kept at a distance; c3 saw no safeguard;
    # c4 two skipped; c5 turned away (the rest of its form skipped).
    add(
        "counting",
        counting(
            unused_cancelled="no",
            overall_assessment="bad",
            count_started="20:10",
            protocol_signed="22:40",
        ),
        station=s[0],
        started=at(20, 30),
    )
    add(
        "counting",
        counting(
            observers_distance="yes",
            overall_assessment="good",
            count_started="20:05",
            protocol_signed="21:05",
        ),
        station=s[1],
        started=at(20, 40),
    )
    add(
        "counting",
        {
            "access_granted": "yes",
            "observers_distance": "no",
            "unused_cancelled": "not_observed",
            "signatures_counted_first": "not_observed",
            "reconciliation_done": "not_observed",
            "overall_assessment": "very_bad",
            "count_started": "23:30",
            "protocol_signed": "00:15",
        },
        station=s[2],
        started=at(21),
    )
    add(
        "counting",
        counting(reconciliation_done="no", ballots_shown="no", overall_assessment="very_bad"),
        station=s[3],
        started=at(21, 10),
    )
    add(
        "counting",
        {"access_granted": "no", "unused_cancelled": "no"},
        station=s[4],
        started=at(21, 20),
    )
    # Voting: v1 kept at a distance; v2 the same station later, clean; v3 turned away;
    # v4 saw others turned away.
    add(
        "voting",
        {
            "access_granted": "yes",
            "observers_distance": "yes",
            "observers_turned_away": "no",
            "overall_assessment": "bad",
        },
        station=s[0],
        started=at(9),
    )
    add(
        "voting",
        {
            "access_granted": "yes",
            "observers_distance": "no",
            "observers_turned_away": "no",
            "overall_assessment": "good",
        },
        station=s[0],
        started=at(13),
    )
    add("voting", {"access_granted": "no"}, station=s[5], started=at(16))
    add(
        "voting",
        {
            "access_granted": "yes",
            "observers_distance": "no",
            "observers_turned_away": "yes",
            "overall_assessment": "very_good",
        },
        station=s[6],
        started=at(10),
    )
    add("opening", {"access_granted": "yes"}, station=s[6], started=at(7))
    # Tabulation through the night: t1 timed, t2 turned away.
    add(
        "tabulation",
        {
            "tec_open": "yes",
            "access_granted": "yes",
            "tabulation_started": "21:00",
            "tabulation_finished": "03:30",
        },
        tec=tecs[0],
        started=at(25),
    )
    add("tabulation", {"tec_open": "yes", "access_granted": "no"}, tec=tecs[1], started=at(26))
    # An incident: the observer prevented from observing, at no station.
    add(
        "incident",
        {
            "incident_time": at(10, 30).isoformat(),
            "prevented_from_observing": "yes",
            "category": "observers_obstructed",
        },
        started=at(10, 40),
    )


@pytest.fixture
def summary(database: Database, data: Dataset) -> Summary:
    write_day(data)
    return summarize(database, builtin_forms())


def test_the_safeguards_composite_counts_a_count_where_any_was_skipped(
    summary: Summary, database: Database
) -> None:
    count = summary.form("counting").count(ItemKind.COMPOSITE, "key_safeguard_skipped")
    # c1 and c4 skipped one; c2 skipped none; c3 saw none (left out); c5 was turned away
    assert (count.concern, count.answered, count.not_observed, count.not_asked) == (2, 3, 1, 1)
    per_station = summarize(database, builtin_forms(), unit=Unit.STATION)
    count = per_station.form("counting").count(ItemKind.COMPOSITE, "key_safeguard_skipped")
    assert (count.concern, count.answered) == (2, 3)


def test_the_composite_leads_the_questions_it_gathers() -> None:
    from observer_app.analysis.layout import form_layouts

    items = [item.id for item in form_layouts(builtin_forms())["counting"].items]
    assert items.index("key_safeguard_skipped") == items.index("unused_cancelled") - 1


def test_reasons_behind_negative_assessments_count_both_sides(summary: Summary) -> None:
    reasons = summary.form("counting").reasons
    assert reasons is not None
    assert (reasons.negative_units, reasons.other_units) == (3, 1)  # c1 c3 c4 | c2
    by_id = {r.item.id: r for r in reasons.reasons}
    composite = by_id["key_safeguard_skipped"]
    assert (composite.negative, composite.negative_answered) == (2, 2)  # c3 saw none
    assert (composite.other, composite.other_answered) == (0, 1)
    reconciled = by_id["reconciliation_done"]
    assert (reconciled.negative, reconciled.negative_answered) == (1, 2)
    assert (by_id["observers_distance"].other, by_id["observers_distance"].other_answered) == (
        1,
        1,
    )
    frequent = [r.item.id for r in reasons.most_frequent()]
    assert frequent[0] == "key_safeguard_skipped"  # 2 of 2; the assessment itself is no reason
    assert "overall_assessment" not in frequent
    assert set(frequent[1:]) == {"unused_cancelled", "ballots_shown", "reconciliation_done"}
    voting = summary.form("voting").reasons
    assert voting is not None and (voting.negative_units, voting.other_units) == (1, 2)


def test_access_is_gathered_from_every_form(summary: Summary) -> None:
    assert summary.across is not None
    access = summary.across.access
    # restricted: c2 c5 v1 v3 v4 t2 and the incident, of 13 that answered (with o1)
    assert (access.restricted, access.answered) == (7, 13)
    assert access.by_form == {
        "counting": (2, 5),
        "incident": (1, 1),
        "opening": (0, 1),
        "tabulation": (1, 2),
        "voting": (3, 4),
    }
    # stations: s1 (v1, though v2 was clean), s2, s5, s6, s7 of 7; TECs: 1 of 2
    assert (access.stations_restricted, access.stations_answered) == (5, 7)
    assert (access.tecs_restricted, access.tecs_answered) == (1, 2)


def test_problems_by_time_of_day(summary: Summary) -> None:
    assert summary.across is not None
    bands = {
        b.name: (b.observations, b.assessed, b.negative, b.concerns, b.incidents)
        for b in summary.across.bands
    }
    assert bands == {
        "opening": (1, 0, 0, 0, 0),
        # v1 kept at a distance and bad, v4 saw others turned away; the incident at 10:30
        "morning": (2, 2, 1, 3, 1),
        "midday": (1, 1, 0, 0, 0),
        "afternoon": (1, 0, 0, 1, 0),  # v3 turned away, nothing else asked
        # five counts (2 + 1 + 1 + 3 + 1 concerns), two tabulations after midnight (t2: 1)
        "evening": (7, 4, 3, 9, 0),
    }


def test_count_and_tabulation_durations(summary: Summary) -> None:
    assert summary.across is not None
    durations = {d.form_id: d for d in summary.across.durations}
    count = durations["counting"]
    # 150, 60 and 45 minutes (23:30 to 00:15 runs past midnight)
    assert (count.n, count.median, count.shortest, count.longest) == (3, 60, 45, 150)
    tabulation = durations["tabulation"]
    assert (tabulation.n, tabulation.median) == (1, 390)
    assert set(durations) == {"counting", "tabulation"}


def test_per_station_a_station_counts_as_assessed_negatively_when_any_visit_did(
    data: Dataset, database: Database
) -> None:
    write_day(data)
    summary = summarize(database, builtin_forms(), unit=Unit.STATION)
    voting = summary.form("voting").reasons
    assert voting is not None
    # s1: bad at 09:00 (kept at a distance), good at 13:00 -> negative, as the findings
    # count it; s7 very good; s6 never assessed (turned away)
    assert (voting.negative_units, voting.other_units) == (1, 1)
    distance = next(r for r in voting.reasons if r.item.id == "observers_distance")
    assert (distance.negative, distance.negative_answered) == (1, 1)
    assert (distance.other, distance.other_answered) == (0, 1)
