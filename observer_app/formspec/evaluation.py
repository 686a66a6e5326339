"""Runs a form over a set of answers: what is shown, what is computed, what is wrong.

One pass in the compiled order decides relevance and computes `calculate` values (a
question that is not relevant counts as unanswered, as in ODK); completion problems
(required, constraint, range, rows) and flagged checks are read from that state.
The UI, the store's completion and the summary all call these functions, so an observer
and a coordinator see the same verdict on the same answers.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Any

from observer_app.formspec import messages
from observer_app.formspec.choice_filter import offered_choices
from observer_app.formspec.compiled import CompiledForm
from observer_app.formspec.expression_context import DEFAULT_CONTEXT, Context, DocumentNode
from observer_app.formspec.expressions import (
    Call,
    DateTimeValue,
    DateValue,
    Evaluator,
    Node,
    NodeSet,
    Path,
    Resolver,
    Value,
    is_empty,
    is_pure,
    references,
    walk,
)
from observer_app.formspec.form_document import (
    ROOT,
    FormDocument,
    choice_labels,
    question_node,
    row_question_node,
    section_node,
)
from observer_app.formspec.models import (
    AnyQuestion,
    CalculateQuestion,
    Check,
    DateQuestion,
    DateTimeQuestion,
    DecimalQuestion,
    IntegerQuestion,
    NoteQuestion,
    RepeatQuestion,
    SelectMultipleQuestion,
    SelectOneQuestion,
    TextQuestion,
    YesNoQuestion,
    concern_needs_answer,
)
from observer_app.formspec.text import Language, Text

Answers = Mapping[str, Any]


class ProblemKind(StrEnum):
    REQUIRED = "required"
    CONSTRAINT = "constraint"
    RANGE = "range"
    ROWS = "rows"


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a form cannot be completed yet, pointing at the question (and row) to fix."""

    question: str
    kind: ProblemKind
    message: Text
    row: int | None = None  # 0-based row of a repeat
    field: str | None = None  # the row question inside that row

    def describe(self, language: str = "en") -> str:
        where = self.question
        if self.row is not None:
            where += f" row {self.row + 1}"
        if self.field is not None:
            where += f" {self.field}"
        return f"{where}: {self.message.get(language)}"  # type: ignore[arg-type]


@dataclass
class RowState:
    values: dict[str, Value] = field(default_factory=dict)
    relevant: set[str] = field(default_factory=set)


@dataclass
class FormState:
    """Relevance and values of every question for one set of answers."""

    values: dict[str, Value] = field(default_factory=dict)
    relevant: set[str] = field(default_factory=set)
    rows: dict[str, list[RowState]] = field(default_factory=dict)
    relevant_sections: set[str] = field(default_factory=set)
    #: The repeat of each row question, to read a row question from outside as all rows.
    parent: Mapping[str, str] = field(default_factory=dict)
    #: The clock, language and tree the expressions of this evaluation read.
    context: Context = DEFAULT_CONTEXT

    def resolve(self, name: str) -> Value:
        """`${name}` at the top level of the form."""
        repeat = self.parent.get(name)
        if repeat is not None:
            return NodeSet(row.values.get(name, "") for row in self.rows.get(repeat, []))
        return self.values.get(name, "")

    def is_relevant(self, question_id: str, row: int | None = None) -> bool:
        if row is None:
            return question_id in self.relevant
        for rows in self.rows.values():
            if row < len(rows) and question_id in rows[row].values:
                return question_id in rows[row].relevant
        return False

    def calculated(self, question_id: str) -> Value:
        return self.values.get(question_id)


def _expression_value(question: AnyQuestion, answer: Any) -> Value:
    """An answer as expressions see it (XLSForm: unanswered is '', a multiple choice is 'a b')."""
    if answer is None:
        return ""
    if isinstance(question, SelectMultipleQuestion) and isinstance(answer, list):
        return " ".join(str(v) for v in answer)
    if isinstance(question, DateQuestion) and isinstance(answer, str):
        return DateValue(answer)  # days since 1970 in arithmetic, as ODK's date
    if isinstance(question, DateTimeQuestion) and isinstance(answer, str):
        return DateTimeValue(answer)  # counts as days since 1970 in arithmetic, as in ODK
    if isinstance(answer, bool | int | float | str):
        return answer
    return ""


_PLAIN, _CALCULATE, _REPEAT, _NOTE, _COLUMN = range(5)


@dataclass(frozen=True, slots=True)
class _Step:
    """One question of the evaluation order, with what evaluating it needs looked up once."""

    id: str
    question: AnyQuestion
    kind: int
    relevant: Node | None
    section: str
    section_relevant: Node | None
    calculation: Node | None
    #: The node of this question (and of its section) in the form's tree, for paths.
    node: DocumentNode
    section_node: DocumentNode
    #: For a row question (a _COLUMN step, computed across all rows): its repeat.
    repeat: str = ""
    #: An answer that expressions read as it is stored (not a list, not a date-time).
    plain: bool = True


@dataclass(frozen=True, slots=True)
class _Plan:
    """How to evaluate one compiled form, worked out once: the summary evaluates the same
    form for each of 100,000 submissions, and every look-up done here is one not done per
    submission."""

    steps: list[_Step]
    #: The node of each question in the form's tree, for `at=`.
    nodes: dict[str, DocumentNode]
    #: Whether any expression reads the form as a tree (a path, position(), once()...)
    #: or a choice's label; the election-day forms do not, and skip building the tree.
    needs_document: bool


_PLANS: dict[int, tuple[weakref.ref[CompiledForm], _Plan]] = {}
_DOCUMENT_FUNCTIONS = frozenset({"current", "position", "indexed-repeat", "once", "jr:choice-name"})


def _reads_document(node: Node) -> bool:
    for child in walk(node):
        if isinstance(child, Path):
            return True
        if isinstance(child, Call) and (
            child.name in _DOCUMENT_FUNCTIONS
            or (not child.args and child.name in ("string-length", "normalize-space"))
        ):
            return True
    return False


def _plan(compiled: CompiledForm) -> _Plan:
    known = _PLANS.get(id(compiled))
    if known is not None and known[0]() is compiled:
        return known[1]
    steps = []
    nodes: dict[str, DocumentNode] = {}
    for question_id in compiled.evaluation_order:
        repeat = compiled.parent.get(question_id, "")
        question = compiled.question(question_id)
        section = compiled.section_of[repeat or question_id]
        nodes[question_id] = question_node(question_id)
        kind = _PLAIN
        if repeat:
            kind = _COLUMN
        elif isinstance(question, CalculateQuestion):
            kind = _CALCULATE
        elif isinstance(question, RepeatQuestion):
            kind = _REPEAT
        elif isinstance(question, NoteQuestion):
            kind = _NOTE
        steps.append(
            _Step(
                id=question_id,
                question=question,
                kind=kind,
                relevant=compiled.expression(question_id, "relevant"),
                section=section.id,
                section_relevant=compiled.expression(section.id, "relevant"),
                calculation=compiled.expression(question_id, "calculation"),
                node=nodes[question_id],
                section_node=section_node(section.id),
                repeat=repeat,
                plain=not isinstance(
                    question, SelectMultipleQuestion | DateQuestion | DateTimeQuestion
                ),
            )
        )
    plan = _Plan(
        steps=steps,
        nodes=nodes,
        needs_document=any(_reads_document(node) for node in compiled.expressions.values()),
    )
    _PLANS[id(compiled)] = (weakref.ref(compiled), plan)
    return plan


#: Per relevance condition: the condition, what it reads, and its truth by what it read
#: (None in place of the truths for a condition that reads the clock or its place).
_TRUTHS: dict[int, tuple[Node, tuple[str, ...], dict[tuple[Any, ...], bool] | None]] = {}
_TRUTHS_KEPT = 4096


def _typed(value: Value) -> Any:
    """A value as a memo key: 1, 1.0 and True are equal in Python but not in a form."""
    if isinstance(value, NodeSet):
        return (NodeSet, tuple(_typed(v) for v in value))
    return (type(value), value)


def _holds(node: Node, resolve: Resolver, evaluator: Evaluator, at: DocumentNode) -> bool:
    """`to_bool(evaluate(node, resolve))`, remembered by the values the condition reads.

    Expressions are pure, and a relevance condition reads a few answers with few values
    ("${access_granted} = 'yes'"), the same for most of the submissions a summary reads.
    A condition on the clock, the language or its place in the form is evaluated each time.
    """
    entry = _TRUTHS.get(id(node))
    if entry is None or entry[0] is not node:
        truths: dict[tuple[Any, ...], bool] | None = {} if is_pure(node) else None
        entry = _TRUTHS[id(node)] = (node, tuple(sorted(references(node))), truths)
    truths = entry[2]
    if truths is None:
        return evaluator.holds(node, None, at)
    key = tuple([_typed(resolve(name)) for name in entry[1]])
    known = truths.get(key)
    if known is None:
        known = evaluator.holds(node, None, at)
        if len(truths) < _TRUTHS_KEPT:
            truths[key] = known
    return known


def evaluation_context(
    compiled: CompiledForm,
    *,
    now: Callable[[], datetime] | None = None,
    zone: tzinfo | None = None,
    language: Language = "en",
) -> Context:
    """The clock, zone and language to evaluate `compiled` with (the laptop's by default):
    give it to evaluate_form, find_problems or flagged_checks."""
    return Context(
        now=now or DEFAULT_CONTEXT.now,
        zone=zone,
        language=language,
        choice_label=choice_labels(compiled, language),
    )


def offered_choices_by_question(
    compiled: CompiledForm, state: FormState, context: Context | None = None
) -> dict[str, list[str]]:
    """For each select with a choice_filter, the values of the choices it offers now."""
    offered: dict[str, list[str]] = {}
    for (owner, attribute), node in compiled.expressions.items():
        if attribute != "choice_filter":
            continue
        question = compiled.question(owner)
        if isinstance(question, SelectOneQuestion | SelectMultipleQuestion):
            choices = compiled.choices(question)
            kept = offered_choices(node, choices, state.resolve, context)
            offered[owner] = [choice.value for choice in kept]
    return offered


def evaluate_form(
    compiled: CompiledForm, answers: Answers, context: Context | None = None
) -> FormState:
    """Relevance and values of every question for `answers`; `context` (see
    `evaluation_context`) fixes the clock, zone and language, the laptop's by default."""
    plan = _plan(compiled)
    state = FormState(parent=compiled.parent)
    context = context or DEFAULT_CONTEXT
    if plan.needs_document:
        context = Context(
            document=FormDocument(compiled, state.values, state.rows),
            now=context.now,
            zone=context.zone,
            language=context.language,
            choice_label=context.choice_label or choice_labels(compiled, context.language),
        )
    state.context = context
    sections: dict[str, bool] = {}
    resolve = state.resolve
    evaluator = Evaluator(resolve, context)
    values = state.values
    relevant_questions = state.relevant
    #: Per repeat being filled: its rows' answers and each row's evaluator.
    repeats: dict[str, tuple[list[Mapping[str, Any]], list[Evaluator]]] = {}
    for step in plan.steps:
        kind = step.kind
        question_id = step.id
        if kind == _COLUMN:
            filling = repeats.get(step.repeat)
            if filling is not None:
                _evaluate_column(step, filling, state.rows[step.repeat])
            continue
        relevant = sections.get(step.section)
        if relevant is None:
            node = step.section_relevant
            relevant = sections[step.section] = node is None or _holds(
                node, resolve, evaluator, step.section_node
            )
            if relevant:
                state.relevant_sections.add(step.section)
        if relevant and step.relevant is not None:
            relevant = _holds(step.relevant, resolve, evaluator, step.node)
        if not relevant:
            values[question_id] = ""
            if kind == _REPEAT:
                state.rows[question_id] = []
            continue
        relevant_questions.add(question_id)
        if kind == _PLAIN:
            answer = answers.get(question_id)
            if not step.plain or type(answer) not in _KEPT_AS_IS:
                answer = _expression_value(step.question, answer)
            values[question_id] = answer
        elif kind == _CALCULATE:
            assert step.calculation is not None
            kept = _expression_value(step.question, answers.get(question_id))
            values[question_id] = _settled(evaluator(step.calculation, kept, step.node))
        elif kind == _REPEAT:
            question = step.question
            assert isinstance(question, RepeatQuestion)
            rows = answer_rows(compiled, question, answers.get(question_id))
            row_states = [RowState() for _ in rows]
            state.rows[question_id] = row_states
            values[question_id] = NodeSet(range(1, len(rows) + 1))
            repeats[question_id] = (
                rows,
                [Evaluator(_row_resolver(row.values, resolve), context) for row in row_states],
            )
        else:
            values[question_id] = ""
    return state


#: Answers an expression reads exactly as they are stored (None is '', a list is joined).
_KEPT_AS_IS = frozenset({str, int, float, bool})


def _settled(value: Value) -> Value:
    """A calculated value as the question keeps it: a path that found one node is its value."""
    if isinstance(value, NodeSet) and len(value) <= 1:
        return value[0] if value else ""
    return value


def answer_rows(
    compiled: CompiledForm, question: RepeatQuestion, answer: Any
) -> list[Mapping[str, Any]]:
    """The rows of a repeat's answer; a repeat with fixed rows always has all of them."""
    rows: list[Mapping[str, Any]] = []
    if isinstance(answer, list):
        rows = [row if isinstance(row, dict) else {} for row in answer]
    fixed = compiled.fixed_rows(question)
    if fixed is not None:
        rows = (rows + [{}] * len(fixed))[: len(fixed)]
    return rows


def _row_resolver(values: Mapping[str, Value], outer: Resolver) -> Resolver:
    """`${name}` inside a row: the same row's questions, else the form's top level."""

    def resolve(name: str) -> Value:
        return values[name] if name in values else outer(name)

    return resolve


def _evaluate_column(
    step: _Step,
    filling: tuple[list[Mapping[str, Any]], list[Evaluator]],
    states: list[RowState],
) -> None:
    """One row question in every row of its repeat. Row questions are computed a column
    at a time, in the form's evaluation order, so that a row can read another row
    (`/data/rows[position() = position(current()/..) + 1]/votes`) or a total of all rows
    (`. div ${total_votes}`) as in ODK."""
    rows, evaluators = filling
    child, child_id = step.question, step.id
    relevant, calculation = step.relevant, step.calculation
    for index, state in enumerate(states):
        evaluator = evaluators[index]
        at = row_question_node(step.repeat, index, child_id)
        if relevant is not None and not evaluator.holds(relevant, None, at):
            state.values[child_id] = ""
            continue
        state.relevant.add(child_id)
        answer = _expression_value(child, rows[index].get(child_id))
        if calculation is not None:
            answer = _settled(evaluator(calculation, answer, at))
        state.values[child_id] = answer


def find_problems(
    compiled: CompiledForm, answers: Answers, context: Context | None = None
) -> list[Problem]:
    """Everything that stops the form from being completed, in the order of the form."""
    state = evaluate_form(compiled, answers, context)
    nodes = _plan(compiled).nodes
    problems: list[Problem] = []
    top = Evaluator(state.resolve, state.context)
    for section in compiled.form.sections:
        for question in section.questions:
            if question.id not in state.relevant:
                continue
            problems.extend(
                _question_problems(
                    compiled, question, answers.get(question.id), top, nodes[question.id]
                )
            )
            if isinstance(question, RepeatQuestion):
                rows = answer_rows(compiled, question, answers.get(question.id))
                if len(rows) < question.min_rows:
                    problems.append(
                        Problem(
                            question.id, ProblemKind.ROWS, messages.rows_at_least(question.min_rows)
                        )
                    )
                if question.max_rows is not None and len(rows) > question.max_rows:
                    problems.append(
                        Problem(
                            question.id, ProblemKind.ROWS, messages.rows_at_most(question.max_rows)
                        )
                    )
                for index, row_state in enumerate(state.rows.get(question.id, [])):
                    row = rows[index]
                    in_row = Evaluator(
                        _row_resolver(row_state.values, state.resolve), state.context
                    )
                    for child in question.questions:
                        if child.id not in row_state.relevant:
                            continue
                        for problem in _question_problems(
                            compiled,
                            child,
                            row.get(child.id),
                            in_row,
                            row_question_node(question.id, index, child.id),
                        ):
                            problems.append(
                                Problem(
                                    question.id,
                                    problem.kind,
                                    problem.message,
                                    row=index,
                                    field=child.id,
                                )
                            )
    return problems


def blank_questions(
    compiled: CompiledForm, answers: Answers, context: Context | None = None
) -> list[str]:
    """The questions shown and left blank that do not stop completion, in form order.

    Completing with these blank is allowed, but the observer is asked once, with the list,
    since a blank is easily an oversight rather than a choice.
    """
    state = evaluate_form(compiled, answers, context)
    stopping = {problem.question for problem in find_problems(compiled, answers, context)}
    blank: list[str] = []
    for section in compiled.form.sections:
        for question in section.questions:
            if (
                question.id not in state.relevant
                or question.id in stopping
                or isinstance(question, NoteQuestion | CalculateQuestion)
            ):
                continue
            answer = answers.get(question.id)
            if isinstance(question, RepeatQuestion):
                empty = not any(
                    isinstance(row, dict) and any(v not in (None, "") for v in row.values())
                    for row in answer or []
                )
            else:
                empty = answer is None or answer == "" or answer == []
            if empty:
                blank.append(question.id)
    return blank


def _question_problems(
    compiled: CompiledForm,
    question: AnyQuestion,
    answer: Any,
    evaluator: Evaluator,
    at: DocumentNode,
) -> list[Problem]:
    if isinstance(question, NoteQuestion | CalculateQuestion):
        return []
    if isinstance(question, RepeatQuestion):
        empty = not any(
            isinstance(row, dict) and any(v is not None for v in row.values())
            for row in answer or []
        )
    else:
        empty = answer is None or answer == "" or answer == []
    required = question.required
    if isinstance(required, str):
        node = compiled.expression(question.id, "required")
        is_required = node is not None and evaluator.holds(node, None, at)
    else:
        is_required = required or concern_needs_answer(question)
    if empty:
        if is_required:
            message = (
                messages.ANSWER_OR_NOT_OBSERVED
                if isinstance(question, YesNoQuestion) and question.not_observed
                else messages.REQUIRED
            )
            return [Problem(question.id, ProblemKind.REQUIRED, message)]
        return []
    found: list[Problem] = []
    if isinstance(question, IntegerQuestion | DecimalQuestion) and isinstance(answer, int | float):
        if question.min is not None and answer < question.min:
            found.append(Problem(question.id, ProblemKind.RANGE, messages.at_least(question.min)))
        if question.max is not None and answer > question.max:
            found.append(Problem(question.id, ProblemKind.RANGE, messages.at_most(question.max)))
    if (
        isinstance(question, TextQuestion)
        and isinstance(answer, str)
        and len(answer) > question.max_length
    ):
        found.append(
            Problem(question.id, ProblemKind.RANGE, messages.too_long(question.max_length))
        )
    node = compiled.expression(question.id, "constraint")
    if node is not None:
        current = _expression_value(question, answer)
        if not evaluator.holds(node, current, at):
            found.append(
                Problem(
                    question.id,
                    ProblemKind.CONSTRAINT,
                    question.constraint_message or messages.INVALID,
                )
            )
    return found


_READS: dict[int, tuple[Node, tuple[str, ...]]] = {}


def _answers_read(compiled: CompiledForm, node: Node) -> tuple[str, ...]:
    """The questions a check reads, worked out once per parsed expression (checks run per
    submission): its `${...}` references and the questions its paths name."""
    known = _READS.get(id(node))
    if known is None or known[0] is not node:
        names = sorted(
            name
            for name in references(node)
            if name in compiled.questions or name in compiled.parent
        )
        known = _READS[id(node)] = (node, tuple(names))
    return known[1]


def check_verdicts(compiled: CompiledForm, state: FormState) -> list[tuple[Check, bool | None]]:
    """Each check of the form with its verdict: True (concern present), False, or None.

    A check speaks only when every answer it reads is given: a half-filled protocol must
    not raise "ballots exceed signatures" before the signatures are counted. None says it
    could not be evaluated, which the summary counts apart from "not present".
    """
    resolve = state.resolve
    evaluator: Evaluator | None = None
    verdicts: list[tuple[Check, bool | None]] = []
    for check in compiled.form.checks:
        node = compiled.expression(check.id, "expression")
        assert node is not None
        values = [resolve(name) for name in _answers_read(compiled, node)]
        if any(
            is_empty(value) or (isinstance(value, NodeSet) and any(is_empty(v) for v in value))
            for value in values
        ):
            verdicts.append((check, None))
        else:
            evaluator = evaluator or Evaluator(resolve, state.context)
            verdicts.append((check, evaluator.holds(node, None, ROOT)))
    return verdicts


def flagged_checks(
    compiled: CompiledForm, answers: Answers, context: Context | None = None
) -> list[Check]:
    """The form's checks whose concern is present (see `check_verdicts`)."""
    state = evaluate_form(compiled, answers, context)
    return [check for check, verdict in check_verdicts(compiled, state) if verdict]
