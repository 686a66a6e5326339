"""The sentences the summary is written in: "X of Y observations", answers, filters, units.

One place for each phrase, so the PDF, the printed form and the exports say the same
thing in the same words, in the report's language.
"""

from __future__ import annotations

from typing import Any

from observer_app.analysis.filters import Filters, Unit
from observer_app.analysis.layout import FormLayout
from observer_app.analysis.summary import Summary, counts_per_station
from observer_app.analysis.tally import Count
from observer_app.formspec import FormLibrary, Text
from observer_app.formspec.models import NO, NOT_OBSERVED, YES, Place
from observer_app.reporting.words import Words


def x_of_y(words: Words, x: int, y: int, layout: FormLayout, unit: Unit) -> str:
    """ "5 of 40 observations", or "5 of 40 polling stations" / "8 of 12 TECs" per station."""
    ngettext = words.ngettext
    if counts_per_station(layout, unit) and layout.place == Place.POLLING_STATION:
        message = ngettext("{x} of {y} polling station", "{x} of {y} polling stations", y)
    elif counts_per_station(layout, unit) and layout.place == Place.TEC:
        message = ngettext("{x} of {y} TEC", "{x} of {y} TECs", y)
    else:
        message = ngettext("{x} of {y} observation", "{x} of {y} observations", y)
    return words.format(message, x=x, y=y)


def share_of(words: Words, x: int, y: int) -> str:
    """ "12 of 40" with no unit, where a column heading says what is counted."""
    _ = words.gettext
    return words.format(_("{x} of {y}"), x=x, y=y)


def form_heading(words: Words, title: Text, units: int) -> str:
    """ "Voting: 43 observations", the heading of one form's findings."""
    message = words.ngettext("{form}: {n} observation", "{form}: {n} observations", units)
    return words.format(message, form=words.text(title), n=units)


def finding_line(words: Words, count: Count, layout: FormLayout, unit: Unit) -> str:
    """ "Ballot box not properly sealed: 5 of 40 observations (12.5%)"."""
    _ = words.gettext
    return words.format(
        _("{finding}: {count} ({share})"),
        finding=words.text(count.item.finding),
        count=x_of_y(words, count.concern, count.answered, layout, unit),
        share=words.percent(count.share),
    )


def left_out(words: Words, count: Count, *, check: bool = False) -> str:
    """What Y leaves out: "not observed 3 · no answer 2" (for a check: not evaluable)."""
    _ = words.gettext
    parts = []
    if count.not_observed:
        parts.append(words.format(_("not observed: {n}"), n=count.not_observed))
    if count.no_answer:
        if check:
            parts.append(words.format(_("could not be evaluated: {n}"), n=count.no_answer))
        else:
            parts.append(words.format(_("no answer: {n}"), n=count.no_answer))
    return " · ".join(parts)


def answer_label(words: Words, labels: dict[str, Text], value: Any) -> str:
    """An answer as a reader reads it: a choice's label, Yes / No / Not observed."""
    _ = words.gettext
    if isinstance(value, list | tuple):
        return ", ".join(answer_label(words, labels, v) for v in value)
    if isinstance(value, str) and value in labels:
        return words.text(labels[value])
    if value == YES:
        return _("Yes")
    if value == NO:
        return _("No")
    if value == NOT_OBSERVED:
        return _("Not observed")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float):
        return words.number(value)
    return str(value)


def unit_sentence(words: Words, unit: Unit) -> str:
    """The counting rule in one sentence, printed on the cover and above the findings."""
    _ = words.gettext
    if unit == Unit.STATION:
        return _(
            "Counted per polling station (or TEC), once per form: a problem counts where at "
            "least one visit reported it, as an observation statement counts it."
        )
    if unit == Unit.LATEST_VISIT:
        return _(
            "Counted per polling station (or TEC), once per form, by its latest visit only: "
            "a problem an earlier visit reported is not counted."
        )
    return _("Counted per observation: every completed form counts once.")


def filter_lines(words: Words, summary: Summary, library: FormLibrary | None = None) -> list[str]:
    """The filters in words, one line each; "All observations" when there are none."""
    _ = words.gettext
    filters: Filters = summary.filters
    lines = []
    if filters.regions:
        names = [
            words.text(Text(en=r.name_en, ru=r.name_ru, kk=r.name_kk))
            if (r := summary.regions.get(code))
            else code
            for code in filters.regions
        ]
        lines.append(words.format(_("Regions: {names}"), names=", ".join(names)))
    if filters.forms:
        titles = []
        for form_id in filters.forms:
            found = next((f for f in summary.forms if f.layout.form_id == form_id), None)
            if found is not None:
                titles.append(words.text(found.layout.title))
            elif library is not None and any(f.id == form_id for f in library):
                titles.append(words.text(library.get(form_id).form.title))
            else:
                titles.append(form_id)
        lines.append(words.format(_("Forms: {names}"), names=", ".join(titles)))
    if filters.teams:
        lines.append(words.format(_("Teams: {names}"), names=", ".join(filters.teams)))
    if filters.since is not None:
        lines.append(words.format(_("From: {moment}"), moment=words.moment(filters.since)))
    if filters.until is not None:
        lines.append(
            words.format(_("Until (not included): {moment}"), moment=words.moment(filters.until))
        )
    return lines or [_("All completed observations")]
