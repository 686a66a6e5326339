"""The demo mission, run as a coordinator would: the teams' files merged, the summary printed.

What a newcomer runs first (`observer-app demo`), and what the desktop build's own check
runs: the same import and the same summary as a real coordinator's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from observer_app.domain.i18n import Language
from observer_app.exchange.demo import DemoMission, build_demo_mission
from observer_app.exchange.mission import install_mission
from observer_app.store.database import open_database
from observer_app.workspace.coordinator import CoordinatorWorkspace
from observer_app.workspace.demo_results import draw_demo_sample, write_official_results
from observer_app.workspace.errors import WorkspaceError
from observer_app.workspace.imports import ImportReport

DATABASE_FILE = "coordinator.sqlite3"
#: The demo's accidents (a file handed in twice, a corrected one, a conflict, a file cut
#: short) happen to its 2nd to 9th teams, so it needs at least this many.
FEWEST_TEAMS = 9
MOST_TEAMS = 2000
#: The turnout the demo's commission publishes through the day, running ahead of what the
#: PECs tell the observers as the day goes on.
PUBLISHED_TURNOUT = ("10:00=14.9", "12:00=25.2", "14:00=36.0", "16:00=47.5", "18:00=58.1")


@dataclass(frozen=True)
class DemoRun:
    mission: DemoMission
    database_url: str
    database_path: Path
    imported: ImportReport
    pdf: Path
    pages: int
    #: The commission's file of the demo and the stations published unlike the copy.
    official: Path
    altered: list[str]


def make_mission(folder: Path, *, teams: int, seed: int) -> DemoMission:
    """The mission package, the coordinator key and every team's files, in `folder`."""
    if folder.exists() and not folder.is_dir():
        raise WorkspaceError(f"{folder} is a file, not a folder")
    if not FEWEST_TEAMS <= teams <= MOST_TEAMS:
        raise WorkspaceError(
            f"--teams {teams}: the demo needs {FEWEST_TEAMS} to {MOST_TEAMS} teams "
            "(its accidents happen to teams 2 to 9)"
        )
    return build_demo_mission(folder, teams=teams, seed=seed, pvt=draw_demo_sample)


def run_demo(mission: DemoMission, *, language: Language = "en") -> DemoRun:
    """Merge the teams' files into a new coordinator database and print the summary."""
    folder = mission.folder
    database_path = folder / DATABASE_FILE
    for leftover in folder.glob(f"{DATABASE_FILE}*"):
        leftover.unlink()
    database = open_database(f"sqlite:///{database_path}")
    workspace = CoordinatorWorkspace(database, mission.package.forms, mission.key_file)
    try:
        with database.transaction() as session:
            install_mission(session, mission.package)
        imported = workspace.import_files(mission.bundles)
        official = folder / "official-results.csv"
        regions = sorted({team.region for team in mission.teams})
        altered = write_official_results(database, workspace.forms, official, regions, 2021)
        workspace.import_official_results(official)
        workspace.record_published_turnout(PUBLISHED_TURNOUT)
        pdf = folder / "summary.pdf"
        _summary, pages = workspace.write_pdf(pdf, language=language)
    finally:
        workspace.close()
    return DemoRun(mission, database.url, database_path, imported, pdf, pages, official, altered)
