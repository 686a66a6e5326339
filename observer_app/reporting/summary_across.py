"""Printed sections of what is gathered across forms (access, time of day, durations) and
of the concerns behind negative assessments; the sentences are `across`'s."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from observer_app.analysis.tally import FormFindings
from observer_app.reporting.across import (
    access_sentences,
    band_label,
    duration_sentences,
    reasons_rows,
    reasons_sentence,
    x_of_y_share,
)
from observer_app.reporting.blocks import Context, grid


def _right(table_rows: int) -> TableStyle:
    return TableStyle([("ALIGN", (1, 1), (-1, table_rows), "RIGHT")])


def across_forms(ctx: Context) -> list[Flowable]:
    """Observers' access in all forms, problems by time of day, durations."""
    words, summary = ctx.words, ctx.summary
    across = summary.across
    _ = words.gettext
    if across is None:
        return []
    story: list[Flowable] = [ctx.heading(_("Access, time of day and duration"))]
    access = access_sentences(words, across.access)
    if access:
        story.append(ctx.heading(_("Observers' access"), 1))
        story += [ctx.para(sentence) for sentence in access]
        rows: list[list[object]] = [
            [Paragraph(escape(h), ctx.styles.cell_bold) for h in (_("Form"), _("Restricted"))]
        ]
        for form in summary.forms:  # in the order of the day
            found = across.access.by_form.get(form.layout.form_id)
            if found is not None:
                title = Paragraph(escape(words.text(form.layout.title)), ctx.styles.cell)
                rows.append([title, x_of_y_share(words, *found)])
        table = grid(rows, [90 * mm, 45 * mm])
        table.setStyle(_right(len(rows)))
        table.hAlign = "LEFT"
        story += [Spacer(1, 2 * mm), table]
    if any(band.observations or band.incidents for band in across.bands):
        story.append(CondPageBreak(50 * mm))
        story.append(ctx.heading(_("Time of day"), 1))
        story.append(
            ctx.para(
                _(
                    "Observations by the observer's local time when the form was started: "
                    "how many were assessed negatively (bad or very bad) of those with an "
                    "overall assessment, and how many concerns (answers reporting a problem, "
                    "checks that held) they reported on average. Incidents are counted by "
                    "their own time. Counted per observation whatever the counting chosen."
                )
            )
        )
        header = [
            _("Time of day"),
            _("Observations"),
            _("Assessed negatively"),
            _("Concerns per observation"),
            _("Incidents"),
        ]
        rows = [[Paragraph(escape(h), ctx.styles.cell_bold) for h in header]]
        for band in across.bands:
            per = band.concerns_per_observation
            rows.append(
                [
                    Paragraph(escape(band_label(words, band)), ctx.styles.cell),
                    words.number(band.observations),
                    x_of_y_share(words, band.negative, band.assessed) if band.assessed else "–",
                    words.number(round(per, 1)) if per is not None else "–",
                    words.number(band.incidents),
                ]
            )
        table = grid(rows, [ctx.width - 130 * mm, 28 * mm, 40 * mm, 36 * mm, 26 * mm])
        table.setStyle(_right(len(rows)))
        story += [Spacer(1, 2 * mm), table]
    durations = duration_sentences(words, summary)
    if durations:
        story.append(ctx.heading(_("Duration of counts and tabulation"), 1))
        story += [ctx.para(sentence) for sentence in durations]
        story.append(
            ctx.para(
                _(
                    "From the start and end times the observers recorded; an end earlier "
                    "than the start is read as past midnight."
                ),
                "small",
            )
        )
    return story if len(story) > 1 else []


def reasons(ctx: Context, form: FormFindings) -> list[Flowable]:
    """The concerns most frequent where `form` was assessed negatively, against the rest."""
    words = ctx.words
    _ = words.gettext
    sentence = reasons_sentence(words, form, ctx.summary.unit)
    found = reasons_rows(words, form)
    if sentence is None or not found or form.reasons is None:
        return []
    header = [
        _("Concern"),
        words.format(_("Assessed bad or very bad ({n})"), n=form.reasons.negative_units),
        words.format(_("Assessed good or very good ({n})"), n=form.reasons.other_units),
    ]
    rows: list[list[object]] = [[Paragraph(escape(h), ctx.styles.cell_bold) for h in header]]
    for reason, negative, other in found:
        rows.append(
            [Paragraph(escape(words.text(reason.item.finding)), ctx.styles.cell), negative, other]
        )
    table = grid(rows, [ctx.width - 80 * mm, 40 * mm, 40 * mm])
    table.setStyle(_right(len(rows)))
    return [
        Spacer(1, 3 * mm),
        KeepTogether([ctx.para(sentence), Spacer(1, 1.5 * mm), table]),
    ]
