"""What `forms check` asks of a form beyond loading: that the summary can word its findings.

A form loads without sentences (a mission package made before them stays readable; the
summary then prints its findings as figures), but `forms check` refuses a concern
question with no `sentence`, and a form with concern questions but no `base`: without
them the summary cannot write "In 8 of the 12 TECs where tabulation was observed, the
process was not transparent" in the statement's three languages.
"""

from __future__ import annotations

from observer_app.formspec.compiled import CompiledForm, DefinitionProblem
from observer_app.formspec.models import ConcernQuestion


def statement_problems(compiled: CompiledForm) -> list[DefinitionProblem]:
    """Every concern question without its sentence, and the form's missing base."""
    problems: list[DefinitionProblem] = []
    concerns = [
        question
        for question in compiled.questions.values()
        if isinstance(question, ConcernQuestion) and question.concern
    ]
    for question in concerns:
        if question.sentence is None:
            problems.append(
                DefinitionProblem(
                    question.id,
                    "a concern question needs a sentence (negative and positive clauses "
                    "in en, ru and kk) for the summary's findings",
                )
            )
    for composite in compiled.form.composites:
        if composite.sentence is None:
            problems.append(
                DefinitionProblem(
                    composite.id,
                    "a composite needs a sentence (negative and positive clauses in en, ru "
                    "and kk) for the summary's findings",
                )
            )
    if concerns and compiled.form.base is None:
        problems.append(
            DefinitionProblem(
                None,
                "a form with concern questions needs a base (what its findings count, e.g. "
                "'polling stations visited', in en, ru and kk) for the summary's sentences",
            )
        )
    return problems
