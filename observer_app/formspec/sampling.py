"""Plausible answer sets for a form, for the demo mission and for benchmarks.

An answer set is built the way an observer fills the form: in order, answering what is
relevant, so skip logic holds; each answer is checked against the form's own rules
(bounds, constraints), so a sampled form can always be completed. Concern answers are
drawn at a given rate, so a demo mission has findings to count. Figures that must agree
with each other (a results protocol) can be given by the caller as `fixed` answers.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from observer_app.formspec.compiled import CompiledForm
from observer_app.formspec.evaluation import ProblemKind, evaluate_form, find_problems
from observer_app.formspec.models import (
    ACKNOWLEDGED,
    NOT_OBSERVED,
    AcknowledgeQuestion,
    AnyQuestion,
    CalculateQuestion,
    DateQuestion,
    DateTimeQuestion,
    DecimalQuestion,
    GeopointQuestion,
    IntegerQuestion,
    NoteQuestion,
    RepeatQuestion,
    Role,
    SelectMultipleQuestion,
    SelectOneQuestion,
    StationQuestion,
    TextQuestion,
    TimeQuestion,
    YesNoQuestion,
)

#: How observers rate a visit, as missions usually report it.
ASSESSMENT_WEIGHTS = {"very_good": 28, "good": 47, "bad": 18, "very_bad": 7}


class AnswerSampler:
    """Draws answers for one form; `texts` supplies the observers' own words when asked."""

    def __init__(
        self,
        rng: random.Random,
        *,
        concern_rate: float = 0.15,
        not_observed_rate: float = 0.05,
        texts: Mapping[str, list[str]] | None = None,
    ) -> None:
        self.rng = rng
        self.concern_rate = concern_rate
        self.not_observed_rate = not_observed_rate
        self.texts = texts or {}

    def answers(
        self,
        form: CompiledForm,
        *,
        arrival: datetime,
        fixed: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A complete answer set: every relevant required question answered, no problem left."""
        answers: dict[str, Any] = dict(fixed or {})
        for _ in range(6):  # an answer can make further questions relevant
            state = evaluate_form(form, answers)
            added = False
            for question_id in form.order:
                question = form.questions[question_id]
                if question_id not in state.relevant or question_id in answers:
                    continue
                if isinstance(question, NoteQuestion | CalculateQuestion):
                    continue
                value = self._answer(form, question, arrival, answers)
                if value is not None:
                    answers[question_id] = value
                    added = True
            if not added:
                break
        self._repair(form, answers, arrival)
        return answers

    # --- one answer ----------------------------------------------------------------

    def _answer(
        self, form: CompiledForm, question: AnyQuestion, arrival: datetime, answers: dict[str, Any]
    ) -> Any:
        if isinstance(question, YesNoQuestion):
            if question.not_observed and self.rng.random() < self.not_observed_rate:
                return NOT_OBSERVED
            wants_concern = bool(question.concern) and self.rng.random() < self.concern_rate
            options = [v for v in ("yes", "no") if (v in question.concern) == wants_concern]
            return self.rng.choice(options or ["yes", "no"])
        if isinstance(question, SelectOneQuestion):
            values = [c.value for c in form.choices(question)]
            if question.role == Role.OVERALL_ASSESSMENT:
                weights = [ASSESSMENT_WEIGHTS.get(v, 1) for v in values]
                return self.rng.choices(values, weights=weights)[0]
            wants_concern = self.rng.random() < self.concern_rate
            pool = [v for v in values if (v in question.concern) == wants_concern] or values
            return self.rng.choice(pool)
        if isinstance(question, SelectMultipleQuestion):
            values = [c.value for c in form.choices(question)]
            wants_concern = self.rng.random() < self.concern_rate
            pool = [v for v in values if (v in question.concern) == wants_concern] or values
            return sorted(self.rng.sample(pool, k=min(len(pool), self.rng.choice((1, 1, 2)))))
        if isinstance(question, IntegerQuestion):
            low = question.min if question.min is not None else 0
            high = question.max if question.max is not None else max(low, 50)
            return self.rng.randint(low, min(high, low + 40))
        if isinstance(question, DecimalQuestion):
            bottom = question.min if question.min is not None else 0.0
            top = question.max if question.max is not None else bottom + 100
            return round(self.rng.uniform(bottom, top), 1)
        if isinstance(question, TextQuestion):
            pool = self.texts.get(question.id) or self.texts.get("*") or []
            if question.required or (pool and self.rng.random() < 0.3):
                return self.rng.choice(pool) if pool else "—"
            return None
        if isinstance(question, TimeQuestion):
            if question.role in (Role.PROCESS_START, Role.PROCESS_END):
                return self._process_time(form, question.role, arrival, answers)
            if question.role == Role.DEPARTURE_TIME:
                minutes = self.rng.randint(25, 70)
                return (arrival + timedelta(minutes=minutes)).strftime("%H:%M")
            return arrival.strftime("%H:%M")
        if isinstance(question, AcknowledgeQuestion):
            return ACKNOWLEDGED
        if isinstance(question, GeopointQuestion):
            return None
        if isinstance(question, DateQuestion):
            return arrival.date().isoformat()
        if isinstance(question, DateTimeQuestion):
            return arrival.replace(second=0, microsecond=0).isoformat()
        if isinstance(question, StationQuestion):
            return None
        if isinstance(question, RepeatQuestion):
            rows = form.fixed_rows(question)
            count = len(rows) if rows is not None else max(question.min_rows, 1)
            return [
                {
                    child.id: self._answer(form, child, arrival, answers)
                    for child in question.questions
                    if not isinstance(child, NoteQuestion | CalculateQuestion)
                }
                for _ in range(count)
            ]
        return None

    def _process_time(
        self, form: CompiledForm, role: Role, arrival: datetime, answers: dict[str, Any]
    ) -> str:
        """A count or tabulation that begins soon after arrival and lasts one to five hours
        (its end read past midnight where it runs over)."""
        start = arrival + timedelta(minutes=self.rng.randint(5, 40))
        if role == Role.PROCESS_START:
            return start.strftime("%H:%M")
        begun = form.by_role(Role.PROCESS_START)
        given = answers.get(begun.id) if begun is not None else None
        if isinstance(given, str) and len(given) == 5:
            start = arrival.replace(hour=int(given[:2]), minute=int(given[3:]))
        return (start + timedelta(minutes=self.rng.randint(60, 300))).strftime("%H:%M")

    def _repair(self, form: CompiledForm, answers: dict[str, Any], arrival: datetime) -> None:
        """Redraw answers the form refuses (a constraint between figures), then give up on
        optional ones: the set must complete."""
        for _ in range(20):
            relevant = evaluate_form(form, answers).relevant
            for question_id in [q for q in answers if q not in relevant]:
                del answers[question_id]  # a later answer hid it, as it would on screen
            problems = find_problems(form, answers)
            if not problems:
                return
            for problem in problems:
                question = form.question(problem.question)
                if problem.row is not None:
                    answers.pop(problem.question, None)
                    continue
                if isinstance(question, IntegerQuestion | DecimalQuestion):
                    low = question.min if question.min is not None else 0
                    current = answers.get(problem.question)
                    if isinstance(current, int | float) and current > low:
                        answers[problem.question] = type(current)(low + (current - low) // 2)
                        continue
                if (
                    problem.kind == ProblemKind.REQUIRED
                    or getattr(question, "required", False) is True
                ):
                    answers[problem.question] = self._answer(form, question, arrival, answers)
                else:
                    answers.pop(problem.question, None)
