"""The later sections of the printed summary: regions, checks, disagreements, incidents,
methodology and the annex of every question's answers."""

from __future__ import annotations

from collections import Counter
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    TableStyle,
)

from observer_app.analysis.layout import EntryKind, ItemKind
from observer_app.analysis.tally import Distribution, by_prevalence
from observer_app.formspec.models import Severity
from observer_app.reporting.blocks import Context, grid
from observer_app.reporting.collation import collated
from observer_app.reporting.fonts import BOLD
from observer_app.reporting.phrases import answer_label, finding_line, left_out
from observer_app.reporting.statement import FIGURES_BELOW, PERCENT_FROM
from observer_app.reporting.styles import CHART_LABEL, CONCERN, LEAST_TEXT

#: Lists that can run into thousands print this many; the exports hold every one.
PLACES_PRINTED = 200
DISAGREEMENTS_PRINTED = 300


def _heat(share: float) -> colors.Color:
    """A cell's shade: white for none, the concern colour at full strength for all."""
    base = CONCERN
    mix = 0.08 + 0.6 * share
    return colors.Color(
        1 - (1 - base.red) * mix, 1 - (1 - base.green) * mix, 1 - (1 - base.blue) * mix
    )


def by_region(ctx: Context, width: float) -> list[Flowable]:
    """Per form, a landscape table: concerns down, regions across, X/Y in each cell."""
    words, summary = ctx.words, ctx.summary
    _ = words.gettext
    story: list[Flowable] = []
    for form in summary.forms:
        indexed = [
            (i, c)
            for i, c in enumerate(form.counts)
            if c.item.kind in (ItemKind.QUESTION, ItemKind.COMPOSITE) and c.answered
        ]
        regions = collated(form.by_region, ctx.words.language, ctx.region_name)
        if not indexed or not regions:
            continue
        order = {id(c): n for n, c in enumerate(by_prevalence([c for _i, c in indexed]))}
        indexed.sort(key=lambda pair: order[id(pair[1])])
        if not story:
            story.append(ctx.heading(_("Findings by region")))
            story.append(
                ctx.para(
                    _(
                        "X/Y in each region: X answers reporting the problem of Y answers given; "
                        "the darker the cell, the larger the share. Regions are numbered, "
                        "named below."
                    ),
                    "small",
                )
            )
        label_width = 62 * mm
        cell = min(16 * mm, (width - label_width - 14 * mm) / max(len(regions), 1))
        # The form's name in the header row, which repeats on every page the table runs onto.
        named = f"{words.text(form.layout.title)} · {_('Finding')}"
        header = [Paragraph(escape(named), ctx.styles.cell_bold), _("All")]
        header += [str(n) for n in range(1, len(regions) + 1)]
        rows: list[list[object]] = [header]
        style: list[Any] = [
            ("FONTNAME", (1, 0), (-1, 0), BOLD),
            ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        for row_number, (index, count) in enumerate(indexed, start=1):
            row: list[object] = [
                Paragraph(escape(words.text(count.item.finding)), ctx.styles.small),
                f"{count.concern}/{count.answered}",
            ]
            for column, code in enumerate(regions, start=2):
                x, y = form.by_region[code][index]
                row.append(f"{x}/{y}" if y else "–")
                if y and x:
                    style.append(
                        ("BACKGROUND", (column, row_number), (column, row_number), _heat(x / y))
                    )
            if count.share:
                style.append(("BACKGROUND", (1, row_number), (1, row_number), _heat(count.share)))
            rows.append(row)
        style.append(("FONTSIZE", (1, 0), (-1, -1), _heat_size(rows, cell)))
        table = grid(rows, [label_width, 14 * mm] + [cell] * len(regions))
        table.setStyle(TableStyle(style))
        story += [CondPageBreak(60 * mm), ctx.heading(words.text(form.layout.title), 1), table]
        legend = "; ".join(f"{n} {ctx.region_name(code)}" for n, code in enumerate(regions, 1))
        story += [Spacer(1, 2 * mm), ctx.para(legend, "small")]
    return story


def _heat_size(rows: list[list[object]], cell: float) -> float:
    """The heat map's figures at the summary's least text size where every "X/Y" fits its
    cell, else at a chart label's size (a map of 17 regions on Letter paper)."""
    widest = max(
        (
            stringWidth(text, BOLD, LEAST_TEXT)
            for row in rows
            for text in row[2:]
            if isinstance(text, str)
        ),
        default=0.0,
    )
    return LEAST_TEXT if widest + 6 <= cell else CHART_LABEL


def _places(ctx: Context, places: list[tuple[str, int]]) -> Paragraph:
    words = ctx.words
    _ = words.gettext
    shown = [
        place if n == 1 else f"{place} (×{words.number(n)})" for place, n in places[:PLACES_PRINTED]
    ]
    text = ", ".join(shown)
    if len(places) > PLACES_PRINTED:
        text += " " + words.format(
            _("and {n} more (every one in the XLSX or CSV export)"), n=len(places) - PLACES_PRINTED
        )
    return ctx.para(text, "small")


def checks(ctx: Context) -> list[Flowable]:
    """Consistency checks that held, with the stations (or TECs) where they did."""
    words, summary = ctx.words, ctx.summary
    _ = words.gettext
    story: list[Flowable] = []
    for form in summary.forms:
        counts = [
            c for c in by_prevalence(form.counts) if c.item.kind == ItemKind.CHECK and c.answered
        ]
        if not counts:
            continue
        if not story:
            story.append(ctx.heading(_("Flagged consistency checks")))
            story.append(
                ctx.para(
                    _(
                        "A check compares several answers of one form (ballots in the boxes "
                        "against signatures, for one). Y counts the forms where every answer it "
                        "reads was given; the others could not be evaluated."
                    )
                )
            )
        story += [CondPageBreak(30 * mm), ctx.heading(words.text(form.layout.title), 1)]
        # A broken protocol keeps the station out of the results: say so before the finding.
        errors = {c.id for c in form.layout.latest.form.checks if c.severity == Severity.ERROR}
        for count in counts:
            line = finding_line(words, count, form.layout, summary.unit)
            if count.item.id in errors:
                line = f"{_('Protocol error:')} {line}"
            block: list[Flowable] = [Paragraph(escape(line), ctx.styles.cell_bold)]
            extra = left_out(words, count, check=True)
            if extra:
                block.append(ctx.para(extra, "small"))
            places = [
                (flag.place, flag.observations) for flag in form.flagged.get(count.item.id, [])
            ]
            if places:
                block.append(_places(ctx, places))
            block.append(Spacer(1, 2.5 * mm))
            story.append(KeepTogether(block))
    return story


def _marked(text: str, concern: bool) -> str:
    """An answer in bold when it is the one reporting the problem."""
    return f"<b>{escape(text)}</b>" if concern else escape(text)


def disagreements(ctx: Context) -> list[Flowable]:
    """Stations where observations of one form disagree on a concern, with every answer."""
    words, summary = ctx.words, ctx.summary
    _ = words.gettext
    if not summary.disagreements:
        return []
    story: list[Flowable] = [ctx.heading(_("Where observations disagree"))]
    places = len({(d.item.form_id, d.place) for d in summary.disagreements})
    story.append(
        ctx.para(
            words.format(
                _(
                    "At {places} stations or TECs, two observations of the same form disagree "
                    "on a concern ({n} questions in all). Each observation is listed with "
                    "whether it reported the finding, the ones that did in bold, rather than "
                    "averaged; counted per station, the finding counts where at least one "
                    "visit reported it."
                ),
                places=places,
                n=len(summary.disagreements),
            )
        )
    )
    titles = {f.layout.form_id: words.text(f.layout.title) for f in summary.forms}
    header = [_("Place"), _("Finding"), _("Observations (observer, time: reported it or not)")]
    rows: list[list[object]] = [[Paragraph(escape(h), ctx.styles.cell_bold) for h in header]]
    reported, not_reported = _("reported it"), _("did not report it")
    for disagreement in summary.disagreements[:DISAGREEMENTS_PRINTED]:
        concern = disagreement.item.concern
        answers = "; ".join(
            escape(f"{ref.observer}, {words.moment(ref.observed_at, short=True)}: ")
            + _marked(reported if is_concern else not_reported, is_concern)
            for ref, value in disagreement.answers
            for is_concern in [
                value in concern if isinstance(value, str) else bool(set(value) & concern)
            ]
        )
        rows.append(
            [
                Paragraph(
                    escape(f"{disagreement.place}\n{ctx.region_name(disagreement.region)}").replace(
                        "\n", "<br/>"
                    ),
                    ctx.styles.small,
                ),
                Paragraph(
                    escape(f"{titles.get(disagreement.item.form_id, '')}: ")
                    + escape(words.text(disagreement.item.finding)),
                    ctx.styles.small,
                ),
                Paragraph(answers, ctx.styles.small),
            ]
        )
    # The place column fits «Восточно-Казахстанская» (41.5 mm at 9 pt) unbroken.
    story.append(grid(rows, [44 * mm, 54 * mm, ctx.width - 98 * mm]))
    hidden = len(summary.disagreements) - DISAGREEMENTS_PRINTED
    if hidden > 0:
        story.append(
            ctx.para(
                words.format(_("and {n} more (every one in the XLSX or CSV export)"), n=hidden),
                "small",
            )
        )
    return story


def incidents(ctx: Context) -> list[Flowable]:
    """Every incident, oldest first, in the observer's own words."""
    words, summary = ctx.words, ctx.summary
    _ = words.gettext
    if not summary.incidents:
        return []
    story: list[Flowable] = [ctx.heading(_("Incidents"))]
    by_category: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for incident in summary.incidents:
        key = incident.category or ""
        by_category[key] += 1
        if incident.category_label is not None:
            labels[key] = words.text(incident.category_label)
    rows: list[list[object]] = [
        [Paragraph(escape(_("Category")), ctx.styles.cell_bold), _("Incidents")]
    ]
    for key, n in by_category.most_common():
        rows.append(
            [
                Paragraph(escape(labels.get(key, key or _("No category"))), ctx.styles.cell),
                words.number(n),
            ]
        )
    table = grid(rows, [110 * mm, 25 * mm])
    table.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "RIGHT")]))
    story += [table, ctx.heading(_("In the observers' words"), 1)]
    for incident in summary.incidents:
        ref = incident.ref
        where = ref.place or ""
        if ref.region:
            where = (
                f"{where}, {ctx.region_name(ref.region)}" if where else ctx.region_name(ref.region)
            )
        head = " · ".join(
            part
            for part in (
                words.moment(ref.observed_at),
                labels.get(incident.category or "", ""),
                where,
                f"{ref.observer} ({ref.team})" if ref.team else ref.observer,
            )
            if part
        )
        text = incident.words or _("(no description)")
        story.append(
            KeepTogether(
                [
                    Paragraph(escape(head), ctx.styles.small),
                    Paragraph(
                        escape(f"\u201c{text}\u201d").replace("\n", "<br/>"), ctx.styles.quote
                    ),
                ]
            )
        )
    return story


def methodology(ctx: Context) -> list[Flowable]:
    words = ctx.words
    _ = words.gettext
    paragraphs = [
        _(
            "This summary counts the completed forms in the coordinator's database at the "
            "data cut-off shown on the cover. Drafts, earlier revisions and conflicting "
            "copies under review are not counted."
        ),
        _(
            "Observations are not a representative sample: observers chose where to go, and "
            "a share here describes the places observed, not the country. Unless the mission "
            "drew a random sample of polling stations, do not read a percentage as the share "
            "of all polling stations."
        ),
        _(
            "X of Y: X is the number of answers that report the problem (the form names which "
            "answers do), Y the number of answers given. \u201cNot observed\u201d is not part "
            "of Y; neither is a question left blank, nor one the form skipped because an "
            "earlier answer made it irrelevant (those answers are never counted, even if "
            "typed before the earlier answer changed). Both are shown beside the count."
        ),
        _(
            "A consistency check is counted like a question: X forms where it held, of Y "
            "forms where every answer it reads was given."
        ),
        _(
            "A composite finding (\u201cat least one key counting safeguard skipped\u201d) "
            "gathers several questions of a form: an observation counts in Y when it answered "
            "at least one of them, in X when any of them reports the problem; "
            "\u201cnot observed\u201d on all of them leaves it out of Y."
        ),
        _(
            "The reasons behind negative assessments count each concern among the "
            "observations (or stations) assessed bad or very bad, beside the same among those "
            "assessed good or very good. Observers' access gathers every question a form tags "
            "as access, in all forms. Access, the time of day and durations are counted per "
            "observation whatever the counting, as each belongs to one visit."
        ),
        words.format(
            _(
                "Key findings are written as sentences with the clause the form leads with. "
                "Where every answer agrees, the sentence says \u201call\u201d. Otherwise a "
                "base under {below} is given as its figures (\u201cin 8 of the 12\u201d); a "
                "larger one takes a word: almost all (90 % or more), most (two thirds or more), "
                "the majority (more than half), many (a quarter or more), some (a tenth or "
                "more), a few (fewer). A percentage is shown only from a base of {percent}. "
                "Concerns no observer reported are gathered in one sentence per form."
            ),
            below=str(FIGURES_BELOW),
            percent=str(PERCENT_FROM),
        ),
        _(
            "Per observation, every completed form counts once, so a station visited three "
            "times counts three times. Per polling station (or TEC), each counts once per "
            "form, and a problem counts where at least one visit reported it, as an "
            "observation statement counts it; counted by the latest visit instead, a problem "
            "put right by a later visit is not counted. Incidents always count one by one. "
            "Where two observations of one station disagree on a concern, each is listed "
            "under \u201cWhere observations disagree\u201d."
        ),
        _(
            "Coverage counts every observation whatever the counting: the regions covered "
            "are counted against all regions of the polling-station registry."
        ),
    ]
    story: list[Flowable] = [ctx.heading(_("Methodology"))]
    story += [ctx.para(text) for text in paragraphs]
    return story


def _distribution_text(ctx: Context, distribution: Distribution) -> str:
    words = ctx.words
    _ = words.gettext
    entry = distribution.entry
    parts: list[str] = []
    if entry.kind in (EntryKind.CHOICE, EntryKind.MULTIPLE):
        values = list(entry.answer_labels) or []
        values += [v for v in sorted(distribution.counts) if v not in values]
        if entry.kind == EntryKind.CHOICE and not entry.answer_labels:
            values = [v for v in ("yes", "no", "not_observed") if v in distribution.counts] + [
                v for v in values if v not in ("yes", "no", "not_observed")
            ]
        for value in values:
            n = distribution.counts.get(value, 0)
            share = n / distribution.answered if distribution.answered else None
            label = answer_label(words, entry.answer_labels, value)
            parts.append(f"{label}: {words.number(n)} ({words.percent(share)})")
    elif entry.kind == EntryKind.NUMBER and distribution.numbers is not None:
        numbers = distribution.numbers
        parts.append(
            words.format(
                _("median {median}, from {low} to {high}, total {total}"),
                median=numbers.median,
                low=numbers.minimum,
                high=numbers.maximum,
                total=numbers.total,
            )
        )
    elif entry.kind == EntryKind.TIME and distribution.earliest is not None:
        parts.append(
            words.format(
                _("earliest {earliest}, latest {latest}"),
                earliest=distribution.earliest,
                latest=distribution.latest,
            )
        )
    parts.append(words.format(_("answered: {n}"), n=distribution.answered))
    if distribution.no_answer:
        parts.append(words.format(_("no answer: {n}"), n=distribution.no_answer))
    if distribution.not_asked:
        parts.append(words.format(_("not asked: {n}"), n=distribution.not_asked))
    return " · ".join(parts)


def annex(ctx: Context) -> list[Flowable]:
    """Every question of every form with its answers, section by section."""
    words, summary = ctx.words, ctx.summary
    _ = words.gettext
    story: list[Flowable] = [ctx.heading(_("Annex: every question"))]
    story.append(
        ctx.para(
            _(
                "For each question: the count of each answer (and its share of the answers "
                "given), then how many answered, left it blank, or were not asked it."
            ),
            "small",
        )
    )
    for form in summary.forms:
        story.append(ctx.heading(words.text(form.layout.title), 1))
        section = None
        for distribution in form.distributions:
            entry = distribution.entry
            if entry.section != section:
                section = entry.section
                story.append(CondPageBreak(20 * mm))
                story.append(Paragraph(escape(words.text(section)), ctx.styles.h3))
            label = words.text(entry.label)
            if entry.row_label is not None:
                label = f"{words.text(entry.row_label)} · {label}"
            story.append(
                KeepTogether(
                    [
                        Paragraph(escape(label), ctx.styles.cell),
                        Paragraph(escape(_distribution_text(ctx, distribution)), ctx.styles.small),
                        Spacer(1, 1.5 * mm),
                    ]
                )
            )
    return story
