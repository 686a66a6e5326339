"""Importing the files observers hand in: each merged whole or refused with its reason.

The coordinator key is read first (workspace.keys), so a missing or damaged key file is one
clear message, not a refusal of every encrypted file. Files are merged one transaction
each; work asked to stop stops between two files, and every file merged so far stays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from observer_app.domain.shown import one_line
from observer_app.exchange.documents import RefusalKind
from observer_app.exchange.export import bundle_name_parts
from observer_app.exchange.merge import FileResult, Merger, MergeReport, bundle_paths
from observer_app.exchange.mission import MissionError
from observer_app.exchange.rules import Outcome
from observer_app.store.database import Database
from observer_app.workspace.errors import WorkspaceError
from observer_app.workspace.keys import read_coordinator_key
from observer_app.workspace.progress import Progress, ShouldStop

__all__ = ["ImportLine", "ImportReport", "RefusalKind", "import_files", "import_line"]


@dataclass(frozen=True, slots=True)
class ImportLine:
    """What became of one file handed in."""

    name: str
    path: str
    imported: int
    duplicate: int
    updated: int
    stale: int
    conflict: int
    #: Why the file was refused, in words; None when it was merged.
    reason: str | None
    observer: str | None = None
    device: str | None = None
    team: str | None = None
    #: A common refusal by name (a window words it in its language), and what it needs.
    kind: RefusalKind | None = None
    detail: str | None = None
    #: The team and observer are read from the file's name: the file itself was unreadable.
    named_by_file: bool = False
    #: Records of other laptops' submissions in a merged file: refused, not counted.
    foreign: int = 0

    @property
    def rejected(self) -> bool:
        return self.reason is not None


def import_line(result: FileResult) -> ImportLine:
    """The line of a file; whose it is comes from inside it, or else from its name."""
    counts = result.counts
    team, observer, named_by_file = result.team, result.observer, False
    if observer is None and (parts := bundle_name_parts(result.path.name)) is not None:
        team, observer = parts
        named_by_file = True
    return ImportLine(
        name=one_line(result.path.name),
        path=result.shown_path,
        imported=counts[Outcome.IMPORTED],
        duplicate=counts[Outcome.DUPLICATE],
        updated=counts[Outcome.UPDATED],
        stale=counts[Outcome.STALE],
        conflict=counts[Outcome.CONFLICT],
        reason=None if result.reason is None else one_line(result.reason),
        observer=observer,
        device=result.device,
        team=team,
        kind=result.kind,
        detail=result.detail,
        named_by_file=named_by_file,
        foreign=len(result.foreign),
    )


@dataclass
class ImportReport:
    """The merge report, with a line per file; `stopped` when asked to stop before the end."""

    report: MergeReport
    lines: list[ImportLine] = field(default_factory=list)
    #: Files found but not reached because the work was asked to stop.
    not_reached: list[Path] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        return bool(self.not_reached)

    @property
    def totals(self) -> dict[str, int]:
        return self.report.totals


def import_files(
    database: Database,
    paths: Sequence[Path],
    *,
    key_path: Path | None = None,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
    on_file: Callable[[ImportLine], None] | None = None,
) -> ImportReport:
    """Merge the files (a folder: the .zip files in it and below) into the mission's database.

    `on_file` hears what became of each file as soon as it is merged or refused.

    Raises WorkspaceError when nothing is there to merge or the database is not set up for
    a mission, KeyProblem when the coordinator key file is missing or damaged.
    """
    files = bundle_paths(paths)
    if not files:
        shown = ", ".join(str(path) for path in paths)
        raise WorkspaceError(f"no bundles (*.zip) found in {shown}")
    try:
        merger = Merger(database, coordinator_key=None)
    except MissionError as error:
        raise WorkspaceError(str(error)) from None
    merger.coordinator_key = read_coordinator_key(merger.mission, key_path)
    report = MergeReport()
    result = ImportReport(report)
    if should_stop is not None and should_stop():
        result.not_reached = list(files)
        return result
    # The next file is read while this one is written; a stop comes between two files.
    with closing(merger.merging(files)) as merging:
        for done, merged in enumerate(merging, start=1):
            report.files.append(merged)
            line = import_line(merged)
            result.lines.append(line)
            if on_file is not None:
                on_file(line)
            if progress is not None:
                progress(done, len(files))
            if done < len(files) and should_stop is not None and should_stop():
                result.not_reached = list(files[done:])
                break
    return result
