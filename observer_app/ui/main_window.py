"""The observer's main window: start an observation, fill it, find it again later.

It can open before the database does (`MainWindow.opening`): the picker is shown from the
start-up snapshot, so the observer can type a station number at once, while the database,
the forms and everything behind them load off the GUI thread; the rest of the window (the
form, My submissions, handing in) is attached when they are ready.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from observer_app.domain.registry import Registry
from observer_app.domain.station_search import StationIndex
from observer_app.domain.submission import Submission
from observer_app.ui.i18n import LANGUAGE_NAMES, LanguageSwitch, _, ngettext
from observer_app.ui.mode_switch import confirm_mode_switch
from observer_app.ui.places import describe_place
from observer_app.ui.save_dialog import ask_save_path
from observer_app.ui.station_picker import NO_PLACE, StationPicker
from observer_app.ui.tasks import TaskRunner
from observer_app.workspace.startup import StartupSnapshot

if TYPE_CHECKING:  # loaded with the database, after the window is up
    from observer_app.ui.form_view import FormView
    from observer_app.ui.submissions_view import SubmissionsView
    from observer_app.workspace.laptop import HandedIn, ObserverWorkspace, SubmissionSummary


class MainWindow(QMainWindow):
    mode_switch_requested = Signal()
    #: The pages that come with the database (`attach`).
    form_view: FormView
    submissions: SubmissionsView

    def __init__(
        self,
        workspace: ObserverWorkspace | None,
        language: LanguageSwitch,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        snapshot: StartupSnapshot | None = None,
    ) -> None:
        """The window over `workspace`; or, with `snapshot` and no workspace yet, the
        picker alone until `attach` is given the workspace."""
        super().__init__(parent)
        if workspace is None and snapshot is None:
            raise ValueError("a workspace or a start-up snapshot is needed")
        self.workspace: ObserverWorkspace | None = None
        self.snapshot = snapshot
        self.language = language
        self.tasks = tasks
        self.registry: Registry | None = None
        self.last_export: HandedIn | None = None
        self.last_print: Path | None = None
        self._pending: list[Callable[[], None]] = []  # asked for before the database opened
        self.setObjectName("main_window")

        self.pages = QStackedWidget(self)
        if workspace is not None:
            forms = workspace.form_choices()
        else:
            assert snapshot is not None
            forms = snapshot.forms
        self.picker = StationPicker(forms, self)
        self.picker.start.connect(self.start_observation)
        self.pages.addWidget(self.picker)
        self.setCentralWidget(self.pages)

        toolbar = QToolBar(self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.show_picker)
        self.list_action = QAction(self)
        self.list_action.setShortcut(QKeySequence("Ctrl+L"))
        self.list_action.triggered.connect(self.show_submissions)
        self.export_action = QAction(self)
        self.export_action.setObjectName("export")
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_for_coordinator)
        self.print_action = QAction(self)
        self.print_action.setObjectName("print")
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self.print_current)
        self.laptop_action = QAction(self)
        self.laptop_action.triggered.connect(self.show_laptop)
        self.mode_action = QAction(self)
        self.mode_action.setObjectName("switch_mode")
        self.mode_action.triggered.connect(self._switch_mode)
        for action in (
            self.new_action,
            self.list_action,
            self.export_action,
            self.print_action,
            self.laptop_action,
            self.mode_action,
        ):
            toolbar.addAction(action)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.language_box = QComboBox(self)
        self.language_box.setObjectName("language")
        for code, name in LANGUAGE_NAMES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(list(LANGUAGE_NAMES).index(language.language))
        self.language_box.currentIndexChanged.connect(
            lambda _i: language.set_language(self.language_box.currentData())
        )
        toolbar.addWidget(self.language_box)
        self.addToolBar(toolbar)
        self.loading = QLabel(self)
        self.statusBar().addWidget(self.loading)
        # Who observes: in the status bar (and the title), so that at 1280 pixels, or at
        # 150 % scaling, the toolbar keeps room for the language box.
        self.observer_label = QLabel(self)
        self.observer_label.setObjectName("observer_name")
        self.statusBar().addPermanentWidget(self.observer_label)

        language.changed.connect(lambda _language: self.relabel())
        if workspace is not None:
            self.attach(workspace)
            self.load_registry()
            # The next start shows the picker from this before the database opens.
            self.tasks.run_serial(workspace.remember_for_startup)
        else:
            assert snapshot is not None
            self.relabel()
            self._show_snapshot(snapshot)

    @classmethod
    def opening(
        cls,
        snapshot: StartupSnapshot,
        open_workspace: Callable[[], ObserverWorkspace],
        language: LanguageSwitch,
        tasks: TaskRunner,
        *,
        on_not_set_up: Callable[[MainWindow], None] | None = None,
    ) -> MainWindow:
        """The window shown from `snapshot` while `open_workspace` runs off the GUI thread.

        `on_not_set_up` is called instead of attaching when the database turns out not to
        be set up (removed or replaced since the snapshot was written).
        """
        window = cls(None, language, tasks, snapshot=snapshot)

        def opened(workspace: ObserverWorkspace) -> None:
            if window.workspace is not None:
                return
            if not workspace.is_set_up():
                workspace.close()
                if on_not_set_up is not None:
                    on_not_set_up(window)
                return
            window.attach(workspace)
            window.tasks.run_serial(workspace.startup_snapshot, on_done=window._compare_snapshot)

        tasks.run_serial(open_workspace, on_done=opened, on_error=window._error)
        return window

    def attach(self, workspace: ObserverWorkspace) -> None:
        """Give the window its database: the form and My submissions pages come with it."""
        from observer_app.ui.form_view import FormView
        from observer_app.ui.submissions_view import SubmissionsView

        self.workspace = workspace
        self.form_view = FormView(workspace, self.tasks, self)
        self.form_view.closed.connect(self.show_submissions)
        self.form_view.status_changed.connect(self.refresh_submissions)
        self.submissions = SubmissionsView(workspace.forms, self)
        self.submissions.open_requested.connect(lambda i: self.open_submission(uuid.UUID(i)))
        self.submissions.delete_requested.connect(lambda i: self.delete_draft(uuid.UUID(i)))
        self.submissions.print_requested.connect(lambda i: self.print_submission(uuid.UUID(i)))
        self.submissions.model.registry = self.registry
        self.pages.addWidget(self.form_view)
        self.pages.addWidget(self.submissions)
        self.relabel()
        self.refresh_submissions()
        pending, self._pending = self._pending, []
        for step in pending:
            step()

    def _show_snapshot(self, snapshot: StartupSnapshot) -> None:
        """The picker searches the snapshot's registry; its index is built off the GUI thread."""
        self.loading.setText(_("Loading the polling stations…"))
        self.observer_label.setText(snapshot.who)
        self.setWindowTitle(f"Observer — {snapshot.who}" if snapshot.who else "Observer")
        registry, recent = snapshot.registry, list(snapshot.recent)

        def done(index: StationIndex) -> None:
            self._registry_ready((registry, index, recent))

        self.tasks.run_serial(lambda: StationIndex(registry), on_done=done, on_error=self._error)

    def _compare_snapshot(self, fresh: StartupSnapshot | None) -> None:
        """The database is the truth: show its forms and registry where the snapshot's
        differ, and leave its snapshot for the next start."""
        workspace = self.workspace
        if fresh is None or workspace is None:
            return
        if fresh.forms != (self.snapshot.forms if self.snapshot else ()):
            self.picker.set_forms(fresh.forms)
        if self.snapshot is None or fresh.registry != self.snapshot.registry:
            self.load_registry()
        self.snapshot = fresh
        self.tasks.run_serial(lambda: workspace.remember_for_startup(fresh))

    # --- data ----------------------------------------------------------------------

    def load_registry(self) -> None:
        """Read the registry and build the search off the GUI thread: the window is usable now."""
        self.loading.setText(_("Loading the polling stations…"))
        workspace = self.opened

        def work() -> tuple[Registry, StationIndex, list[str]]:
            registry = workspace.registry()
            return registry, StationIndex(registry), workspace.recent_places()

        self.tasks.run_serial(work, on_done=self._registry_ready, on_error=self._error)

    def _registry_ready(self, result: tuple[Registry, StationIndex, list[str]]) -> None:
        self.registry = result[0]
        self.picker.set_registry(*result)
        if self.workspace is not None:
            self.submissions.model.registry = self.registry
        self.loading.setText("")

    @property
    def opened(self) -> ObserverWorkspace:
        """The database's workspace: what needs it waits in `_pending` until it is attached."""
        if self.workspace is None:
            raise RuntimeError("the database is not open yet")
        return self.workspace

    def refresh_submissions(self) -> None:
        store = self.opened.store

        def done(rows: list[SubmissionSummary]) -> None:
            self.submissions.set_rows(rows, self.registry)

        self.tasks.run_serial(store.list_submissions, on_done=done, on_error=self._error)
        self.tasks.run_serial(self.opened.recent_places, on_done=self.picker.set_recent)

    def _error(self, error: Exception) -> None:
        QMessageBox.critical(self, _("Observer"), str(error))

    # --- pages ---------------------------------------------------------------------

    def show_picker(self) -> None:
        if self.workspace is None:  # asked for before the database opened: done once it is
            self._pending.append(self.show_picker)
            return
        self.form_view.flush_now()
        self.pages.setCurrentWidget(self.picker)
        self.picker.search_field.setFocus()
        self.picker.search_field.selectAll()

    def show_submissions(self) -> None:
        if self.workspace is None:  # asked for before the database opened: done once it is
            self._pending.append(self.show_submissions)
            return
        self.form_view.flush_now()
        self.refresh_submissions()
        self.pages.setCurrentWidget(self.submissions)
        self.submissions.table.setFocus()

    def start_observation(self, form_id: str, place_id: str) -> None:
        if self.workspace is None:  # chosen in the first second: started once it is open
            self._pending.append(lambda: self.start_observation(form_id, place_id))
            return
        from observer_app.workspace.laptop import SubmissionError

        try:
            submission = self.opened.start_observation(
                form_id, None if place_id == NO_PLACE else place_id
            )
        except SubmissionError as error:
            self._error(error)
            return
        if place_id != NO_PLACE:  # the next search knows the observer's area at once
            self.picker.set_recent([place_id, *(p for p in self.picker.recent if p != place_id)])
        self._show_form(submission)
        self.refresh_submissions()

    def open_submission(self, submission_id: uuid.UUID) -> None:
        if self.workspace is None:
            self._pending.append(lambda: self.open_submission(submission_id))
            return
        self._show_form(self.opened.store.get(submission_id))

    def _show_form(self, submission: Submission) -> None:
        self.form_view.open(submission, self.place_text(submission))
        self.pages.setCurrentWidget(self.form_view)

    def delete_draft(self, submission_id: uuid.UUID) -> None:
        from observer_app.workspace.laptop import SubmissionError

        try:
            self.opened.store.delete_draft(submission_id)
        except SubmissionError as error:
            self._error(error)
        self.refresh_submissions()

    def place_text(self, submission: Submission) -> str:
        return describe_place(
            self.registry,
            submission.station_id,
            submission.tec_id,
            detailed=True,
            nowhere=_("Not at a polling station"),
        )

    # --- handing in ----------------------------------------------------------------

    def export_for_coordinator(self, folder: str | None = None) -> None:
        """Write the day's bundle to a folder (a USB stick) and say what it holds."""
        if self.workspace is None:
            self._pending.append(lambda: self.export_for_coordinator(folder))
            return
        self.form_view.flush_now()
        if folder is None:
            folder = QFileDialog.getExistingDirectory(
                self, _("Where to write the file for your coordinator (a USB stick)")
            )
        if not folder:
            return
        workspace = self.opened

        def work() -> HandedIn:
            return workspace.hand_in(Path(folder))

        def done(result: HandedIn) -> None:
            lines = [
                _("Written: {path}").format(path=result.path),
                ngettext(
                    "It holds {count} completed form.",
                    "It holds {count} completed forms.",
                    result.submissions,
                ).format(count=result.submissions),
            ]
            if result.coordinator_key is not None:
                lines.append(
                    _("Encrypted: only the coordinator's key {fingerprint} can open it.").format(
                        fingerprint=result.coordinator_key
                    )
                )
            else:
                lines.append(_("Not encrypted: this mission has no coordinator key."))
            lines.append(_("Drafts are not included: complete them first."))
            self.last_export = result
            QMessageBox.information(self, _("Export for coordinator"), "\n".join(lines))

        def failed(error: Exception) -> None:
            QMessageBox.warning(self, _("Export for coordinator"), str(error))

        self.tasks.run_serial(work, on_done=done, on_error=failed)

    def print_current(self) -> None:
        """Print the form on screen, or the one chosen in My submissions."""
        if self.workspace is None:  # asked for before the database opened: done once it is
            self._pending.append(self.print_current)
            return
        if self.pages.currentWidget() is self.form_view and self.form_view.submission is not None:
            self.print_submission(self.form_view.submission.id)
            return
        selected = self.submissions.selected_id()
        if selected and self.pages.currentWidget() is self.submissions:
            self.print_submission(uuid.UUID(selected))
            return
        QMessageBox.information(
            self, _("Print"), _("Open a form, or choose one in My submissions, to print it.")
        )

    def print_submission(self, submission_id: uuid.UUID, path: Path | None = None) -> None:
        """One submission as a paper form (a PDF to print, keep and sign)."""
        self.form_view.flush_now()
        if path is None:
            suggested = f"observation-{str(submission_id)[:8]}.pdf"
            path = ask_save_path(self, _("Print"), suggested, _("PDF (*.pdf)"), ".pdf")
            if path is None:
                return
        workspace, language = self.opened, self.language.language
        target = path

        def work() -> Submission:
            return workspace.print_submission(submission_id, target, language=language)

        def done(_submission: Submission) -> None:
            self.last_print = target
            QMessageBox.information(self, _("Print"), _("Written: {path}").format(path=target))

        def failed(error: Exception) -> None:
            QMessageBox.warning(self, _("Print"), str(error))

        self.tasks.run_serial(work, on_done=done, on_error=failed)

    def _switch_mode(self) -> None:
        if self.workspace is None:  # asked for before the database opened: done once it is
            self._pending.append(self._switch_mode)
            return
        self.form_view.flush_now()
        if confirm_mode_switch(self, to_coordinator=True):
            self.mode_switch_requested.emit()

    def show_laptop(self) -> None:
        """The device id and key fingerprint, to read out to the coordinator at the briefing."""
        if self.workspace is None:  # asked for before the database opened: done once it is
            self._pending.append(self.show_laptop)
            return
        from observer_app.workspace.errors import WorkspaceError
        from observer_app.workspace.keys import device_info

        try:
            info = device_info()
        except WorkspaceError as error:
            QMessageBox.warning(self, _("This laptop"), str(error))
            return
        mission = self.opened.mission()
        lines = [
            _("Device id: {id}").format(id=info.device_id),
            _("Key fingerprint: {fingerprint}").format(fingerprint=info.fingerprint),
        ]
        if mission is not None:
            lines.append(_("Mission: {name}").format(name=mission.name))
            if mission.coordinator_short_fingerprint:
                lines.append(
                    _("Coordinator key: {fingerprint}").format(
                        fingerprint=mission.coordinator_short_fingerprint
                    )
                )
        QMessageBox.information(self, _("This laptop"), "\n".join(lines))

    # --- language ------------------------------------------------------------------

    def relabel(self) -> None:
        if self.workspace is not None:
            profile = self.workspace.observer()
            who = (
                f"{profile.name}, {profile.team}"
                if profile and profile.team
                else (profile.name if profile else "")
            )
            self.setWindowTitle(f"Observer — {who}" if who else "Observer")
            self.observer_label.setText(who)
        self.new_action.setText(_("New observation") + " (Ctrl+N)")
        self.list_action.setText(_("My submissions") + " (Ctrl+L)")
        self.export_action.setText(_("Export for coordinator…") + " (Ctrl+E)")
        self.print_action.setText(_("Print…") + " (Ctrl+P)")
        self.laptop_action.setText(_("This laptop"))
        self.mode_action.setText(_("Switch to coordinator mode"))
        self.language_box.setAccessibleName(_("Language"))
        index = list(LANGUAGE_NAMES).index(self.language.language)
        if self.language_box.currentIndex() != index:
            self.language_box.blockSignals(True)
            self.language_box.setCurrentIndex(index)
            self.language_box.blockSignals(False)
        self.picker.relabel()
        if self.workspace is None:
            return
        self.form_view.relabel()
        if self.form_view.submission is not None:
            self.form_view.set_place(self.place_text(self.form_view.submission))
        self.submissions.relabel()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Nothing typed is lost on close: pending answers are written before the window goes."""
        if self.workspace is not None:
            self.form_view.flush_now()
        self.tasks.shutdown()
        super().closeEvent(event)
