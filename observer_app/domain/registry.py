"""The polling-station registry (regions, TECs, stations) read from a coordinator's CSV files."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REGIONS_FILE = "regions.csv"
STATIONS_FILE = "stations.csv"

REGION_COLUMNS = ("code", "kind", "name_en", "name_ru", "name_kk")
REGION_KINDS = ("oblast", "city")
STATION_COLUMNS = (
    "region",
    "tec_code",
    "tec_name_en",
    "tec_name_ru",
    "tec_name_kk",
    "district",
    "number",
    "address",
    "accessible",
)
STATION_REQUIRED = ("region", "tec_code", "tec_name_ru", "number", "address")

# Answers a coordinator may type in the `accessible` column, in the app's three languages.
ACCESSIBLE_VALUES: dict[str, bool | None] = {
    "": None,
    "yes": True,
    "no": False,
    "да": True,
    "нет": False,
    "иә": True,
    "жоқ": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
}

_DELIMITERS = (",", ";", "\t")
_POSITIVE_INTEGER = re.compile(r"[0-9]+")


def _pick(language: str, en: str, ru: str, kk: str) -> str:
    return {"ru": ru, "kk": kk}.get(language, en)


@dataclass(frozen=True, slots=True)
class Region:
    """An oblast or a city of republican significance; `code` is e.g. "AKM"."""

    code: str
    kind: str
    name_en: str
    name_ru: str
    name_kk: str

    def name(self, language: str) -> str:
        """The name in "en", "ru" or "kk"; English for any other language."""
        return _pick(language, self.name_en, self.name_ru, self.name_kk)


@dataclass(frozen=True, slots=True)
class Tec:
    """A territorial election commission (a district's or a city's), e.g. "AKM-01"."""

    code: str
    region: str
    name_en: str
    name_ru: str
    name_kk: str

    def name(self, language: str) -> str:
        """The name in "en", "ru" or "kk"; English for any other language."""
        return _pick(language, self.name_en, self.name_ru, self.name_kk)


@dataclass(frozen=True, slots=True)
class Station:
    """A polling station; `id` is f"{region}-{number}", numbers being unique within a region."""

    id: str
    number: int
    region: str
    tec: str
    district: str
    address: str
    accessible: bool | None


@dataclass(frozen=True)
class Registry:
    """Everything the registry files hold, with look-ups by code and by station id."""

    regions: tuple[Region, ...]
    tecs: tuple[Tec, ...]
    stations: tuple[Station, ...]
    _regions: dict[str, Region] = field(init=False, repr=False, compare=False)
    _tecs: dict[str, Tec] = field(init=False, repr=False, compare=False)
    _stations: dict[str, Station] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_regions", {r.code: r for r in self.regions})
        object.__setattr__(self, "_tecs", {t.code: t for t in self.tecs})
        object.__setattr__(self, "_stations", {s.id: s for s in self.stations})

    def region(self, code: str) -> Region:
        """The region with `code`; KeyError if there is none."""
        return self._regions[code]

    def tec(self, code: str) -> Tec:
        """The TEC with `code`; KeyError if there is none."""
        return self._tecs[code]

    def station(self, id: str) -> Station:
        """The station with `id` ("AKM-123"); KeyError if there is none."""
        return self._stations[id]


class RegistryError(ValueError):
    """A registry file that cannot be read, with the file, the line (1-based) and the reason."""

    def __init__(self, path: Path, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line is not None else f"{path}"
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type[RegistryError], tuple[Path, int | None, str]]:
        return (type(self), (self.path, self.line, self.reason))


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RegistryError(path, None, "file not found") from None
    except OSError as exc:
        raise RegistryError(path, None, f"cannot read the file: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = (
            f"not UTF-8 text (byte 0x{data[exc.start]:02X}); "
            'save it as "CSV UTF-8" or "Unicode (UTF-8)"'
        )
        raise RegistryError(path, line, reason) from None


def _delimiter(header_line: str) -> str:
    """The separator that the header line uses most: Excel writes ";" in Russian locales."""
    return max(_DELIMITERS, key=header_line.count)


def _rows(path: Path, known: Sequence[str], required: Sequence[str]) -> Iterator[_Row]:
    """The data rows of a CSV file as column -> stripped value, after checking its header."""
    text = _read_text(path)
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise RegistryError(
            path, None, f"the file is empty; expected a header line: {', '.join(known)}"
        )
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(lines[header_index]), strict=True
    )
    header: list[str] | None = None
    last = 0
    try:
        for fields in reader:
            line = last + 1
            last = reader.line_num
            values = [value.strip() for value in fields]
            if not any(values):
                continue
            if header is None:
                header = _check_header(path, line, values, known, required)
                continue
            if len(values) > len(header) and not any(values[len(header) :]):
                values = values[: len(header)]  # empty cells right of the table, as Excel leaves
            if len(values) != len(header):
                raise RegistryError(
                    path, line, f"{len(values)} fields, but the header has {len(header)}"
                )
            yield _Row(line, dict(zip(header, values, strict=True)))
    except csv.Error as exc:
        if "end of data" in str(exc):
            reason = 'a quote (") opened on this line is never closed'
        else:
            reason = f"not well-formed CSV ({exc})"
        raise RegistryError(path, last + 1, reason) from None


def read_table(path: Path, known: Sequence[str], required: Sequence[str]) -> Iterator[_Row]:
    """The data rows of any coordinator's CSV file read as the registry's are: UTF-8 (with or
    without a BOM), separated by ",", ";" or tabs, the header checked against `known`
    and `required`. Raises RegistryError with the file, the line and the reason."""
    return _rows(path, known, required)


def check_header(
    path: Path, line: int, names: list[str], known: Sequence[str], required: Sequence[str]
) -> list[str]:
    """A header line's column names, lower-cased, or RegistryError naming what is wrong."""
    return _check_header(path, line, names, known, required)


def _check_header(
    path: Path, line: int, names: list[str], known: Sequence[str], required: Sequence[str]
) -> list[str]:
    header = [name.lower() for name in names]
    while header and not header[-1]:
        header.pop()  # empty cells right of the table, as Excel leaves
    unknown = [name or "(empty)" for name in header if name not in known]
    if unknown:
        raise RegistryError(
            path,
            line,
            f"unknown column(s): {', '.join(unknown)}; the columns are: {', '.join(known)}",
        )
    missing = [name for name in required if name not in header]
    if missing:
        raise RegistryError(path, line, f"missing column(s): {', '.join(missing)}")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise RegistryError(path, line, f"column(s) given twice: {', '.join(repeated)}")
    return header


def _require(path: Path, row: _Row, columns: Sequence[str]) -> None:
    for column in columns:
        if not row.values.get(column):
            raise RegistryError(path, row.line, f"empty required field '{column}'")


def read_regions(path: Path) -> tuple[Region, ...]:
    """The regions of regions.csv (code, kind, name_en, name_ru, name_kk), in file order."""
    regions: list[Region] = []
    first_line: dict[str, int] = {}
    for row in _rows(path, REGION_COLUMNS, REGION_COLUMNS):
        _require(path, row, REGION_COLUMNS)
        code, kind = row.values["code"].upper(), row.values["kind"].lower()
        if kind not in REGION_KINDS:
            raise RegistryError(
                path, row.line, f"kind '{row.values['kind']}' is not one of: oblast, city"
            )
        if code in first_line:
            raise RegistryError(
                path, row.line, f"duplicate region code {code} (first on line {first_line[code]})"
            )
        first_line[code] = row.line
        regions.append(
            Region(
                code=code,
                kind=kind,
                name_en=row.values["name_en"],
                name_ru=row.values["name_ru"],
                name_kk=row.values["name_kk"],
            )
        )
    if not regions:
        raise RegistryError(path, None, "no region rows under the header")
    return tuple(regions)


@dataclass
class _TecSeen:
    line: int
    region: str
    names: dict[str, tuple[str, int]]  # column -> (name, line); an empty one may be filled later


def read_stations(
    path: Path, regions: Sequence[Region]
) -> tuple[tuple[Tec, ...], tuple[Station, ...]]:
    """The TECs (in order of first mention) and stations (in file order) of stations.csv.

    An empty tec_name_en or tec_name_kk falls back to tec_name_ru.
    """
    region_codes = {region.code for region in regions}
    tecs: dict[str, _TecSeen] = {}
    numbers: dict[tuple[str, int], int] = {}
    stations: list[Station] = []
    for row in _rows(path, STATION_COLUMNS, STATION_REQUIRED):
        _require(path, row, STATION_REQUIRED)
        values = row.values
        region = values["region"].upper()
        if region not in region_codes:
            raise RegistryError(
                path, row.line, f"unknown region code '{values['region']}' (not in {REGIONS_FILE})"
            )
        number = _number(path, row)
        earlier = numbers.setdefault((region, number), row.line)
        if earlier != row.line:
            raise RegistryError(
                path,
                row.line,
                f"duplicate station number {number} in region {region} (first on line {earlier})",
            )
        _note_tec(path, row, region, tecs)
        stations.append(
            Station(
                id=f"{region}-{number}",
                number=number,
                region=region,
                tec=values["tec_code"],
                district=values.get("district", ""),
                address=values["address"],
                accessible=_accessible(path, row),
            )
        )
    if not stations:
        raise RegistryError(path, None, "no station rows under the header")
    return (
        tuple(
            Tec(
                code=code,
                region=seen.region,
                name_en=seen.names["tec_name_en"][0] or seen.names["tec_name_ru"][0],
                name_ru=seen.names["tec_name_ru"][0],
                name_kk=seen.names["tec_name_kk"][0] or seen.names["tec_name_ru"][0],
            )
            for code, seen in tecs.items()
        ),
        tuple(stations),
    )


def _number(path: Path, row: _Row) -> int:
    text = row.values["number"]
    if not _POSITIVE_INTEGER.fullmatch(text) or int(text) == 0:
        raise RegistryError(path, row.line, f"number '{text}' is not a positive integer")
    return int(text)


def _accessible(path: Path, row: _Row) -> bool | None:
    text = row.values.get("accessible", "")
    try:
        return ACCESSIBLE_VALUES[text.casefold()]
    except KeyError:
        raise RegistryError(
            path,
            row.line,
            f"accessible '{text}' is not one of: yes, no, empty "
            "(or да/нет, иә/жоқ, true/false, 1/0)",
        ) from None


def _note_tec(path: Path, row: _Row, region: str, tecs: dict[str, _TecSeen]) -> None:
    """Record the row's TEC, or check that it agrees with the TEC's earlier rows."""
    code = row.values["tec_code"]
    names = {c: row.values.get(c, "") for c in ("tec_name_en", "tec_name_ru", "tec_name_kk")}
    seen = tecs.get(code)
    if seen is None:
        tecs[code] = _TecSeen(row.line, region, {c: (n, row.line) for c, n in names.items()})
        return
    if seen.region != region:
        raise RegistryError(
            path,
            row.line,
            f"TEC {code} is in region {region} here but in {seen.region} on line {seen.line}",
        )
    for column, name in names.items():
        known, line = seen.names[column]
        if name and known and name != known:
            raise RegistryError(
                path,
                row.line,
                f"TEC {code} has {column} '{name}' here but '{known}' on line {line}",
            )
        if name and not known:
            seen.names[column] = (name, row.line)


def read_registry(directory: Path) -> Registry:
    """The registry in `directory`: its regions.csv and stations.csv."""
    regions = read_regions(directory / REGIONS_FILE)
    tecs, stations = read_stations(directory / STATIONS_FILE, regions)
    return Registry(regions=regions, tecs=tecs, stations=stations)
