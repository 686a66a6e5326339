"""Sampled answer sets: complete, consistent with skip logic, with concerns at the asked rate."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from observer_app.formspec import FormLibrary, evaluate_form, find_problems, load_forms
from observer_app.formspec.sampling import AnswerSampler
from tests.conftest import FORMS

ARRIVAL = datetime(2021, 1, 10, 9, 30, tzinfo=timezone(timedelta(hours=6)))


@pytest.fixture(scope="module")
def library() -> FormLibrary:
    return load_forms(FORMS)


@pytest.mark.parametrize("form_id", ["opening", "voting", "counting", "tabulation", "incident"])
def test_every_sampled_form_can_be_completed(library: FormLibrary, form_id: str) -> None:
    form = library.get(form_id)
    sampler = AnswerSampler(random.Random(7), concern_rate=0.3, texts={"*": ["Тыныш өтті."]})
    for _ in range(25):
        answers = sampler.answers(form, arrival=ARRIVAL)
        assert [p.describe() for p in find_problems(form, answers)] == []
        state = evaluate_form(form, answers)
        assert set(answers) <= state.relevant  # nothing answered behind skip logic


def test_concerns_come_at_about_the_asked_rate(library: FormLibrary) -> None:
    form = library.get("tabulation")
    rare = AnswerSampler(random.Random(1), concern_rate=0.05)
    often = AnswerSampler(random.Random(1), concern_rate=0.6)

    def share(sampler: AnswerSampler) -> float:
        transparent = [
            sampler.answers(form, arrival=ARRIVAL).get("transparent") for _ in range(200)
        ]
        answered = [a for a in transparent if a in ("yes", "no")]
        return answered.count("no") / len(answered)

    assert share(rare) < 0.15 < 0.4 < share(often)


def test_fixed_answers_are_kept(library: FormLibrary) -> None:
    form = library.get("counting")
    answers = AnswerSampler(random.Random(3)).answers(
        form, arrival=ARRIVAL, fixed={"access_granted": "yes"}
    )
    assert answers["access_granted"] == "yes"
