"""The polling-station registry: the shipped files load, and a broken file says where and why."""

from __future__ import annotations

import csv
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from observer_app.domain.registry import (
    Region,
    Registry,
    RegistryError,
    read_regions,
    read_registry,
    read_stations,
)

SHIPPED = Path(__file__).parents[1] / "resources" / "registry"

# The 17 regions as /work/shared/GLOSSARY.md names them.
GLOSSARY = {
    "AKM": ("Akmola Region", "Акмолинская область", "Ақмола облысы"),
    "AKT": ("Aktobe Region", "Актюбинская область", "Ақтөбе облысы"),
    "ALM": ("Almaty Region", "Алматинская область", "Алматы облысы"),
    "ATY": ("Atyrau Region", "Атырауская область", "Атырау облысы"),
    "VOS": ("East Kazakhstan Region", "Восточно-Казахстанская область", "Шығыс Қазақстан облысы"),
    "ZHA": ("Zhambyl Region", "Жамбылская область", "Жамбыл облысы"),
    "ZAP": ("West Kazakhstan Region", "Западно-Казахстанская область", "Батыс Қазақстан облысы"),
    "KAR": ("Karaganda Region", "Карагандинская область", "Қарағанды облысы"),
    "KUS": ("Kostanay Region", "Костанайская область", "Қостанай облысы"),
    "KZY": ("Kyzylorda Region", "Кызылординская область", "Қызылорда облысы"),
    "MAN": ("Mangystau Region", "Мангистауская область", "Маңғыстау облысы"),
    "PAV": ("Pavlodar Region", "Павлодарская область", "Павлодар облысы"),
    "SEV": (
        "North Kazakhstan Region",
        "Северо-Казахстанская область",
        "Солтүстік Қазақстан облысы",
    ),
    "YUZ": ("Turkistan Region", "Туркестанская область", "Түркістан облысы"),
    "AST": ("Nur-Sultan (city)", "город Нур-Султан", "Нұр-Сұлтан қаласы"),
    "ALA": ("Almaty (city)", "город Алматы", "Алматы қаласы"),
    "SHY": ("Shymkent (city)", "город Шымкент", "Шымкент қаласы"),
}
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

HEADER = "region,tec_code,tec_name_en,tec_name_ru,tec_name_kk,district,number,address,accessible"
TEC = "AKM-01,Kokshetau City TEC,ТИК города Кокшетау,Көкшетау қалалық АСК,г. Кокшетау"
ALA_TEC = "ALA-02,Almaly District TEC,ТИК Алмалинского района,Алмалы аудандық АСК,Алмалинский район"
REGIONS = (
    Region("AKM", "oblast", "Akmola Region", "Акмолинская область", "Ақмола облысы"),
    Region("ALA", "city", "Almaty (city)", "город Алматы", "Алматы қаласы"),
)


@pytest.fixture(scope="module")
def shipped() -> Registry:
    return read_registry(SHIPPED)


def station_line(
    number: object = 1, accessible: str = "yes", region: str = "AKM", tec: str = TEC
) -> str:
    return f'{region},{tec},{number},"г. Кокшетау, ул. Абая, 15, школа-гимназия № 3",{accessible}'


def write(tmp_path: Path, *lines: str, name: str = "stations.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def error(path: Path, regions: tuple[Region, ...] = REGIONS) -> RegistryError:
    with pytest.raises(RegistryError) as caught:
        if path.name == "regions.csv":
            read_regions(path)
        else:
            read_stations(path, regions)
    return caught.value


def assert_error(err: RegistryError, path: Path, line: int | None, *words: str) -> None:
    """The message names the file, the line and the reason."""
    message = str(err)
    assert err.path == path
    assert err.line == line
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert message.startswith(where), message
    for word in words:
        assert word in err.reason, message


# The shipped registry ------------------------------------------------------------------


def test_shipped_registry_has_the_glossarys_17_regions(shipped: Registry) -> None:
    assert len(shipped.regions) == 17
    names = {r.code: (r.name_en, r.name_ru, r.name_kk) for r in shipped.regions}
    assert names == GLOSSARY
    kinds = {r.code: r.kind for r in shipped.regions}
    assert sorted(code for code, kind in kinds.items() if kind == "city") == ["ALA", "AST", "SHY"]


def test_shipped_registry_has_about_ten_thousand_stations(shipped: Registry) -> None:
    assert 9_000 <= len(shipped.stations) <= 11_000
    assert len({s.id for s in shipped.stations}) == len(shipped.stations)
    for station in shipped.stations:
        assert station.id == f"{station.region}-{station.number}"
        assert station.address and station.district


def test_every_station_belongs_to_a_tec_of_its_own_region(shipped: Registry) -> None:
    for station in shipped.stations:
        assert shipped.tec(station.tec).region == station.region, station


def test_every_region_has_tecs_and_stations(shipped: Registry) -> None:
    with_stations = {s.region for s in shipped.stations}
    with_tecs = {t.region for t in shipped.tecs}
    assert with_stations == with_tecs == set(GLOSSARY)
    assert len({t.code for t in shipped.tecs}) == len(shipped.tecs)


def test_big_regions_have_more_stations_than_small_ones(shipped: Registry) -> None:
    count = {code: 0 for code in GLOSSARY}
    for station in shipped.stations:
        count[station.region] += 1
    smallest_big = min(count[c] for c in ("ALA", "YUZ", "ALM", "AST", "SHY", "KAR"))
    largest_small = max(count[c] for c in ("ATY", "MAN", "KZY", "SEV"))
    assert smallest_big > largest_small


def test_shipped_accessibility_is_mostly_known(shipped: Registry) -> None:
    values = [s.accessible for s in shipped.stations]
    share = {v: values.count(v) / len(values) for v in (True, False, None)}
    assert 0.5 < share[True] < 0.7
    assert 0.2 < share[False] < 0.4
    assert 0.05 < share[None] < 0.15


def test_kazakh_names_use_kazakh_letters(shipped: Registry) -> None:
    region_names = "".join(r.name_kk for r in shipped.regions)
    tec_names = "".join(t.name_kk for t in shipped.tecs)
    assert KAZAKH_LETTERS & set(region_names)
    assert KAZAKH_LETTERS & set(tec_names)
    assert all(t.name_kk.endswith(("аудандық АСК", "қалалық АСК")) for t in shipped.tecs)


def test_names_in_each_language(shipped: Registry) -> None:
    region = shipped.region("AKM")
    assert region.name("en") == "Akmola Region"
    assert region.name("ru") == "Акмолинская область"
    assert region.name("kk") == "Ақмола облысы"
    assert region.name("de") == "Akmola Region"
    tec = next(t for t in shipped.tecs if t.name_en == "Burabay District TEC")
    assert tec.region == "AKM"
    assert tec.name("ru") == "ТИК Бурабайского района"
    assert tec.name("kk") == "Бурабай аудандық АСК"
    assert tec.name("xx") == "Burabay District TEC"


def test_lookups_raise_key_error_when_absent(shipped: Registry) -> None:
    first = shipped.stations[0]
    assert shipped.station(first.id) is first
    for lookup, key in (
        (shipped.region, "XXX"),
        (shipped.tec, "XXX-99"),
        (shipped.station, "AKM-0"),
    ):
        with pytest.raises(KeyError):
            lookup(key)


def test_generator_is_deterministic(tmp_path: Path) -> None:
    """make_stations.py, run on a copy, writes the very file that ships."""
    for name in ("make_stations.py", "regions.csv"):
        (tmp_path / name).write_bytes((SHIPPED / name).read_bytes())
    subprocess.run(
        [sys.executable, str(tmp_path / "make_stations.py")], check=True, capture_output=True
    )
    assert (tmp_path / "stations.csv").read_bytes() == (SHIPPED / "stations.csv").read_bytes()


# Files a coordinator may bring ---------------------------------------------------------


def test_semicolon_file_with_bom_loads(tmp_path: Path) -> None:
    """Excel in a Russian locale writes ";" and a UTF-8 byte order mark."""
    semicolon_tec = TEC.replace(",", ";")
    text = f"{HEADER.replace(',', ';')}\r\nAKM;{semicolon_tec};7;г. Кокшетау, ул. Абая, 15;да\r\n"
    path = tmp_path / "stations.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    tecs, stations = read_stations(path, REGIONS)
    assert [s.id for s in stations] == ["AKM-7"]
    assert stations[0].address == "г. Кокшетау, ул. Абая, 15"
    assert stations[0].accessible is True
    assert tecs[0].name_kk == "Көкшетау қалалық АСК"


def test_semicolon_file_keeps_commas_inside_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER.replace(",", ";"),
        f"AKM;{TEC.replace(',', ';')};7;г. Кокшетау, ул. Абая, 15, школа № 3;",
    )
    _, stations = read_stations(path, REGIONS)
    assert stations[0].address == "г. Кокшетау, ул. Абая, 15, школа № 3"
    assert stations[0].accessible is None


def test_bom_regions_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    content = (SHIPPED / "regions.csv").read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    regions = read_regions(path)
    assert len(regions) == 17
    assert regions[0].code == "AKM"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("no", False),
        ("", None),
        ("да", True),
        ("Нет", False),
        ("ДА", True),
        ("иә", True),
        ("Жоқ", False),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
        ("  Yes  ", True),
    ],
)
def test_accessible_values(tmp_path: Path, value: str, expected: bool | None) -> None:
    path = write(tmp_path, HEADER, station_line(accessible=value))
    _, stations = read_stations(path, REGIONS)
    assert stations[0].accessible is expected


def test_fields_are_stripped_and_empty_lines_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        " region , tec_code ," + HEADER.split(",", 2)[2],
        "",
        " AKM , AKM-01 , Kokshetau City TEC , ТИК города Кокшетау ,Көкшетау қалалық АСК,,"
        " 12 , ул. Абая ,",
        ",,,,,,,,",
    )
    tecs, stations = read_stations(path, REGIONS)
    assert stations[0].id == "AKM-12"
    assert stations[0].tec == "AKM-01"
    assert stations[0].address == "ул. Абая"
    assert tecs[0].name_ru == "ТИК города Кокшетау"


def test_missing_tec_names_fall_back_to_russian(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER,
        "AKM,AKM-02,,ТИК Бурабайского района,,,1,г. Щучинск,",
        "AKM,AKM-02,,ТИК Бурабайского района,Бурабай аудандық АСК,,2,г. Щучинск,",
    )
    tecs, _ = read_stations(path, REGIONS)
    assert tecs[0].name_en == "ТИК Бурабайского района"
    assert tecs[0].name_kk == "Бурабай аудандық АСК"


def test_optional_columns_may_be_left_out(tmp_path: Path) -> None:
    path = write(
        tmp_path, "region,tec_code,tec_name_ru,number,address", "ALA,ALA-01,ТИК,5,г. Алматы"
    )
    tecs, stations = read_stations(path, REGIONS)
    assert stations[0].id == "ALA-5"
    assert stations[0].district == ""
    assert stations[0].accessible is None
    assert tecs[0].name("en") == "ТИК"


def test_registry_from_a_directory(tmp_path: Path) -> None:
    (tmp_path / "regions.csv").write_bytes((SHIPPED / "regions.csv").read_bytes())
    write(tmp_path, HEADER, station_line(3), station_line(4, region="ALA", tec=ALA_TEC))
    registry = read_registry(tmp_path)
    assert len(registry.regions) == 17
    assert [s.id for s in registry.stations] == ["AKM-3", "ALA-4"]


def test_registry_error_survives_pickling(tmp_path: Path) -> None:
    err = RegistryError(tmp_path / "stations.csv", 3, "bad")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.path, copy.line, copy.reason, str(copy)) == (err.path, 3, "bad", str(err))
    assert str(RegistryError(Path("x.csv"), None, "file not found")) == "x.csv: file not found"


# Errors: each names the file, the line and the reason ---------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "stations.csv"
    assert_error(error(path), path, None, "file not found")
    with pytest.raises(RegistryError) as caught:
        read_registry(tmp_path)
    assert_error(caught.value, tmp_path / "regions.csv", None, "file not found")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "stations.csv"
    text = "\n".join((HEADER, station_line(1), station_line(2)))
    # as Excel's plain "CSV" writes it in a Russian locale (Kazakh letters become "?")
    path.write_bytes(text.encode("cp1251", errors="replace"))
    assert_error(error(path), path, 2, "not UTF-8")


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    assert_error(error(path), path, None, "empty", "region")


def test_missing_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "region,tec_code,tec_name_en,district,address", station_line())
    assert_error(error(path), path, 1, "missing column(s): tec_name_ru, number")


def test_unknown_columns(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + ",oblast,comment", station_line())
    assert_error(error(path), path, 1, "unknown column(s): oblast, comment")


def test_missing_region_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "code,kind,name_en,name_ru", "AKM,oblast,A,B", name="regions.csv")
    assert_error(error(path), path, 1, "missing column(s): name_kk")


def test_unknown_region_kind(tmp_path: Path) -> None:
    path = write(
        tmp_path, "code,kind,name_en,name_ru,name_kk", "AKM,province,A,Б,В", name="regions.csv"
    )
    assert_error(error(path), path, 2, "kind 'province'")


def test_duplicate_region_code(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "code,kind,name_en,name_ru,name_kk",
        "AKM,oblast,A,Б,В",
        "AKM,oblast,A,Б,В",
        name="regions.csv",
    )
    assert_error(error(path), path, 3, "duplicate region code AKM", "line 2")


def test_unknown_region_code(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, station_line(1), station_line(2, region="XYZ"))
    assert_error(error(path), path, 3, "unknown region code 'XYZ'")


@pytest.mark.parametrize("number", ["0", "-4", "12a", "1.5", "7 8"])
def test_number_not_a_positive_integer(tmp_path: Path, number: str) -> None:
    path = write(tmp_path, HEADER, station_line(1), station_line(number))
    assert_error(error(path), path, 3, f"number '{number}' is not a positive integer")


def test_duplicate_number_within_a_region(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, station_line(5), station_line(6), station_line(5))
    assert_error(error(path), path, 4, "duplicate station number 5 in region AKM", "line 2")


def test_same_number_in_two_regions_is_fine(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER,
        station_line(5),
        f"ALA,{ALA_TEC},5,ул. Толе би,",
    )
    _, stations = read_stations(path, REGIONS)
    assert [s.id for s in stations] == ["AKM-5", "ALA-5"]


@pytest.mark.parametrize("column", ["region", "tec_code", "tec_name_ru", "number", "address"])
def test_empty_required_field(tmp_path: Path, column: str) -> None:
    values = dict(zip(HEADER.split(","), next(csv.reader([station_line(9)])), strict=True))
    values[column] = "  "
    path = write(tmp_path, HEADER, station_line(1), ",".join(f'"{v}"' for v in values.values()))
    assert_error(error(path), path, 3, f"empty required field '{column}'")


def test_accessible_not_allowed(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, station_line(1, accessible="maybe"))
    assert_error(error(path), path, 2, "accessible 'maybe'", "yes, no")


def test_tec_in_two_regions(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, station_line(1), station_line(2, region="ALA"))
    assert_error(error(path), path, 3, "TEC AKM-01", "ALA", "AKM", "line 2")


def test_tec_with_two_names(tmp_path: Path) -> None:
    other = station_line(2).replace("ТИК города Кокшетау", "ТИК Кокшетау")
    path = write(tmp_path, HEADER, station_line(1), other)
    assert_error(error(path), path, 3, "TEC AKM-01", "tec_name_ru", "ТИК Кокшетау", "line 2")


def test_no_station_rows(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER)
    assert_error(error(path), path, None, "no station rows")


def test_no_region_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "code,kind,name_en,name_ru,name_kk", name="regions.csv")
    assert_error(error(path), path, None, "no region rows")


def test_wrong_number_of_fields(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, station_line(1), "AKM,AKM-01,x,y")
    assert_error(error(path), path, 3, "4 fields", "header has 9")


def test_unclosed_quote_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "stations.csv"
    path.write_text(HEADER + "\n" + station_line(1) + '\nAKM,"AKM-01\n', encoding="utf-8")
    assert_error(error(path), path, 3, "never closed")


def test_stray_quote_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, station_line(1), 'AKM,AKM-01,"a"b,c,d,e,2,f,')
    assert_error(error(path), path, 3, "not well-formed CSV")


def test_column_given_twice(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + ",address", station_line() + ",again")
    assert_error(error(path), path, 1, "column(s) given twice: address")


def test_empty_columns_right_of_the_table_are_ignored(tmp_path: Path) -> None:
    """Excel leaves them when cells beside the table were once touched."""
    path = write(tmp_path, HEADER.replace(",", ";") + ";;", f"AKM;{TEC.replace(',', ';')};3;x;;;")
    _, stations = read_stations(path, REGIONS)
    assert [s.id for s in stations] == ["AKM-3"]
