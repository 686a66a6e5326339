"""The printed summary's results section: the quick count with its margins beside the
official result, where the published results differ from the observers' protocol copies,
and the copies quarantined for an arithmetic error."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from observer_app.analysis.results import ResultsData
from observer_app.reporting.blocks import Context, grid
from observer_app.reporting.results.words import (
    ResultWords,
    difference_text,
    discrepancy_sentence,
    estimate_rows,
    missing_sentence,
    quarantine_sentence,
    reported_sentence,
    turnout_line,
)

#: Stations listed by name in the PDF; `observer-app results` lists every one.
STATIONS_PRINTED = 200


def results_section(ctx: Context, data: ResultsData | None) -> list[Flowable]:
    """Nothing when the mission has neither a sample nor official results nor a protocol
    copy with an error; otherwise the three parts that have something to say."""
    if data is None or (
        data.sample is None
        and data.discrepancies is None
        and not data.quarantined
        and not data.turnout_hours
    ):
        return []
    words = ResultWords(ctx.words.language)
    _ = words.gettext
    story: list[Flowable] = [ctx.heading(_("Results protocols"))]
    story += _quick_count(ctx, words, data)
    story += _turnout(ctx, words, data)
    story += _discrepancies(ctx, words, data)
    story += _quarantine(ctx, words, data)
    return story


def _quick_count(ctx: Context, words: ResultWords, data: ResultsData) -> list[Flowable]:
    _ = words.gettext
    count = data.quick_count
    if data.sample is None or count is None:
        return []
    story: list[Flowable] = [ctx.heading(_("Quick count"), 1)]
    story.append(
        ctx.para(
            words.format(
                _(
                    "A random sample of {n} polling stations, drawn before election day "
                    "(seed {seed}; {method}). Each share is estimated with the ratio "
                    "estimator from the protocols the observers copied at the sampled "
                    "stations; the margins are those of a 95 % and a 99 % confidence "
                    "interval."
                ),
                n=data.sample.size,
                seed=str(data.sample.seed),
                method=_(data.sample.method),
            )
        )
    )
    story.append(ctx.para(reported_sentence(words, count.reported, count.sample_size)))
    rows = estimate_rows(words, data)
    if rows:
        head = [
            _("Party"),
            _("Estimate"),
            _("95 % margin"),
            _("99 % margin"),
            _("Published"),
            "",
        ]
        table: list[list[object]] = [[Paragraph(escape(h), ctx.styles.cell_bold) for h in head]]
        for row in rows:
            table.append(
                [
                    Paragraph(escape(row.name), ctx.styles.cell),
                    row.estimate,
                    row.margin95,
                    row.margin99,
                    row.official,
                    Paragraph(
                        escape(row.verdict),
                        ctx.styles.cell_bold if row.within is False else ctx.styles.cell,
                    ),
                ]
            )
        w = ctx.width
        story.append(grid(table, [w * 0.22, w * 0.10, w * 0.15, w * 0.15, w * 0.18, w * 0.20]))
    return story


def _turnout(ctx: Context, words: ResultWords, data: ResultsData) -> list[Flowable]:
    _ = words.gettext
    if not data.turnout_hours:
        return []
    story: list[Flowable] = [
        CondPageBreak(30 * mm),
        ctx.heading(_("Turnout through the day"), 1),
        ctx.para(
            _(
                "For each hour the commission published a turnout, the turnout PECs "
                "announced to observers at the visits that began in the two hours before."
            )
        ),
    ]
    story += [ctx.para(turnout_line(words, hour)) for hour in data.turnout_hours]
    return story


def _discrepancies(ctx: Context, words: ResultWords, data: ResultsData) -> list[Flowable]:
    _ = words.gettext
    found = data.discrepancies
    if found is None:
        return []
    story: list[Flowable] = [
        CondPageBreak(40 * mm),
        ctx.heading(_("Published results and the observers' protocol copies"), 1),
        ctx.para(discrepancy_sentence(words, len(found.differing), len(found.compared))),
    ]
    if found.differing:
        table: list[list[object]] = [
            [
                Paragraph(escape(_("Polling station")), ctx.styles.cell_bold),
                Paragraph(escape(_("Differences (published minus copied)")), ctx.styles.cell_bold),
            ]
        ]
        for station in found.differing[:STATIONS_PRINTED]:
            name = data.station_names.get(station.copy.station_id, station.copy.station_id)
            lines = "<br/>".join(
                escape(difference_text(words, data, d)) for d in station.differences
            )
            table.append(
                [Paragraph(escape(name), ctx.styles.cell), Paragraph(lines, ctx.styles.cell)]
            )
        story.append(grid(table, [ctx.width * 0.35, ctx.width * 0.65]))
    if found.missing:
        names = ", ".join(
            data.station_names.get(c.station_id, c.station_id)
            for c in found.missing[:STATIONS_PRINTED]
        )
        story += [
            Spacer(1, 2 * mm),
            ctx.para(missing_sentence(words, len(found.missing))),
            ctx.para(names, "small"),
        ]
    return story


def _quarantine(ctx: Context, words: ResultWords, data: ResultsData) -> list[Flowable]:
    _ = words.gettext
    flagged = [copy for copy in data.copies if copy.errors]
    if not flagged:
        return []
    story: list[Flowable] = [
        CondPageBreak(40 * mm),
        ctx.heading(_("Quarantine"), 1),
        ctx.para(quarantine_sentence(words, len(data.quarantined))),
    ]
    table: list[list[object]] = [
        [
            Paragraph(escape(h), ctx.styles.cell_bold)
            for h in (_("Polling station"), _("Protocol error"), _("Decision"))
        ]
    ]
    for copy in flagged[:STATIONS_PRINTED]:
        decision = (
            _("quarantined")
            if copy.restored is None
            else words.format(
                _("restored by {name}: {note}") if copy.restored.note else _("restored by {name}"),
                name=copy.restored.decided_by,
                note=copy.restored.note,
            )
        )
        table.append(
            [
                Paragraph(
                    escape(data.station_names.get(copy.station_id, copy.station_id)),
                    ctx.styles.cell,
                ),
                Paragraph(
                    "<br/>".join(escape(words.text(c.finding)) for c in copy.errors),
                    ctx.styles.cell,
                ),
                Paragraph(escape(decision), ctx.styles.cell),
            ]
        )
    story.append(grid(table, [ctx.width * 0.3, ctx.width * 0.45, ctx.width * 0.25]))
    return story
