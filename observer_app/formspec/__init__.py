"""Form definitions: the pydantic models of the format, the loader, the expression language."""

from observer_app.formspec.answers import AnswerTypeError, check_answer, initial_answers
from observer_app.formspec.compiled import (
    CompiledForm,
    DefinitionProblem,
    FormDefinitionError,
    compile_form,
)
from observer_app.formspec.evaluation import (
    FormState,
    Problem,
    ProblemKind,
    blank_questions,
    evaluate_form,
    evaluation_context,
    find_problems,
    flagged_checks,
)
from observer_app.formspec.expression_context import Context
from observer_app.formspec.loader import (
    FormFileProblem,
    FormLibrary,
    FormLoadError,
    load_form_file,
    load_forms,
)
from observer_app.formspec.models import Form, concern_needs_answer
from observer_app.formspec.text import LANGUAGES, Language, Text

__all__ = [
    "LANGUAGES",
    "AnswerTypeError",
    "CompiledForm",
    "Context",
    "DefinitionProblem",
    "Form",
    "FormDefinitionError",
    "FormFileProblem",
    "FormLibrary",
    "FormLoadError",
    "FormState",
    "Language",
    "Problem",
    "ProblemKind",
    "Text",
    "blank_questions",
    "check_answer",
    "compile_form",
    "concern_needs_answer",
    "evaluate_form",
    "evaluation_context",
    "find_problems",
    "flagged_checks",
    "form_schema",
    "initial_answers",
    "load_form_file",
    "load_forms",
]


def form_schema() -> dict[str, object]:
    """The JSON Schema of a form file, for editors that complete and check YAML as it is typed."""
    schema = Form.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Observer checklist"
    return schema
