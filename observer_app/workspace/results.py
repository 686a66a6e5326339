"""The results desk: the quick count, the official results beside the observers' protocol
copies, and the quarantine, gathered from the database for the dashboard, the command line
and the PDF alike."""

from __future__ import annotations

from collections.abc import Sequence

from observer_app.analysis.protocols import protocol_copies, protocol_forms
from observer_app.analysis.results import ResultsData, combine, sample_of
from observer_app.analysis.turnout import minutes, turnout_by_hour
from observer_app.domain.i18n import Language
from observer_app.exchange.mission import SAMPLE_SETTING
from observer_app.formspec import FormLibrary, Text
from observer_app.formspec.models import RepeatQuestion
from observer_app.store.database import Database
from observer_app.store.settings import get_setting, put_setting
from observer_app.workspace.errors import WorkspaceError
from observer_app.workspace.official import official_results
from observer_app.workspace.quarantine import station_label

#: The settings key of the turnout the commission published through the day.
TURNOUT_SETTING = "published_turnout"


def party_names(library: FormLibrary) -> tuple[tuple[str, ...], dict[str, Text]]:
    """The parties of the mission's protocol form in ballot order, and their names."""
    for compiled in protocol_forms(library):
        protocol = compiled.form.protocol
        if protocol is None or protocol.party_votes is None:
            continue
        repeat = compiled.questions[protocol.party_votes]
        assert isinstance(repeat, RepeatQuestion)
        rows = compiled.fixed_rows(repeat) or []
        return tuple(c.value for c in rows), {c.value: c.label for c in rows}
    return (), {}


def results_data(database: Database, library: FormLibrary, language: Language) -> ResultsData:
    """Everything the results section shows, counted now."""
    with database.reading() as session:
        copies = protocol_copies(session, library)
        sample = sample_of(get_setting(session, SAMPLE_SETTING))
        published = get_setting(session, TURNOUT_SETTING) or {}
        hours = turnout_by_hour(session, library, published) if published else []
    parties, names = party_names(library)
    return combine(
        copies,
        parties,
        names,
        station_label(database, language),
        sample,
        official_results(database),
        hours,
    )


def record_published_turnout(database: Database, figures: Sequence[str]) -> dict[str, float]:
    """Keep the turnout the commission published, given as "HH:MM=PERCENT" ("12:00=21.4"),
    replacing what was kept before. WorkspaceError names a figure it cannot read."""
    published: dict[str, float] = {}
    for figure in figures:
        clock, _sep, percent = figure.partition("=")
        try:
            share = float(percent.replace(",", ".")) / 100
        except ValueError:
            share = -1.0
        if minutes(clock.strip()) is None or not 0 <= share <= 1:
            raise WorkspaceError(
                f"{figure!r}: write the hour and the published turnout in per cent, e.g. 12:00=21.4"
            )
        published[clock.strip()] = share
    with database.transaction() as session:
        put_setting(session, TURNOUT_SETTING, published)
    return published
