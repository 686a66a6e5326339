"""The coordinator's desk: the mission's database, its forms and the coordinator key.

Every coordinator use case starts here, for the window and the command line alike: import
the files handed in, count the findings under filters, list the observations behind a
finding, read a submission, settle conflicts, and write the PDF summary or the tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from observer_app.analysis.filters import FilterError, Filters, Unit
from observer_app.analysis.protocols import Restoration
from observer_app.analysis.results import ResultsData
from observer_app.analysis.summary import Summary, summarize
from observer_app.domain.i18n import Language
from observer_app.exchange.review import ConflictDecision
from observer_app.store.database import open_database
from observer_app.store.models import SubmissionRow
from observer_app.store.registry import load_registry
from observer_app.store.settings import get_observer
from observer_app.workspace import conflicts as review
from observer_app.workspace import findings, imports, official, quarantine, records
from observer_app.workspace.errors import WorkspaceError
from observer_app.workspace.forms import database_forms
from observer_app.workspace.hand_ins import TeamHandIn, team_hand_ins
from observer_app.workspace.opened import OpenDatabase
from observer_app.workspace.progress import Progress, ShouldStop
from observer_app.workspace.results import record_published_turnout, results_data


@dataclass(frozen=True)
class FilterChoices:
    """What the filters offer: (code, name) of regions and forms, and the teams seen."""

    regions: list[tuple[str, str]]
    forms: list[tuple[str, str]]
    teams: list[str]


@dataclass
class CoordinatorWorkspace(OpenDatabase):
    #: A coordinator key file the user named; None: the one in the data folder.
    key_path: Path | None = None

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        key_path: Path | None = None,
        forms_folder: Path | None = None,
    ) -> CoordinatorWorkspace:
        """The database at `url` (the user's own by default) with the forms it is read with."""
        database = open_database(url)
        try:
            library = database_forms(database, forms_folder)
        except WorkspaceError:
            database.close()
            raise
        return cls(database, library, key_path)

    def coordinator_name(self) -> str:
        """The name given at the first run on this computer ("" when none was): who decides
        conflicts here, unless they write another name."""
        with self.database.reading() as session:
            profile = get_observer(session)
        return profile.name if profile is not None else ""

    # --- files handed in ------------------------------------------------------------

    def import_files(
        self,
        paths: Sequence[Path],
        *,
        progress: Progress | None = None,
        should_stop: ShouldStop | None = None,
        on_file: Callable[[imports.ImportLine], None] | None = None,
    ) -> imports.ImportReport:
        return imports.import_files(
            self.database,
            paths,
            key_path=self.key_path,
            progress=progress,
            should_stop=should_stop,
            on_file=on_file,
        )

    # --- findings -------------------------------------------------------------------

    def choices(self, language: Language) -> FilterChoices:
        with self.database.reading() as session:
            registry = load_registry(session)
            teams = session.scalars(
                select(SubmissionRow.team).distinct().order_by(SubmissionRow.team)
            ).all()
        return FilterChoices(
            regions=[(r.code, r.name(language)) for r in registry.regions],
            forms=[(f.id, f.form.title.get(language)) for f in self.forms.latest()],
            teams=[team for team in teams if team],
        )

    def filters(
        self,
        *,
        regions: Sequence[str] = (),
        forms: Sequence[str] = (),
        teams: Sequence[str] = (),
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Filters:
        """Filters checked against the registry and the forms; WorkspaceError names what is
        unknown and what there is."""
        with self.database.reading() as session:
            known = {region.code for region in load_registry(session).regions}
        chosen = tuple(code.upper() for code in regions)
        unknown = [code for code in chosen if code not in known]
        if unknown:
            raise WorkspaceError(
                f"unknown region(s) {', '.join(unknown)}; the registry has: "
                f"{', '.join(sorted(known))}"
            )
        form_ids = sorted({form.id for form in self.forms})
        missing = [form for form in forms if form not in form_ids]
        if missing:
            raise WorkspaceError(
                f"unknown form(s) {', '.join(missing)}; the forms are: {', '.join(form_ids)}"
            )
        try:
            return Filters(
                regions=chosen, forms=tuple(forms), teams=tuple(teams), since=since, until=until
            )
        except FilterError as error:
            raise WorkspaceError(str(error)) from None

    def summary(
        self,
        filters: Filters | None = None,
        unit: Unit = Unit.OBSERVATION,
        *,
        progress: Progress | None = None,
    ) -> Summary:
        return summarize(self.database, self.forms, filters, unit, progress=progress)

    def observations_behind(
        self, filters: Filters, finding: findings.FindingLine
    ) -> list[findings.ObservationLine]:
        return findings.observations_behind(
            self.database, self.forms, filters, finding.form_id, finding.kind.value, finding.item_id
        )

    def hand_ins(self) -> list[TeamHandIn]:
        """Per team, the last file merged and its time; teams with nothing handed in first."""
        return team_hand_ins(self.database)

    def record(self, submission_id: str, language: Language) -> records.RecordView | None:
        return records.record_view(self.database, self.forms, submission_id, language)

    # --- conflicts ------------------------------------------------------------------

    def conflicts(self, language: Language) -> list[review.ConflictLine]:
        return review.conflict_lines(self.database, self.forms, language)

    def compare(
        self, conflict: review.ConflictLine, language: Language
    ) -> list[records.ComparedLine]:
        return review.compare_conflict(self.database, self.forms, conflict, language)

    def settle_conflict(self, settlement: review.Settlement) -> ConflictDecision:
        return review.settle_conflict(self.database, settlement)

    # --- results: the quick count, the official results, the quarantine --------------

    def results(self, language: Language) -> ResultsData:
        return results_data(self.database, self.forms, language)

    def record_published_turnout(self, figures: Sequence[str]) -> dict[str, float]:
        return record_published_turnout(self.database, figures)

    def import_official_results(self, path: Path) -> official.LoadedResults:
        return official.import_official_results(self.database, self.forms, path)

    def quarantine(self, language: Language) -> list[quarantine.QuarantineLine]:
        return quarantine.quarantine_lines(self.database, self.forms, language)

    def restore_protocol(self, submission_id: str, decided_by: str, note: str = "") -> Restoration:
        return quarantine.restore_copy(self.database, self.forms, submission_id, decided_by, note)

    # --- what is written ------------------------------------------------------------

    def write_pdf(
        self,
        out: Path,
        filters: Filters | None = None,
        unit: Unit = Unit.OBSERVATION,
        *,
        language: Language = "en",
        paper: str = "a4",
        progress: Progress | None = None,
    ) -> tuple[Summary, int]:
        """The summary under `filters`, counted afresh, printed to `out`; (summary, pages)."""
        from observer_app.workspace.writing import write_summary_pdf

        return write_summary_pdf(
            self, out, filters, unit, language=language, paper=paper, progress=progress
        )

    def write_docx(
        self,
        out: Path,
        filters: Filters | None = None,
        unit: Unit = Unit.OBSERVATION,
        *,
        language: Language = "en",
        progress: Progress | None = None,
    ) -> Summary:
        """The findings under `filters`, counted afresh, as an editable Word draft at `out`."""
        from observer_app.workspace.writing import write_summary_draft

        return write_summary_draft(self, out, filters, unit, language=language, progress=progress)

    def write_tables(
        self,
        out: Path,
        filters: Filters | None = None,
        *,
        language: Language = "en",
        progress: Progress | None = None,
    ) -> list[Path]:
        """Submissions and findings under `filters` as CSV files (.csv) or one workbook (.xlsx)."""
        from observer_app.workspace.writing import write_tables

        return write_tables(self, out, filters, language=language, progress=progress)
