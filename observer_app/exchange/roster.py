"""The teams a mission expects to hand in: an optional roster in the mission package.

`roster/teams.csv` (UTF-8, a header row `team,observers,region`, observers separated by
`;`) lets the coordinator see which teams have handed in nothing yet. A package without it
is read as before: the coordinator then sees only the teams whose files came in.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from observer_app.exchange.documents import Refused

ROSTER = "roster/teams.csv"
ROSTER_SETTING = "roster"
COLUMNS = ("team", "observers", "region")


@dataclass(frozen=True, slots=True)
class RosterTeam:
    """One team the mission expects: its name as its observers type it, who, and where."""

    team: str
    observers: tuple[str, ...]
    region: str

    def to_setting(self) -> dict[str, Any]:
        return {"team": self.team, "observers": list(self.observers), "region": self.region}

    @classmethod
    def from_setting(cls, value: Mapping[str, Any]) -> RosterTeam:
        return cls(str(value["team"]), tuple(value["observers"]), str(value["region"]))


def read_roster(data: bytes, name: str = ROSTER) -> tuple[RosterTeam, ...]:
    """The teams of a roster file; Refused naming the file, the line and the reason."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(f"{name}: not UTF-8 text") from None
    rows = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(rows, [])]
    if tuple(header) != COLUMNS:
        raise Refused(f"{name} line 1: the header must be {','.join(COLUMNS)}")
    teams: list[RosterTeam] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise Refused(f"{name} line {line}: {len(row)} columns, expected {len(COLUMNS)}")
        team, observers, region = (cell.strip() for cell in row)
        if not team:
            raise Refused(f"{name} line {line}: the team is empty")
        if team in seen:
            raise Refused(f"{name} line {line}: team {team!r} is listed twice")
        seen.add(team)
        names = tuple(n.strip() for n in observers.split(";") if n.strip())
        teams.append(RosterTeam(team, names, region))
    return tuple(teams)


def roster_csv(teams: Sequence[RosterTeam]) -> bytes:
    """A roster file for `teams`, as `read_roster` reads it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for team in teams:
        writer.writerow((team.team, "; ".join(team.observers), team.region))
    return out.getvalue().encode("utf-8")
