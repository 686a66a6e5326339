"""Which XLSForm column holds which field of our form model, in both directions.

XLSForm knows a question's name, label, hint, required, relevant, constraint and
calculation; everything else of ours (concern answers, finding phrases, a check, a
form's place, ...) travels in a column named `observer_<field>`, so that a form keeps it
across a round trip and ODK's tools ignore it. The mapping is read from the pydantic
models: a field added to a question (a phrasing, a severity) gets its column without a
line here, and a field that XLSForm itself knows under another name gets one line in
`STANDARD_COLUMNS`.
"""

from __future__ import annotations

import json
import re
import types
from enum import Enum
from typing import Any, Final, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from observer_app.formspec.text import LANGUAGES, Language, Text

#: How a language is written in the column headers that export writes.
LANGUAGE_NAMES: Final[dict[Language, str]] = {
    "en": "English (en)",
    "ru": "Русский (ru)",
    "kk": "Қазақша (kk)",
}
#: Our field -> XLSForm's column, where XLSForm has the field under its own name.
STANDARD_COLUMNS: Final[dict[str, str]] = {
    "id": "name",
    "label": "label",
    "title": "label",
    "hint": "hint",
    "required": "required",
    "relevant": "relevant",
    "constraint": "constraint",
    "constraint_message": "constraint_message",
    "calculation": "calculation",
    "expression": "calculation",
    "choice_filter": "choice_filter",
}
#: The same for the form itself, in the settings sheet (form_title is not translatable
#: in XLSForm: the title in each language has its own column; form_title holds English).
SETTINGS_COLUMNS: Final[dict[str, str]] = {
    "id": "form_id",
    "version": "version",
    "title": "observer_title",
}
#: Fields that are not a column of their own: the row's type and what the rows nest.
STRUCTURAL_FIELDS: Final = frozenset(
    {"type", "questions", "choices", "sections", "checks", "composites", "choice_lists"}
)
PREFIX: Final = "observer_"
#: The fields whose choice list was written into the choices sheet under a made-up name.
INLINE_COLUMN: Final = "observer_inline"
#: Our own type where the XLSForm type differs (yes_no, station, a form-level check).
TYPE_COLUMN: Final = "observer_type"
#: Choice lists export makes for yes_no questions; import does not read them back.
GENERATED_LIST_PREFIX: Final = "observer_"

_LANGUAGE_IN_HEADER = re.compile(r"\(([A-Za-z-]+)\)\s*$")

FieldKind = Literal["text", "bool", "words", "choices", "model", "value"]


def column_for(field: str, settings: bool = False) -> str:
    """The column (without a language) that holds `field` in the survey or the settings."""
    if settings:
        return SETTINGS_COLUMNS.get(field, PREFIX + field)
    return STANDARD_COLUMNS.get(field, PREFIX + field)


def text_column(column: str, language: Language) -> str:
    return f"{column}::{LANGUAGE_NAMES[language]}"


def split_header(header: str) -> tuple[str, Language | None, str | None]:
    """`label::Русский (ru)` -> ('label', 'ru', None); an unknown language comes third.

    XLSForm writes a language as `Name (code)` or as the bare code (`label::ru`).
    """
    if "::" not in header:
        return header.strip(), None, None
    base, _, language = header.partition("::")
    language = language.strip()
    match = _LANGUAGE_IN_HEADER.search(language)
    code = (match.group(1) if match else language).lower()
    for known in LANGUAGES:
        if code == known or language.lower() == LANGUAGE_NAMES[known].lower():
            return base.strip(), known, None
    names = {"english": "en", "russian": "ru", "русский": "ru", "kazakh": "kk", "қазақша": "kk"}
    if language.lower() in names:
        found: Language = names[language.lower()]  # type: ignore[assignment]
        return base.strip(), found, None
    return base.strip(), None, language


def field_kind(model: type[BaseModel], field: str) -> FieldKind:
    """How a field is written in a cell: Text in one column per language, a list of
    identifiers as words, a choice list by its name, anything else as its text."""
    annotation = model.model_fields[field].annotation
    parts = _union_parts(annotation)
    if any(part is Text for part in parts):
        return "text"
    if any(get_origin(part) is list for part in parts):
        inner = [get_args(part)[0] for part in parts if get_origin(part) is list]
        if any(isinstance(i, type) and issubclass(i, BaseModel) for i in inner):
            return "choices"
        return "words"
    if parts == [bool]:
        return "bool"
    if any(isinstance(part, type) and issubclass(part, BaseModel) for part in parts):
        return "model"
    return "value"


def _union_parts(annotation: Any) -> list[Any]:
    if get_origin(annotation) in (Union, types.UnionType):
        return [a for a in get_args(annotation) if a is not type(None)]
    return [annotation]


def cell_value(value: object) -> str:
    """A model value as a cell's text (Text and choice lists are written elsewhere)."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def model_cell(value: BaseModel) -> str:
    """A nested part of the form (a finding's sentence, say) as one cell: its JSON, keys
    sorted, so that whatever the form format adds to it travels without a column of its own."""
    return json.dumps(
        value.model_dump(mode="json", exclude_defaults=True),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def parse_model_cell(cell: str) -> object:
    """The JSON of a `model_cell`; the text itself where it is no JSON, for the form's
    validation to name the problem."""
    try:
        return json.loads(cell)
    except ValueError:
        return cell


def parse_bool(cell: str) -> bool | None:
    """XLSForm's ways of writing yes and no; None when `cell` is neither."""
    lowered = cell.strip().lower()
    if lowered in ("yes", "true", "true()", "1"):
        return True
    if lowered in ("no", "false", "false()", "0"):
        return False
    return None
