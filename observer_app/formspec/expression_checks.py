"""What `forms check` finds wrong in a parsed expression, given the names its form defines.

The parser refuses what is wrong in any form (an unknown function, a bad pattern); this
refuses what is wrong in this form: a `${name}` or a path step that names no question,
a note read as if it had a value, `.` outside a constraint, `indexed-repeat()` of a
question that is not in that repeat, `jr:choice-name()` of a question without choices.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from observer_app.formspec.expressions import (
    Binary,
    Call,
    Current,
    Node,
    Path,
    Ref,
    Unary,
    choice_question,
    walk,
)


@dataclass(frozen=True, slots=True)
class FormNames:
    """The names a form defines, as its expressions may use them."""

    form_id: str
    questions: frozenset[str]  # every question, row questions included
    sections: frozenset[str]
    notes: frozenset[str]
    selects: frozenset[str]  # questions with choices (select_one, select_multiple)
    parent: Mapping[str, str]  # the repeat of each row question


def path_text(path: Path) -> str:
    """A path as written, its filters shortened to [...], for messages."""
    parts = {"root": "/", "context": "", "current": "current()/", "ref": f"${{{path.name}}}"}
    text = parts[path.start] + "[...]" * len(path.predicates)
    if path.start == "ref" and path.steps:
        text += "/"
    steps = []
    for step in path.steps:
        name = {"self": ".", "parent": ".."}.get(step.axis, step.name)
        steps.append(name + "[...]" * len(step.predicates))
    return text + "/".join(steps)


def _outside_filters(node: Node) -> Iterator[Node]:
    """The nodes of an expression that are not inside a path's filter (where '.' is the
    candidate being filtered, not this answer)."""
    yield node
    if isinstance(node, Unary):
        yield from _outside_filters(node.operand)
    elif isinstance(node, Binary):
        yield from _outside_filters(node.left)
        yield from _outside_filters(node.right)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from _outside_filters(arg)


def expression_problems(
    names: FormNames, attribute: str, node: Node, current_allowed: bool
) -> list[str]:
    """One message per thing wrong in `node`, each starting with the attribute's name."""
    problems: list[str] = []

    def read(name: str, written: str) -> None:
        if name in names.notes:
            problems.append(f"{attribute}: {written} is a note and has no value")

    for child in walk(node):
        if isinstance(child, Ref):
            if child.name not in names.questions:
                problems.append(f"{attribute}: unknown reference ${{{child.name}}}")
            else:
                read(child.name, f"${{{child.name}}}")
        elif isinstance(child, Path):
            problems.extend(_path_problems(names, attribute, child))
        elif isinstance(child, Call):
            problems.extend(_call_problems(names, attribute, child))
    problems = list(dict.fromkeys(problems))  # a name read twice is reported once
    if not current_allowed:
        for child in _outside_filters(node):
            if isinstance(child, Current) or (isinstance(child, Call) and child.name == "current"):
                problems.append(f"{attribute}: '.' (this answer) can only be used in a constraint")
                break
    return problems


def _path_problems(names: FormNames, attribute: str, path: Path) -> list[str]:
    problems: list[str] = []
    written = path_text(path)
    steps = path.steps
    if path.start == "ref" and path.name not in names.questions:
        problems.append(f"{attribute}: unknown reference ${{{path.name}}}")
    if path.start == "root":
        if steps[0].name not in ("data", names.form_id):
            problems.append(
                f"{attribute}: the path {written} must start with /data/ (the form itself)"
            )
        steps = steps[1:]
    for step in steps:
        if step.axis != "child":
            continue
        if step.name not in names.questions and step.name not in names.sections:
            problems.append(f"{attribute}: unknown question {step.name!r} in the path {written}")
        elif step.name in names.notes:
            problems.append(f"{attribute}: {step.name!r} is a note and has no value")
    return problems


def _target(node: Node) -> str | None:
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Path) and node.steps and node.steps[-1].axis == "child":
        return node.steps[-1].name
    return None


def _call_problems(names: FormNames, attribute: str, call: Call) -> list[str]:
    if call.name == "indexed-repeat":
        field, repeat = _target(call.args[0]), _target(call.args[1])
        if field is not None and repeat is not None and names.parent.get(field) != repeat:
            return [
                f"{attribute}: indexed-repeat(): ${{{field}}} is not a question of the repeat "
                f"${{{repeat}}}"
            ]
    if call.name == "jr:choice-name":
        question = choice_question(call.args[1])
        if question is not None and question not in names.selects:
            return [
                f"{attribute}: jr:choice-name(): ${{{question}}} is not a select_one or "
                "select_multiple question"
            ]
    return []
