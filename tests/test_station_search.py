"""Finding a polling station as an observer types: by number, region, TEC, address."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observer_app.domain.registry import Registry, read_registry
from observer_app.domain.station_search import StationIndex, home_of, the_one_meant
from tests.conftest import REGISTRY


@pytest.fixture(scope="module")
def index() -> StationIndex:
    return StationIndex(read_registry(REGISTRY))


@pytest.fixture(scope="module")
def registry(index: StationIndex) -> Registry:
    return index.registry


def test_a_number_finds_that_station_first_in_every_region(index: StationIndex) -> None:
    hits = index.search("245")
    assert hits[0].station.number == 245
    exact = [hit for hit in hits if hit.station.number == 245]
    assert len(exact) == len({hit.station.region for hit in exact}) > 1  # one per region
    assert hits[: len(exact)] == exact


def test_region_and_number_narrow_to_one_station(index: StationIndex) -> None:
    hits = index.search("Almaty city 245") or index.search("Алматы қаласы 245")
    assert [hit.station.id for hit in hits if hit.station.number == 245] == ["ALA-245"]


@pytest.mark.parametrize("query", ["алматы", "ALMATY", "Алматы қаласы", "almaty (city)"])
def test_region_names_in_any_language_and_case(index: StationIndex, query: str) -> None:
    hits = index.search(query, limit=20000)
    assert any(hit.station.region == "ALA" for hit in hits)


def test_a_tec_name_finds_its_stations_only(index: StationIndex, registry: Registry) -> None:
    tec = registry.tec("AKM-01")
    hits = index.search(tec.name_kk, limit=20000)
    assert hits
    assert {hit.station.tec for hit in hits} == {"AKM-01"}


def test_an_address_word_finds_stations(index: StationIndex, registry: Registry) -> None:
    station = registry.stations[1234]
    street = station.address.split(",")[1].strip()  # e.g. "ул. Абая"
    hits = index.search(f"{street} {station.number}", limit=20000)
    assert station.id in [hit.station.id for hit in hits]


def test_recent_stations_come_first_and_are_marked(index: StationIndex) -> None:
    hits = index.search("", recent=["SHY-12", "AKM-3"])
    assert [hit.station.id for hit in hits[:2]] == ["SHY-12", "AKM-3"]
    assert hits[0].recent and not hits[2].recent
    assert len(hits) == 200


def test_nothing_found_is_an_empty_list(index: StationIndex) -> None:
    assert index.search("no such place 999999") == []


def test_the_observers_own_region_comes_first_for_a_number(
    index: StationIndex, registry: Registry
) -> None:
    home = home_of(registry, ["ALA-101"])  # the latest visit: Almaty city
    assert home.region == "ALA" and home.tec == registry.station("ALA-101").tec
    hits = index.search("245", recent=["ALA-101"], home=home)
    assert hits[0].station.id == "ALA-245"
    assert the_one_meant("245", hits) == hits[0]


def test_a_number_in_every_region_is_no_choice_without_an_area(index: StationIndex) -> None:
    hits = index.search("245")
    assert sum(hit.exact for hit in hits) > 1
    assert the_one_meant("245", hits) is None


def test_an_empty_search_means_no_station(index: StationIndex) -> None:
    assert the_one_meant("", index.search("", recent=["ALA-101"])) is None
    assert the_one_meant("  ", index.search("  ")) is None


def test_region_and_number_leave_no_doubt(index: StationIndex) -> None:
    hits = index.search("SHY 12")
    assert the_one_meant("SHY 12", hits) == hits[0]
    assert hits[0].station.id == "SHY-12"


def test_a_tec_as_the_latest_place_gives_its_region(registry: Registry) -> None:
    assert home_of(registry, ["no-such-place", "AKM-01"]).region == "AKM"
    assert home_of(registry, []).region is None


@pytest.mark.parametrize("query", ["Almaty city 245", "Алматы қаласы 245", "ALA 245"])
def test_a_region_named_in_the_search_leaves_no_doubt(index: StationIndex, query: str) -> None:
    hits = index.search(query)
    assert sum(hit.exact for hit in hits) >= 1
    meant = the_one_meant(query, hits)
    assert meant is not None and meant.station.id == "ALA-245"


_TYPED = ("Алмалы 12", "245", "Shymkent Абая", "Қарағанды облысы 101", "школа № 7", "almaty 2")


@pytest.mark.parametrize("query", _TYPED)
def test_typing_one_letter_at_a_time_finds_what_the_whole_search_finds(
    registry: Registry, query: str
) -> None:
    """Each keystroke narrows the last keystroke's stations: never to fewer than a fresh
    search finds, nor in another order."""
    typing = StationIndex(registry)
    for length in range(1, len(query) + 1):
        typed = query[:length]
        assert typing.search(typed) == StationIndex(registry).search(typed), typed


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.sampled_from(["", "1", "2", "4", "5", " ", "а", "ал", "№", "Қ", "ы", "x"]), max_size=8
    )
)
def test_any_edits_find_what_a_fresh_search_finds(registry: Registry, keys: list[str]) -> None:
    """Backspaces, new words, a word typed over: whatever came before, the same stations."""
    index = StationIndex(registry)
    query = ""
    for key in keys:
        query = query[:-1] if key == "" else query + key  # "" is a backspace
        assert index.search(query) == StationIndex(registry).search(query), query
