"""The counting rules for one observation: each concern's outcome and each question's value.

Pure functions of a form and a set of answers, so the rules can be tested exhaustively:
an answer to a question the form's logic skipped is not counted; "not observed" is not
part of Y; a check could only be evaluated when every answer it reads was given. What the
form's logic says of the answers (formspec.verdicts) is read as kept with the submission
when it was worked out with the same form, and worked out here otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any, Final

from observer_app.analysis.layout import Entry, FormLayout, ItemKind
from observer_app.analysis.observations import Observation
from observer_app.formspec import CompiledForm
from observer_app.formspec.evaluation import answer_rows
from observer_app.formspec.models import NOT_OBSERVED, CalculateQuestion, RepeatQuestion
from observer_app.formspec.verdicts import Verdicts, verdicts_of


class Outcome(IntEnum):
    """What one observation says about one concern."""

    CONCERN = 0  # a concern answer, or a check that holds: counts in X and in Y
    FINE = 1  # answered, no concern: counts in Y
    NOT_OBSERVED = 2  # "not observed" (or "don't know"): left out of Y
    NO_ANSWER = 3  # asked but left blank; for a check: an answer it reads is missing
    NOT_ASKED = 4  # skipped by the form's logic, or not in the version filled in


class _NotAsked:
    """The value of a question that the form's logic skipped (not the same as no answer)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_ASKED"

    def __reduce__(self) -> str:
        # the one NOT_ASKED in every process: readings kept per station cross processes
        return "NOT_ASKED"


NOT_ASKED: Final = _NotAsked()


def is_blank(answer: Any) -> bool:
    return answer is None or answer == "" or answer == []


def answer_outcome(concern: frozenset[str], asked: bool, answer: Any) -> Outcome:
    """The outcome of a concern question's answer.

    A multiple choice is a concern when any concern choice is among those selected.
    """
    if not asked:
        return Outcome.NOT_ASKED
    if is_blank(answer):
        return Outcome.NO_ANSWER
    if answer == NOT_OBSERVED:
        return Outcome.NOT_OBSERVED
    if isinstance(answer, list | tuple):
        return Outcome.CONCERN if any(value in concern for value in answer) else Outcome.FINE
    return Outcome.CONCERN if answer in concern else Outcome.FINE


def verdict_outcome(verdict: bool | None) -> Outcome:
    """A check's outcome: None (an answer it reads is missing) is "could not be evaluated"."""
    if verdict is None:
        return Outcome.NO_ANSWER
    return Outcome.CONCERN if verdict else Outcome.FINE


def by_fields(value: Any) -> tuple[type[Any], tuple[Any, ...]]:
    """`__reduce__` of a frozen slots dataclass whose fields are all its constructor's:
    pickled as its fields' values, rebuilt by the constructor. A summary's worker hands
    back tens of thousands of such objects (the disagreements list), and a frozen
    dataclass's own state pickling looks its fields up again for every one."""
    return type(value), tuple(map(value.__getattribute__, value.__slots__))


@dataclass(frozen=True, slots=True)
class ObservationRef:
    """Who observed where and when: enough to name an observation in the summary."""

    id: str
    form_id: str
    observer: str
    team: str
    region: str | None
    station_id: str | None
    tec_id: str | None
    #: When it was observed: an incident's own time, else when the form was started.
    observed_at: datetime
    completed_at: datetime | None

    @property
    def place(self) -> str | None:
        return self.station_id or self.tec_id

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return by_fields(self)


@dataclass(frozen=True, slots=True)
class Reading:
    """What one observation contributes to the counts, in its form layout's order."""

    ref: ObservationRef
    #: One Outcome per concern item of the layout.
    codes: bytes
    #: One value per annex entry: the answer, None (no answer) or NOT_ASKED.
    values: tuple[Any, ...]
    #: Per concern item, the answer where it is CONCERN or FINE (None elsewhere): what
    #: the disagreements list shows, read here where the answer is in hand anyway.
    concern_answers: tuple[Any, ...] = ()


#: Distinct verdict texts a plan keeps read: enough for the patterns a form yields.
READ_VERDICTS_KEPT = 512
#: Outcomes of (concern item, answer) a plan remembers: answers are a question's choices.
OUTCOMES_KEPT = 10_000
_FINE: Final = int(Outcome.FINE)


class Plan:
    """How the answers of one version of a form map onto the layout of its form id."""

    def __init__(self, layout: FormLayout, compiled: CompiledForm) -> None:
        self.layout = layout
        self.compiled = compiled
        index = layout.item_index()
        #: Per concern question asked in this version: its item's position, its id, its
        #: concern answers, and the outcome of each answer text met so far with that text
        #: (one copy of each text kept: readings are kept per station until the end).
        self.questions: list[tuple[int, str, frozenset[str], dict[str, tuple[int, str]]]] = [
            (index[(ItemKind.QUESTION, item.id)], item.id, item.concern, {})
            for item in layout.items
            if item.kind == ItemKind.QUESTION and item.id in compiled.questions
        ]
        self.question_ids = [question_id for _index, question_id, _c, _k in self.questions]
        self.no_codes = bytes([Outcome.NOT_ASKED] * len(layout.items))
        #: Per composite and tag: its position and its members' positions.
        self.gathered = [
            (
                position,
                [
                    index[(ItemKind.QUESTION, member)]
                    for member in item.members
                    if (ItemKind.QUESTION, member) in index
                ],
            )
            for position, item in enumerate(layout.items)
            if item.kind in (ItemKind.COMPOSITE, ItemKind.TAG)
        ]
        self.checks = {
            check.id: index[(ItemKind.CHECK, check.id)]
            for check in compiled.form.checks
            if (ItemKind.CHECK, check.id) in index
        }
        entries = [
            (position, entry)
            for position, entry in enumerate(layout.entries)
            if _in_version(compiled, entry)
        ]
        #: Plain top-level answers, read directly; the rest through `_entry_value`.
        self.answered = [
            (position, entry.question_id)
            for position, entry in entries
            if entry.repeat is None
            and not isinstance(compiled.questions[entry.question_id], CalculateQuestion)
        ]
        self.answered_ids = [question_id for _position, question_id in self.answered]
        plain = {position for position, _question in self.answered}
        self.entries = [(position, entry) for position, entry in entries if position not in plain]
        self.event_time = layout.event_time if layout.event_time in compiled.questions else None
        self.fingerprint = compiled.fingerprint
        #: Kept verdicts already read, by their text: most observations of a form share
        #: a few (the same questions skipped, the same checks holding).
        self._read: dict[str, Verdicts] = {}
        #: How many outcomes `questions` remembers, all questions together.
        self.outcomes_kept = 0

    def verdicts(self, observation: Observation) -> Verdicts:
        """The observation's verdicts: as kept, when kept for this very form; else worked out."""
        text = observation.verdicts
        if text is None or observation.verdicts_form != self.fingerprint:
            return verdicts_of(self.compiled, observation.answers)
        verdicts = self._read.get(text)
        if verdicts is None:
            verdicts = Verdicts.from_text(text)
            if len(self._read) < READ_VERDICTS_KEPT:
                self._read[text] = verdicts
        return verdicts


def _in_version(compiled: CompiledForm, entry: Entry) -> bool:
    if entry.repeat is None:
        return entry.question_id in compiled.questions
    return entry.question_id in compiled.row_questions.get(entry.repeat, {})


def observed_at(
    observation: Observation, event_time: str | None, answers: Mapping[str, Any]
) -> datetime:
    """An incident's own date and time where given, else when the form was started."""
    if event_time is not None:
        value = answers.get(event_time)
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                moment = None
            if moment is not None and moment.utcoffset() is not None:
                return moment
    return observation.started_at


def _entry_value(plan: Plan, verdicts: Verdicts, answers: Mapping[str, Any], entry: Entry) -> Any:
    compiled = plan.compiled
    if entry.repeat is None:
        if entry.question_id in verdicts.skipped:
            return NOT_ASKED
        # the plain answers are read apart (Plan.answered): this is a calculation
        return _calculated(verdicts.calculated.get(entry.question_id))
    if entry.repeat in verdicts.skipped or entry.row is None:
        return NOT_ASKED
    rows = verdicts.rows.get(entry.repeat, ())
    if entry.row >= len(rows) or entry.question_id in rows[entry.row].skipped:
        return NOT_ASKED
    child = compiled.row_questions[entry.repeat][entry.question_id]
    if isinstance(child, CalculateQuestion):
        return _calculated(rows[entry.row].calculated.get(entry.question_id))
    repeat = compiled.questions[entry.repeat]
    assert isinstance(repeat, RepeatQuestion)
    answer = answer_rows(compiled, repeat, answers.get(entry.repeat))[entry.row].get(
        entry.question_id
    )
    return None if is_blank(answer) else answer


def _calculated(value: Any) -> Any:
    """A calculated value, or None where it could not be worked out.

    A form's arithmetic over a blank comes to NaN (XPath's number('') is NaN: a sum of the
    parties' votes with one left blank), or to infinity (a division by zero). Neither is a
    figure: counted as one, the total became NaN and the median depended on the order the
    observations were read in. So it counts as not answered, as the blank it came from.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def read_observation(plan: Plan, observation: Observation, when: datetime | None = None) -> Reading:
    """The outcome of every concern and the value of every annex entry for one observation.

    `when` is its `observed_at`, when the caller has it already (to filter by time).
    """
    answers = observation.answers
    verdicts = plan.verdicts(observation)
    codes = bytearray(plan.no_codes)
    concern_answers: list[Any] = [None] * len(codes)
    skipped = verdicts.skipped
    for (index, question_id, concern, known), answer in zip(
        plan.questions, map(answers.get, plan.question_ids), strict=True
    ):
        if question_id in skipped:
            continue  # NOT_ASKED
        if type(answer) is str:  # a choice: its outcome is worked out once per choice
            seen = known.get(answer)
            if seen is None:
                seen = (int(answer_outcome(concern, True, answer)), answer)
                if plan.outcomes_kept < OUTCOMES_KEPT:
                    known[answer] = seen
                    plan.outcomes_kept += 1
            code, answer = seen
        else:
            code = answer_outcome(concern, True, answer)
        codes[index] = code
        if code <= _FINE:
            concern_answers[index] = answer
    for check_id, verdict in verdicts.checks.items():
        position = plan.checks.get(check_id)
        if position is not None:
            codes[position] = verdict_outcome(verdict)
    for position, members in plan.gathered:
        # a concern in any member, else an answer in any, else "not observed", ...
        codes[position] = min((codes[m] for m in members), default=Outcome.NOT_ASKED)
    values: list[Any] = [NOT_ASKED] * len(plan.layout.entries)
    for (position, question_id), answer in zip(
        plan.answered, map(answers.get, plan.answered_ids), strict=True
    ):
        if question_id not in skipped:
            values[position] = None if answer is None or answer == "" or answer == [] else answer
    for position, entry in plan.entries:
        values[position] = _entry_value(plan, verdicts, answers, entry)
    ref = ObservationRef(
        id=observation.id,
        form_id=observation.form_id,
        observer=observation.observer,
        team=observation.team,
        region=observation.region,
        station_id=observation.station_id,
        tec_id=observation.tec_id,
        observed_at=when or observed_at(observation, plan.event_time, answers),
        completed_at=observation.completed_at,
    )
    return Reading(
        ref=ref, codes=bytes(codes), values=tuple(values), concern_answers=tuple(concern_answers)
    )
