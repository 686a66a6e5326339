"""The per-station results an election commission publishes, read from its CSV or XLSX file.

Columns: `region` (the registry's region code), `number` (the station's number in its
region), `registered`, `ballots_issued`, `valid`, `invalid`, and one column per party
named by the party's id in the counting form (`nur_otan`, `ak_zhol`, ...). A CSV file is
read as the registry's are (UTF-8, "," ";" or tab). Every row is checked and every bad
one named with its file and line; a file with any bad row gives nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from observer_app.domain.registry import RegistryError, check_header, read_table

COLUMNS = ("region", "number", "registered", "ballots_issued", "valid", "invalid")
#: The figures of a row, which must be whole numbers of zero or more.
FIGURES = COLUMNS[2:]


@dataclass(frozen=True)
class OfficialResult:
    """One polling station's published figures."""

    station_id: str
    region: str
    number: int
    registered: int
    ballots_issued: int
    valid: int
    invalid: int
    #: Votes per party, by the party's id.
    votes: dict[str, int]
    line: int

    def figure(self, name: str) -> int | None:
        """A figure by the name analysis.protocols gives it ("valid", "party:adal")."""
        if name.startswith("party:"):
            return self.votes.get(name.removeprefix("party:"))
        value = getattr(self, name, None)
        return value if isinstance(value, int) else None


class ResultsFileError(ValueError):
    """A results file refused: every reason, each as "file:line: reason"."""

    def __init__(self, problems: Sequence[RegistryError]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line, cells as text) of the first sheet of a workbook, blank rows left out."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # only for .xlsx

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise RegistryError(path, None, "file not found") from None
    except Exception as error:  # openpyxl raises many kinds of error for a bad file
        raise RegistryError(path, None, f"not an Excel workbook (.xlsx): {error}") from None
    try:
        sheet = workbook.worksheets[0]
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = [_cell_text(cell) for cell in cells]
            if any(values):
                yield line, values
    finally:
        workbook.close()


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    if path.suffix.lower() == ".xlsx":
        header: list[str] | None = None
        for line, values in _xlsx_rows(path):
            if header is None:
                header = check_header(path, line, values, columns, columns)
                continue
            values = (values + [""] * len(header))[: max(len(header), len(values))]
            if any(values[len(header) :]):
                raise RegistryError(
                    path, line, f"{len(values)} fields, but the header has {len(header)}"
                )
            yield line, dict(zip(header, values[: len(header)], strict=True))
        if header is None:
            raise RegistryError(
                path, None, f"the sheet is empty; expected a header row: {', '.join(columns)}"
            )
        return
    for row in read_table(path, columns, columns):
        yield row.line, row.values


def _whole(text: str) -> int | None:
    stripped = text.replace(" ", "").replace("\u00a0", "")
    if stripped.lstrip("-").isdigit() and stripped.isascii():
        return int(stripped)
    return None


def read_official_results(
    path: Path, stations: Collection[str], parties: Sequence[str]
) -> list[OfficialResult]:
    """Every row of the commission's file, checked; ResultsFileError lists every bad row.

    `stations` are the registry's station ids ("ALA-245"), `parties` the party ids whose
    columns the file must have. Raises RegistryError for a file that cannot be read at all
    (missing, not UTF-8, a bad header).
    """
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise RegistryError(path, None, "a results file must end in .csv or .xlsx")
    columns = (*COLUMNS, *parties)
    results: list[OfficialResult] = []
    problems: list[RegistryError] = []
    first_line: dict[str, int] = {}
    for line, values in _rows(path, columns):
        reasons: list[str] = []
        figures: dict[str, int] = {}
        for column in (*FIGURES, *parties):
            text = values[column]
            number = _whole(text)
            if number is None:
                reasons.append(
                    f"{column} {text!r} is not a whole number" if text else f"{column} is empty"
                )
            elif number < 0:
                reasons.append(f"{column} is negative ({number})")
            else:
                figures[column] = number
        region, number_text = values["region"], values["number"]
        station = f"{region}-{int(number_text) if number_text.isdigit() else number_text}"
        if station not in stations:
            reasons.append(f"unknown polling station {number_text!r} in region {region!r}")
        elif station in first_line:
            reasons.append(
                f"station {station} is given twice (first on line {first_line[station]})"
            )
        else:
            first_line[station] = line
        if not reasons:
            total = sum(figures[party] for party in parties)
            if total != figures["valid"]:
                reasons.append(
                    f"the votes per party add up to {total}, not to the {figures['valid']} "
                    "valid ballots"
                )
        if reasons:
            problems.append(RegistryError(path, line, "; ".join(reasons)))
            continue
        results.append(
            OfficialResult(
                station_id=station,
                region=region,
                number=int(number_text),
                registered=figures["registered"],
                ballots_issued=figures["ballots_issued"],
                valid=figures["valid"],
                invalid=figures["invalid"],
                votes={party: figures[party] for party in parties},
                line=line,
            )
        )
    if problems:
        raise ResultsFileError(problems)
    if not results:
        raise RegistryError(path, None, "no results in the file, only its header")
    return results
