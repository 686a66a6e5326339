"""The coordinator's main window: import files, read the dashboard, settle conflicts, export."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from observer_app.analysis.filters import Filters, Unit
from observer_app.analysis.summary import Summary
from observer_app.ui.coordinator.conflicts import ConflictsPage
from observer_app.ui.coordinator.dashboard import Dashboard
from observer_app.ui.coordinator.hand_ins import HandInsPage
from observer_app.ui.coordinator.i18n import _
from observer_app.ui.coordinator.incidents import IncidentsPage
from observer_app.ui.coordinator.models import Column, RowsModel
from observer_app.ui.coordinator.refusals import explanation, short_reason
from observer_app.ui.coordinator.results import ResultsPage
from observer_app.ui.coordinator.widgets import RecordDialog, table
from observer_app.ui.i18n import LANGUAGE_NAMES, LanguageSwitch, current_language
from observer_app.ui.mode_switch import confirm_mode_switch
from observer_app.ui.save_dialog import ask_save_path
from observer_app.ui.tasks import CancelToken, Progress, TaskRunner
from observer_app.workspace.conflicts import ConflictLine, Settlement
from observer_app.workspace.coordinator import CoordinatorWorkspace, FilterChoices
from observer_app.workspace.findings import FindingLine, ObservationLine, incident_lines
from observer_app.workspace.imports import ImportLine, ImportReport, RefusalKind
from observer_app.workspace.records import ComparedLine, RecordView


class ImportPage(QWidget):
    """What became of each file: whose it is, the counts per outcome, or why it was refused.

    Refused files come first; the one selected (the first refused, after an import) is
    explained below the table in the window's language, with what to do, and a button to
    choose the coordinator key file when a key is what is missing.
    """

    key_requested = Signal()

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
            Column(lambda: _("Team"), lambda line: line.team or "", highlight=rejected),
            Column(lambda: _("Observer"), lambda line: line.observer or "", highlight=rejected),
            Column(lambda: _("Laptop"), lambda line: line.device or "", highlight=rejected),
            Column(lambda: _("Imported"), count(lambda line: line.imported), True, rejected),
            Column(lambda: _("Duplicate"), count(lambda line: line.duplicate), True, rejected),
            Column(lambda: _("Updated"), count(lambda line: line.updated), True, rejected),
            Column(lambda: _("Stale"), count(lambda line: line.stale), True, rejected),
            Column(lambda: _("Conflict"), count(lambda line: line.conflict), True, rejected),
            Column(lambda: _("Rejected"), short_reason, highlight=rejected),
        ]
        self.model: RowsModel[ImportLine] = RowsModel(columns, self)
        self.results = table(self.model, "import_results", self)
        self.results.setColumnWidth(0, 230)
        header = self.results.horizontalHeader()
        for column in range(1, 9):  # team to conflicts: as wide as their words, in any language
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.results.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._explain(current.row())
        )
        layout.addWidget(self.results, 1)
        self.details = QLabel(self)
        self.details.setObjectName("import_details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setStyleSheet("color: #8a1c14;")
        self.key_button = QPushButton(self)
        self.key_button.setObjectName("choose_key_for_file")
        self.key_button.clicked.connect(self.key_requested.emit)
        below = QHBoxLayout()
        below.addWidget(self.details, 1)
        below.addWidget(self.key_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(below)
        self.stopped: tuple[int, int] | None = None
        self._explain(-1)

    def _explain(self, row: int) -> None:
        line = self.model.rows[row] if 0 <= row < len(self.model.rows) else None
        if line is None or not line.rejected:
            self.details.setText("")
            self.details.hide()
            self.key_button.hide()
            return
        self.details.setText(explanation(line))
        self.details.show()
        self.key_button.setVisible(line.kind in (RefusalKind.NO_KEY, RefusalKind.WRONG_KEY))

    def show_report(self, lines: list[ImportLine], stopped: tuple[int, int] | None = None) -> None:
        """The files merged, refused ones first; `stopped` = (files merged, files given) when
        Cancel stopped it."""
        self.model.set_rows(sorted(lines, key=lambda line: not line.rejected))
        self.stopped = stopped
        self.relabel()
        if self.model.rows and self.model.rows[0].rejected:
            self.results.selectRow(0)
        self._explain(self.results.currentIndex().row())

    def stopped_text(self) -> str:
        if self.stopped is None:
            return ""
        done, total = self.stopped
        return _(
            "Import stopped after {done} of {total} files; the files not yet "
            "imported are untouched: import them again to finish."
        ).format(done=done, total=total)

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
            stopped = self.stopped_text()
            self.totals.setText(
                (stopped + "\n" if stopped else "")
                + _(
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
        self.key_button.setText(_("Choose the coordinator key file…"))
        self.model.relabel()
        self._explain(self.results.currentIndex().row())


class CoordinatorWindow(QMainWindow):
    """The coordinator mode of the application."""

    mode_switch_requested = Signal()

    def __init__(
        self,
        workspace: CoordinatorWorkspace,
        language: LanguageSwitch,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("coordinator_window")
        self.workspace = workspace
        self.language = language
        self.tasks = tasks
        self.summary: Summary | None = None
        #: The PDF the last "Print…" of an observation wrote.
        self.last_print: Path | None = None
        self.last_report: ImportReport | None = None
        self.last_export: list[Path] = []
        self.region_names: dict[str, Any] = {}
        self._generation = 0
        self._busy_label = ""
        self._status_message: Callable[[], str] | None = None
        self.setAcceptDrops(True)
        self.resize(1366, 768)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("coordinator_tabs")
        self.import_page = ImportPage(self)
        self.import_page.key_requested.connect(self.choose_key)
        self.dashboard = Dashboard(self)
        self.conflicts = ConflictsPage(workspace.coordinator_name(), self)
        self.incidents = IncidentsPage(self)
        self.results = ResultsPage(workspace.coordinator_name(), self)
        self.results.restore_requested.connect(self.restore_protocol)
        self.hand_ins = HandInsPage(self)
        for page in (
            self.import_page,
            self.dashboard,
            self.conflicts,
            self.incidents,
            self.results,
            self.hand_ins,
        ):
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
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancel_task")
        self.cancel_button.setVisible(False)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_task)
        tasks.changed.connect(self._update_cancel)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)

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
        self.key_action = self._action("choose_key", None, self.choose_key)
        self.switch_action = self._action("switch_mode", None, self._switch_mode)
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
        self.file_menu.addAction(self.key_action)
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

    def _switch_mode(self) -> None:
        if confirm_mode_switch(self, to_coordinator=False):
            self.mode_switch_requested.emit()

    def relabel(self) -> None:
        self.setWindowTitle(_("Observer: coordinator"))
        self.file_menu.setTitle(_("&File"))
        self.import_files_action.setText(_("Import files…"))
        self.import_folder_action.setText(_("Import folder…"))
        self.pdf_action.setText(_("Export PDF summary…"))
        self.csv_action.setText(_("Export CSV…"))
        self.xlsx_action.setText(_("Export XLSX…"))
        self.key_action.setText(_("Coordinator key file…"))
        self.switch_action.setText(_("Switch to observer mode"))
        self.quit_action.setText(_("Quit"))
        self.language_box.setAccessibleName(_("Interface language"))
        self.progress.setAccessibleName(_("Progress"))
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setToolTip(_("Stop the import after the file being merged"))
        self.cancel_button.setAccessibleName(_("Stop the import after the file being merged"))
        for index, title in enumerate(
            (
                _("&Import"),
                _("&Dashboard"),
                _("&Conflicts"),
                _("I&ncidents"),
                _("&Results"),
                _("&Who handed in"),
            )
        ):
            self.tabs.setTabText(index, title)
        self.import_page.relabel()
        self.dashboard.relabel()
        self.conflicts.relabel()
        self.incidents.relabel()
        self.refresh_results()
        self.hand_ins.relabel()
        if self.summary is not None:
            self.incidents.show_incidents(incident_lines(self.summary, current_language()))
        self.refresh_choices()
        self.refresh_conflicts()  # each conflict names its form in the window's language
        if self.conflicts.current is not None:
            self.compare_conflict(self.conflicts.current)
        if self._status_message is not None:
            self.status.setText(self._status_message())

    # --- progress ------------------------------------------------------------------

    def _start(self, label: str) -> None:
        self._busy_label = label
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.status.setText(label)

    def _advance(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(f"{self._busy_label} {done} / {total}")

    def _finish(self, message: Callable[[], str]) -> None:
        """Say how the last task ended; `message` words it again when the language changes."""
        running = self.tasks.busy  # another long task (an import beside a count) goes on
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self._status_message = message
        self.status.setText(message())

    def _failed(self, error: Exception) -> None:
        self._finish(lambda: _("Failed: {error}").format(error=error))
        self.tasks.report(error)

    def _update_cancel(self) -> None:
        self.cancel_button.setEnabled(self.tasks.cancellable)

    def cancel_task(self) -> None:
        """Stop the import at the next file boundary: files merged so far stay merged."""
        if self.tasks.cancel():
            self.status.setText(_("Stopping after the file being merged…"))

    @property
    def busy(self) -> bool:
        return self.tasks.busy

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

    def choose_key(self) -> None:
        """Name the coordinator key file that opens the mission's encrypted files."""
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Coordinator key file"), "", _("Key files (*.json);;All files (*)")
        )
        if name:
            self.use_key_file(Path(name))

    def use_key_file(self, path: Path) -> None:
        self.workspace.key_path = path
        self._finish(lambda: _("Coordinator key file: {path}").format(path=path))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        """Merge the files (folders: the .zip files in them) off the GUI thread."""
        self.tabs.setCurrentWidget(self.import_page)
        self.import_files_action.setEnabled(False)
        self.import_folder_action.setEnabled(False)
        self._start(_("Importing…"))
        workspace = self.workspace

        def work(progress: Progress, token: CancelToken) -> ImportReport:
            # Asked between two files: each is one transaction, merged whole or not at all.
            return workspace.import_files(
                paths, progress=progress, should_stop=lambda: token.cancelled
            )

        def done(report: ImportReport) -> None:
            stopped = report.stopped
            self.last_report = report
            self.import_files_action.setEnabled(True)
            self.import_folder_action.setEnabled(True)
            reached = len(report.lines)
            self.import_page.show_report(
                report.lines, (reached, reached + len(report.not_reached)) if stopped else None
            )
            totals = report.totals
            self._finish(
                lambda: (
                    self.import_page.stopped_text()
                    if stopped
                    else _(
                        "Imported {files} files: {imported} new forms, {rejected} files rejected."
                    ).format(
                        files=totals["files"],
                        imported=totals["imported"],
                        rejected=totals["rejected"],
                    )
                )
            )
            self.refresh_all()

        def failed(error: Exception) -> None:
            self.import_files_action.setEnabled(True)
            self.import_folder_action.setEnabled(True)
            self._failed(error)

        self.tasks.run_long(
            work,
            done,
            failed,
            on_progress=self._advance,
            cancellable=True,
        )

    # --- dashboard -----------------------------------------------------------------

    def refresh_all(self) -> None:
        self.refresh_choices()
        self.refresh_summary()
        self.refresh_conflicts()
        self.refresh_results()
        self.refresh_hand_ins()

    def refresh_hand_ins(self) -> None:
        workspace = self.workspace
        self.tasks.run_serial(workspace.hand_ins, self.hand_ins.show_hand_ins, self._failed)

    def refresh_choices(self) -> None:
        workspace, language = self.workspace, current_language()

        def done(choices: FilterChoices) -> None:
            self.dashboard.set_choices(choices.regions, choices.forms, choices.teams)
            for page in (self.dashboard, self.incidents, self.conflicts, self.hand_ins):
                page.region_names.clear()
                page.region_names.update(choices.regions)
            self.dashboard.behind_model.relabel()
            self.incidents.model.relabel()
            self.conflicts.list_model.relabel()
            self.hand_ins.model.relabel()

        self.tasks.run_serial(lambda: workspace.choices(language), done, self._failed)

    def refresh_summary(self) -> None:
        """Count again under the dashboard's filters, off the GUI thread; the newest wins."""
        filters = self.dashboard.filters()
        if filters is None:
            self._finish(lambda: _("The time window is empty: “since” must be before “until”."))
            return
        self._generation += 1
        generation = self._generation
        workspace = self.workspace
        self._start(_("Counting…"))

        def work(progress: Progress, _token: CancelToken) -> Summary:
            return workspace.summary(filters, Unit.OBSERVATION, progress=progress)

        def done(summary: Summary) -> None:
            if generation != self._generation:
                return  # a newer count is on its way
            self.summary = summary
            language = current_language()
            self.dashboard.show_summary(summary, language)
            self.incidents.show_incidents(incident_lines(summary, language))
            self._finish(
                lambda: _("Counted {count} observations.").format(
                    count=summary.coverage.observations
                )
            )

        self.tasks.run_long(work, done, self._failed, on_progress=self._advance)

    def list_behind(self, finding: FindingLine) -> None:
        summary = self.summary
        if summary is None:
            return
        workspace, filters = self.workspace, summary.filters

        def work() -> list[ObservationLine]:
            return workspace.observations_behind(filters, finding)

        self.tasks.run_serial(
            work, lambda lines: self.dashboard.show_behind(finding, lines), self._failed
        )

    def open_observation(self, submission_id: str) -> None:
        workspace, language = self.workspace, current_language()

        def done(view: RecordView | None) -> None:
            if view is None:
                return
            self.record_dialog = RecordDialog(
                view.heading,
                view.lines,
                self,
                view.files,
                on_print=lambda: self.print_observation(submission_id),
            )
            self.record_dialog.show()

        self.tasks.run_serial(lambda: workspace.record(submission_id, language), done, self._failed)

    def print_observation(self, submission_id: str, path: Path | None = None) -> None:
        """One observation as its paper form, photos included, to a PDF."""
        if path is None:
            suggested = f"observation-{submission_id[:8]}.pdf"
            path = ask_save_path(self, _("Print…"), suggested, _("PDF (*.pdf)"), ".pdf")
            if path is None:
                return
        workspace, language, target = self.workspace, current_language(), path

        def done(_submission: object) -> None:
            self.last_print = target
            self._finish(lambda: _("Written: {path}").format(path=target))

        self.tasks.run_serial(
            lambda: workspace.print_submission(uuid.UUID(submission_id), target, language=language),
            done,
            self._failed,
        )

    # --- conflicts -----------------------------------------------------------------

    def refresh_results(self) -> None:
        """The quick count, the discrepancies and the quarantine, counted afresh."""
        workspace, language = self.workspace, current_language()
        self.tasks.run_serial(
            lambda: workspace.results(language), self.results.show_results, self._failed
        )

    def restore_protocol(self, submission_id: str, who: str, note: str) -> None:
        """Count a quarantined protocol copy, the decision kept with who and why."""
        if not who:
            QMessageBox.warning(
                self, _("Observer: coordinator"), _("Write your name under “Decided by”.")
            )
            return
        workspace = self.workspace

        def done(_result: object) -> None:
            self._finish(lambda: _("Decision recorded."))
            self.refresh_results()

        self.tasks.run_serial(
            lambda: workspace.restore_protocol(submission_id, who, note), done, self._failed
        )

    def refresh_conflicts(self) -> None:
        workspace, language = self.workspace, current_language()
        self.tasks.run_serial(
            lambda: workspace.conflicts(language), self.conflicts.show_conflicts, self._failed
        )

    def compare_conflict(self, conflict: ConflictLine) -> None:
        workspace, language = self.workspace, current_language()

        def work() -> list[ComparedLine]:
            return workspace.compare(conflict, language)

        self.tasks.run_serial(work, self.conflicts.show_comparison, self._failed)

    def keep_version(self, conflict: ConflictLine, content_hash: str, who: str, note: str) -> None:
        if not who:
            QMessageBox.warning(
                self, _("Observer: coordinator"), _("Write your name under “Decided by”.")
            )
            return
        workspace = self.workspace

        def work() -> None:
            workspace.settle_conflict(
                Settlement(conflict.submission_id, content_hash, who, note, conflict.revision)
            )

        def done(_result: None) -> None:
            self._finish(lambda: _("Decision recorded."))
            self.refresh_conflicts()
            self.refresh_summary()

        self.tasks.run_serial(work, done, self._failed)

    # --- export --------------------------------------------------------------------

    def choose_pdf(self) -> None:
        path = ask_save_path(self, _("Export PDF summary"), "summary.pdf", _("PDF (*.pdf)"), ".pdf")
        if path is not None:
            self.export_pdf(path)

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
        workspace, language = self.workspace, current_language()
        self._start(_("Writing the PDF…"))

        def work(progress: Progress, _token: CancelToken) -> int:
            _summary, pages = workspace.write_pdf(
                path, filters, Unit.OBSERVATION, language=language, progress=progress
            )
            return pages

        def done(pages: int) -> None:
            self.last_export = [path]
            self._finish(
                lambda: _("Written {path} ({pages} pages).").format(path=path, pages=pages)
            )

        self.tasks.run_long(work, done, self._failed, on_progress=self._advance)

    def export_table(self, path: Path) -> None:
        """Submissions and findings under the dashboard's filters as CSV files or a workbook."""
        filters = self._current_filters()
        if filters is None:
            return
        workspace, language = self.workspace, current_language()
        self._start(_("Writing the table…"))

        def work(progress: Progress, _token: CancelToken) -> list[Path]:
            return workspace.write_tables(path, filters, language=language, progress=progress)

        def done(written: list[Path]) -> None:
            self.last_export = written
            self._finish(
                lambda: _("Written: {files}").format(files=", ".join(str(p) for p in written))
            )

        self.tasks.run_long(work, done, self._failed, on_progress=self._advance)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.tasks.shutdown()
        super().closeEvent(event)
