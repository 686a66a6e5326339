"""What a submission's answers mean under its form, worked out once and kept beside it.

Every summary reads each completed submission with its form: which questions the form's
logic skipped, each check's verdict, the calculated values. Those follow from the answers
and the form alone, so they are worked out when a submission is completed or merged
(`verdicts_of`), kept as a small JSON text with the form's fingerprint
(CompiledForm.fingerprint), and a summary reads them instead of running the form again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from observer_app.formspec.compiled import CompiledForm
from observer_app.formspec.evaluation import check_verdicts, evaluate_form
from observer_app.formspec.expressions import NodeSet, is_empty
from observer_app.formspec.models import CalculateQuestion


@dataclass(frozen=True, slots=True)
class RowVerdicts:
    """One row of a repeat: the row questions skipped there, the values calculated there."""

    skipped: frozenset[str] = frozenset()
    calculated: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Verdicts:
    """The outcome of running a form over one set of answers, as a summary needs it.

    `skipped` holds the top-level questions the form's logic skipped (a repeat among them
    has no rows); `checks` each check's verdict (True: the concern holds, None: an answer
    it reads is missing); `calculated` the values of the calculations asked, when not
    empty; `rows` the rows of each repeat asked, in order.
    """

    skipped: frozenset[str] = frozenset()
    checks: Mapping[str, bool | None] = field(default_factory=dict)
    calculated: Mapping[str, Any] = field(default_factory=dict)
    rows: Mapping[str, tuple[RowVerdicts, ...]] = field(default_factory=dict)

    def document(self) -> dict[str, Any]:
        """The verdicts as the JSON document the store keeps (store.rows.verdicts_text
        writes it, `from_text` reads it back): what is empty is left out."""
        document: dict[str, Any] = {}
        if self.skipped:
            document["skipped"] = sorted(self.skipped)
        if self.checks:
            document["checks"] = dict(self.checks)
        if self.calculated:
            document["calculated"] = dict(self.calculated)
        if self.rows:
            document["rows"] = {
                repeat: [_row_document(row) for row in rows] for repeat, rows in self.rows.items()
            }
        return document

    @classmethod
    def from_text(cls, text: str) -> Verdicts:
        document = json.loads(text)
        return cls(
            skipped=frozenset(document.get("skipped", ())),
            checks=document.get("checks", {}),
            calculated=document.get("calculated", {}),
            rows={
                repeat: tuple(
                    RowVerdicts(frozenset(row.get("skipped", ())), row.get("calculated", {}))
                    for row in rows
                )
                for repeat, rows in document.get("rows", {}).items()
            },
        )


def _row_document(row: RowVerdicts) -> dict[str, Any]:
    document: dict[str, Any] = {}
    if row.skipped:
        document["skipped"] = sorted(row.skipped)
    if row.calculated:
        document["calculated"] = dict(row.calculated)
    return document


def _given(value: Any) -> bool:
    return value is not None and not is_empty(value)


def _plain(value: Any) -> Any:
    """A calculated value as JSON keeps it: a node-set (a row question read from outside
    its repeat) as the list of its values."""
    return list(value) if isinstance(value, NodeSet) else value


def verdicts_of(compiled: CompiledForm, answers: Mapping[str, Any]) -> Verdicts:
    """Run `compiled` over `answers` (formspec.evaluation) and keep what a summary reads."""
    state = evaluate_form(compiled, answers)
    relevant = state.relevant
    calculated = {
        question_id: _plain(value)
        for question_id in compiled.calculate_questions
        if question_id in relevant and _given(value := state.values.get(question_id))
    }
    rows: dict[str, tuple[RowVerdicts, ...]] = {}
    for repeat, row_states in state.rows.items():
        if repeat not in relevant:
            continue
        children = compiled.row_questions[repeat]
        rows[repeat] = tuple(
            RowVerdicts(
                skipped=frozenset(child for child in children if child not in row.relevant),
                calculated={
                    child: _plain(value)
                    for child, question in children.items()
                    if isinstance(question, CalculateQuestion)
                    and child in row.relevant
                    and _given(value := row.values.get(child))
                },
            )
            for row in row_states
        )
    return Verdicts(
        skipped=frozenset(compiled.questions.keys() - relevant),
        checks={check.id: verdict for check, verdict in check_verdicts(compiled, state)},
        calculated=calculated,
        rows=rows,
    )
