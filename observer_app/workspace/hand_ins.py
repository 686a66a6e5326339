"""Who has handed in and who has not: per team, the last file merged and when it was made.

The mission package's roster (when it has one) names the teams expected; a team on it with
no file yet is listed first, so the coordinator can call it. Teams whose files came in but
that the roster does not name are listed too, marked as not on the roster.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from observer_app.exchange.roster import ROSTER_SETTING, RosterTeam
from observer_app.store.database import Database
from observer_app.store.models import BundleRow
from observer_app.store.settings import get_setting


@dataclass(frozen=True, slots=True)
class TeamHandIn:
    """One team: whom the roster names, and the last file of theirs merged here."""

    team: str
    region: str
    observers: tuple[str, ...]
    on_roster: bool
    files: int
    #: The observer who made the last file, when it was made (their clock) and merged.
    last_observer: str | None
    last_made_at: datetime | None
    last_merged_at: datetime | None

    @property
    def handed_in(self) -> bool:
        return self.files > 0


def team_hand_ins(database: Database) -> list[TeamHandIn]:
    """Every team of the roster and every team seen in a file: nothing handed in first."""
    with database.reading() as session:
        roster = [RosterTeam.from_setting(v) for v in get_setting(session, ROSTER_SETTING, [])]
        bundles = session.execute(
            select(BundleRow.team, BundleRow.observer, BundleRow.created_at, BundleRow.merged_at)
        ).all()
    last: dict[str, tuple[str, datetime, datetime]] = {}
    counts: dict[str, int] = {}
    for team, observer, made_at, merged_at in bundles:
        counts[team] = counts.get(team, 0) + 1
        if team not in last or made_at > last[team][1]:
            last[team] = (observer, made_at, merged_at)
    expected = {entry.team: entry for entry in roster}
    lines = [
        _line(team, expected.get(team), counts.get(team, 0), last.get(team))
        for team in [*expected, *sorted(set(counts) - set(expected))]
    ]
    return sorted(lines, key=lambda line: (line.handed_in, not line.on_roster, line.team))


def _line(
    team: str,
    entry: RosterTeam | None,
    files: int,
    last: tuple[str, datetime, datetime] | None,
) -> TeamHandIn:
    return TeamHandIn(
        team=team,
        region=entry.region if entry else "",
        observers=entry.observers if entry else (),
        on_roster=entry is not None,
        files=files,
        last_observer=last[0] if last else None,
        last_made_at=last[1] if last else None,
        last_merged_at=last[2] if last else None,
    )
