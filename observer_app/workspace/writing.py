"""What a coordinator writes out: the PDF summary, its Word draft and the tables, under the
dashboard's filters.

Both count afresh, so what is written is what the database holds now; the file is checked
before the counting starts, so a wrong name or folder is said at once, not after a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from observer_app.analysis.filters import Filters, Unit
from observer_app.analysis.selection import selected_observations
from observer_app.analysis.summary import Summary
from observer_app.domain.i18n import Language
from observer_app.reporting.fonts import FontMissing
from observer_app.reporting.styles import PAPERS
from observer_app.reporting.summary_docx import write_summary_docx
from observer_app.reporting.summary_pdf import write_summary
from observer_app.reporting.tables import ExportError, export_tables
from observer_app.workspace.errors import WorkspaceError, writing_file
from observer_app.workspace.progress import Progress

if TYPE_CHECKING:
    from observer_app.workspace.coordinator import CoordinatorWorkspace


def checked_out(out: Path, suffixes: tuple[str, ...]) -> Path:
    """`out` when its name ends in one of `suffixes` and its folder exists."""
    if out.suffix.lower() not in suffixes:
        raise WorkspaceError(f"{out}: the file name must end in {' or '.join(suffixes)}")
    if not out.parent.is_dir():
        raise WorkspaceError(f"{out}: folder {out.parent} does not exist")
    return out


@contextmanager
def writing(out: Path) -> Iterator[None]:
    """Turn what can go wrong while a file is written into one line naming the file."""
    try:
        with writing_file(out):
            yield
    except (ExportError, FontMissing) as error:
        raise WorkspaceError(str(error)) from None


def write_summary_pdf(
    workspace: CoordinatorWorkspace,
    out: Path,
    filters: Filters | None,
    unit: Unit,
    *,
    language: Language,
    paper: str,
    progress: Progress | None,
) -> tuple[Summary, int]:
    checked_out(out, (".pdf",))
    if paper not in PAPERS:
        raise WorkspaceError(f"unknown paper size {paper!r}; one of {', '.join(sorted(PAPERS))}")
    summary = workspace.summary(filters, unit, progress=progress)
    results = workspace.results(language)
    with writing(out):
        pages = write_summary(summary, out, language, paper, results)
    return summary, pages


def write_summary_draft(
    workspace: CoordinatorWorkspace,
    out: Path,
    filters: Filters | None,
    unit: Unit,
    *,
    language: Language,
    progress: Progress | None,
) -> Summary:
    checked_out(out, (".docx",))
    summary = workspace.summary(filters, unit, progress=progress)
    with writing(out):
        write_summary_docx(summary, out, language)
    return summary


def write_tables(
    workspace: CoordinatorWorkspace,
    out: Path,
    filters: Filters | None,
    *,
    language: Language,
    progress: Progress | None,
) -> list[Path]:
    checked_out(out, (".csv", ".xlsx"))
    filters = filters or Filters()
    summary = workspace.summary(filters, Unit.OBSERVATION, progress=progress)
    total = summary.coverage.observations

    def rows_written(done: int) -> None:
        if progress is not None:
            progress(done, max(done, total))

    with writing(out):
        return export_tables(
            selected_observations(workspace.database, workspace.forms, filters, kept=False),
            workspace.forms,
            out,
            summary=summary,
            language=language,
            progress=rows_written,
        )
