"""Writes a form as an XLSForm: survey, choices and settings sheets that ODK's tools read.

Sections become groups, a repeat a repeat, a yes/no question a `select_one` of made-up
yes/no lists, a station pick a text and a form-level check a `calculate` row; what
XLSForm has no column for travels in `observer_*` columns (xlsform_columns.py), so that
`forms import` gives the same form back.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel

from observer_app.formspec.models import (
    Choice,
    Form,
    RepeatQuestion,
    Section,
    YesNoQuestion,
)
from observer_app.formspec.text import LANGUAGES, Text
from observer_app.formspec.xlsform_columns import (
    GENERATED_LIST_PREFIX,
    INLINE_COLUMN,
    LANGUAGE_NAMES,
    STRUCTURAL_FIELDS,
    TYPE_COLUMN,
    cell_value,
    column_for,
    field_kind,
    model_cell,
    text_column,
)

Row = dict[str, str]

#: Our type -> XLSForm's, where they differ (yes_no is a select_one, written apart).
_XLSFORM_TYPES: Final = {"datetime": "dateTime", "station": "text"}
_YES_NO_LABELS: Final = {
    "yes": Text(en="Yes", ru="Да", kk="Иә"),
    "no": Text(en="No", ru="Нет", kk="Жоқ"),
    "not_observed": Text(en="Not observed", ru="Не удалось наблюдать", kk="Байқау мүмкін болмады"),
}


class _Sheets:
    """The rows of the three sheets as export writes them, and the list names in use."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.survey: list[Row] = []
        self.choices: list[Row] = []
        self.list_names: set[str] = set(form.choice_lists)

    def add_list(self, name: str, choices: Iterable[Choice]) -> None:
        self.list_names.add(name)
        for choice in choices:
            self.choices.append(
                {
                    "list_name": name,
                    "name": choice.value,
                    **_text_cells("label", choice.label),
                    **choice.attributes,  # a column of its own, as choice_filter reads it
                }
            )

    def new_list(self, wanted: str, choices: Iterable[Choice]) -> str:
        name = wanted
        while name in self.list_names:
            name += "_"
        self.add_list(name, choices)
        return name


def form_to_sheets(form: Form) -> dict[str, list[Row]]:
    """The form as XLSForm sheets: {'survey': rows, 'choices': rows, 'settings': [row]}."""
    sheets = _Sheets(form)
    for name, choices in form.choice_lists.items():
        sheets.add_list(name, choices)
    for section in form.sections:
        _section_rows(sheets, section)
    for check in form.checks:
        sheets.survey.append(
            {"type": "calculate", TYPE_COLUMN: "check", **_model_cells(sheets, check, check.id)}
        )
    concerns = {
        question.id: getattr(question, "concern", [])
        for section in form.sections
        for question in section.questions
    }
    for composite in form.composites:
        # in ODK, a calculation true where any member gave a concern answer (read back
        # from the members; Observer's own rule also leaves "not observed" out of Y)
        calculation = " or ".join(
            f"selected(${{{member}}}, '{answer}')"
            for member in composite.members
            for answer in concerns.get(member, [])
        )
        sheets.survey.append(
            {
                "type": "calculate",
                TYPE_COLUMN: "composite",
                "calculation": calculation or "false()",
                **_model_cells(sheets, composite, composite.id),
            }
        )
    settings: Row = {"form_title": form.title.en, "default_language": LANGUAGE_NAMES["en"]}
    settings.update(_model_cells(sheets, form, form.id, settings=True))
    return {"survey": sheets.survey, "choices": sheets.choices, "settings": [settings]}


def _section_rows(sheets: _Sheets, section: Section) -> None:
    sheets.survey.append({"type": "begin_group", **_model_cells(sheets, section, section.id)})
    for question in section.questions:
        _question_rows(sheets, question)
    sheets.survey.append({"type": "end_group", "name": section.id})


def _question_rows(sheets: _Sheets, question: Any) -> None:
    row: Row = {}
    if isinstance(question, RepeatQuestion):
        row["type"] = "begin_repeat"
        cells = _model_cells(sheets, question, question.id)
        if question.rows is not None:
            rows = question.rows
            count = len(rows) if isinstance(rows, list) else len(sheets.form.choice_lists[rows])
            row["repeat_count"] = str(count)
        sheets.survey.append({**row, **cells})
        for inner in question.questions:
            _question_rows(sheets, inner)
        sheets.survey.append({"type": "end_repeat", "name": question.id})
        return
    if isinstance(question, YesNoQuestion):
        row["type"] = f"select_one {_yes_no_list(sheets, question)}"
        row[TYPE_COLUMN] = "yes_no"
    elif question.type in ("select_one", "select_multiple"):
        choices = question.choices
        if isinstance(choices, list):
            choices = sheets.new_list(question.id, choices)
            row[INLINE_COLUMN] = "choices"
        row["type"] = f"{question.type} {choices}"
    else:
        row["type"] = _XLSFORM_TYPES.get(question.type, question.type)
        if row["type"].lower() != question.type:
            row[TYPE_COLUMN] = question.type
    sheets.survey.append({**row, **_model_cells(sheets, question, question.id)})


def _yes_no_list(sheets: _Sheets, question: YesNoQuestion) -> str:
    answers = ["yes", "no", *(["not_observed"] if question.not_observed else [])]
    labels = dict(_YES_NO_LABELS)
    if question.not_observed_label is not None:
        labels["not_observed"] = question.not_observed_label
        wanted = f"{GENERATED_LIST_PREFIX}{question.id}_answers"
    else:
        wanted = GENERATED_LIST_PREFIX + "_".join(("yes_no", *answers[2:]))
    if wanted in sheets.list_names:
        return wanted
    return sheets.new_list(wanted, [Choice(value=a, label=labels[a]) for a in answers])


def _model_cells(sheets: _Sheets, item: BaseModel, owner: str, settings: bool = False) -> Row:
    """The cells of every field of `item` that differs from its default."""
    cells: Row = {}
    inline: list[str] = []
    model = type(item)
    for field, info in model.model_fields.items():
        if field in STRUCTURAL_FIELDS:
            continue
        value = getattr(item, field)
        if not info.is_required() and value == info.get_default(call_default_factory=True):
            continue
        column = column_for(field, settings)
        kind = field_kind(model, field)
        if kind == "text":
            cells.update(_text_cells(column, value))
        elif kind == "choices" and isinstance(value, list):
            cells[column] = sheets.new_list(f"{owner}_{field}", value)
            inline.append(field)
        elif kind == "model" and isinstance(value, BaseModel):
            cells[column] = model_cell(value)
        else:
            cells[column] = cell_value(value)
    if inline:
        cells[INLINE_COLUMN] = " ".join(inline)
    return cells


def _text_cells(column: str, text: Text) -> Row:
    return {text_column(column, language): text.get(language) for language in LANGUAGES}


def write_xlsform(form: Form, path: Path) -> None:
    """Write `form` to `path` as an .xlsx workbook, the columns in a stable order."""
    import xlsxwriter  # type: ignore[import-untyped]  # only `forms export` needs it

    temporary = path.with_name(path.name + ".part")
    workbook = xlsxwriter.Workbook(str(temporary), {"strings_to_numbers": False})
    for name, rows in form_to_sheets(form).items():
        sheet = workbook.add_worksheet(name)
        headers = _headers(rows)
        sheet.write_row(0, 0, headers)
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, [row.get(header, "") for header in headers])
    workbook.close()
    temporary.replace(path)


def _headers(rows: list[Row]) -> list[str]:
    """Every column used, in the order first met: type and name lead, as XLSForm shows."""
    headers: dict[str, None] = {}
    for row in rows:
        headers.update(dict.fromkeys(row))
    return list(headers)


__all__ = ["form_to_sheets", "write_xlsform"]
