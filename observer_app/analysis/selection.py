"""The observations a count, a list or a table is made of: streamed, read with their form,
inside the time window.

The summary, the observations behind a finding and the exported tables must agree on which
observations a filter admits; the time window in particular can only be applied once the
form is known (an incident's time is one of its answers). This is the one loop that does it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from observer_app.analysis.filters import Filters
from observer_app.analysis.layout import FormLayout, form_layouts
from observer_app.analysis.observations import (
    ALL_PLACES,
    Observation,
    PlaceRange,
    stream_observations,
)
from observer_app.analysis.reading import Plan, observed_at
from observer_app.formspec import FormLibrary
from observer_app.store.database import Database


@dataclass(frozen=True, slots=True)
class Selected:
    """One observation the filters admit, with the plan to read it and its time."""

    observation: Observation
    plan: Plan
    when: datetime


def select_observations(
    connection: Connection,
    library: FormLibrary,
    filters: Filters,
    places: PlaceRange = ALL_PLACES,
    *,
    layouts: Mapping[str, FormLayout] | None = None,
    unreadable: Counter[str] | None = None,
    kept: bool = True,
    by_place: bool = False,
) -> Iterator[Selected]:
    """Every completed observation that passes `filters`, time window included.

    An observation filled with a form version the library lacks cannot be read: it is
    left out and, when `unreadable` is given, counted there as "form vN". `kept` and
    `by_place`: see `stream_observations`.
    """
    layouts = layouts if layouts is not None else form_layouts(library)
    plans: dict[tuple[str, int], Plan] = {}
    for observation in stream_observations(
        connection, filters, places, kept=kept, by_place=by_place
    ):
        key = (observation.form_id, observation.form_version)
        plan = plans.get(key)
        if plan is None:
            if key not in library.forms or key[0] not in layouts:
                if unreadable is not None:
                    unreadable[f"{key[0]} v{key[1]}"] += 1
                continue
            plan = plans[key] = Plan(layouts[key[0]], library.forms[key])
        when = observed_at(observation, plan.event_time, observation.answers)
        if filters.admits_time(when):
            yield Selected(observation, plan, when)


def selected_observations(
    database: Database, library: FormLibrary, filters: Filters, *, kept: bool = True
) -> Iterator[Selected]:
    """`select_observations` over a connection of its own, closed when the stream ends."""
    with database.engine.connect() as connection:
        yield from select_observations(connection, library, filters, kept=kept)
