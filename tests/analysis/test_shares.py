"""A summary's ranges: by polling station, so each place is counted whole in one process."""

from __future__ import annotations

from collections import Counter

from observer_app.analysis import summarize
from observer_app.analysis.filters import Filters
from observer_app.analysis.observations import place_ranges, stream_observations
from observer_app.store import Database
from tests.analysis.factory import Dataset, builtin_forms


def ranges_of(database: Database, together: int) -> list[list[tuple[str, str | None]]]:
    """(id, station) of every observation in each range, as a counting process reads it."""
    with database.reading() as session:
        connection = session.connection()
        return [
            [
                (o.id, o.station_id)
                for o in stream_observations(connection, Filters(), places, by_place=True)
            ]
            for places in place_ranges(connection, together=together)
        ]


def test_every_observation_is_in_one_range_and_every_station_whole_in_one(
    database: Database, data: Dataset
) -> None:
    stations = [s.id for s in data.registry.stations][:40]
    ids = {data.add("voting", {"access_granted": "yes"}, station=s) for s in stations * 3}
    tecs = sorted({s.tec for s in data.registry.stations})[:3]
    ids |= {data.add("tabulation", {}, tec=tec) for tec in tecs}
    ids.add(data.add("incident", {}))  # made nowhere in particular
    ranges = ranges_of(database, together=20)
    seen = [id_ for read in ranges for id_, _station in read]
    assert Counter(seen) == Counter(ids)  # each exactly once
    where = {station: n for n, read in enumerate(ranges) for _id, station in read}
    for n, read in enumerate(ranges):
        assert all(where[station] == n for _id, station in read)  # no station split
    assert all(20 <= len(read) <= 20 + 3 for read in ranges[:-1])  # cut between stations
    assert {station for _id, station in ranges[0]} >= {None}  # no station: the first range


def test_more_processes_than_ranges_count_the_same(database: Database, data: Dataset) -> None:
    data.add("voting", {"access_granted": "yes"}, station="AKM-1")
    data.add("voting", {"access_granted": "no"}, station="AKM-1")
    assert [len(read) for read in ranges_of(database, together=1000)] == [2]
    one, three = (summarize(database, builtin_forms(), workers=n) for n in (1, 3))
    assert [d.place for d in three.disagreements] == ["AKM-1"]
    assert one.disagreements == three.disagreements
