"""The coordinator's results page: the quick count with its margins beside the published
result, the stations where the published figures differ from the observers' protocol copy,
and the quarantine, with the decision to count a quarantined copy all the same."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from observer_app.analysis.results import ResultsData
from observer_app.reporting.results.words import (
    EstimateRow,
    ResultWords,
    difference_text,
    discrepancy_sentence,
    estimate_rows,
    missing_sentence,
    quarantine_sentence,
    reported_sentence,
    turnout_line,
)
from observer_app.ui.coordinator.i18n import _
from observer_app.ui.coordinator.models import Column, RowsModel
from observer_app.ui.coordinator.widgets import table
from observer_app.ui.i18n import current_language


@dataclass(frozen=True)
class StationLine:
    """A station in the differences or the quarantine table, its text already in words."""

    submission_id: str
    station: str
    detail: str
    decision: str = ""
    quarantined: bool = False


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class ResultsPage(QWidget):
    """Filled by `show_results`; `restore_requested(submission_id, who, why)` asks the
    window to record a decision."""

    restore_requested = Signal(str, str, str)

    def __init__(self, decided_by: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("results")
        self.data: ResultsData | None = None
        layout = QVBoxLayout(self)
        self.count_title = _bold(QLabel(self))
        self.count_intro = QLabel(self)
        self.count_intro.setObjectName("quick_count_intro")
        self.count_intro.setWordWrap(True)
        columns: list[Column[EstimateRow]] = [
            Column(lambda: _("Party"), lambda r: r.name),
            Column(lambda: _("Estimate"), lambda r: r.estimate, align_right=True),
            Column(lambda: _("95 % margin"), lambda r: r.margin95, align_right=True),
            Column(lambda: _("99 % margin"), lambda r: r.margin99, align_right=True),
            Column(lambda: _("Published"), lambda r: r.official, align_right=True),
            Column(lambda: "", lambda r: r.verdict, highlight=lambda r: r.within is False),
        ]
        self.estimates: RowsModel[EstimateRow] = RowsModel(columns, self)
        self.estimates_view = table(self.estimates, "quick_count", self)
        self.estimates_view.setColumnWidth(0, 260)
        for column, width in ((1, 100), (2, 150), (3, 150), (4, 120)):
            self.estimates_view.setColumnWidth(column, width)

        self.diff_title = _bold(QLabel(self))
        self.diff_intro = QLabel(self)
        self.diff_intro.setObjectName("discrepancy_sentence")
        self.diff_intro.setWordWrap(True)
        differing: list[Column[StationLine]] = [
            Column(lambda: _("Polling station"), lambda r: r.station),
            Column(lambda: _("Differences (published minus copied)"), lambda r: r.detail),
        ]
        self.differences: RowsModel[StationLine] = RowsModel(differing, self)
        self.differences_view = table(self.differences, "discrepancies", self)
        self.differences_view.setColumnWidth(0, 260)

        self.quarantine_title = _bold(QLabel(self))
        self.quarantine_intro = QLabel(self)
        self.quarantine_intro.setObjectName("quarantine_sentence")
        self.quarantine_intro.setWordWrap(True)
        held: list[Column[StationLine]] = [
            Column(lambda: _("Polling station"), lambda r: r.station),
            Column(lambda: _("Protocol error"), lambda r: r.detail),
            Column(lambda: _("Decision"), lambda r: r.decision, highlight=lambda r: r.quarantined),
        ]
        self.quarantine: RowsModel[StationLine] = RowsModel(held, self)
        self.quarantine_view = table(self.quarantine, "quarantine", self)
        self.quarantine_view.setColumnWidth(0, 260)
        self.quarantine_view.setColumnWidth(1, 620)
        decision = QHBoxLayout()
        self.who_label = QLabel(self)
        self.who = QLineEdit(decided_by, self)
        self.who.setObjectName("restore_by")
        self.why_label = QLabel(self)
        self.why = QLineEdit(self)
        self.why.setObjectName("restore_why")
        self.restore_button = QPushButton(self)
        self.restore_button.setObjectName("restore")
        self.restore_button.clicked.connect(self._restore)
        for control in (self.who_label, self.who, self.why_label, self.why, self.restore_button):
            decision.addWidget(control)
        decision.setStretch(3, 1)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        for shown in (self.count_title, self.count_intro, self.estimates_view):
            top_layout.addWidget(shown)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        for shown in (self.diff_title, self.diff_intro, self.differences_view):
            middle_layout.addWidget(shown)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        for shown in (self.quarantine_title, self.quarantine_intro, self.quarantine_view):
            bottom_layout.addWidget(shown)
        bottom_layout.addLayout(decision)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        for part in (top, middle, bottom):
            splitter.addWidget(part)
        layout.addWidget(splitter, 1)
        self.relabel()

    def show_results(self, data: ResultsData) -> None:
        self.data = data
        self.relabel()

    def _restore(self) -> None:
        index = self.quarantine_view.currentIndex()
        line = self.quarantine.row_at(index)
        if line is not None:
            self.restore_requested.emit(
                line.submission_id, self.who.text().strip(), self.why.text().strip()
            )

    def relabel(self) -> None:
        words = ResultWords(current_language())
        self.count_title.setText(_("Quick count"))
        self.diff_title.setText(_("Published results and the observers' protocol copies"))
        self.quarantine_title.setText(_("Quarantine"))
        self.who_label.setText(_("Decided by"))
        self.why_label.setText(_("Why"))
        self.restore_button.setText(_("Count this protocol copy"))
        self.restore_button.setAccessibleName(_("Count this protocol copy"))
        data = self.data
        if data is None:
            return
        count = data.quick_count
        if data.sample is None or count is None:
            self.count_intro.setText(
                _("No sample drawn: observer-app pvt sample draws one before election day.")
            )
            self.estimates.set_rows([])
        else:
            self.count_intro.setText(reported_sentence(words, count.reported, count.sample_size))
        if data.turnout_hours:
            self.count_intro.setText(
                "\n".join(
                    [self.count_intro.text(), *(turnout_line(words, h) for h in data.turnout_hours)]
                )
            )
            self.estimates.set_rows(estimate_rows(words, data))
        found = data.discrepancies
        if found is None:
            self.diff_intro.setText(
                _("No official results loaded: observer-app results import FILE loads them.")
            )
            self.differences.set_rows([])
        else:
            text = discrepancy_sentence(words, len(found.differing), len(found.compared))
            if found.missing:
                missing = ", ".join(
                    data.station_names.get(c.station_id, c.station_id) for c in found.missing
                )
                text += " " + missing_sentence(words, len(found.missing)) + f" ({missing})"
            self.diff_intro.setText(text)
            self.differences.set_rows(
                [
                    StationLine(
                        s.copy.submission_id,
                        data.station_names.get(s.copy.station_id, s.copy.station_id),
                        "; ".join(difference_text(words, data, d) for d in s.differences),
                    )
                    for s in found.differing
                ]
            )
        flagged = [copy for copy in data.copies if copy.errors]
        self.quarantine_intro.setText(quarantine_sentence(words, len(data.quarantined)))
        self.quarantine.set_rows(
            [
                StationLine(
                    copy.submission_id,
                    data.station_names.get(copy.station_id, copy.station_id),
                    "; ".join(words.text(check.finding) for check in copy.errors),
                    _("quarantined")
                    if copy.restored is None
                    else _("counted: decided by {name}").format(name=copy.restored.decided_by)
                    + (f" ({copy.restored.note})" if copy.restored.note else ""),
                    copy.restored is None,
                )
                for copy in flagged
            ]
        )
        self.restore_button.setEnabled(bool(data.quarantined))
        for model in (self.estimates, self.differences, self.quarantine):
            model.relabel()
        # Every party and the turnout in view, without scrolling.
        view = self.estimates_view
        view.setMinimumHeight(
            view.horizontalHeader().height()
            + view.verticalHeader().length()
            + 2 * view.frameWidth()
        )
