"""A summary's shares: by polling station, so each place is counted whole in one process."""

from __future__ import annotations

from collections import Counter
from itertools import chain

import pytest

from observer_app.analysis import summarize
from observer_app.analysis.filters import Filters
from observer_app.analysis.observations import place_shares, stream_observations
from observer_app.store import Database
from tests.analysis.factory import Dataset, builtin_forms


def shares_of(
    database: Database, parts: int, together: int = 1000
) -> list[list[list[tuple[str, str | None]]]]:
    """(id, station) of every observation in each range of each share, as the counting
    processes read them."""
    with database.reading() as session:
        connection = session.connection()
        shares = place_shares(connection, parts, head_start=0.04, together=together)
        assert len(shares) == parts  # one per process, always
        return [
            [
                [
                    (o.id, o.station_id)
                    for o in stream_observations(connection, Filters(), places, by_place=True)
                ]
                for places in ranges
            ]
            for ranges in shares
        ]


@pytest.mark.parametrize("parts", [2, 3, 4])
def test_every_observation_is_in_one_share_and_every_station_whole_in_one(
    database: Database, data: Dataset, parts: int
) -> None:
    stations = [s.id for s in data.registry.stations][:40]
    ids = {data.add("voting", {"access_granted": "yes"}, station=s) for s in stations * 3}
    tecs = sorted({s.tec for s in data.registry.stations})[:3]
    ids |= {data.add("tabulation", {}, tec=tec) for tec in tecs}
    ids.add(data.add("incident", {}))  # made nowhere in particular
    in_ranges = shares_of(database, parts, together=20)
    seen = [id_ for ranges in in_ranges for read in ranges for id_, _station in read]
    assert Counter(seen) == Counter(ids)  # each exactly once
    every_range = list(chain.from_iterable(in_ranges))
    where = {station: n for n, read in enumerate(every_range) for _id, station in read}
    for n, read in enumerate(every_range):
        assert all(where[station] == n for _id, station in read)  # no station split
    assert all(len(read) <= 20 + 3 for ranges in in_ranges for read in ranges[:-1])
    shares = [list(chain.from_iterable(ranges)) for ranges in in_ranges]
    first = len(ids) * (1 / parts + 0.04)  # the head start of the process that starts the rest
    even = [first, *[(len(ids) - first) / (parts - 1)] * (parts - 1)]
    for share, size in zip(shares, even, strict=True):
        assert abs(len(share) - size) <= 3  # as even as one station's observations allow
    assert {station for _id, station in shares[0]} >= {None}  # no station: the first share


def test_more_processes_than_stations_leaves_the_extra_shares_empty(
    database: Database, data: Dataset
) -> None:
    data.add("voting", {"access_granted": "yes"}, station="AKM-1")
    data.add("voting", {"access_granted": "no"}, station="AKM-1")
    shares = [list(chain.from_iterable(ranges)) for ranges in shares_of(database, 3)]
    assert [len(share) for share in shares] == [2, 0, 0]
    one, three = (summarize(database, builtin_forms(), workers=n) for n in (1, 3))
    assert [d.place for d in three.disagreements] == ["AKM-1"]
    assert one.disagreements == three.disagreements
