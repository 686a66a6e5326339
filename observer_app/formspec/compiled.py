"""A validated form made ready to run: ids indexed, expressions parsed, evaluation order fixed.

Pydantic checks each field on its own; what needs the whole form (an unknown `${ref}`,
a duplicate id, a circular `calculate`, a concern that is not an answer of its question)
is checked here, and every problem is reported, not only the first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from observer_app import __version__
from observer_app.formspec.choice_filter import (
    ATTRIBUTE_PREFIX,
    attributes_read,
    parse_choice_filter,
)
from observer_app.formspec.expression_checks import FormNames, expression_problems
from observer_app.formspec.expressions import ExpressionError, Node, parse, references
from observer_app.formspec.models import (
    ASSESSMENT_SCALE,
    NO,
    NOT_OBSERVED,
    YES,
    AnyQuestion,
    Choice,
    DateTimeQuestion,
    DecimalQuestion,
    Form,
    IntegerQuestion,
    NoteQuestion,
    RepeatQuestion,
    Role,
    Section,
    SelectMultipleQuestion,
    SelectOneQuestion,
    TimeQuestion,
    YesNoQuestion,
)


@dataclass(frozen=True, slots=True)
class DefinitionProblem:
    """One thing wrong in a form definition: where (a question, section or check id) and what."""

    where: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class FormDefinitionError(ValueError):
    def __init__(self, form_id: str, problems: list[DefinitionProblem]) -> None:
        self.form_id = form_id
        self.problems = problems
        super().__init__(f"form {form_id!r}: " + "; ".join(str(p) for p in problems))


# Expression slots: (attribute of the question/section/check, may it use '.'?)
_EXPRESSION_ATTRIBUTES = (
    ("relevant", False),
    ("required", False),
    ("constraint", True),
    ("calculation", False),
    ("expression", False),
)


@dataclass
class CompiledForm:
    """A form with everything the evaluator and the UI look up, computed once."""

    form: Form
    #: Top-level questions (repeats included, their row questions not) by id.
    questions: dict[str, AnyQuestion] = field(default_factory=dict)
    #: Row questions of each repeat, by repeat id then row question id.
    row_questions: dict[str, dict[str, AnyQuestion]] = field(default_factory=dict)
    #: The repeat that holds a row question.
    parent: dict[str, str] = field(default_factory=dict)
    section_of: dict[str, Section] = field(default_factory=dict)
    #: Parsed expressions by (owner id, attribute).
    expressions: dict[tuple[str, str], Node] = field(default_factory=dict)
    #: Top-level question ids in an order where every value is computed after what it reads.
    order: list[str] = field(default_factory=list)
    #: The same order for the row questions of each repeat.
    row_order: dict[str, list[str]] = field(default_factory=dict)
    #: Every question id, row questions included, in the order evaluation computes them:
    #: a repeat's row question (across all rows) may come after a top-level question and
    #: before another (a row's share of a total computed from all rows).
    evaluation_order: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.form.id

    @property
    def version(self) -> int:
        return self.form.version

    def question(self, question_id: str) -> AnyQuestion:
        """Any question by id, top-level or inside a repeat."""
        if question_id in self.questions:
            return self.questions[question_id]
        return self.row_questions[self.parent[question_id]][question_id]

    def choices(self, question: SelectOneQuestion | SelectMultipleQuestion) -> list[Choice]:
        if isinstance(question.choices, str):
            return self.form.choice_lists.get(question.choices, [])
        return question.choices

    def fixed_rows(self, question: RepeatQuestion) -> list[Choice] | None:
        """The fixed rows of a repeat (e.g. one per party), or None when rows are added freely."""
        if isinstance(question.rows, str):
            return self.form.choice_lists.get(question.rows, [])
        return question.rows

    def answer_values(self, question: AnyQuestion) -> list[str] | None:
        """The answers a closed question allows, or None for an open one."""
        if isinstance(question, YesNoQuestion):
            return [YES, NO, NOT_OBSERVED] if question.not_observed else [YES, NO]
        if isinstance(question, SelectOneQuestion | SelectMultipleQuestion):
            return [choice.value for choice in self.choices(question)]
        return None

    @cached_property
    def fingerprint(self) -> str:
        """This definition under this release's rules, as a short hash.

        What is worked out once from a submission's answers and kept (formspec.verdicts)
        is valid for the definition and the rules it was worked out with: a stored result
        whose fingerprint differs is worked out again.
        """
        definition = f"{__version__}\n{self.form.model_dump_json()}".encode()
        return hashlib.sha256(definition).hexdigest()[:32]

    @cached_property
    def attachment_questions(self) -> tuple[str, ...]:
        """The image and file questions, whose answers name a stored file."""
        return tuple(q.id for q in self.questions.values() if q.type in ("image", "file"))

    @cached_property
    def calculate_questions(self) -> tuple[str, ...]:
        """The calculations, in the form's order (row calculations among them)."""
        return tuple(q.id for q in self.questions.values() if q.type == "calculate")

    def expression(self, owner: str, attribute: str) -> Node | None:
        return self.expressions.get((owner, attribute))

    def by_role(self, role: Role) -> AnyQuestion | None:
        for question in self.questions.values():
            if getattr(question, "role", None) == role:
                return question
        return None


def compile_form(form: Form) -> CompiledForm:
    """Index and check `form` as a whole; raises FormDefinitionError listing every problem."""
    compiled = CompiledForm(form=form)
    problems: list[DefinitionProblem] = []
    _index(compiled, problems)
    _check_questions(compiled, problems)
    _check_protocol(compiled, problems)
    _check_composites(compiled, problems)
    _parse_expressions(compiled, problems)
    if not problems:
        _order(compiled, problems)
    if problems:
        raise FormDefinitionError(form.id, problems)
    return compiled


def _index(compiled: CompiledForm, problems: list[DefinitionProblem]) -> None:
    seen: dict[str, str] = {}

    def claim(identifier: str, what: str) -> None:
        if identifier in seen:
            problems.append(
                DefinitionProblem(identifier, f"duplicate id (also used by {seen[identifier]})")
            )
        else:
            seen[identifier] = what

    for section in compiled.form.sections:
        claim(section.id, "a section")
        for question in section.questions:
            claim(question.id, "a question")
            compiled.questions.setdefault(question.id, question)
            compiled.section_of.setdefault(question.id, section)
            if isinstance(question, RepeatQuestion):
                rows: dict[str, AnyQuestion] = {}
                for child in question.questions:
                    claim(child.id, f"a question in repeat {question.id}")
                    rows.setdefault(child.id, child)
                    compiled.parent.setdefault(child.id, question.id)
                compiled.row_questions[question.id] = rows
    for check in compiled.form.checks:
        claim(check.id, "a check")
    for composite in compiled.form.composites:
        claim(composite.id, "a composite")


def _all_questions(compiled: CompiledForm) -> Iterator[AnyQuestion]:
    for question in compiled.questions.values():
        yield question
        if isinstance(question, RepeatQuestion):
            yield from compiled.row_questions[question.id].values()


def _check_questions(compiled: CompiledForm, problems: list[DefinitionProblem]) -> None:
    form = compiled.form
    for question in _all_questions(compiled):
        where = question.id
        if isinstance(question, SelectOneQuestion | SelectMultipleQuestion):
            if isinstance(question.choices, str) and question.choices not in form.choice_lists:
                problems.append(
                    DefinitionProblem(where, f"unknown choice list {question.choices!r}")
                )
            values = [choice.value for choice in compiled.choices(question)]
            for value in sorted({v for v in values if values.count(v) > 1}):
                problems.append(DefinitionProblem(where, f"duplicate choice value {value!r}"))
        if (
            isinstance(question, YesNoQuestion)
            and question.not_observed_label is not None
            and not question.not_observed
        ):
            problems.append(DefinitionProblem(where, "not_observed_label needs not_observed: true"))
        if isinstance(question, YesNoQuestion | SelectOneQuestion | SelectMultipleQuestion):
            allowed = compiled.answer_values(question) or []
            for value in question.concern:
                if value == NOT_OBSERVED or value not in allowed:
                    problems.append(
                        DefinitionProblem(
                            where,
                            f"concern answer {value!r} is not one of the question's answers "
                            f"({', '.join(v for v in allowed if v != NOT_OBSERVED)})",
                        )
                    )
            if question.concern and question.finding is None:
                problems.append(DefinitionProblem(where, "concern answers need a finding phrase"))
            if question.finding is not None and not question.concern:
                problems.append(DefinitionProblem(where, "a finding phrase needs concern answers"))
        if (
            isinstance(question, IntegerQuestion | DecimalQuestion)
            and question.min is not None
            and question.max is not None
            and question.min > question.max
        ):
            problems.append(
                DefinitionProblem(where, f"min {question.min} exceeds max {question.max}")
            )
        if isinstance(question, RepeatQuestion):
            if question.max_rows is not None and question.min_rows > question.max_rows:
                problems.append(DefinitionProblem(where, "min_rows exceeds max_rows"))
            if isinstance(question.rows, str) and question.rows not in form.choice_lists:
                problems.append(DefinitionProblem(where, f"unknown choice list {question.rows!r}"))
            elif question.rows is not None and (question.min_rows or question.max_rows):
                problems.append(DefinitionProblem(where, "fixed rows take no min_rows or max_rows"))
        _check_role(compiled, question, problems)
    holders: dict[Role, str] = {}
    for question in compiled.questions.values():
        role = getattr(question, "role", None)
        if role is not None and role in holders:
            problems.append(
                DefinitionProblem(question.id, f"role {role} is already {holders[role]}'s")
            )
        elif role is not None:
            holders[role] = question.id


def _check_protocol(compiled: CompiledForm, problems: list[DefinitionProblem]) -> None:
    """Each protocol figure names an integer question of the form; the party votes a repeat
    with fixed rows and an integer question in it."""
    turnout = compiled.form.turnout
    if turnout is not None:
        for figure, question_id in turnout.model_dump().items():
            if not isinstance(compiled.questions.get(question_id), IntegerQuestion):
                problems.append(
                    DefinitionProblem(
                        "turnout", f"{figure}: {question_id!r} is not an integer question"
                    )
                )
    protocol = compiled.form.protocol
    if protocol is None:
        return
    for figure, question_id in protocol.model_dump(exclude_none=True).items():
        if figure == "votes":
            continue
        question = compiled.questions.get(question_id)
        if figure == "party_votes":
            if not isinstance(question, RepeatQuestion) or question.rows is None:
                problems.append(
                    DefinitionProblem(
                        "protocol", f"party_votes: {question_id!r} is not a repeat with fixed rows"
                    )
                )
            elif not isinstance(
                compiled.row_questions[question_id].get(protocol.votes or ""), IntegerQuestion
            ):
                problems.append(
                    DefinitionProblem(
                        "protocol",
                        f"votes: {protocol.votes!r} is not an integer question of {question_id}",
                    )
                )
        elif not isinstance(question, IntegerQuestion):
            problems.append(
                DefinitionProblem(
                    "protocol", f"{figure}: {question_id!r} is not an integer question of the form"
                )
            )


def _check_composites(compiled: CompiledForm, problems: list[DefinitionProblem]) -> None:
    """Each member of a composite is a concern question of the form, named once."""
    for composite in compiled.form.composites:
        seen: set[str] = set()
        for member in composite.members:
            question = compiled.questions.get(member)
            if member in seen:
                problems.append(DefinitionProblem(composite.id, f"member {member!r} twice"))
            elif question is None:
                problems.append(
                    DefinitionProblem(composite.id, f"member {member!r} is not a question")
                )
            elif not getattr(question, "concern", None):
                problems.append(
                    DefinitionProblem(
                        composite.id, f"member {member!r} is not a question with a concern"
                    )
                )
            seen.add(member)


def _check_role(
    compiled: CompiledForm, question: AnyQuestion, problems: list[DefinitionProblem]
) -> None:
    role = getattr(question, "role", None)
    if role is None:
        return
    if role in (
        Role.ARRIVAL_TIME,
        Role.DEPARTURE_TIME,
        Role.EVENT_TIME,
        Role.PROCESS_START,
        Role.PROCESS_END,
    ) and not isinstance(question, TimeQuestion | DateTimeQuestion):
        problems.append(DefinitionProblem(question.id, f"role {role} needs a time or datetime"))
    if role == Role.OVERALL_ASSESSMENT and (
        not isinstance(question, SelectOneQuestion)
        or tuple(c.value for c in compiled.choices(question)) != ASSESSMENT_SCALE
    ):
        problems.append(
            DefinitionProblem(
                question.id,
                "role overall_assessment needs a select_one with the choices "
                + ", ".join(ASSESSMENT_SCALE),
            )
        )
    if role == Role.NARRATIVE and getattr(question, "type", None) != "text":
        problems.append(DefinitionProblem(question.id, "role narrative needs a text question"))
    if question.id in compiled.parent:
        problems.append(DefinitionProblem(question.id, "a question inside a repeat has no role"))


def _owners(compiled: CompiledForm) -> Iterator[tuple[str, object]]:
    for section in compiled.form.sections:
        yield section.id, section
    yield from ((q.id, q) for q in _all_questions(compiled))
    yield from ((check.id, check) for check in compiled.form.checks)


def _form_names(compiled: CompiledForm) -> FormNames:
    questions = list(_all_questions(compiled))
    return FormNames(
        form_id=compiled.form.id,
        questions=frozenset(q.id for q in questions),
        sections=frozenset(section.id for section in compiled.form.sections),
        notes=frozenset(q.id for q in questions if isinstance(q, NoteQuestion)),
        selects=frozenset(
            q.id for q in questions if isinstance(q, SelectOneQuestion | SelectMultipleQuestion)
        ),
        parent=compiled.parent,
    )


def _parse_expressions(compiled: CompiledForm, problems: list[DefinitionProblem]) -> None:
    names = _form_names(compiled)
    for owner, item in _owners(compiled):
        for attribute, current_allowed in _EXPRESSION_ATTRIBUTES:
            source = getattr(item, attribute, None)
            if not isinstance(source, str):
                continue
            try:
                node = parse(source)
            except ExpressionError as error:
                problems.append(
                    DefinitionProblem(owner, f"{attribute}: syntax error: {error} in {source!r}")
                )
                continue
            for message in expression_problems(names, attribute, node, current_allowed):
                problems.append(DefinitionProblem(owner, message))
            compiled.expressions[(owner, attribute)] = node
        if isinstance(item, SelectOneQuestion | SelectMultipleQuestion) and item.choice_filter:
            _parse_choice_filter(compiled, names, item, problems)


def _parse_choice_filter(
    compiled: CompiledForm,
    names: FormNames,
    question: SelectOneQuestion | SelectMultipleQuestion,
    problems: list[DefinitionProblem],
) -> None:
    """A choice filter reads answers and the attributes its choices have."""
    source = question.choice_filter or ""
    try:
        node = parse_choice_filter(source)
    except ExpressionError as error:
        problems.append(
            DefinitionProblem(question.id, f"choice_filter: syntax error: {error} in {source!r}")
        )
        return
    choices = compiled.choices(question)
    known = {name for choice in choices for name in choice.attributes}
    for attribute in sorted(attributes_read(node) - known):
        problems.append(
            DefinitionProblem(
                question.id,
                f"choice_filter: {attribute!r} is no attribute of the choices "
                f"(known: {', '.join(sorted(known)) or 'none'})",
            )
        )
    with_attributes = FormNames(
        form_id=names.form_id,
        questions=names.questions | {ATTRIBUTE_PREFIX + name for name in known},
        sections=names.sections,
        notes=names.notes,
        selects=names.selects,
        parent=names.parent,
    )
    for message in expression_problems(with_attributes, "choice_filter", node, False):
        if ATTRIBUTE_PREFIX not in message:  # an unknown attribute is said above
            problems.append(DefinitionProblem(question.id, message))
    compiled.expressions[(question.id, "choice_filter")] = node


def _value_dependencies(compiled: CompiledForm, owner: str) -> set[str]:
    """The questions the value and visibility of `owner` wait for.

    A row question waits for its repeat (whose relevance gives it rows) and for what its
    own relevance and calculation read, across all rows; a question that only counts a
    repeat's rows (`count(${rows})`) waits for the repeat alone, not for its row questions.
    """
    found: set[str] = set()
    for attribute in ("relevant", "calculation"):
        node = compiled.expression(owner, attribute)
        if node is not None:
            found |= references(node)
    repeat = compiled.parent.get(owner)
    if repeat is not None:
        found.add(repeat)
    else:
        section = compiled.section_of.get(owner)
        if section is not None and (node := compiled.expression(section.id, "relevant")):
            found |= references(node)
    return found


def _topological(
    ids: list[str], dependencies: dict[str, set[str]], problems: list[DefinitionProblem]
) -> list[str]:
    order: list[str] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            cycle = [*path[path.index(node) :], node]
            problems.append(
                DefinitionProblem(node, "circular calculate or relevant: " + " -> ".join(cycle))
            )
            return
        state[node] = 1
        path.append(node)
        for dependency in sorted(dependencies.get(node, ())):
            if dependency in dependencies:
                visit(dependency)
        path.pop()
        state[node] = 2
        order.append(node)

    for node in ids:
        visit(node)
    return order


def _order(compiled: CompiledForm, problems: list[DefinitionProblem]) -> None:
    ids = [q.id for q in _all_questions(compiled)]
    full = _topological(ids, {q: _value_dependencies(compiled, q) for q in ids}, problems)
    compiled.evaluation_order = full
    compiled.order = [q for q in full if q in compiled.questions]
    for repeat in compiled.row_questions:
        compiled.row_order[repeat] = [q for q in full if compiled.parent.get(q) == repeat]
