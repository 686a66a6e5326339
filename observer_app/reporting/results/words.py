"""The results section's sentences and labels in en, ru and kk (gettext domain "results").

One place for the words the dashboard, the command line and the PDF print about the quick
count, the discrepancies and the quarantine, so the three say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from observer_app.analysis.discrepancies import Difference
from observer_app.analysis.protocols import PARTY
from observer_app.analysis.results import TURNOUT, ResultsData
from observer_app.analysis.turnout import HourTurnout
from observer_app.domain.i18n import Language, translations
from observer_app.reporting.words import Words

DOMAIN = "results"


class ResultWords(Words):
    """The report's numbers with the results section's own catalog."""

    def __init__(self, language: Language) -> None:
        super().__init__(language)
        catalog = translations(DOMAIN, language)
        self.gettext = catalog.gettext
        self.ngettext = catalog.ngettext


def discrepancy_sentence(words: ResultWords, differing: int, compared: int) -> str:
    """ "In 14 of the 212 polling stations where the count was observed, ..."."""
    message = words.ngettext(
        "In {x} of the {y} polling station where the count was observed, the published "
        "results differ from the protocol the observers copied.",
        "In {x} of the {y} polling stations where the count was observed, the published "
        "results differ from the protocol the observers copied.",
        compared,
    )
    return words.format(message, x=differing, y=compared)


def missing_sentence(words: ResultWords, missing: int) -> str:
    message = words.ngettext(
        "{n} polling station where the count was observed is missing from the published results.",
        "{n} polling stations where the count was observed are missing from the published results.",
        missing,
    )
    return words.format(message, n=missing)


def quarantine_sentence(words: ResultWords, quarantined: int) -> str:
    message = words.ngettext(
        "{n} polling station whose protocol copy has an arithmetic error is left out of the "
        "results until the coordinator restores it.",
        "{n} polling stations whose protocol copies have an arithmetic error are left out of "
        "the results until the coordinator restores them.",
        quarantined,
    )
    return words.format(message, n=quarantined)


def reported_sentence(words: ResultWords, reported: int, size: int) -> str:
    """ "Protocols from 1,478 of the 1,500 sample stations (98.5%)"."""
    message = words.ngettext(
        "Protocols counted from {x} of the {y} sampled polling station ({share}).",
        "Protocols counted from {x} of the {y} sampled polling stations ({share}).",
        size,
    )
    return words.format(message, x=reported, y=size, share=words.percent(reported / size))


def figure_name(words: ResultWords, data: ResultsData, figure: str) -> str:
    """A protocol figure's name: "valid ballots", or the party's name."""
    if figure.startswith(PARTY):
        party = figure.removeprefix(PARTY)
        name = data.party_names.get(party)
        return words.text(name) if name is not None else party
    _ = words.gettext
    return {
        "registered": _("voters on the list"),
        "ballots_issued": _("ballots issued"),
        "valid": _("valid ballots"),
        "invalid": _("invalid ballots"),
        TURNOUT: _("Turnout"),
    }.get(figure, figure)


def difference_text(words: ResultWords, data: ResultsData, difference: Difference) -> str:
    """ "Nur Otan: 400 copied, 430 published (+30)"."""
    return words.format(
        words.gettext("{figure}: {observed} copied, {official} published ({size})"),
        figure=figure_name(words, data, difference.figure),
        observed=difference.observed,
        official=difference.official,
        size=("+" if difference.size > 0 else "−") + words.number(abs(difference.size)),
    )


@dataclass(frozen=True)
class EstimateRow:
    """One line of the quick count's table, as printed."""

    name: str
    estimate: str
    margin95: str
    margin99: str
    official: str
    #: Whether the official figure lies inside the 95 % interval; None without one.
    within: bool | None
    verdict: str


def estimate_rows(words: ResultWords, data: ResultsData) -> list[EstimateRow]:
    count = data.quick_count
    if count is None:
        return []
    _ = words.gettext
    rows: list[EstimateRow] = []
    for name in (*data.parties, TURNOUT):
        estimate = count.estimates.get(name)
        if estimate is None:
            continue
        official = data.official.get(name) if data.official else None
        within: bool | None = None
        verdict = ""
        if official is not None:
            low, high = estimate.interval(95)
            within = low <= official <= high
            verdict = _("within the margin") if within else _("outside the margin")
        label = figure_name(words, data, PARTY + name if name != TURNOUT else TURNOUT)
        rows.append(
            EstimateRow(
                name=label,
                estimate=words.percent(estimate.ratio),
                margin95="± " + words.percent(estimate.margins[95]),
                margin99="± " + words.percent(estimate.margins[99]),
                official=words.percent(official) if official is not None else "–",
                within=within,
                verdict=verdict,
            )
        )
    return rows


def turnout_line(words: ResultWords, hour: HourTurnout) -> str:
    """ "12:00: PECs told observers 23.1% (14 visits); the commission published 21.4%"."""
    observed = words.percent(hour.observed) if hour.observed is not None else "–"
    message = words.ngettext(
        "{hour}: PECs told observers {observed} ({n} visit); the commission published {published}",
        "{hour}: PECs told observers {observed} ({n} visits); the commission published {published}",
        hour.visits,
    )
    return words.format(
        message,
        hour=hour.hour,
        observed=observed,
        n=hour.visits,
        published=words.percent(hour.published),
    )
