"""The 2021 preliminary statement's "Election Day" section as a mission's observations.

Every figure the statement gives and every quantifier it uses is written here as answers:
40 polling stations visited in 13 regions, observers denied entry at 3 of them; the PEC
limiting the number of people present in most of the 37 where they could enter, PPE
available in all of them, unassisted access in the majority; 32 counts, in almost all of
which procedures were not followed and the votes per party not announced; 14 TECs visited
at night, 2 closed, 8 of the 12 where tabulation was observed not transparent, the entry
of results into the database never verified.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.analysis.factory import ELECTION_DAY, Dataset

VOTING: dict[str, Any] = {
    "arrival_time": "10:00",
    "access_granted": "yes",
    "accessible_unassisted": "yes",
    "ppe_available": "yes",
    "people_limited": "no",
    "unauthorized_persons_present": "no",
    "observers_clear_view": "yes",
    "clear_view_identification": "yes",
    "procedures_followed": "yes",
    "ballot_stuffing": "no",
    "ballot_boxes_sealed": "yes",
    "signatures_consistent": "yes",
    "overall_assessment": "good",
    "departure_time": "10:45",
}
COUNTING: dict[str, Any] = {
    "arrival_time": "19:40",
    "access_granted": "yes",
    "unauthorized_persons_present": "no",
    "procedures_followed": "yes",
    "unused_cancelled": "yes",
    "signatures_counted_first": "yes",
    "ballot_stuffing_signs": "no",
    "choice_announced": "yes",
    "votes_announced": "yes",
    "reconciliation_done": "yes",
    "observers_distance": "no",
    "observers_clear_view": "yes",
    "overall_assessment": "good",
    "departure_time": "22:30",
}
TABULATION: dict[str, Any] = {
    "arrival_time": "23:10",
    "tec_open": "yes",
    "access_granted": "yes",
    "citizen_observers_present": "yes",
    "proxies_present": "yes",
    "transparent": "yes",
    "overcrowded": "no",
    "health_protocols": "yes",
    "data_entry_verified": "no",
    "overall_assessment": "good",
    "departure_time": "01:30",
}
CLOSED_TEC: dict[str, Any] = {
    "arrival_time": "02:10",
    "tec_open": "no",
    "tabulation_postponed": "no",
    "departure_time": "02:20",
}


def election_day(data: Dataset) -> None:
    """Write the statement's election day into `data`'s database."""
    registry = data.registry
    regions = sorted({station.region for station in registry.stations})[:13]
    stations = [next(s for s in registry.stations if s.region == code) for code in regions]
    stations += [s for s in registry.stations if s.region == regions[0]][1:28]  # 40 in all

    for number, station in enumerate(stations):
        observer, team = f"Observer {number % 20}", f"Team {number % 10:02}"
        started = ELECTION_DAY + timedelta(minutes=10 * number)
        if number < 3:  # turned away at the door
            data.add(
                "voting",
                {"arrival_time": "10:00", "access_granted": "no", "departure_time": "10:05"},
                station=station.id, observer=observer, team=team, started=started,
            )  # fmt: skip
            continue
        inside = number - 3  # 37 visits inside
        answers = {
            **VOTING,
            "people_limited": "yes" if inside < 30 else "no",  # 30 of 37: most
            "accessible_unassisted": "yes" if inside < 20 else "no",  # 20 of 37: majority
            "ballot_boxes_sealed": "no" if inside < 3 else "yes",  # 3 of 37: a few
            "unauthorized_persons_present": "yes" if 3 <= inside < 6 else "no",
        }
        data.add("voting", answers, station=station.id, observer=observer, team=team,
                 started=started)  # fmt: skip

    for number, station in enumerate(stations[:32]):
        answers = {
            **COUNTING,
            "procedures_followed": "no" if number < 30 else "yes",  # 30 of 32: almost all
            "votes_announced": "no" if number < 30 else "yes",
            "choice_announced": "no" if number < 30 else "yes",
            "reconciliation_done": "no" if number < 29 else "yes",
            "observers_distance": "yes" if number < 25 else "no",  # 25 of 32: most
        }
        data.add(
            "counting", answers, station=station.id, observer=f"Observer {number % 20}",
            team=f"Team {number % 10:02}", started=ELECTION_DAY + timedelta(hours=11),
        )  # fmt: skip

    tecs = [tec for tec in registry.tecs if tec.region in regions][:14]
    for number, tec in enumerate(tecs):
        if number >= 12:  # visited during the night: closed, no tabulation going on
            answers = dict(CLOSED_TEC)
        else:
            late = number < 8
            answers = {
                **TABULATION,
                "transparent": "no" if late else "yes",  # 8 of 12
                "overcrowded": "yes" if late else "no",
                "health_protocols": "no" if late else "yes",
                "citizen_observers_present": "no" if number < 9 else "yes",
            }
        data.add(
            "tabulation", answers, tec=tec.code, observer=f"Observer {number}",
            team=f"Team {number % 10:02}",
            started=ELECTION_DAY + timedelta(hours=15, minutes=10 * number),
        )  # fmt: skip
