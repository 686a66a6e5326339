"""The dashboard: every concern as X of Y with a bar, by form; coverage by region; the filters."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from observer_app.analysis.filters import Filters
from observer_app.analysis.summary import Summary
from observer_app.domain.i18n import Language
from observer_app.ui.coordinator.i18n import _
from observer_app.ui.coordinator.models import Column, RowsModel
from observer_app.ui.coordinator.places import place_label
from observer_app.ui.coordinator.widgets import BarDelegate, table, wrap_long_texts
from observer_app.ui.i18n import current_language
from observer_app.workspace.findings import (
    DashboardRow,
    FindingLine,
    FormHeading,
    ObservationLine,
    RegionLine,
    coverage_line,
    dashboard_rows,
    region_lines,
)


def _finding_text(row: DashboardRow) -> str:
    if isinstance(row, FormHeading):
        return row.text
    return "    " + row.finding


#: A finding counted over fewer observations than this is marked: its share says little.
SMALL_BASE = 10


def small_base(row: DashboardRow) -> bool:
    return isinstance(row, FindingLine) and 0 < row.answered < SMALL_BASE


def _count_text(row: DashboardRow) -> str:
    if isinstance(row, FormHeading):
        return ""
    text = f"{row.count_text} ({row.share_text})"
    return (
        f"{text} ⚠ " + _("base under {minimum}").format(minimum=SMALL_BASE)
        if small_base(row)
        else text
    )


def _bar(row: DashboardRow) -> float | None:
    if isinstance(row, FormHeading):
        return None
    return float(row.percent or 0)


class Dashboard(QWidget):
    """Filters on top; findings on the left; coverage and the observations behind on the right."""

    filters_changed = Signal()
    finding_chosen = Signal(object)  # FindingLine
    observation_opened = Signal(str)  # submission id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.summary: Summary | None = None
        self.language: Language = "en"
        #: Region code -> name in the window's language, kept up to date by the window.
        self.region_names: dict[str, str] = {}
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.region_label = QLabel(self)
        self.region_box = QComboBox(self)
        self.region_box.setObjectName("region_filter")
        self.form_label = QLabel(self)
        self.form_box = QComboBox(self)
        self.form_box.setObjectName("form_filter")
        self.team_label = QLabel(self)
        self.team_box = QComboBox(self)
        self.team_box.setObjectName("team_filter")
        self.since_check = QCheckBox(self)
        self.since_check.setObjectName("since_enabled")
        self.since_edit = QDateTimeEdit(self)
        self.until_check = QCheckBox(self)
        self.until_check.setObjectName("until_enabled")
        self.until_edit = QDateTimeEdit(self)
        start = QDateTime(QDate.currentDate(), QTime(7, 0))
        for edit, moment in ((self.since_edit, start), (self.until_edit, start.addSecs(86400))):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
            edit.setDateTime(moment)
            edit.setEnabled(False)
        self.since_check.toggled.connect(self.since_edit.setEnabled)
        self.until_check.toggled.connect(self.until_edit.setEnabled)
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("clear_filters")
        self.clear_button.clicked.connect(self.clear_filters)
        for label, box in (
            (self.region_label, self.region_box),
            (self.form_label, self.form_box),
            (self.team_label, self.team_box),
        ):
            label.setBuddy(box)
            bar.addWidget(label)
            bar.addWidget(box, 1)
        for check, edit in (
            (self.since_check, self.since_edit),
            (self.until_check, self.until_edit),
        ):
            bar.addWidget(check)
            bar.addWidget(edit)
        bar.addWidget(self.clear_button)
        layout.addLayout(bar)
        for box in (self.region_box, self.form_box, self.team_box):
            box.currentIndexChanged.connect(lambda _i: self.filters_changed.emit())
        for check in (self.since_check, self.until_check):
            check.toggled.connect(lambda _on: self.filters_changed.emit())
        for edit in (self.since_edit, self.until_edit):
            edit.dateTimeChanged.connect(self._moment_changed)

        self.coverage_label = QLabel(self)
        self.coverage_label.setObjectName("coverage_summary")
        self.coverage_label.setWordWrap(True)
        layout.addWidget(self.coverage_label)

        finding_columns: list[Column[DashboardRow]] = [
            Column(
                lambda: _("Finding"),
                _finding_text,
                bold=lambda row: isinstance(row, FormHeading),
            ),
            Column(lambda: _("Observed"), _count_text, align_right=True),
            Column(lambda: _("Share"), lambda _row: "", bar=_bar),
        ]
        self.findings_model: RowsModel[DashboardRow] = RowsModel(finding_columns, self)
        self.findings = table(self.findings_model, "findings", self)
        self.findings.setItemDelegateForColumn(2, BarDelegate(self.findings))
        self.findings.setColumnWidth(0, 400)
        self.findings.setColumnWidth(1, 200)
        wrap_long_texts(self.findings)
        self.findings.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._finding_clicked(current.row())
        )
        self.findings.activated.connect(lambda index: self._finding_clicked(index.row()))

        region_columns: list[Column[RegionLine]] = [
            Column(lambda: _("Region"), lambda r: r.name),
            Column(lambda: _("Observations"), lambda r: str(r.observations), align_right=True),
            Column(
                lambda: _("Polling stations observed"),
                lambda r: r.stations_text,
                align_right=True,
            ),
        ]
        self.regions_model: RowsModel[RegionLine] = RowsModel(region_columns, self)
        self.regions = table(self.regions_model, "coverage_by_region", self)
        self.regions.setColumnWidth(0, 200)

        self.behind_label = QLabel(self)
        self.behind_label.setObjectName("behind_title")
        self.behind_label.setWordWrap(True)
        behind_columns: list[Column[ObservationLine]] = [
            Column(lambda: _("Time"), lambda o: o.observed_at.strftime("%d.%m %H:%M")),
            Column(
                lambda: _("Station"),
                lambda o: place_label(o.place, o.station_id, o.region, self.region_names),
            ),
            Column(lambda: _("Team"), lambda o: o.team),
            Column(lambda: _("Observer"), lambda o: o.observer),
        ]
        self.behind_model: RowsModel[ObservationLine] = RowsModel(behind_columns, self)
        self.behind = table(self.behind_model, "observations_behind", self)
        wrap_long_texts(self.behind)
        self.behind.setColumnWidth(0, 90)
        self.behind.setColumnWidth(1, 210)  # "No. 262 · Shymkent (city)" on one line
        self.behind.activated.connect(self._open_behind)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("open_observation")
        self.open_button.clicked.connect(lambda: self._open_behind(self.behind.currentIndex()))

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.regions)
        lower = QWidget(right)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.behind_label)
        lower_layout.addWidget(self.behind)
        lower_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(lower)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.findings)
        split.addWidget(right)
        split.setSizes([760, 560])
        layout.addWidget(split, 1)

    # --- filters -------------------------------------------------------------------

    def _moment_changed(self) -> None:
        if self.since_check.isChecked() or self.until_check.isChecked():
            self.filters_changed.emit()

    def set_choices(
        self, regions: list[tuple[str, str]], forms: list[tuple[str, str]], teams: list[str]
    ) -> None:
        """Fill the filter boxes, keeping what is chosen; (code, name) pairs."""
        for box, items in (
            (self.region_box, regions),
            (self.form_box, forms),
            (self.team_box, [(t, t) for t in teams]),
        ):
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(_("All"), None)
            for code, name in items:
                box.addItem(name, code)
            found = box.findData(chosen)
            box.setCurrentIndex(max(0, found))
            box.blockSignals(False)

    def clear_filters(self) -> None:
        for box in (self.region_box, self.form_box, self.team_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        for check in (self.since_check, self.until_check):
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        self.since_edit.setEnabled(False)
        self.until_edit.setEnabled(False)
        self.filters_changed.emit()

    def filters(self) -> Filters | None:
        """The filters as chosen; None when the time window is empty."""

        def one(box: QComboBox) -> tuple[str, ...]:
            value = box.currentData()
            return (str(value),) if value else ()

        def moment(check: QCheckBox, edit: QDateTimeEdit) -> datetime | None:
            if not check.isChecked():
                return None
            value: datetime = edit.dateTime().toPython()  # type: ignore[assignment]
            return value.astimezone()

        since = moment(self.since_check, self.since_edit)
        until = moment(self.until_check, self.until_edit)
        if since is not None and until is not None and since >= until:
            return None
        return Filters(
            regions=one(self.region_box),
            forms=one(self.form_box),
            teams=one(self.team_box),
            since=since,
            until=until,
        )

    # --- results -------------------------------------------------------------------

    def show_summary(self, summary: Summary, language: Language) -> None:
        self.summary = summary
        self.language = language
        if summary.cut_off is not None and not (
            self.since_check.isChecked() or self.until_check.isChecked()
        ):
            # Offer the last day of the data, not today: a coordinator often reads it later.
            last = summary.cut_off.astimezone().replace(minute=0, second=0, microsecond=0)
            until = QDateTime(QDate(last.year, last.month, last.day), QTime(last.hour, 0)).addSecs(
                3600
            )
            self.until_edit.setDateTime(until)
            self.since_edit.setDateTime(until.addSecs(-24 * 3600))
        self.findings_model.set_rows(dashboard_rows(summary, language))
        # "81 of 330 observations (24.5%)" whole, in any language: the count is the finding.
        self.findings.resizeColumnToContents(1)
        self.regions_model.set_rows(region_lines(summary, language))
        self.behind_model.set_rows([])
        self.behind_label.setText(_("Choose a finding to list the observations behind it."))
        coverage = coverage_line(summary, language)
        self.coverage_label.setText(
            _(
                "Observations: {observations}; polling stations observed: {stations}; "
                "regions covered: {regions}"
            ).format(
                observations=coverage.observations,
                stations=coverage.stations,
                regions=coverage.regions_text,
            )
        )

    def show_behind(self, finding: FindingLine, lines: list[ObservationLine]) -> None:
        self.behind_model.set_rows(lines)
        self.behind_label.setText(
            _("Observations behind “{finding}”: {count}").format(
                finding=finding.finding, count=len(lines)
            )
        )
        if lines:
            self.behind.selectRow(0)

    def _finding_clicked(self, row: int) -> None:
        if 0 <= row < len(self.findings_model.rows):
            line = self.findings_model.rows[row]
            if isinstance(line, FindingLine):
                self.finding_chosen.emit(line)

    def _open_behind(self, index: object) -> None:
        line = self.behind_model.row_at(index)  # type: ignore[arg-type]
        if line is not None:
            self.observation_opened.emit(line.submission_id)

    def relabel(self) -> None:
        self.region_label.setText(_("&Region:"))
        self.form_label.setText(_("&Form:"))
        self.team_label.setText(_("&Team:"))
        self.since_check.setText(_("Since"))
        self.until_check.setText(_("Until"))
        self.clear_button.setText(_("Show all"))
        self.open_button.setText(_("&Open read-only"))
        self.region_box.setAccessibleName(_("Region filter"))
        self.form_box.setAccessibleName(_("Form filter"))
        self.team_box.setAccessibleName(_("Team filter"))
        self.since_edit.setAccessibleName(_("Since"))
        self.until_edit.setAccessibleName(_("Until"))
        self.findings.setAccessibleName(_("Findings"))
        self.regions.setAccessibleName(_("Coverage by region"))
        self.behind.setAccessibleName(_("Observations behind the finding"))
        for box in (self.region_box, self.form_box, self.team_box):
            box.setItemText(0, _("All"))
        if self.summary is not None:  # findings and headings worded again, no recount
            self.show_summary(self.summary, current_language())
        self.findings_model.relabel()
        self.regions_model.relabel()
        self.behind_model.relabel()
