"""The form an observer fills, generated from its definition, saving every answer as it is given.

Each edit updates the local answers at once (so skip logic and checks react on the next
frame) and is written to the store by the task runner's serial lane after a short pause (at most
half a second), in the order given; leaving the form or closing the window writes what is
pending first. Nothing here is a Save button: the indicator says what is saved.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from observer_app.domain.submission import Submission, SubmissionStatus, now_local
from observer_app.formspec import (
    CompiledForm,
    Context,
    FormState,
    Problem,
    ProblemKind,
    blank_questions,
    concern_needs_answer,
    evaluate_form,
    evaluation_context,
    find_problems,
    flagged_checks,
)
from observer_app.formspec.attachments import AttachmentRefused
from observer_app.formspec.evaluation import offered_choices_by_question
from observer_app.formspec.models import (
    AnyQuestion,
    CalculateQuestion,
    NoteQuestion,
    Section,
    Severity,
)
from observer_app.ui.attachment_input import AttachmentInput
from observer_app.ui.blank_answers import confirm_blanks
from observer_app.ui.i18n import _, current_language
from observer_app.ui.inputs import AnswerInput, ReadOnlyValue, RepeatInput, make_input
from observer_app.ui.tasks import TaskRunner
from observer_app.ui.typed_fields import Refusal
from observer_app.workspace.laptop import CompletionRefused, ObserverWorkspace

AUTOSAVE_DELAY_MS = 400
#: Where a listed problem points inside a table: its row (0-based) and row question.
_PROBLEM_ROW = Qt.ItemDataRole.UserRole + 1
_PROBLEM_FIELD = Qt.ItemDataRole.UserRole + 2


class QuestionRow(QFrame):
    """A question: its label, hint, input and the message about its answer."""

    def __init__(self, question: AnyQuestion, form: CompiledForm, parent: QWidget) -> None:
        super().__init__(parent)
        self.question = question
        self.setObjectName(f"question_{question.id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.label)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        layout.addWidget(self.hint)
        self.input: AnswerInput | None = None
        if not isinstance(question, NoteQuestion):
            self.input = make_input(question, form, self)
            layout.addWidget(self.input)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.relabel(form)

    def relabel(self, form: CompiledForm) -> None:
        language = current_language()
        question = self.question
        label = question.label.get(language) if question.label else question.id
        required = getattr(question, "required", False) is True or concern_needs_answer(question)
        self.label.setText(f"{label} *" if required else label)
        font = self.label.font()
        font.setBold(not isinstance(question, NoteQuestion))
        self.label.setFont(font)
        hint = getattr(question, "hint", None)
        self.hint.setText(hint.get(language) if hint else "")
        self.hint.setVisible(hint is not None)
        if self.input is not None:
            self.input.relabel(form)
            self.input.setAccessibleName(label)
            self.input.focus_target().setAccessibleName(label)

    def show_message(self, text: str | None, *, warning: bool = False) -> None:
        if not text:
            self.message.hide()
            return
        color = "#8a5a00" if warning else "#b00020"
        self.message.setStyleSheet(f"color: {color};")
        self.message.setText(text)
        self.message.show()


class FormView(QWidget):
    """One submission open for filling; `closed` when the observer leaves it."""

    closed = Signal()
    status_changed = Signal()

    def __init__(
        self,
        workspace: ObserverWorkspace,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = now_local,
    ) -> None:
        super().__init__(parent)
        #: The clock of today() and now() in the form's expressions (a test gives its own).
        self.clock = clock
        self.workspace = workspace
        self.tasks = tasks
        self.submission: Submission | None = None
        self.form: CompiledForm | None = None
        self.answers: dict[str, Any] = {}
        self._pending: dict[str, Any] = {}
        self._rows: dict[str, QuestionRow] = {}
        self._section_headers: dict[str, QLabel] = {}
        self._show_required = False
        self._place = ""
        self._in_sample = False
        self._save_state = "saved"
        self._saved_at = ""

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

        outer = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel(self)
        title_font = self.title.font()
        title_font.setPointSize(title_font.pointSize() + 3)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        self.save_indicator = QLabel(self)
        self.save_indicator.setObjectName("save_indicator")
        header.addWidget(self.save_indicator, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(header)

        self.checks_banner = QLabel(self)
        self.checks_banner.setWordWrap(True)
        self.checks_banner.setStyleSheet(
            "background: #fff4ce; border: 1px solid #e0b000; padding: 6px; color: #5a4000;"
        )
        self.checks_banner.hide()
        outer.addWidget(self.checks_banner)
        # A protocol error (a check of severity "error") in red above the warnings: the
        # coordinator keeps such a station out of the results until it is looked at.
        self.errors_banner = QLabel(self)
        self.errors_banner.setObjectName("protocol_errors")
        self.errors_banner.setWordWrap(True)
        self.errors_banner.setStyleSheet(
            "background: #fde7e9; border: 1px solid #b00020; padding: 6px; color: #7a0015;"
        )
        self.errors_banner.hide()
        outer.insertWidget(outer.indexOf(self.checks_banner), self.errors_banner)
        # At a station of the quick count's sample every protocol figure counts: say so.
        self.sample_banner = QLabel(self)
        self.sample_banner.setObjectName("sample_station")
        self.sample_banner.setWordWrap(True)
        self.sample_banner.setStyleSheet(
            "background: #e3f0fb; border: 1px solid #2b6cb0; padding: 6px; color: #123a63;"
        )
        self.sample_banner.hide()
        outer.insertWidget(outer.indexOf(self.errors_banner), self.sample_banner)

        self.completion_banner = QLabel(self)
        self.completion_banner.setObjectName("completion_banner")
        self.completion_banner.setWordWrap(True)
        self.completion_banner.setStyleSheet(
            "background: #e3f4e4; border: 2px solid #1b6e20; padding: 8px; color: #124d16;"
            " font-weight: bold;"
        )
        self.completion_banner.hide()
        outer.addWidget(self.completion_banner)

        self.problems_title = QLabel(self)
        self.problems_title.setStyleSheet("color: #b00020; font-weight: bold;")
        self.problems_title.hide()
        outer.addWidget(self.problems_title)
        self.problems = QListWidget(self)
        self.problems.setObjectName("problems")
        self.problems.itemActivated.connect(self._jump_to_problem)
        self.problems.itemClicked.connect(self._jump_to_problem)
        self.problems.hide()
        outer.addWidget(self.problems)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.sections = QListWidget(splitter)
        self.sections.setObjectName("sections")
        self.sections.setMaximumWidth(320)
        self.sections.setWordWrap(True)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.itemClicked.connect(self._jump_to_section)
        self.sections.itemActivated.connect(self._jump_to_section)
        self.scroll_area = QScrollArea(splitter)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        splitter.addWidget(self.sections)
        splitter.addWidget(self.scroll_area)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 900])
        outer.addWidget(splitter, 1)

        footer = QHBoxLayout()
        self.complete_button = QPushButton(self)
        self.complete_button.setObjectName("complete")
        self.complete_button.clicked.connect(self.complete)
        self.reopen_button = QPushButton(self)
        self.reopen_button.setObjectName("reopen")
        self.reopen_button.clicked.connect(self.reopen)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.leave)
        footer.addWidget(self.close_button)
        footer.addStretch(1)
        footer.addWidget(self.reopen_button)
        footer.addWidget(self.complete_button)
        outer.addLayout(footer)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.complete)
        self.relabel()

    # --- opening -------------------------------------------------------------------

    def open(self, submission: Submission, place: str) -> None:
        """Show `submission` for filling; `place` describes where it is filled."""
        self.flush_now()
        self.submission = submission
        self.form = self.workspace.forms.get(submission.form_id, submission.form_version)
        self.answers = dict(submission.answers)
        self._pending = {}
        self._show_required = False
        self._place = place
        self._in_sample = (
            submission.station_id is not None
            and self.form.form.protocol is not None
            and submission.station_id in self.workspace.sample_stations()
        )
        self._clear_problems()  # the list belongs to the form it was made for
        self._build()
        self._set_save_state("saved", submission.updated_at.strftime("%H:%M:%S"))
        self.refresh()
        first = next(iter(self._rows.values()), None)
        if first is not None and first.input is not None:
            first.input.focus_target().setFocus()

    def _build(self) -> None:
        assert self.form is not None
        content = QWidget()
        content.setObjectName("form_content")
        layout = QVBoxLayout(content)
        layout.setSpacing(4)
        self._rows = {}
        self._section_headers = {}
        self.sections.clear()
        for section in self.form.form.sections:
            header = QLabel(content)
            header.setObjectName(f"section_{section.id}")
            font = header.font()
            font.setPointSize(font.pointSize() + 2)
            font.setBold(True)
            header.setFont(font)
            header.setContentsMargins(4, 14, 4, 4)
            layout.addWidget(header)
            self._section_headers[section.id] = header
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            self.sections.addItem(item)
            for question in section.questions:
                if isinstance(question, CalculateQuestion) and question.label is None:
                    continue
                row = QuestionRow(question, self.form, content)
                if row.input is not None:
                    row.input.set_value(self.answers.get(question.id))
                    row.input.edited.connect(
                        lambda value, qid=question.id: self._edited(qid, value)
                    )
                if isinstance(row.input, AttachmentInput):
                    row.input.file_chosen.connect(
                        lambda name, data, qid=question.id: self._attach(qid, name, data)
                    )
                layout.addWidget(row)
                self._rows[question.id] = row
        layout.addStretch(1)
        self.scroll_area.setWidget(content)
        self._relabel_sections()
        self._show_attached()

    # --- attached files ------------------------------------------------------------

    def _attachment_inputs(self) -> dict[str, AttachmentInput]:
        return {
            question_id: row.input
            for question_id, row in self._rows.items()
            if isinstance(row.input, AttachmentInput)
        }

    def _show_attached(self) -> None:
        """Read the bytes of the files the answers name, for their thumbnails."""
        fields = self._attachment_inputs()
        if not fields or self.submission is None or not any(q in self.answers for q in fields):
            return
        store, submission_id = self.workspace.store, self.submission.id

        def show(contents: dict[str, bytes]) -> None:
            for question_id, field in fields.items():
                answer = self.answers.get(question_id)
                if isinstance(answer, dict):
                    field.show_content(contents.get(str(answer.get("sha256"))))

        def unreadable(error: Exception) -> None:  # the answers stand; only the pictures fail
            for question_id, field in fields.items():
                if question_id in self.answers:
                    _say_beside(field, error)

        self.tasks.run_serial(lambda: store.attachments(submission_id), show, unreadable)

    def _attach(self, question_id: str, name: str, data: bytes) -> None:
        """Have the store keep a chosen file; the input shows it, and answers, once it is kept."""
        field = self._attachment_inputs().get(question_id)
        if field is None or self.submission is None:
            return
        store, submission_id = self.workspace.store, self.submission.id

        def failed(error: Exception) -> None:
            if isinstance(error, AttachmentRefused):
                field.refuse(error)
            else:
                _say_beside(field, error)

        self.tasks.run_serial(
            lambda: store.attach(submission_id, question_id, name, data),
            on_done=lambda ref: field.accept(ref, data),
            on_error=failed,
        )

    # --- language ------------------------------------------------------------------

    def relabel(self) -> None:
        """Every text in the current language, form and interface alike."""
        self.complete_button.setText(_("Complete") + "  (Ctrl+Enter)")
        self.reopen_button.setText(_("Reopen for correction"))
        self.close_button.setText(_("Back to the list"))
        self.problems_title.setText(_("Before this form can be completed:"))
        if self.form is not None:
            for row in self._rows.values():
                row.relabel(self.form)
            self._relabel_sections()
            self.refresh()
        self._show_save_state()

    def _relabel_sections(self) -> None:
        if self.form is None:
            return
        language = current_language()
        for section in self.form.form.sections:
            self._section_headers[section.id].setText(section.title.get(language))
        self._update_header()

    def set_place(self, place: str) -> None:
        self._place = place
        self._update_header()

    def _update_header(self) -> None:
        if self.form is None or self.submission is None:
            return
        language = current_language()
        self.title.setText(self.form.form.title.get(language))
        status = (
            _("Completed") if self.submission.status == SubmissionStatus.COMPLETE else _("Draft")
        )
        revision = _("revision {number}").format(number=self.submission.revision)
        self.subtitle.setText(f"{self._place} · {status}, {revision}")
        complete = self.submission.status == SubmissionStatus.COMPLETE
        if complete:
            completed_at = self.submission.completed_at or self.submission.updated_at
            self.completion_banner.setText(
                "✓ "
                + _(
                    "Completed at {time}. This form goes into your next export file; "
                    "to correct it, reopen it."
                ).format(time=completed_at.strftime("%H:%M"))
            )
            self.completion_banner.setAccessibleName(self.completion_banner.text())
        self.completion_banner.setVisible(complete)
        self.complete_button.setVisible(not complete)
        self.reopen_button.setVisible(complete)
        for row in self._rows.values():
            if row.input is not None:
                row.input.setEnabled(not complete)

    # --- answering -----------------------------------------------------------------

    def _edited(self, question_id: str, value: Any) -> None:
        if value is None:
            self.answers.pop(question_id, None)
        else:
            self.answers[question_id] = value
        self._pending[question_id] = value
        self._set_save_state("pending")
        self._timer.start()
        self.refresh()

    def flush(self) -> None:
        """Hand what is pending to the serial lane of the task runner (it writes in order)."""
        self._timer.stop()
        if not self._pending or self.submission is None:
            return
        batch, self._pending = self._pending, {}
        submission_id = self.submission.id
        store = self.workspace.store

        def failed(error: Exception) -> None:
            for key, value in batch.items():  # keep them for the next try
                self._pending.setdefault(key, value)
            self._set_save_state("error", str(error))

        self.tasks.run_serial(
            lambda: store.save_answers(submission_id, batch),
            on_done=lambda saved_at: self._saved(saved_at.strftime("%H:%M:%S")),
            on_error=failed,
        )

    def flush_now(self) -> None:
        """Write what is pending and wait for it: before leaving, completing or quitting."""
        self.flush()
        self.tasks.wait()

    def _saved(self, at: str) -> None:
        if not self._pending:
            self._set_save_state("saved", at)

    def _set_save_state(self, state: str, detail: str = "") -> None:
        self._save_state = state
        if state == "saved" or state == "error":
            self._saved_at = detail
        self._show_save_state()

    def _show_save_state(self) -> None:
        if self._save_state == "saved":
            text, color = _("All answers saved at {time}").format(time=self._saved_at), "#1b6e20"
        elif self._save_state == "pending":
            text, color = _("Saving…"), "#555555"
        else:
            text, color = _("Not saved: {reason}").format(reason=self._saved_at), "#b00020"
        self.save_indicator.setText(text)
        self.save_indicator.setStyleSheet(f"color: {color};")
        self.save_indicator.setAccessibleName(text)

    # --- what is shown -------------------------------------------------------------

    def refresh(self) -> None:
        """Relevance, calculated values, messages, checks and progress for the answers now."""
        if self.form is None:
            return
        language = current_language()
        context = self._context()
        state = evaluate_form(self.form, self.answers, context)
        problems = find_problems(self.form, self.answers, context)
        by_question: dict[str, list[Problem]] = {}
        for problem in problems:
            by_question.setdefault(problem.question, []).append(problem)
        for question_id, row in self._rows.items():
            row.setVisible(question_id in state.relevant)
            if isinstance(row.input, ReadOnlyValue):
                row.input.set_value(state.values.get(question_id))
            shown = [
                p
                for p in by_question.get(question_id, [])
                if p.kind != ProblemKind.REQUIRED or self._show_required
            ]
            row.show_message(
                " ".join(
                    (f"{p.row + 1}: " if p.row is not None else "") + p.message.get(language)
                    for p in shown
                )
                or None
            )
        for section in self.form.form.sections:
            visible = section.id in state.relevant_sections and any(
                q.id in state.relevant for q in section.questions
            )
            self._section_headers[section.id].setVisible(visible)
        self._update_progress(state.relevant)
        self.sample_banner.setText(
            _(
                "This is a sample station: it is in the quick count's sample, so copy every "
                "figure of the results protocol."
            )
        )
        self.sample_banner.setVisible(self._in_sample)
        flagged = flagged_checks(self.form, self.answers, context)
        errors = [check for check in flagged if check.severity == Severity.ERROR]
        warnings = [check for check in flagged if check.severity != Severity.ERROR]
        if errors:
            self.errors_banner.setText(
                "\n".join(f"⛔ {check.message.get(language)}" for check in errors)
            )
        self.errors_banner.setVisible(bool(errors))
        if warnings:
            lines = "\n".join(f"⚠ {check.message.get(language)}" for check in warnings)
            self.checks_banner.setText(lines)
        self.checks_banner.setVisible(bool(warnings))
        if self._show_required:
            self._list_problems(problems)
        self._offer_choices(state, context)

    def _offer_choices(self, state: FormState, context: Context) -> None:
        """Show the choices each choice_filter offers now; an answer no longer offered (the
        TEC of another region) is cleared, as ODK does."""
        assert self.form is not None
        stale: list[str] = []
        for question_id, values in offered_choices_by_question(self.form, state, context).items():
            row = self._rows.get(question_id)
            if row is None or row.input is None:
                continue
            row.input.offer(values)
            answer = self.answers.get(question_id)
            chosen = answer if isinstance(answer, list) else [answer]
            if answer is not None and not set(chosen) <= set(values):
                stale.append(question_id)
        for question_id in stale:
            input_ = self._rows[question_id].input
            assert input_ is not None
            input_.set_value(None)
            self._edited(question_id, None)

    def _context(self) -> Context:
        """What the expressions read besides the answers: the view's clock, and the window's
        language for jr:choice-name() and the month names of format-date()."""
        assert self.form is not None
        return evaluation_context(self.form, now=self.clock, language=current_language())

    def _answerable(self, question: AnyQuestion) -> bool:
        return not isinstance(question, NoteQuestion | CalculateQuestion)

    def _update_progress(self, relevant: set[str]) -> None:
        assert self.form is not None
        language = current_language()
        for index, section in enumerate(self.form.form.sections):
            questions = [q for q in section.questions if q.id in relevant and self._answerable(q)]
            answered = sum(1 for q in questions if self.answers.get(q.id) not in (None, "", []))
            item = self.sections.item(index)
            done = "✓ " if questions and answered == len(questions) else ""
            item.setText(f"{done}{section.title.get(language)}  {answered}/{len(questions)}")
            item.setHidden(not questions)

    def _section_of(self, item: QListWidgetItem) -> Section | None:
        assert self.form is not None
        section_id = item.data(Qt.ItemDataRole.UserRole)
        return next((s for s in self.form.form.sections if s.id == section_id), None)

    def _jump_to_section(self, item: QListWidgetItem) -> None:
        section = self._section_of(item)
        if section is None:
            return
        self.scroll_area.ensureWidgetVisible(self._section_headers[section.id], 0, 0)
        self.scroll_area.verticalScrollBar().setValue(self._section_headers[section.id].y())
        for question in section.questions:
            row = self._rows.get(question.id)
            if row is not None and row.isVisible() and row.input is not None:
                row.input.focus_target().setFocus()
                break

    def jump_to(
        self, question_id: str, table_row: int | None = None, field: str | None = None
    ) -> None:
        """Scroll `question_id` into view and give it the keyboard (a table: its cell)."""
        row = self._rows.get(question_id)
        if row is None:
            return
        content = self.scroll_area.widget()
        layout = content.layout() if content is not None else None
        if layout is not None:
            layout.activate()  # rows just shown or hidden have their places now
        self.scroll_area.ensureWidgetVisible(row, 0, 40)
        if isinstance(row.input, RepeatInput) and table_row is not None:
            row.input.focus_cell(table_row, field)
        elif row.input is not None:
            row.input.focus_target().setFocus()

    def _jump_to_problem(self, item: QListWidgetItem) -> None:
        self.jump_to(
            str(item.data(Qt.ItemDataRole.UserRole)),
            item.data(_PROBLEM_ROW),
            item.data(_PROBLEM_FIELD),
        )

    def _clear_problems(self) -> None:
        self.problems.clear()
        self.problems.hide()
        self.problems_title.hide()

    def _list_problems(self, problems: list[Problem]) -> None:
        assert self.form is not None
        language = current_language()
        self.problems.clear()
        for problem in problems:
            question = self.form.question(problem.question)
            label = question.label.get(language) if question.label else question.id
            where = f" ({problem.row + 1})" if problem.row is not None else ""
            item = QListWidgetItem(f"{label}{where} — {problem.message.get(language)}")
            item.setData(Qt.ItemDataRole.UserRole, problem.question)
            item.setData(_PROBLEM_ROW, problem.row)
            item.setData(_PROBLEM_FIELD, problem.field)
            self.problems.addItem(item)
        rows = min(len(problems), 6)
        self.problems.setFixedHeight(rows * self.problems.fontMetrics().height() + 12)
        self.problems.setVisible(bool(problems))
        self.problems_title.setVisible(bool(problems))

    # --- completing ----------------------------------------------------------------

    def complete(self) -> None:
        """Complete, or list what is missing or invalid, each a click away from its question."""
        if self.submission is None or self.submission.status == SubmissionStatus.COMPLETE:
            return
        self.flush_now()
        assert self.form is not None
        if not find_problems(self.form, self.answers):
            blank = blank_questions(self.form, self.answers)
            if blank and not confirm_blanks(self, [self._label_of(q) for q in blank]):
                self.jump_to(blank[0])
                return
        try:
            self.submission = self.workspace.store.complete(self.submission.id)
        except CompletionRefused as refused:
            self._show_required = True
            self.refresh()
            self._list_problems(refused.problems)
            if refused.problems:
                first = refused.problems[0]
                self.jump_to(first.question, first.row, first.field)
            return
        self._show_required = False
        self._clear_problems()
        self._update_header()
        self._set_save_state("saved", self.submission.updated_at.strftime("%H:%M:%S"))
        self.status_changed.emit()

    def _label_of(self, question_id: str) -> str:
        assert self.form is not None
        question = self.form.question(question_id)
        return question.label.get(current_language()) if question.label else question_id

    def reopen(self) -> None:
        if self.submission is None or self.submission.status != SubmissionStatus.COMPLETE:
            return
        answer = QMessageBox.question(
            self,
            _("Reopen for correction"),
            _(
                "The completed form is kept as it was handed in; your corrections make "
                "revision {number}. Reopen it?"
            ).format(number=self.submission.revision + 1),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.submission = self.workspace.store.reopen(self.submission.id)
        self._update_header()
        self.status_changed.emit()

    def leave(self) -> None:
        self.flush_now()
        self.closed.emit()

    @property
    def submission_id(self) -> uuid.UUID | None:
        return None if self.submission is None else self.submission.id


def _say_beside(field: AttachmentInput, error: Exception) -> None:
    """What went wrong with a file, beside its question (not in the save status: the
    answers themselves are as saved)."""
    message = str(error)
    field.refusal.refuse(Refusal(None, message=lambda: message))
