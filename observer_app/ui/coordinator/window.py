"""The coordinator's main window: import files, read the dashboard, settle conflicts, export."""

from __future__ import annotations

import contextlib
import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from observer_app.analysis import Filters, Summary, Unit, summarize
from observer_app.exchange.keys import KeyFileError, coordinator_key_path, load_coordinator_key
from observer_app.exchange.merge import FileResult, Merger, MergeReport, bundle_paths
from observer_app.exchange.review import (
    conflict_record,
    decision_of,
    list_conflicts,
    resolve_conflict,
)
from observer_app.formspec import FormLibrary
from observer_app.reporting.summary_pdf import write_summary
from observer_app.reporting.tables import export_tables
from observer_app.store.database import Database
from observer_app.store.models import SubmissionRow
from observer_app.store.registry import load_registry
from observer_app.ui.coordinator.conflicts import ConflictLine, ConflictsPage
from observer_app.ui.coordinator.dashboard import Dashboard
from observer_app.ui.coordinator.data import (
    FindingLine,
    ImportLine,
    answer_lines,
    compare_records,
    import_line,
    incident_lines,
    observations_behind,
    read_record,
)
from observer_app.ui.coordinator.i18n import _
from observer_app.ui.coordinator.incidents import IncidentsPage
from observer_app.ui.coordinator.models import Column, RowsModel
from observer_app.ui.coordinator.runner import Progress, Runner
from observer_app.ui.coordinator.widgets import RecordDialog, answer_words, record_heading, table
from observer_app.ui.i18n import LANGUAGE_NAMES, LanguageSwitch, current_language
from observer_app.ui.worker import DatabaseWorker


class ImportPage(QWidget):
    """What became of each file: the counts per outcome, or the reason it was refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_page")
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.totals = QLabel(self)
        self.totals.setObjectName("import_totals")
        self.totals.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addWidget(self.totals)

        def count(get: Callable[[ImportLine], int]) -> Callable[[ImportLine], str]:
            return lambda line: "" if line.rejected else str(get(line))

        rejected = lambda line: line.rejected  # noqa: E731
        columns: list[Column[ImportLine]] = [
            Column(lambda: _("File"), lambda line: line.name, highlight=rejected),
            Column(lambda: _("Imported"), count(lambda line: line.imported), True, rejected),
            Column(lambda: _("Duplicate"), count(lambda line: line.duplicate), True, rejected),
            Column(lambda: _("Updated"), count(lambda line: line.updated), True, rejected),
            Column(lambda: _("Stale"), count(lambda line: line.stale), True, rejected),
            Column(lambda: _("Conflict"), count(lambda line: line.conflict), True, rejected),
            Column(
                lambda: _("Rejected"),
                lambda line: line.reason or "",
                highlight=rejected,
            ),
        ]
        self.model: RowsModel[ImportLine] = RowsModel(columns, self)
        self.results = table(self.model, "import_results", self)
        self.results.setColumnWidth(0, 240)
        for column in range(1, 6):
            self.results.setColumnWidth(column, 95)
        layout.addWidget(self.results, 1)

    def show_report(self, lines: list[ImportLine]) -> None:
        self.model.set_rows(lines)
        self.relabel()

    def relabel(self) -> None:
        self.intro.setText(
            _(
                "Import the files the observers handed in: File → Import files or Import "
                "folder, or drop files and folders onto this window. Importing the same file "
                "again changes nothing."
            )
        )
        lines = self.model.rows
        if lines:
            self.totals.setText(
                _(
                    "Files: {files}; imported: {imported}; duplicate: {duplicate}; "
                    "updated: {updated}; stale: {stale}; conflict: {conflict}; "
                    "rejected files: {rejected}"
                ).format(
                    files=len(lines),
                    imported=sum(line.imported for line in lines),
                    duplicate=sum(line.duplicate for line in lines),
                    updated=sum(line.updated for line in lines),
                    stale=sum(line.stale for line in lines),
                    conflict=sum(line.conflict for line in lines),
                    rejected=sum(1 for line in lines if line.rejected),
                )
            )
        else:
            self.totals.setText(_("No files imported yet in this session."))
        self.results.setAccessibleName(_("Import results"))
        self.model.relabel()


class CoordinatorWindow(QMainWindow):
    """The coordinator mode of the application."""

    mode_switch_requested = Signal()

    def __init__(
        self,
        database: Database,
        forms: FormLibrary,
        language: LanguageSwitch,
        worker: DatabaseWorker,
        key_path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("coordinator_window")
        self.database = database
        self.forms = forms
        self.language = language
        self.worker = worker
        self.key_path = key_path
        self.runner = Runner(self)
        self.summary: Summary | None = None
        self.last_report: MergeReport | None = None
        self.last_export: list[Path] = []
        self.region_names: dict[str, Any] = {}
        self._generation = 0
        self._busy_label = ""
        self.setAcceptDrops(True)
        self.resize(1366, 768)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("coordinator_tabs")
        self.import_page = ImportPage(self)
        self.dashboard = Dashboard(self)
        self.conflicts = ConflictsPage(getpass.getuser(), self)
        self.incidents = IncidentsPage(self)
        for page in (self.import_page, self.dashboard, self.conflicts, self.incidents):
            self.tabs.addTab(page, "")
        self.setCentralWidget(self.tabs)

        self.dashboard.filters_changed.connect(self.refresh_summary)
        self.dashboard.finding_chosen.connect(self.list_behind)
        self.dashboard.observation_opened.connect(self.open_observation)
        self.incidents.incident_opened.connect(self.open_observation)
        self.conflicts.conflict_chosen.connect(self.compare_conflict)
        self.conflicts.keep_requested.connect(self.keep_version)

        self._build_menus()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setMaximumWidth(320)
        self.progress.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().addPermanentWidget(self.progress)

        language.changed.connect(lambda _language: self.relabel())
        self.relabel()
        self.refresh_all()

    # --- menus ---------------------------------------------------------------------

    def _action(
        self,
        name: str,
        shortcut: QKeySequence | None,
        slot: Callable[[], Any],
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        self.import_files_action = self._action(
            "import_files", QKeySequence(QKeySequence.StandardKey.Open), self.choose_files
        )
        self.import_folder_action = self._action(
            "import_folder", QKeySequence("Ctrl+Shift+O"), self.choose_folder
        )
        self.pdf_action = self._action("export_pdf", QKeySequence("Ctrl+P"), self.choose_pdf)
        self.csv_action = self._action(
            "export_csv", QKeySequence("Ctrl+Shift+C"), lambda: self.choose_table(".csv")
        )
        self.xlsx_action = self._action(
            "export_xlsx", QKeySequence("Ctrl+Shift+X"), lambda: self.choose_table(".xlsx")
        )
        self.switch_action = self._action(
            "switch_mode", None, lambda: self.mode_switch_requested.emit()
        )
        self.quit_action = self._action(
            "quit", QKeySequence(QKeySequence.StandardKey.Quit), self.close
        )
        self.file_menu = self.menuBar().addMenu("")
        for action in (self.import_files_action, self.import_folder_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        for action in (self.pdf_action, self.csv_action, self.xlsx_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.switch_action)
        self.file_menu.addAction(self.quit_action)
        toolbar = self.addToolBar("main")
        toolbar.setObjectName("coordinator_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.import_files_action,
            self.import_folder_action,
            self.pdf_action,
            self.csv_action,
            self.xlsx_action,
        ):
            toolbar.addAction(action)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.language_box = QComboBox(self)
        self.language_box.setObjectName("language")
        for code, name in LANGUAGE_NAMES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(list(LANGUAGE_NAMES).index(self.language.language))
        self.language_box.currentIndexChanged.connect(
            lambda _i: self.language.set_language(self.language_box.currentData())
        )
        toolbar.addWidget(self.language_box)

    def relabel(self) -> None:
        self.setWindowTitle(_("Observer: coordinator"))
        self.file_menu.setTitle(_("&File"))
        self.import_files_action.setText(_("Import files…"))
        self.import_folder_action.setText(_("Import folder…"))
        self.pdf_action.setText(_("Export PDF summary…"))
        self.csv_action.setText(_("Export CSV…"))
        self.xlsx_action.setText(_("Export XLSX…"))
        self.switch_action.setText(_("Switch to observer mode"))
        self.quit_action.setText(_("Quit"))
        self.language_box.setAccessibleName(_("Interface language"))
        self.progress.setAccessibleName(_("Progress"))
        for index, title in enumerate(
            (_("&Import"), _("&Dashboard"), _("&Conflicts"), _("I&ncidents"))
        ):
            self.tabs.setTabText(index, title)
        self.import_page.relabel()
        self.dashboard.relabel()
        self.conflicts.relabel()
        self.incidents.relabel()
        if self.summary is not None:
            self.incidents.show_incidents(incident_lines(self.summary, current_language()))
        self.refresh_choices()
        if self.conflicts.current is not None:
            self.compare_conflict(self.conflicts.current)

    # --- progress ------------------------------------------------------------------

    def _start(self, label: str) -> None:
        self._busy_label = label
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText(label)

    def _advance(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(f"{self._busy_label} {done} / {total}")

    def _finish(self, message: str) -> None:
        self.progress.setVisible(False)
        self.status.setText(message)

    def _failed(self, error: Exception) -> None:
        self._finish(_("Failed: {error}").format(error=error))
        QMessageBox.warning(self, _("Observer: coordinator"), str(error))

    @property
    def busy(self) -> bool:
        return self.runner.busy

    # --- import --------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Import files"), "", _("Observer bundles (*.zip)")
        )
        if names:
            self.import_paths([Path(name) for name in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Import folder"))
        if folder:
            self.import_paths([Path(folder)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def _coordinator_key(self) -> Any:
        path = self.key_path or coordinator_key_path()
        if not path.is_file():
            return None
        try:
            return load_coordinator_key(path)
        except (KeyFileError, OSError):
            return None

    def import_paths(self, paths: list[Path]) -> None:
        """Merge the files (folders: the .zip files in them) off the GUI thread."""
        files = bundle_paths(paths)
        if not files:
            self._finish(_("No .zip files found there."))
            return
        self.tabs.setCurrentWidget(self.import_page)
        self.import_files_action.setEnabled(False)
        self.import_folder_action.setEnabled(False)
        self._start(_("Importing…"))
        database, key = self.database, self._coordinator_key()

        def work(progress: Progress) -> MergeReport:
            merger = Merger(database, coordinator_key=key)

            def step(done: int, total: int, _result: FileResult) -> None:
                progress(done, total)

            return merger.merge_files(files, progress=step)

        def done(report: MergeReport) -> None:
            self.last_report = report
            self.import_files_action.setEnabled(True)
            self.import_folder_action.setEnabled(True)
            self.import_page.show_report([import_line(result) for result in report.files])
            totals = report.totals
            self._finish(
                _(
                    "Imported {files} files: {imported} new forms, {rejected} files rejected."
                ).format(
                    files=totals["files"], imported=totals["imported"], rejected=totals["rejected"]
                )
            )
            self.refresh_all()

        def failed(error: Exception) -> None:
            self.import_files_action.setEnabled(True)
            self.import_folder_action.setEnabled(True)
            self._failed(error)

        self.runner.start(work, done, failed, self._advance)

    # --- dashboard -----------------------------------------------------------------

    def refresh_all(self) -> None:
        self.refresh_choices()
        self.refresh_summary()
        self.refresh_conflicts()

    def refresh_choices(self) -> None:
        database, language = self.database, current_language()

        def work() -> tuple[list[tuple[str, str]], list[str]]:
            with database.reading() as session:
                registry = load_registry(session)
                teams = session.scalars(
                    select(SubmissionRow.team).distinct().order_by(SubmissionRow.team)
                ).all()
            regions = [(r.code, r.name(language)) for r in registry.regions]
            return regions, [t for t in teams if t]

        def done(result: tuple[list[tuple[str, str]], list[str]]) -> None:
            regions, teams = result
            forms = [(f.id, f.form.title.get(current_language())) for f in self.forms.latest()]
            self.dashboard.set_choices(regions, forms, teams)

        self.worker.submit(work, done, self._failed)

    def refresh_summary(self) -> None:
        """Count again under the dashboard's filters, off the GUI thread; the newest wins."""
        filters = self.dashboard.filters()
        if filters is None:
            self._finish(_("The time window is empty: “since” must be before “until”."))
            return
        self._generation += 1
        generation = self._generation
        database, forms = self.database, self.forms
        self._start(_("Counting…"))

        def work(progress: Progress) -> Summary:
            return summarize(database, forms, filters, Unit.OBSERVATION, progress=progress)

        def done(summary: Summary) -> None:
            if generation != self._generation:
                return  # a newer count is on its way
            self.summary = summary
            language = current_language()
            self.dashboard.show_summary(summary, language)
            self.incidents.show_incidents(incident_lines(summary, language))
            self._finish(
                _("Counted {count} observations.").format(count=summary.coverage.observations)
            )

        self.runner.start(work, done, self._failed, self._advance)

    def list_behind(self, finding: FindingLine) -> None:
        summary = self.summary
        if summary is None:
            return
        database, forms, filters = self.database, self.forms, summary.filters

        def work() -> list[Any]:
            return observations_behind(
                database, forms, filters, finding.form_id, finding.kind.value, finding.item_id
            )

        self.worker.submit(
            work, lambda lines: self.dashboard.show_behind(finding, lines), self._failed
        )

    def open_observation(self, submission_id: str) -> None:
        database = self.database

        def done(record: dict[str, Any] | None) -> None:
            if record is None:
                return
            language = current_language()
            lines = answer_lines(self.forms, record, language, answer_words())
            title = str(record.get("form_id"))
            with contextlib.suppress(KeyError):
                title = self.forms.get(title).form.title.get(language)
            self.record_dialog = RecordDialog(record_heading(record, title), lines, self)
            self.record_dialog.show()

        self.worker.submit(lambda: read_record(database, submission_id), done, self._failed)

    # --- conflicts -----------------------------------------------------------------

    def refresh_conflicts(self) -> None:
        database = self.database
        language = current_language()
        titles = {f.id: f.form.title.get(language) for f in self.forms.latest()}

        def work() -> list[ConflictLine]:
            lines = []
            with database.reading() as session:
                for conflict in list_conflicts(session):
                    decision = decision_of(session, conflict.submission_id, conflict.revision)
                    hashes = tuple(sorted(v.content_hash for v in conflict.versions))
                    counted = next(v.content_hash for v in conflict.versions if v.counted)
                    lines.append(
                        ConflictLine(
                            submission_id=conflict.submission_id,
                            revision=conflict.revision,
                            form_title=titles.get(conflict.form_id, conflict.form_id),
                            place=conflict.station_id or "",
                            observer=conflict.observer,
                            hashes=hashes,
                            counted=counted,
                            kept=decision.kept_hash if decision else None,
                            decided_by=decision.decided_by if decision else None,
                        )
                    )
            return lines

        self.worker.submit(work, self.conflicts.show_conflicts, self._failed)

    def compare_conflict(self, conflict: ConflictLine) -> None:
        database, forms = self.database, self.forms

        def work() -> list[Any]:
            with database.reading() as session:
                records = [
                    conflict_record(session, conflict.submission_id, conflict.revision, h) or {}
                    for h in conflict.hashes[:2]
                ]
            return compare_records(
                forms, records[0], records[1], current_language(), answer_words()
            )

        self.worker.submit(work, self.conflicts.show_comparison, self._failed)

    def keep_version(self, conflict: ConflictLine, content_hash: str, who: str, note: str) -> None:
        if not who:
            QMessageBox.warning(
                self, _("Observer: coordinator"), _("Write your name under “Decided by”.")
            )
            return
        database = self.database

        def work() -> None:
            with database.transaction() as session:
                resolve_conflict(
                    session,
                    conflict.submission_id,
                    conflict.revision,
                    content_hash,
                    decided_by=who,
                    note=note,
                )

        def done(_result: None) -> None:
            self._finish(_("Decision recorded."))
            self.refresh_conflicts()
            self.refresh_summary()

        self.worker.submit(work, done, self._failed)

    # --- export --------------------------------------------------------------------

    def choose_pdf(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export PDF summary"), "summary.pdf", _("PDF (*.pdf)")
        )
        if name:
            self.export_pdf(Path(name))

    def choose_table(self, suffix: str) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export table"), f"observations{suffix}", f"*{suffix}"
        )
        if name:
            path = Path(name)
            self.export_table(path if path.suffix.lower() == suffix else path.with_suffix(suffix))

    def _current_filters(self) -> Filters | None:
        return self.dashboard.filters()

    def export_pdf(self, path: Path) -> None:
        """The summary under the dashboard's filters, counted afresh, written as a PDF."""
        filters = self._current_filters()
        if filters is None:
            return
        database, forms, language = self.database, self.forms, current_language()
        self._start(_("Writing the PDF…"))

        def work(progress: Progress) -> int:
            summary = summarize(database, forms, filters, Unit.OBSERVATION, progress=progress)
            return write_summary(summary, path, language, "a4")

        def done(pages: int) -> None:
            self.last_export = [path]
            self._finish(_("Written {path} ({pages} pages).").format(path=path, pages=pages))

        self.runner.start(work, done, self._failed, self._advance)

    def export_table(self, path: Path) -> None:
        """Submissions and findings under the dashboard's filters as CSV files or a workbook."""
        filters = self._current_filters()
        if filters is None:
            return
        database, forms, language = self.database, self.forms, current_language()
        self._start(_("Writing the table…"))

        def work(progress: Progress) -> list[Path]:
            summary = summarize(database, forms, filters, Unit.OBSERVATION, progress=progress)
            return export_tables(
                database,
                forms,
                path,
                summary=summary,
                filters=filters,
                language=language,
                progress=lambda done: progress(done, max(done, summary.coverage.observations)),
            )

        def done(written: list[Path]) -> None:
            self.last_export = written
            self._finish(_("Written: {files}").format(files=", ".join(str(p) for p in written)))

        self.runner.start(work, done, self._failed, self._advance)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.runner.wait()
        self.worker.wait()
        super().closeEvent(event)
