"""The sentences of what the summary gathers across forms and behind negative assessments:
the observers' access in all forms, the time of day of the problems, how long counts and
tabulations took, and the concerns most frequent where a form was assessed bad or very bad.

Plain text, so the PDF (`summary_across`) and the Word draft say the same in the same words.
"""

from __future__ import annotations

from typing import Any

from observer_app.analysis.across import Access, AcrossForms, Band, Duration
from observer_app.analysis.filters import Unit
from observer_app.analysis.layout import ItemKind
from observer_app.analysis.summary import Summary, counts_per_station
from observer_app.analysis.tally import FormFindings, Reason
from observer_app.formspec.models import Place
from observer_app.reporting.phrases import share_of
from observer_app.reporting.statement import PERCENT_FROM
from observer_app.reporting.words import Words

#: How many of the most frequent concerns a reasons sentence names.
REASONS_NAMED = 3
#: How many the reasons table lists.
REASONS_LISTED = 10


def _lower(text: str) -> str:
    """A finding inside a sentence: lower case, unless it opens with an acronym (PEC)."""
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def access_sentences(words: Words, access: Access) -> list[str]:
    """ "Observers' access was restricted in 7 of 13 observations." and the places; where
    nothing was restricted, a sentence that says so rather than "0 of 35"."""
    ngettext = words.ngettext
    if not access.answered:
        return []
    if access.restricted:
        message = ngettext(
            "Observers' access was restricted (entry refused, kept at a distance, observers "
            "turned away) in {x} of {y} observation.",
            "Observers' access was restricted (entry refused, kept at a distance, observers "
            "turned away) in {x} of {y} observations.",
            access.answered,
        )
    else:
        message = ngettext(
            "Observers' access was not restricted in the {y} observation that recorded it.",
            "Observers' access was not restricted in any of the {y} observations that recorded it.",
            access.answered,
        )
    sentences = [words.format(message, x=access.restricted, y=access.answered)]
    if access.stations_answered and access.restricted:
        sentences.append(
            words.format(
                ngettext(
                    "This happened in {x} of the {y} polling station where access was recorded.",
                    "This happened in {x} of the {y} polling stations where access was recorded.",
                    access.stations_answered,
                ),
                x=access.stations_restricted,
                y=access.stations_answered,
            )
        )
    if access.tecs_answered and access.tecs_restricted:
        sentences.append(
            words.format(
                ngettext(
                    "At TECs: in {x} of the {y} TEC where access was recorded.",
                    "At TECs: in {x} of the {y} TECs where access was recorded.",
                    access.tecs_answered,
                ),
                x=access.tecs_restricted,
                y=access.tecs_answered,
            )
        )
    elif access.tecs_answered and access.restricted:
        sentences.append(
            words.format(
                ngettext(
                    "At the {y} TEC where access was recorded, it was not restricted.",
                    "At none of the {y} TECs where access was recorded was it restricted.",
                    access.tecs_answered,
                ),
                y=access.tecs_answered,
            )
        )
    return sentences


def band_label(words: Words, band: Band) -> str:
    """The band of the day with its hours."""
    _ = words.gettext
    labels = {
        "opening": _("Opening (05:00–07:59)"),
        "morning": _("Morning (08:00–11:59)"),
        "midday": _("Midday (12:00–14:59)"),
        "afternoon": _("Afternoon (15:00–19:59)"),
        "evening": _("Close, count and tabulation (20:00–04:59)"),
    }
    return labels[band.name]


def length(words: Words, minutes: float) -> str:
    """ "2 h 05 min", "45 min"."""
    _ = words.gettext
    total = round(minutes)
    hours, rest = divmod(total, 60)
    if not hours:
        return words.format(_("{m} min"), m=rest)
    return words.format(_("{h} h {m} min"), h=hours, m=f"{rest:02d}")


def duration_sentence(words: Words, duration: Duration, title: str) -> str:
    """ "Counting: from its start to the signing of the results protocol, a median of ..."."""
    message = words.ngettext(
        "{form}: from its start to the signing of the results protocol, a median of {median} "
        "(shortest {shortest}, longest {longest}), timed in {n} observation.",
        "{form}: from its start to the signing of the results protocol, a median of {median} "
        "(shortest {shortest}, longest {longest}), timed in {n} observations.",
        duration.n,
    )
    return words.format(
        message,
        form=title,
        median=length(words, duration.median),
        shortest=length(words, duration.shortest),
        longest=length(words, duration.longest),
        n=duration.n,
    )


def duration_sentences(words: Words, summary: Summary) -> list[str]:
    across: AcrossForms | None = summary.across
    if across is None:
        return []
    titles = {form.layout.form_id: words.text(form.layout.title) for form in summary.forms}
    return [duration_sentence(words, d, titles.get(d.form_id, d.form_id)) for d in across.durations]


def x_of_y_share(words: Words, x: int, y: int) -> str:
    """ "52 of 70 (74.3%)": the percentage from a base of `PERCENT_FROM`."""
    text = share_of(words, x, y)
    return f"{text} ({words.percent(x / y)})" if y >= PERCENT_FROM else text


def reasons_sentence(words: Words, form: FormFindings, unit: Unit) -> str | None:
    """ "Voting: among the 78 observations assessed negatively (bad or very bad), the
    concerns reported most often were ..." for a form with an overall assessment."""
    reasons = form.reasons
    if reasons is None or not reasons.negative_units:
        return None
    named = reasons.most_frequent()[:REASONS_NAMED]
    if not named:
        return None
    ngettext = words.ngettext
    layout = form.layout
    n = reasons.negative_units
    if counts_per_station(layout, unit) and layout.place == Place.TEC:
        message = ngettext(
            "{form}: among the {n} TEC assessed negatively (bad or very bad), the concerns "
            "reported most often were: {list}.",
            "{form}: among the {n} TECs assessed negatively (bad or very bad), the concerns "
            "reported most often were: {list}.",
            n,
        )
    elif counts_per_station(layout, unit):
        message = ngettext(
            "{form}: among the {n} polling station assessed negatively (bad or very bad), the "
            "concerns reported most often were: {list}.",
            "{form}: among the {n} polling stations assessed negatively (bad or very bad), the "
            "concerns reported most often were: {list}.",
            n,
        )
    else:
        message = ngettext(
            "{form}: among the {n} observation assessed negatively (bad or very bad), the "
            "concerns reported most often were: {list}.",
            "{form}: among the {n} observations assessed negatively (bad or very bad), the "
            "concerns reported most often were: {list}.",
            n,
        )
    listed = "; ".join(
        f"{_lower(words.text(r.item.finding))} ({share_of(words, r.negative, r.negative_answered)})"
        for r in named
    )
    return words.format(message, form=words.text(layout.title), n=n, list=listed)


def reasons_rows(words: Words, form: FormFindings) -> list[tuple[Reason, str, str]]:
    """The most frequent concerns among the negatively assessed, each with its X of Y there
    and among the rest."""
    reasons = form.reasons
    if reasons is None:
        return []
    return [
        (
            r,
            x_of_y_share(words, r.negative, r.negative_answered),
            x_of_y_share(words, r.other, r.other_answered) if r.other_answered else "–",
        )
        for r in reasons.most_frequent()[:REASONS_LISTED]
    ]


def _share(x: int, y: int) -> float | None:
    return round(x / y, 4) if y else None


def across_tables(summary: Summary, words: Words) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The same figures as tables for the exports: reasons, access, time of day, durations."""
    reasons: list[list[Any]] = []
    for form in summary.forms:
        if form.reasons is None:
            continue
        for r in form.reasons.reasons:
            if r.item.kind is ItemKind.TAG or r.item.id == form.reasons.assessment:
                continue
            reasons.append(
                [
                    form.layout.form_id,
                    str(r.item.kind),
                    r.item.id,
                    words.text(r.item.finding),
                    r.negative,
                    r.negative_answered,
                    _share(r.negative, r.negative_answered),
                    r.other,
                    r.other_answered,
                    _share(r.other, r.other_answered),
                ]
            )
    tables: dict[str, tuple[list[str], list[list[Any]]]] = {
        "reasons": (
            [
                "form_id",
                "kind",
                "id",
                "finding",
                "negative_x",
                "negative_y",
                "negative_share",
                "other_x",
                "other_y",
                "other_share",
            ],
            reasons,
        )
    }
    across = summary.across
    if across is None:
        return tables
    access = across.access
    rows: list[list[Any]] = [
        [form_id, x, y, _share(x, y)] for form_id, (x, y) in access.by_form.items()
    ]
    rows += [
        [
            "observations",
            access.restricted,
            access.answered,
            _share(access.restricted, access.answered),
        ],
        [
            "polling_stations",
            access.stations_restricted,
            access.stations_answered,
            _share(access.stations_restricted, access.stations_answered),
        ],
        [
            "tecs",
            access.tecs_restricted,
            access.tecs_answered,
            _share(access.tecs_restricted, access.tecs_answered),
        ],
    ]
    tables["access"] = (["scope", "restricted_x", "answered_y", "share"], rows)
    tables["time_of_day"] = (
        ["band", "observations", "assessed", "negative", "negative_share", "concerns", "incidents"],
        [
            [
                b.name,
                b.observations,
                b.assessed,
                b.negative,
                _share(b.negative, b.assessed),
                b.concerns,
                b.incidents,
            ]
            for b in across.bands
        ],
    )
    tables["durations"] = (
        ["form_id", "timed", "median_minutes", "shortest_minutes", "longest_minutes"],
        [[d.form_id, d.n, d.median, d.shortest, d.longest] for d in across.durations],
    )
    return tables
