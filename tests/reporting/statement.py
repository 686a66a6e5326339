"""The reference statement's election day as data: 8 of 12 TECs not transparent, polling
stations in 13 of 17 regions, ballot boxes not sealed at 5 of 40 stations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.analysis.factory import ELECTION_DAY, Dataset

VOTING_BASE: dict[str, Any] = {
    "arrival_time": "09:00",
    "access_granted": "yes",
    "accessible_unassisted": "yes",
    "unauthorized_persons_present": "no",
    "observers_clear_view": "yes",
    "clear_view_identification": "yes",
    "procedures_followed": "yes",
    "ballot_stuffing": "no",
    "signatures_consistent": "yes",
    "overall_assessment": "good",
    "departure_time": "09:40",
}
TABULATION_BASE: dict[str, Any] = {
    "arrival_time": "23:10",
    "tec_open": "yes",
    "access_granted": "yes",
    "citizen_observers_present": "yes",
    "proxies_present": "yes",
    "data_entry_verified": "not_observed",
    "overall_assessment": "good",
    "departure_time": "23:55",
}
INCIDENT_WORDS = (
    "Полиция оцепила группу активистов у акимата; сайлау учаскесіне кіргізбеді. "
    "ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І"
)


def statement_day(data: Dataset) -> dict[str, list[str]]:
    """Write the statement's election day; returns the ids written, by form."""
    registry = data.registry
    regions = sorted({station.region for station in registry.stations})[:13]
    stations = [next(s for s in registry.stations if s.region == code) for code in regions]
    stations += [s for s in registry.stations if s.region == regions[0]][1:31]  # 43 in all
    sealed = ["no"] * 5 + ["yes"] * 35 + ["not_observed"] * 2 + [None]
    written: dict[str, list[str]] = {"voting": [], "tabulation": [], "incident": []}
    for number, (station, answer) in enumerate(zip(stations, sealed, strict=True)):
        answers = {**VOTING_BASE, "ballot_boxes_sealed": answer}
        if number < 3:
            answers["overall_assessment"] = "very_bad" if number == 0 else "bad"
        written["voting"].append(
            data.add(
                "voting",
                answers,
                station=station.id,
                observer=f"Observer {number % 8}",
                team=f"Team {number % 4}",
                started=ELECTION_DAY + timedelta(minutes=10 * number),
            )
        )
    tecs = [tec for tec in registry.tecs if tec.region in regions][:12]
    for number, tec in enumerate(tecs):
        answers = {**TABULATION_BASE, "transparent": "no" if number < 8 else "yes"}
        written["tabulation"].append(
            data.add(
                "tabulation",
                answers,
                tec=tec.code,
                observer=f"Observer {number % 8}",
                team=f"Team {number % 4}",
                started=ELECTION_DAY + timedelta(hours=15, minutes=number),
            )
        )
    for number, category in enumerate(("assembly_prevented", "internet_disruption")):
        written["incident"].append(
            data.add(
                "incident",
                {
                    "incident_time": (ELECTION_DAY + timedelta(hours=2 + number)).isoformat(),
                    "location_type": "public_place",
                    "category": category,
                    "description": INCIDENT_WORDS,
                    "information_source": "own_observation",
                    "prevented_from_observing": "no",
                },
                station=stations[number].id,
                observer="Айгүл Сейітова",
                team="Team 1",
            )
        )
    return written
