"""Turnout through the day: what the PECs told the observers, beside what the commission
published for the same hours.

The statement the app is modelled on notes that the CEC published turnout throughout the
day; observers note the turnout each PEC announces at their visit. For each hour the
commission published, the visits that began in the two hours up to it are added up (voted
over voters on the list), so the two figures speak of the same part of the day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from observer_app.analysis.filters import Filters
from observer_app.analysis.observations import stream_observations
from observer_app.formspec import CompiledForm, FormLibrary
from observer_app.formspec.models import Role

#: A visit counts towards an hour when it began at most this many minutes before it.
WINDOW_MINUTES = 120


@dataclass(frozen=True)
class HourTurnout:
    hour: str
    #: Visits counted, and their figures added up.
    visits: int
    voted: int
    registered: int
    #: The commission's figure for that hour, as a share (0.214 for 21.4 %).
    published: float

    @property
    def observed(self) -> float | None:
        return self.voted / self.registered if self.registered else None


def minutes(clock: str) -> int | None:
    """ "07:30" as minutes after midnight; None for anything else."""
    hours, _sep, mins = clock.partition(":")
    if not (hours.isdigit() and mins.isdigit()):
        return None
    value = int(hours) * 60 + int(mins)
    return value if 0 <= value < 24 * 60 else None


def _hour_of(arrival: int, hours: list[tuple[int, str]]) -> str | None:
    for at, label in hours:
        if at - WINDOW_MINUTES < arrival <= at:
            return label
    return None


def turnout_by_hour(
    session: Session, library: FormLibrary, published: Mapping[str, float]
) -> list[HourTurnout]:
    """For each hour the commission published, the turnout PECs announced to observers."""
    hours = sorted((at, label) for label in published if (at := minutes(label)) is not None)
    forms: dict[str, CompiledForm] = {}
    for compiled in library.forms.values():
        if compiled.form.turnout is not None:
            forms.setdefault(compiled.id, compiled)
    sums: dict[str, list[int]] = {label: [0, 0, 0] for _at, label in hours}
    if forms and hours:
        for observation in stream_observations(
            session.connection(), Filters(forms=tuple(sorted(forms)))
        ):
            try:
                compiled = library.get(observation.form_id, observation.form_version)
            except KeyError:
                continue
            figures = compiled.form.turnout
            arrival_question = compiled.by_role(Role.ARRIVAL_TIME)
            if figures is None or arrival_question is None:
                continue
            answers = observation.answers
            arrival = answers.get(arrival_question.id)
            voted, registered = answers.get(figures.voted), answers.get(figures.registered)
            if not (isinstance(arrival, str) and isinstance(voted, int)):
                continue
            if not isinstance(registered, int) or registered <= 0:
                continue
            at = minutes(arrival)
            label = _hour_of(at, hours) if at is not None else None
            if label is not None:
                total = sums[label]
                total[0] += 1
                total[1] += voted
                total[2] += registered
    return [
        HourTurnout(label, sums[label][0], sums[label][1], sums[label][2], published[label])
        for _at, label in hours
    ]
