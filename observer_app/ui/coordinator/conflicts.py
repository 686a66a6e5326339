"""Conflict review: two versions of one form side by side, differences marked; keep one.

Each version says which file brought it (team, observer, laptop, when it was handed in and
merged), and "Decided by" starts with the coordinator's own name from the first run.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from observer_app.ui.coordinator.i18n import _
from observer_app.ui.coordinator.models import Column, RowsModel
from observer_app.ui.coordinator.places import place_label
from observer_app.ui.coordinator.widgets import table
from observer_app.workspace.conflicts import ConflictLine, VersionLine
from observer_app.workspace.records import ComparedLine


class ConflictsPage(QWidget):
    """The list of conflicts above; the chosen one's two versions below, and the choice."""

    conflict_chosen = Signal(object)  # ConflictLine
    keep_requested = Signal(object, str, str, str)  # ConflictLine, content hash, who, note

    def __init__(self, decided_by: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts")
        self.current: ConflictLine | None = None
        #: Region code -> name in the window's language, kept up to date by the window.
        self.region_names: dict[str, str] = {}
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        list_columns: list[Column[ConflictLine]] = [
            Column(lambda: _("Form"), lambda c: c.form_title),
            Column(
                lambda: _("Station"),
                lambda c: place_label(c.place, c.place or None, "", self.region_names),
            ),
            Column(lambda: _("Observer"), lambda c: c.observer),
            Column(lambda: _("Revision"), lambda c: str(c.revision), align_right=True),
            Column(
                lambda: _("Decision"),
                lambda c: (
                    _("Undecided")
                    if c.kept is None
                    else _("Kept version {which} ({who})").format(
                        which="AB"[c.hashes.index(c.kept)] if c.kept in c.hashes[:2] else "?",
                        who=c.decided_by or "",
                    )
                ),
                highlight=lambda c: c.kept is None,
            ),
        ]
        self.list_model: RowsModel[ConflictLine] = RowsModel(list_columns, self)
        self.list = table(self.list_model, "conflict_list", self)
        self.list.setColumnWidth(0, 180)
        self.list.setColumnWidth(1, 120)
        self.list.setColumnWidth(2, 220)
        self.list.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._chosen(current.row())
        )

        compare_columns: list[Column[ComparedLine]] = [
            Column(lambda: _("Question"), lambda c: c.label, highlight=lambda c: c.differs),
            Column(lambda: self._heading(0), lambda c: c.left, highlight=lambda c: c.differs),
            Column(lambda: self._heading(1), lambda c: c.right, highlight=lambda c: c.differs),
            Column(lambda: "", lambda c: _("differs") if c.differs else ""),
        ]
        self.compare_model: RowsModel[ComparedLine] = RowsModel(compare_columns, self)
        self.compare = table(self.compare_model, "conflict_comparison", self)
        self.compare.setColumnWidth(0, 420)
        self.compare.setColumnWidth(1, 330)
        self.compare.setColumnWidth(2, 330)

        self.sources = QLabel(self)
        self.sources.setObjectName("version_sources")
        self.sources.setWordWrap(True)
        self.sources.setTextFormat(Qt.TextFormat.PlainText)
        self.differences = QLabel(self)
        self.differences.setObjectName("differences")
        self.who = QLineEdit(decided_by, self)
        self.who.setObjectName("decided_by")
        self.note = QLineEdit(self)
        self.note.setObjectName("decision_note")
        self.who_label = QLabel(self)
        self.note_label = QLabel(self)
        self.who_label.setBuddy(self.who)
        self.note_label.setBuddy(self.note)
        form = QFormLayout()
        form.addRow(self.who_label, self.who)
        form.addRow(self.note_label, self.note)
        self.keep_a = QPushButton(self)
        self.keep_a.setObjectName("keep_a")
        self.keep_b = QPushButton(self)
        self.keep_b.setObjectName("keep_b")
        self.keep_a.clicked.connect(lambda: self._keep(0))
        self.keep_b.clicked.connect(lambda: self._keep(1))
        buttons = QHBoxLayout()
        buttons.addWidget(self.differences, 1)
        buttons.addWidget(self.keep_a)
        buttons.addWidget(self.keep_b)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.sources)
        lower_layout.addWidget(self.compare, 1)
        lower_layout.addLayout(form)
        lower_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.list)
        split.addWidget(lower)
        split.setSizes([150, 520])
        layout.addWidget(split, 1)
        self._enable()

    def _heading(self, which: int) -> str:
        name = _("Version A") if which == 0 else _("Version B")
        conflict = self.current
        if conflict is not None and conflict.hashes[which] == conflict.counted:
            return name + " " + _("(counted)")
        return name

    def _source(self, which: int, version: VersionLine) -> str:
        """Where one version came from, in one line."""
        parts = [self._heading(which)]
        who = ", ".join(part for part in (version.team, version.observer) if part)
        if who:
            parts.append(who)
        if version.laptop or version.device_id:
            laptop = version.laptop or str(version.device_id)
            parts.append(_("laptop {device}").format(device=laptop))
        if version.handed_in_at is not None:
            parts.append(
                _("handed in {time}").format(time=version.handed_in_at.strftime("%d.%m.%Y %H:%M"))
            )
        if version.merged_at is not None:
            merged = version.merged_at.astimezone()  # this computer's clock
            parts.append(_("merged {time}").format(time=merged.strftime("%d.%m.%Y %H:%M")))
        if version.bundle_id is None:
            parts.append(_("not from a file handed in"))
        return " · ".join(parts)

    def _show_sources(self) -> None:
        conflict = self.current
        if conflict is None:
            self.sources.setText("")
            return
        self.sources.setText(
            "\n".join(self._source(i, v) for i, v in enumerate(conflict.versions[:2]))
        )

    def show_conflicts(self, conflicts: list[ConflictLine]) -> None:
        chosen = self.current
        self.list_model.set_rows(conflicts)
        keys = [(c.submission_id, c.revision) for c in conflicts]
        row = 0
        if chosen is not None and (chosen.submission_id, chosen.revision) in keys:
            row = keys.index((chosen.submission_id, chosen.revision))
        if conflicts:
            self.list.selectRow(row)
            self._chosen(row)
        else:
            self.current = None
            self.compare_model.set_rows([])
            self._show_sources()
        self._enable()
        self.relabel_intro()

    def show_comparison(self, lines: list[ComparedLine]) -> None:
        self.compare_model.set_rows(lines)
        differing = sum(1 for line in lines if line.differs)
        self.differences.setText(
            _("Answers that differ: {count} of {total}").format(count=differing, total=len(lines))
        )
        first = next((i for i, line in enumerate(lines) if line.differs), None)
        if first is not None:
            self.compare.scrollTo(self.compare_model.index(first, 0))

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.list_model.rows):
            self.current = self.list_model.rows[row]
            self._enable()
            self._show_sources()
            self.compare_model.relabel()
            self.conflict_chosen.emit(self.current)

    def _keep(self, which: int) -> None:
        conflict = self.current
        if conflict is None or which >= len(conflict.hashes):
            return
        self.keep_requested.emit(
            conflict, conflict.hashes[which], self.who.text().strip(), self.note.text().strip()
        )

    def _enable(self) -> None:
        ready = self.current is not None
        self.keep_a.setEnabled(ready)
        self.keep_b.setEnabled(ready)

    def relabel_intro(self) -> None:
        undecided = sum(1 for c in self.list_model.rows if c.kept is None)
        self.intro.setText(
            _(
                "The same form arrived twice at one revision with different answers. "
                "Both are kept; one is counted. Conflicts: {total}; undecided: {open}."
            ).format(total=len(self.list_model.rows), open=undecided)
        )

    def relabel(self) -> None:
        self.relabel_intro()
        self.who_label.setText(_("&Decided by:"))
        self.note_label.setText(_("&Note:"))
        self.who.setAccessibleName(_("Decided by"))
        self.note.setAccessibleName(_("Note"))
        self.keep_a.setText(_("Keep version &A"))
        self.keep_b.setText(_("Keep version &B"))
        self.list.setAccessibleName(_("Conflicts"))
        self.compare.setAccessibleName(_("The two versions, answer by answer"))
        if self.compare_model.rows:
            self.show_comparison(self.compare_model.rows)
        else:
            self.differences.setText("")
        self.list_model.relabel()
        self.compare_model.relabel()
        self._show_sources()
