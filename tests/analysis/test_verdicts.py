"""Verdicts kept beside each submission: the summary counts the same from them as from the
forms, works them out once when they are missing or stale, and reads them afterwards."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select, update

from observer_app.analysis import Summary, summarize
from observer_app.analysis.filters import Filters
from observer_app.analysis.reading import read_observation
from observer_app.analysis.selection import select_observations
from observer_app.domain.json_reading import read_json
from observer_app.formspec.verdicts import RowVerdicts, Verdicts, verdicts_of
from observer_app.store.database import Database
from observer_app.store.models import SubmissionRow
from observer_app.store.records import verdicts_text
from tests.analysis.factory import Dataset, builtin_forms, builtin_registry, plausible_answers

FORMS = ("opening", "voting", "counting", "tabulation", "incident")


def write_mixed_day(data: Dataset, visits: int = 120) -> None:
    """Every built-in form, answered at random: skip logic, repeats and calculations."""
    rng = random.Random(11)
    library = builtin_forms()
    registry = builtin_registry()
    for number in range(visits):
        form_id = FORMS[number % len(FORMS)]
        answers = plausible_answers(library.get(form_id), rng, concern_rate=0.3)
        if form_id == "tabulation":
            data.add(form_id, answers, tec=rng.choice(registry.tecs[:20]).code)
        elif form_id == "incident":
            data.add(form_id, answers)
        else:
            data.add(form_id, answers, station=rng.choice(registry.stations[:40]).id)


def figures(summary: Summary) -> Any:
    """Every number a summary shows, without when it was made."""
    return (
        [(f.layout.form_id, f.units, f.counts, f.by_region, f.flagged) for f in summary.forms],
        [f.distributions for f in summary.forms],
        summary.coverage,
        summary.disagreements,
        summary.incidents,
        summary.cut_off,
    )


def kept(database: Database) -> dict[str, tuple[str | None, str | None]]:
    with database.transaction() as session:
        rows = session.execute(
            select(SubmissionRow.id, SubmissionRow.verdicts, SubmissionRow.verdicts_form)
        )
        return {submission_id: (text, form) for submission_id, text, form in rows}


def test_kept_verdicts_read_exactly_as_the_forms_say(database: Database, data: Dataset) -> None:
    """Every concern and every annex value of every observation, both ways."""
    write_mixed_day(data)
    library = builtin_forms()
    summarize(database, library, workers=1)  # keeps the verdicts
    read = 0
    with database.engine.connect() as connection:
        for selected in select_observations(connection, library, Filters()):
            observation = selected.observation
            assert observation.verdicts is not None
            from_kept = read_observation(selected.plan, observation, selected.when)
            from_form = read_observation(
                selected.plan, replace(observation, verdicts=None), selected.when
            )
            assert from_kept == from_form, observation.form_id
            read += 1
    assert read == 120


def test_a_summary_keeps_the_verdicts_it_works_out_and_counts_the_same_from_them(
    database: Database, data: Dataset
) -> None:
    write_mixed_day(data)
    library = builtin_forms()
    assert set(kept(database).values()) == {(None, None)}  # as after an upgrade

    first = summarize(database, library, workers=1)

    fingerprints = {form.id: form.fingerprint for form in library}
    with database.transaction() as session:
        forms = dict(session.execute(select(SubmissionRow.id, SubmissionRow.form_id)).all())
    for submission_id, (text, fingerprint) in kept(database).items():
        assert text is not None and fingerprint == fingerprints[forms[submission_id]]
        Verdicts.from_text(text)
    assert figures(summarize(database, library, workers=1)) == figures(first)


def test_verdicts_kept_with_another_form_definition_are_worked_out_again(
    database: Database, data: Dataset
) -> None:
    write_mixed_day(data)
    library = builtin_forms()
    right = figures(summarize(database, library, workers=1))
    everything_skipped = verdicts_text(Verdicts(skipped=frozenset(library.get("voting").questions)))
    with database.transaction() as session:
        session.execute(
            update(SubmissionRow)
            .where(SubmissionRow.form_id == "voting")
            .values(verdicts=everything_skipped, verdicts_form="an older definition")
        )

    assert figures(summarize(database, library, workers=1)) == right
    with database.transaction() as session:
        stale = session.scalar(
            select(func.count())
            .select_from(SubmissionRow)
            .where(SubmissionRow.verdicts_form == "an older definition")
        )
    assert stale == 0


def test_a_draft_is_never_given_verdicts(database: Database, data: Dataset) -> None:
    data.add("incident", {"description": "half written"}, status="draft")
    summarize(database, builtin_forms(), workers=1)
    assert set(kept(database).values()) == {(None, None)}


def _as_json_writes_it(verdicts: Verdicts) -> str:
    """The kept text as the standard library writes it, which earlier releases kept."""
    document = verdicts.document()
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def test_kept_verdicts_are_the_text_the_verdicts_write(database: Database, data: Dataset) -> None:
    """The store writes the text by a faster way than `json.dumps`: the same text, for the
    built-in forms' answers and for calculations that give floats or NaN, so verdicts kept
    by an earlier release still read as kept."""
    write_mixed_day(data)
    library = builtin_forms()
    summarize(database, library, workers=1)  # works them out and keeps them
    with database.transaction() as session:
        rows = session.execute(
            select(SubmissionRow.document, SubmissionRow.form_id, SubmissionRow.verdicts)
        ).all()
    assert rows
    for document, form_id, text in rows:
        answers = read_json(document)["answers"]
        assert text == _as_json_writes_it(verdicts_of(library.get(form_id), answers))
    odd = Verdicts(
        skipped=frozenset({"b", "a"}),
        checks={"z": None, "y": True},
        calculated={"share": 1e-05, "ratio": float("nan"), "total": 12, "parties": ["x", 1.5]},
        rows={"party_votes": (RowVerdicts(frozenset({"votes"}), {"share": 0.25}), RowVerdicts())},
    )
    assert verdicts_text(odd) == _as_json_writes_it(odd)
    assert verdicts_text(Verdicts()) == _as_json_writes_it(Verdicts()) == "{}"
