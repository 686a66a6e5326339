"""The dashboard's rows: every concern as X of Y, coverage by region, incidents, and the
observations behind a finding, worded as the printed summary words them.

The wording comes from `reporting.phrases`, the summary's own: the dashboard and the PDF
say "5 of 40 observations (12.5%)" in the same words, in the same language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from observer_app.analysis.filters import Filters
from observer_app.analysis.layout import ItemKind, form_layouts
from observer_app.analysis.reading import Outcome as Reading
from observer_app.analysis.reading import read_observation
from observer_app.analysis.selection import selected_observations
from observer_app.analysis.summary import Summary
from observer_app.analysis.tally import by_prevalence
from observer_app.domain.i18n import Language
from observer_app.formspec import FormLibrary
from observer_app.reporting.phrases import form_heading, share_of, x_of_y
from observer_app.reporting.words import Words
from observer_app.store.database import Database


def percent(x: int, y: int) -> int | None:
    """X of Y as a whole percentage, rounded half up; None when Y is zero (for a bar)."""
    return None if y == 0 else int(100 * x / y + 0.5)


@dataclass(frozen=True, slots=True)
class FormHeading:
    """The heading row of one form's group of findings: "Voting: 43 observations"."""

    form_id: str
    text: str
    units: int


@dataclass(frozen=True, slots=True)
class FindingLine:
    """One concern of one form, counted as X of Y, with its words."""

    form_id: str
    form_title: str
    kind: ItemKind
    item_id: str
    finding: str
    concern: int
    answered: int
    #: "5 of 40 observations" (or polling stations, or TECs, as counted).
    count_text: str
    #: "12.5%", or an en dash when nothing was answered.
    share_text: str

    @property
    def percent(self) -> int | None:
        return percent(self.concern, self.answered)


DashboardRow = FormHeading | FindingLine


def finding_lines(summary: Summary, language: Language) -> list[FindingLine]:
    """Every concern, grouped by form in the order of the day, most prevalent first."""
    words = Words(language)
    lines: list[FindingLine] = []
    for form in summary.forms:
        title = form.layout.title.get(language)
        for count in by_prevalence(form.counts):
            if count.item.kind is ItemKind.TAG:
                continue  # gathered across forms in the summary, not a line of its own
            lines.append(
                FindingLine(
                    form_id=form.layout.form_id,
                    form_title=title,
                    kind=count.item.kind,
                    item_id=count.item.id,
                    finding=count.item.finding.get(language),
                    concern=count.concern,
                    answered=count.answered,
                    count_text=x_of_y(
                        words, count.concern, count.answered, form.layout, summary.unit
                    ),
                    share_text=words.percent(count.share),
                )
            )
    return lines


def dashboard_rows(summary: Summary, language: Language) -> list[DashboardRow]:
    """The findings with a heading row before each form's group."""
    words = Words(language)
    units = {form.layout.form_id: form for form in summary.forms}
    rows: list[DashboardRow] = []
    current = None
    for line in finding_lines(summary, language):
        if line.form_id != current:
            current = line.form_id
            form = units[line.form_id]
            rows.append(
                FormHeading(
                    line.form_id, form_heading(words, form.layout.title, form.units), form.units
                )
            )
        rows.append(line)
    return rows


@dataclass(frozen=True, slots=True)
class RegionLine:
    """One region's coverage: observations, and polling stations observed of all."""

    code: str
    name: str
    observations: int
    stations_observed: int
    stations_total: int
    #: "12 of 430"
    stations_text: str


def region_lines(summary: Summary, language: Language) -> list[RegionLine]:
    words = Words(language)
    return [
        RegionLine(
            code=line.code,
            name=line.region.name(language) if line.region is not None else line.code,
            observations=line.observations,
            stations_observed=line.stations_observed,
            stations_total=line.stations_total,
            stations_text=share_of(words, line.stations_observed, line.stations_total),
        )
        for line in summary.coverage.by_region
    ]


@dataclass(frozen=True, slots=True)
class CoverageLine:
    """The dashboard's one line of coverage."""

    observations: int
    stations: int
    regions_covered: int
    regions_total: int
    #: "13 of 17"
    regions_text: str


def coverage_line(summary: Summary, language: Language) -> CoverageLine:
    coverage = summary.coverage
    return CoverageLine(
        observations=coverage.observations,
        stations=coverage.stations,
        regions_covered=coverage.regions_covered,
        regions_total=coverage.regions_total,
        regions_text=share_of(Words(language), coverage.regions_covered, coverage.regions_total),
    )


@dataclass(frozen=True, slots=True)
class IncidentLine:
    """One incident as the observer reported it."""

    submission_id: str
    time: datetime
    place: str
    region: str
    team: str
    category: str
    words: str
    #: The polling station's id when the incident was at one ("MAN-369"), for its number.
    station_id: str | None = None


def incident_lines(summary: Summary, language: Language) -> list[IncidentLine]:
    return [
        IncidentLine(
            submission_id=incident.ref.id,
            time=incident.ref.observed_at,
            place=incident.ref.place or "",
            region=incident.ref.region or "",
            team=incident.ref.team,
            category=(
                incident.category_label.get(language)
                if incident.category_label is not None
                else incident.category or ""
            ),
            words=incident.words or "",
            station_id=incident.ref.station_id,
        )
        for incident in summary.incidents
    ]


@dataclass(frozen=True, slots=True)
class ObservationLine:
    """One observation behind a finding: who, where, when."""

    submission_id: str
    form_id: str
    place: str
    region: str
    team: str
    observer: str
    observed_at: datetime
    #: The polling station's id when observed at one ("MAN-369"), for its number.
    station_id: str | None = None


def observations_behind(
    database: Database,
    library: FormLibrary,
    filters: Filters,
    form_id: str,
    kind: str,
    item_id: str,
) -> list[ObservationLine]:
    """The observations that count in X for one finding, under the same filters as the summary.

    Read by the summary's own rules (analysis.reading, analysis.selection), so their number
    is the X shown.
    """
    if filters.forms and form_id not in filters.forms:
        return []
    layouts = form_layouts(library)
    layout = layouts[form_id]
    position = layout.item_index()[(ItemKind(kind), item_id)]
    narrowed = Filters(
        regions=filters.regions,
        forms=(form_id,),
        teams=filters.teams,
        since=filters.since,
        until=filters.until,
    )
    found: list[ObservationLine] = []
    for selected in selected_observations(database, library, narrowed):
        observation = selected.observation
        reading = read_observation(selected.plan, observation, selected.when)
        if reading.codes[position] == Reading.CONCERN:
            found.append(
                ObservationLine(
                    submission_id=observation.id,
                    form_id=observation.form_id,
                    place=observation.place or "",
                    region=observation.region or "",
                    team=observation.team,
                    observer=observation.observer,
                    observed_at=selected.when,
                    station_id=observation.station_id,
                )
            )
    found.sort(key=lambda line: (line.observed_at, line.submission_id))
    return found
