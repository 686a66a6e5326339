"""The printed summary: cover, contents, coverage, key findings and overall assessment.

`write_summary` lays out the whole document; the later sections (regions, checks,
disagreements, incidents, methodology, annex) are in `summary_sections`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from observer_app.analysis.layout import ItemKind
from observer_app.analysis.results import ResultsData
from observer_app.analysis.summary import Summary
from observer_app.analysis.tally import Count, FormFindings, negative_share
from observer_app.domain.batch_work import cycles_collected_after
from observer_app.domain.i18n import Language
from observer_app.reporting import summary_across, summary_sections
from observer_app.reporting.blocks import Context, grid
from observer_app.reporting.charts import StackedBar
from observer_app.reporting.collation import collated
from observer_app.reporting.document import LANDSCAPE, PORTRAIT, SummaryDocument, contents
from observer_app.reporting.fonts import BOLD, REGULAR
from observer_app.reporting.phrases import (
    filter_lines,
    finding_line,
    unit_sentence,
    x_of_y,
)
from observer_app.reporting.results.section import results_section
from observer_app.reporting.statement import form_statement, unworded_counts
from observer_app.reporting.styles import (
    ASSESSMENT,
    MARGIN,
    MUTED,
    PAPERS,
    Paper,
    Styles,
)
from observer_app.reporting.words import Words

#: Overall assessment answers, best first (the ODIHR scale).
SCALE = ("very_good", "good", "bad", "very_bad")


def _cover(ctx: Context) -> list[Flowable]:
    words, summary = ctx.words, ctx.summary
    _ = words.gettext
    story: list[Flowable] = [Spacer(1, 30 * mm), ctx.para(_("Summary of observations"), "title")]
    name = summary.mission.name_in(words.language)
    election = summary.mission.election_in(words.language)
    if name:
        story.append(ctx.para(name, "subtitle"))
    if election:
        story.append(ctx.para(election, "subtitle"))
    story.append(Spacer(1, 10 * mm))
    cut_off = words.moment(summary.cut_off) if summary.cut_off else _("no observation counted")
    rows = [
        [_("Filters"), "<br/>".join(escape(line) for line in filter_lines(words, summary))],
        [_("Counting"), escape(unit_sentence(words, summary.unit))],
        [
            _("Observations counted"),
            words.number(summary.coverage.observations),
        ],
        [
            _("Data cut-off"),
            escape(words.format(_("latest observation completed {moment}"), moment=cut_off)),
        ],
        [_("Made"), escape(words.moment(summary.made_at))],
    ]
    table = grid(
        [
            [Paragraph(escape(k), ctx.styles.cell_bold), Paragraph(v, ctx.styles.cell)]
            for k, v in rows
        ],
        [45 * mm, ctx.width - 45 * mm],
        header=False,
    )
    story += [table, Spacer(1, 12 * mm)]
    story.append(
        ctx.para(
            _(
                "Observations are not a representative sample of polling stations unless the "
                "mission drew one: figures describe what observers saw where they went."
            ),
            "small",
        )
    )
    if summary.unreadable:
        listed = ", ".join(f"{k}: {words.number(v)}" for k, v in sorted(summary.unreadable.items()))
        story.append(
            ctx.para(
                words.format(
                    _("Not counted, their form version is not among the mission's forms: {list}"),
                    list=listed,
                ),
                "small",
            )
        )
    return story


def _contents(ctx: Context) -> list[Flowable]:
    _ = ctx.words.gettext
    return [Paragraph(escape(_("Contents")), ctx.styles.h1), contents(ctx.styles)]


def _coverage(ctx: Context) -> list[Flowable]:
    words, coverage = ctx.words, ctx.summary.coverage
    _, ngettext = words.gettext, words.ngettext
    story: list[Flowable] = [ctx.heading(_("Coverage"))]
    stations_total = sum(r.stations_total for r in coverage.by_region)
    if ctx.summary.filters.regions:  # stated for the regions chosen, not against all
        names = ", ".join(ctx.region_name(code) for code in ctx.summary.filters.regions)
        sentence = ngettext(
            "{x} of the {y} polling station in {regions} was observed.",
            "{x} of the {y} polling stations in {regions} were observed.",
            stations_total,
        )
        story.append(
            ctx.para(words.format(sentence, x=coverage.stations, y=stations_total, regions=names))
        )
    sentence = ngettext(
        "Polling stations were observed in {x} of {y} region.",
        "Polling stations were observed in {x} of {y} regions.",
        coverage.regions_total,
    )
    story.append(
        ctx.para(words.format(sentence, x=coverage.regions_with_stations, y=coverage.regions_total))
    )
    if coverage.regions_covered != coverage.regions_with_stations:
        sentence = ngettext(
            "Observers reported from {x} of {y} region in all.",
            "Observers reported from {x} of {y} regions in all.",
            coverage.regions_total,
        )
        story.append(
            ctx.para(words.format(sentence, x=coverage.regions_covered, y=coverage.regions_total))
        )
    tecs_total = sum(r.tecs_total for r in coverage.by_region)
    facts = [
        (_("Observations"), words.number(coverage.observations)),
        (
            _("Polling stations observed"),
            words.format(_("{x} of {y}"), x=coverage.stations, y=stations_total),
        ),
        (_("TECs visited"), words.format(_("{x} of {y}"), x=coverage.tecs, y=tecs_total)),
        (_("Observers"), words.number(coverage.observers)),
        (_("Teams"), words.number(coverage.teams)),
    ]
    for form in ctx.summary.forms:
        facts.append(
            (
                words.format(_("Observations: {form}"), form=words.text(form.layout.title)),
                words.number(coverage.observations_by_form.get(form.layout.form_id, 0)),
            )
        )
    if coverage.without_region:
        facts.append((_("Observations with no region"), words.number(coverage.without_region)))
    story += [
        Spacer(1, 3 * mm),
        grid(
            [
                [Paragraph(escape(k), ctx.styles.cell), Paragraph(escape(v), ctx.styles.cell)]
                for k, v in facts
            ],
            [95 * mm, 35 * mm],
            header=False,
        ),
        ctx.heading(_("Coverage by region"), 1),
    ]
    header = [
        _("Region"),
        _("Observations"),
        _("Polling stations observed"),
        _("Share of stations"),
        _("TECs visited"),
    ]
    rows: list[list[object]] = [[Paragraph(escape(h), ctx.styles.cell_bold) for h in header]]
    lines = collated(coverage.by_region, words.language, lambda r: ctx.region_name(r.code))
    for line in lines:
        share = line.stations_observed / line.stations_total if line.stations_total else None
        rows.append(
            [
                Paragraph(escape(ctx.region_name(line.code)), ctx.styles.cell),
                words.number(line.observations),
                words.format(_("{x} of {y}"), x=line.stations_observed, y=line.stations_total),
                words.percent(share),
                words.format(_("{x} of {y}"), x=line.tecs_observed, y=line.tecs_total),
            ]
        )
    rows.append(
        [
            Paragraph(escape(_("All regions")), ctx.styles.cell_bold),
            words.number(sum(line.observations for line in lines)),
            words.format(_("{x} of {y}"), x=coverage.stations, y=stations_total),
            words.percent(coverage.stations / stations_total if stations_total else None),
            words.format(_("{x} of {y}"), x=coverage.tecs, y=tecs_total),
        ]
    )
    # Wide enough that no header word (ru «Избирательных», kk «Учаскелердің») is cut.
    widths = [ctx.width - 126 * mm, 26 * mm, 42 * mm, 32 * mm, 26 * mm]
    table = grid(rows, widths)
    style: list[Any] = [
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("FONTNAME", (1, -1), (-1, -1), BOLD),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, MUTED),
    ]
    for index, line in enumerate(lines, start=1):
        if not line.observations:
            style.append(("TEXTCOLOR", (1, index), (-1, index), MUTED))
    table.setStyle(TableStyle(style))
    story.append(table)
    story.append(Spacer(1, 2 * mm))
    story.append(
        ctx.para(
            _("Regions with no observation show zeros: they were not covered, not found clean."),
            "small",
        )
    )
    return story


def _key_findings(ctx: Context) -> list[Flowable]:
    """Each form's findings as a statement's sentences, section by section, the figures
    behind each beneath it; concerns nobody reported in one sentence at the end."""
    words, summary = ctx.words, ctx.summary
    _ = words.gettext
    story: list[Flowable] = [ctx.heading(_("Key findings"))]
    story.append(
        ctx.para(
            _(
                "Each finding is written as a sentence, in the order of the form's sections, "
                "with the figures behind it beneath: X answers of Y answers given. "
                "\u201cNot observed\u201d and unanswered questions are left out of Y and "
                "shown beside it. Quantifier words and when a figure is given instead are set "
                "out under Methodology."
            )
        )
    )
    story.append(ctx.para(unit_sentence(words, summary.unit), "small"))
    for form in summary.forms:
        statement = form_statement(words, form, summary.unit)
        unworded = unworded_counts(form)
        if not statement.lines and statement.none_reported is None and not unworded:
            continue
        block: list[Flowable] = []
        section = None
        for line in statement.lines:
            item_section = line.count.item.section
            if item_section is not None and item_section != section:
                section = item_section
                block.append(Paragraph(escape(words.text(section)), ctx.styles.h3))
            block.append(
                KeepTogether(
                    [
                        ctx.para(line.sentence, "finding"),
                        ctx.para(line.figures, "figures"),
                    ]
                )
            )
        if statement.none_reported:
            block.append(ctx.para(statement.none_reported, "finding"))
        for count in unworded:  # a form written before sentences: its findings as figures
            block.append(ctx.para(finding_line(words, count, form.layout, summary.unit), "finding"))
        story += [CondPageBreak(40 * mm), ctx.heading(words.text(form.layout.title), 1), *block]
    return story


def _assessment_count(form: FormFindings) -> Count | None:
    """The overall assessment's X of Y as the key findings count it, if it is a finding."""
    question = form.layout.assessment
    return next(
        (c for c in form.counts if c.item.kind is ItemKind.QUESTION and c.item.id == question),
        None,
    )


def _assessment(ctx: Context) -> list[Flowable]:
    words, summary = ctx.words, ctx.summary
    _ = words.gettext
    forms = [f for f in summary.forms if f.assessment is not None and f.assessment.answered]
    if not forms:
        return []
    labels = {
        "very_good": _("Very good"),
        "good": _("Good"),
        "bad": _("Bad"),
        "very_bad": _("Very bad"),
    }
    story: list[Flowable] = [ctx.heading(_("Overall assessment"))]
    for form in forms:
        distribution = form.assessment
        assert distribution is not None
        negative = sum(distribution.counts.get(v, 0) for v in ("bad", "very_bad"))
        answered, share = distribution.answered, negative_share(distribution)
        # Per station the sentence counts as the findings do (any visit assessing it bad),
        # the bar each station's latest assessment: say so where they differ.
        found = _assessment_count(form)
        latest_note = found is not None and found.concern != negative
        if found is not None and found.answered:
            negative, answered, share = found.concern, found.answered, found.share
        sentence = words.format(
            _("{form}: assessed negatively (bad or very bad) in {count} ({share})."),
            form=words.text(form.layout.title),
            count=x_of_y(words, negative, answered, form.layout, summary.unit),
            share=words.percent(share),
        )
        cells = [
            words.format(
                _("{label}: {n} ({share})"),
                label=labels[value],
                n=distribution.counts.get(value, 0),
                share=words.percent(distribution.counts.get(value, 0) / distribution.answered),
            )
            for value in SCALE
        ]
        legend = Table(
            [[Paragraph(escape(c), ctx.styles.small) for c in cells]],
            colWidths=[ctx.width / 4] * 4,
        )
        legend.setStyle(
            TableStyle(
                [("LINEBELOW", (i, 0), (i, 0), 2.5, colour) for i, colour in enumerate(ASSESSMENT)]
                + [("LEFTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (0, 0), (-1, -1), REGULAR)]
            )
        )
        story.append(
            KeepTogether(
                [
                    ctx.heading(words.text(form.layout.title), 1),
                    ctx.para(sentence),
                    Spacer(1, 2 * mm),
                    StackedBar(
                        [distribution.counts.get(v, 0) for v in SCALE], ASSESSMENT, ctx.width
                    ),
                    Spacer(1, 1 * mm),
                    legend,
                ]
            )
        )
        if distribution.no_answer:
            story.append(
                ctx.para(words.format(_("no answer: {n}"), n=distribution.no_answer), "small")
            )
        if latest_note:
            story.append(
                ctx.para(
                    _(
                        "The bar shows each station's latest assessment; the sentence counts a "
                        "station where any visit assessed it bad or very bad."
                    ),
                    "small",
                )
            )
        story += summary_across.reasons(ctx, form)
    return story


@cycles_collected_after()
def write_summary(
    summary: Summary,
    target: Path | BinaryIO,
    language: Language = "en",
    paper: Paper = "a4",
    results: ResultsData | None = None,
) -> int:
    """Write the summary as a PDF to `target` (a path or a binary file); returns its pages.

    `results` (the quick count, the official results, the quarantine) adds its section
    when the mission has any of them."""
    words = Words(language)
    styles = Styles()
    _ = words.gettext
    title = _("Summary of observations")
    footer = " · ".join(part for part in (summary.mission.name_in(language), title) if part)
    document = SummaryDocument(
        str(target) if isinstance(target, Path) else target, paper, words, title, footer
    )
    width = PAPERS[paper][0] - 2 * MARGIN
    landscape_width = PAPERS[paper][1] - 2 * MARGIN
    ctx = Context(summary, words, styles, width)
    sections: list[tuple[str, list[Flowable]]] = [
        (PORTRAIT, _cover(ctx)),
        (PORTRAIT, _contents(ctx)),
        (PORTRAIT, _coverage(ctx)),
        (PORTRAIT, _key_findings(ctx)),
        (PORTRAIT, _assessment(ctx)),
        (PORTRAIT, summary_across.across_forms(ctx)),
        (LANDSCAPE, summary_sections.by_region(ctx, landscape_width)),
        (PORTRAIT, summary_sections.checks(ctx)),
        (PORTRAIT, summary_sections.disagreements(ctx)),
        (PORTRAIT, summary_sections.incidents(ctx)),
        (PORTRAIT, results_section(ctx, results)),
        (PORTRAIT, summary_sections.methodology(ctx)),
        (PORTRAIT, summary_sections.annex(ctx)),
    ]
    story: list[Flowable] = []
    for orientation, flowables in sections:
        if not flowables:
            continue
        if story:  # each section on a new page, turned as its tables need
            story += [NextPageTemplate(orientation), PageBreak()]
        story += flowables
    document.build_once(story)
    return document.pages
