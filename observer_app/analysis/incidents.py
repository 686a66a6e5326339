"""Incidents in the observers' own words: what happened, when, where, of which category."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from observer_app.analysis.layout import FormLayout
from observer_app.analysis.reading import ObservationRef
from observer_app.formspec import Text


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident report as the summary quotes it."""

    ref: ObservationRef
    title: Text
    category: str | None
    category_label: Text | None
    #: The narrative, verbatim; None when the observer wrote nothing.
    words: str | None


def incident_of(layout: FormLayout, ref: ObservationRef, answers: Mapping[str, Any]) -> Incident:
    category = answers.get(layout.category) if layout.category else None
    label = layout.category_labels.get(category) if isinstance(category, str) else None
    words = answers.get(layout.narrative) if layout.narrative else None
    return Incident(
        ref=ref,
        title=layout.title,
        category=category if isinstance(category, str) else None,
        category_label=label,
        words=words if isinstance(words, str) and words.strip() else None,
    )
