"""A submission printed as a paper form: the observer's backup and the copy they sign.

The observer's window and `observer-app print` both print here; the coordinator prints any
merged submission the same way.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from observer_app.domain.i18n import Language
from observer_app.domain.submission import Submission
from observer_app.formspec import FormLibrary
from observer_app.reporting.styles import PAPERS
from observer_app.reporting.submission_pdf import write_submission
from observer_app.reporting.words import Words
from observer_app.store.database import Database
from observer_app.store.registry import get_station, get_tec, list_regions
from observer_app.store.submissions import SubmissionNotFound, SubmissionStore
from observer_app.workspace.errors import NotFound, WorkspaceError
from observer_app.workspace.writing import writing


def place_lines(
    database: Database, submission: Submission, language: Language
) -> list[tuple[str, str]]:
    """Where the form was filled, as labelled lines: polling station, TEC, region."""
    _ = Words(language).gettext
    lines: list[tuple[str, str]] = []
    with database.reading() as session:
        regions = {region.code: region for region in list_regions(session)}
        if submission.station_id:
            station = get_station(session, submission.station_id)
            where = submission.station_id
            if station is not None:
                where = f"{station.id} (№ {station.number}), {station.address}"
            lines.append((_("Polling station"), where))
        if submission.tec_id:
            tec = get_tec(session, submission.tec_id)
            lines.append((_("TEC"), tec.name(language) if tec else submission.tec_id))
        if submission.region:
            region = regions.get(submission.region)
            lines.append((_("Region"), region.name(language) if region else submission.region))
    return lines


def print_submission(
    database: Database,
    library: FormLibrary,
    submission_id: uuid.UUID,
    out: Path,
    *,
    language: Language = "en",
    paper: str = "a4",
) -> Submission:
    """Print one submission to `out` (a .pdf); returns what was printed.

    Raises NotFound for an unknown id, WorkspaceError when the mission's forms lack the
    version it was filled with or the file cannot be written.
    """
    if paper not in PAPERS:
        raise WorkspaceError(f"unknown paper size {paper!r}; one of {', '.join(sorted(PAPERS))}")
    if out.suffix.lower() != ".pdf":
        raise WorkspaceError(f"{out}: the file name must end in .pdf")
    try:
        submission = SubmissionStore(database, library).get(submission_id)
    except SubmissionNotFound:
        raise NotFound(f"no submission {submission_id} in {database.url}") from None
    try:
        compiled = library.get(submission.form_id, submission.form_version)
    except KeyError:
        raise WorkspaceError(
            f"submission {submission_id} was filled with {submission.form_id} version "
            f"{submission.form_version}, which this mission's forms do not have"
        ) from None
    place = place_lines(database, submission, language)
    files = SubmissionStore(database, library).attachments(submission_id)
    with writing(out):
        write_submission(
            submission, compiled, out, place=place, language=language, paper=paper, files=files
        )
    return submission
