"""Reads an XLSForm (.xlsx, .xls, .csv, .md) into our form, or says row by row what stops it.

The sheets are read with pyxform's own reader, so a workbook reads as ODK's tools read
it; pyxform is imported only here, when a form is imported, never at start-up. Each
group becomes a section, a repeat a repeat, and the columns map to our fields as
xlsform_columns.py says. Every problem names the sheet, the row (the header is row 1),
the column and the reason, the way pyxform names them: a type or a function Observer
does not know is refused, never left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from observer_app.formspec.compiled import CompiledForm, FormDefinitionError, compile_form
from observer_app.formspec.models import (
    AcknowledgeQuestion,
    CalculateQuestion,
    Check,
    Composite,
    DateQuestion,
    DateTimeQuestion,
    DecimalQuestion,
    FileQuestion,
    Form,
    GeopointQuestion,
    ImageQuestion,
    IntegerQuestion,
    NoteQuestion,
    RepeatQuestion,
    Section,
    SelectMultipleQuestion,
    SelectOneQuestion,
    StationQuestion,
    TextQuestion,
    TimeQuestion,
    YesNoQuestion,
)
from observer_app.formspec.text import LANGUAGES, Language
from observer_app.formspec.xlsform_columns import (
    GENERATED_LIST_PREFIX,
    INLINE_COLUMN,
    PREFIX,
    STRUCTURAL_FIELDS,
    TYPE_COLUMN,
    column_for,
    field_kind,
    parse_bool,
    parse_model_cell,
    split_header,
    text_column,
)

#: Files larger than this are refused before reading: an XLSForm is a few hundred KB.
MAX_XLSFORM_BYTES = 10 * 1024 * 1024
SUFFIXES: Final = (".xlsx", ".xls", ".csv", ".md")

#: Our question type for each XLSForm type (the first word of the type column).
QUESTION_MODELS: Final[dict[str, type[BaseModel]]] = {
    "select_one": SelectOneQuestion,
    "select_multiple": SelectMultipleQuestion,
    "integer": IntegerQuestion,
    "decimal": DecimalQuestion,
    "text": TextQuestion,
    "time": TimeQuestion,
    "date": DateQuestion,
    "acknowledge": AcknowledgeQuestion,
    "geopoint": GeopointQuestion,
    "image": ImageQuestion,
    "file": FileQuestion,
    "datetime": DateTimeQuestion,
    "note": NoteQuestion,
    "calculate": CalculateQuestion,
}
#: Our own types, named in the observer_type column.
OBSERVER_MODELS: Final[dict[str, type[BaseModel]]] = {
    "yes_no": YesNoQuestion,
    "station": StationQuestion,
    "check": Check,
    "composite": Composite,
}
#: What a phone records by itself: Observer keeps its own times and laptop, so these
#: rows are left out, and the import says so.
METADATA_TYPES: Final = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "phonenumber",
        "simserial",
        "subscriberid",
        "email",
        "audit",
        "start-geopoint",
    }
)
#: Columns that only change how ODK draws a question; Observer draws its own.
PRESENTATION_COLUMNS: Final = frozenset(
    {"appearance", "guidance_hint", "media", "image", "audio", "video", "autoplay", "body"}
)
#: Columns read for the row's structure rather than for a field.
STRUCTURE_COLUMNS: Final = frozenset({"type", "name", TYPE_COLUMN, INLINE_COLUMN, "repeat_count"})
#: The `parameters` column, read row by row (`_Reader.parameters`).
PARAMETERS_COLUMN: Final = "parameters"
#: Parameters that only tell a phone how to take a photo: ODK's `max-pixels` scales the
#: camera's picture down before it is sent. Observer keeps the file the observer chose (up
#: to the question's `max_bytes`), so the parameter is left out, and the import says so.
CAMERA_PARAMETERS: Final[dict[str, frozenset[str]]] = {"image": frozenset({"max-pixels"})}


#: Columns of the choices sheet that are not a choice's attribute.
_CHOICE_COLUMNS: Final = frozenset({"list_name", "list name", "name", "label"})


@dataclass(frozen=True, slots=True)
class SheetProblem:
    """One problem of an XLSForm: the file, then sheet, row and column where known."""

    path: Path
    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [str(self.path)]
        place = " ".join(
            part
            for part in (self.sheet, f"row {self.row}" if self.row else None)
            if part is not None
        )
        if place:
            where.append(place + (f", column {self.column}" if self.column else ""))
        elif self.column:
            where.append(f"column {self.column}")
        return ": ".join([*where, self.message])


class XLSFormError(ValueError):
    def __init__(self, problems: list[SheetProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(slots=True)
class _Origin:
    sheet: str
    row: int | None
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ImportedForm:
    """A form read from an XLSForm, and what was left out (metadata rows) with where."""

    compiled: CompiledForm
    notes: list[SheetProblem]


class _Reader:
    def __init__(self, path: Path, book: Any) -> None:
        self.path = path
        self.problems: list[SheetProblem] = []
        self.notes: list[SheetProblem] = []
        self.origins: dict[int, _Origin] = {}
        self.owners: dict[str, _Origin] = {}
        self.survey: list[dict[str, str]] = list(book.survey or [])
        self.choice_rows: list[dict[str, str]] = list(book.choices or [])
        settings = list(book.settings or [])
        self.settings: dict[str, str] = settings[0] if settings else {}
        #: Form-level composites, read from their survey rows (observer_type composite).
        self.composites: list[dict[str, Any]] = []
        self.default_language = self._default_language()
        self.lists: dict[str, list[dict[str, Any]]] = {}
        self.inline_lists: set[str] = set()
        self.fallback_id = book.fallback_form_name or path.stem

    def problem(self, sheet: str | None, row: int | None, column: str | None, text: str) -> None:
        self.problems.append(SheetProblem(self.path, sheet, row, column, text))

    def _default_language(self) -> Language:
        written = self.settings.get("default_language")
        if written:
            _, language, _ = split_header(f"x::{written}")
            if language is not None:
                return language
        return "en"

    # -- cells ------------------------------------------------------------------------

    def text(self, row: dict[str, str], column: str, origin: _Origin) -> dict[str, str] | None:
        """The texts of a translatable column, by language; None when it has none."""
        found: dict[str, str] = {}
        for header, cell in row.items():
            base, language, _ = split_header(header)
            if base != column:
                continue
            if language is None and "::" not in header:
                language = self.default_language
            if language is not None and cell.strip():
                found.setdefault(language, cell)
                origin.columns[f"{column}::{language}"] = header
        return found or None

    def fields(
        self, model: type[BaseModel], row: dict[str, str], origin: _Origin, settings: bool = False
    ) -> dict[str, Any]:
        """The fields of `model` read from one row, each column noted in `origin`."""
        data: dict[str, Any] = {}
        inline = set((row.get(INLINE_COLUMN) or "").split())
        for name in model.model_fields:
            if name in STRUCTURAL_FIELDS:
                continue
            column = column_for(name, settings)
            origin.columns[name] = column
            kind = field_kind(model, name)
            if kind == "text":
                text = self.text(row, column, origin)
                if text is not None:
                    data[name] = text
                continue
            cell = row.get(column)
            if cell is None or not cell.strip():
                continue
            if kind == "bool" or name == "required":
                flag = parse_bool(cell)
                data[name] = cell if flag is None else flag
            elif kind == "words":
                data[name] = cell.split()
            elif kind == "choices" and name in inline:
                data[name] = self.inline_list(cell, origin, column)
            elif kind == "model":
                data[name] = parse_model_cell(cell)
            else:
                data[name] = cell.strip()
        return data

    def inline_list(self, name: str, origin: _Origin, column: str) -> Any:
        self.inline_lists.add(name)
        if name not in self.lists:
            self.problem(origin.sheet, origin.row, column, f"no choice list {name!r} in choices")
        return self.lists.get(name, [])

    def unknown_columns(self, model: type[BaseModel], row: dict[str, str], number: int) -> None:
        known = {column_for(name) for name in model.model_fields if name not in STRUCTURAL_FIELDS}
        if model is Composite:
            known.add("calculation")  # written for ODK from its members, read from them
        for header, cell in row.items():
            base, _, other = split_header(header)
            if base == PARAMETERS_COLUMN:
                continue  # read by `parameters`
            if not cell.strip() or base in STRUCTURE_COLUMNS or base in known:
                if other is not None and base in known:
                    self.problem("survey", number, header, f"unknown language {other!r}")
                continue
            if base in PRESENTATION_COLUMNS or base.split("::")[0] in PRESENTATION_COLUMNS:
                continue
            if base.startswith(PREFIX):
                reason = f"{base[len(PREFIX) :]!r} is not a field of this type of row"
            else:
                reason = "column not supported by Observer: it would be lost"
            self.problem("survey", number, header, reason)

    def parameters(self, row: dict[str, str], number: int, kind: str | None) -> None:
        """The row's `parameters` (`max-pixels=2048`), read with pyxform's own parser: a
        camera parameter of a photo is left out with a note, any other is refused."""
        cell = (row.get(PARAMETERS_COLUMN) or "").strip()
        if not cell:
            return
        from pyxform.errors import PyXFormError  # never at start-up
        from pyxform.parsing.parameters import parse

        try:
            pairs = parse(cell, number)
        except PyXFormError:
            self.problem("survey", number, PARAMETERS_COLUMN, "not written as name=value pairs")
            return
        for name, value in pairs.items():
            if name in CAMERA_PARAMETERS.get(kind or "", frozenset()):
                note = (
                    f"{name}={value} left out: Observer keeps the photo as the observer "
                    "chose it, not scaled down"
                )
                self.notes.append(
                    SheetProblem(self.path, "survey", number, PARAMETERS_COLUMN, note)
                )
            else:
                reason = f"parameter {name!r} not supported by Observer: it would be lost"
                self.problem("survey", number, PARAMETERS_COLUMN, reason)

    # -- sheets -----------------------------------------------------------------------

    def read_choices(self) -> None:
        for index, row in enumerate(self.choice_rows):
            number = index + 2
            if not row:
                continue
            list_name = (row.get("list_name") or row.get("list name") or "").strip()
            if not list_name:
                self.problem("choices", number, "list_name", "missing")
                continue
            origin = _Origin("choices", number, {"value": "name"})
            choice: dict[str, Any] = {"value": (row.get("name") or "").strip()}
            label = self.text(row, "label", origin)
            if label is not None:
                choice["label"] = label
            attributes = {
                header: cell.strip()
                for header, cell in row.items()
                if split_header(header)[0] not in _CHOICE_COLUMNS
                and header.split("::")[0] not in PRESENTATION_COLUMNS
                and cell.strip()
            }
            if attributes:
                choice["attributes"] = attributes
            origin.columns["label"] = "label"
            self.origins[id(choice)] = origin
            self.lists.setdefault(list_name, []).append(choice)

    def read_survey(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The sections and the checks; composites are kept in `self.composites`."""
        sections: list[dict[str, Any]] = []
        checks: list[dict[str, Any]] = []
        section: dict[str, Any] | None = None
        repeat: dict[str, Any] | None = None
        groups: list[dict[str, Any]] = []  # the groups open at this row, outermost first
        for index, row in enumerate(self.survey):
            number = index + 2
            if not row:
                continue
            written = " ".join((row.get("type") or "").split())
            kind = written.replace("begin ", "begin_").replace("end ", "end_").lower()
            if not kind:
                self.problem("survey", number, "type", "missing")
                continue
            word, _, argument = kind.partition(" ")
            if word == "begin_group":
                if repeat is not None:
                    self.problem(
                        "survey", number, "type", "a group inside a repeat is not supported"
                    )
                    continue
                section = self.section(row, number, explicit=True)
                if groups:
                    nest_section(section, groups[-1])
                groups.append(section)
                sections.append(section)
            elif word == "end_group":
                if not groups or repeat is not None:
                    self.problem("survey", number, "type", "end_group without begin_group")
                    continue
                groups.pop()
                section = None
            elif word == "begin_repeat":
                if repeat is not None:
                    self.problem(
                        "survey", number, "type", "a repeat inside a repeat is not supported"
                    )
                    continue
                if section is None:
                    section = self.section(row, number, explicit=False, within=groups)
                    sections.append(section)
                repeat = self.question(RepeatQuestion, row, number, "repeat")
                repeat["questions"] = []
                section["questions"].append(repeat)
            elif word == "end_repeat":
                if repeat is None:
                    self.problem("survey", number, "type", "end_repeat without begin_repeat")
                repeat = None
            elif word in METADATA_TYPES:
                self.notes.append(
                    SheetProblem(
                        self.path,
                        "survey",
                        number,
                        "type",
                        f"{word} left out: Observer records its own times and laptop",
                    )
                )
            else:
                observer_type = (row.get(TYPE_COLUMN) or "").strip()
                model = OBSERVER_MODELS.get(observer_type) or QUESTION_MODELS.get(word)
                if observer_type and observer_type not in OBSERVER_MODELS:
                    self.problem("survey", number, TYPE_COLUMN, f"unknown type {observer_type!r}")
                    continue
                if model is None:
                    self.problem("survey", number, "type", f"unsupported question type {written!r}")
                    continue
                if model is Check:
                    checks.append(self.question(Check, row, number, None))
                    continue
                if model is Composite:
                    self.composites.append(self.question(Composite, row, number, None))
                    continue
                question = self.question(model, row, number, observer_type or word)
                if model in (SelectOneQuestion, SelectMultipleQuestion):
                    question["choices"] = self.choices_of(row, number, argument)
                target = repeat if repeat is not None else section
                if target is None:
                    section = self.section(row, number, explicit=False, within=groups)
                    sections.append(section)
                    target = section
                target["questions"].append(question)
        if repeat is not None:
            self.problem(
                "survey", None, "type", f"begin_repeat {repeat.get('id')} has no end_repeat"
            )
        return sections, checks

    def choices_of(self, row: dict[str, str], number: int, argument: str) -> Any:
        name = argument.strip()
        if not name or " " in name:
            self.problem(
                "survey", number, "type", "select_one and select_multiple name one choice list"
            )
            return []
        origin = _Origin("survey", number)
        if "choices" in (row.get(INLINE_COLUMN) or "").split():
            return self.inline_list(name, origin, "type")
        if name not in self.lists:
            self.problem("survey", number, "type", f"no choice list {name!r} in choices")
        return name

    def question(
        self, model: type[BaseModel], row: dict[str, str], number: int, kind: str | None
    ) -> dict[str, Any]:
        origin = _Origin("survey", number)
        data: dict[str, Any] = {"id": (row.get("name") or "").strip()}
        if kind is not None:
            data["type"] = kind
        data.update(self.fields(model, row, origin))
        self.unknown_columns(model, row, number)
        self.parameters(row, number, kind)
        self.origins[id(data)] = origin
        self.owners.setdefault(data["id"], origin)
        return data

    def section(
        self,
        row: dict[str, str],
        number: int,
        explicit: bool,
        within: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A group's section, or one made for questions outside any group (or after a
        nested group closed: then it continues the group still open, title and relevance)."""
        if explicit:
            data = self.question(Section, row, number, None)
        elif within:
            group = within[-1]
            data = {"id": f"{group.get('id')}_{number}", "title": group.get("title")}
            if group.get("relevant"):
                data["relevant"] = group["relevant"]
            self.origins[id(data)] = _Origin("survey", number)
        else:
            title = self.settings_text("title", "form_title")
            fallback = dict.fromkeys(LANGUAGES, self.fallback_id)
            data = {"id": f"section_{number}", "title": title or fallback}
            self.origins[id(data)] = _Origin("survey", number)
        data["questions"] = []
        return data

    def settings_text(self, field_name: str, xlsform_column: str) -> dict[str, str] | None:
        origin = _Origin("settings", 2)
        text = self.text(self.settings, column_for(field_name, settings=True), origin)
        if text is None and self.settings.get(xlsform_column):
            return dict.fromkeys(LANGUAGES, self.settings[xlsform_column])
        return text

    def form(self) -> dict[str, Any]:
        self.read_choices()
        sections, checks = self.read_survey()
        origin = _Origin("settings", 2 if self.settings else None)
        data: dict[str, Any] = {"id": self.fallback_id, "version": 1}
        data.update(self.fields(Form, self.settings, origin, settings=True))
        title = self.settings_text("title", "form_title")
        data["title"] = title or dict.fromkeys(LANGUAGES, self.fallback_id)
        data.setdefault("place", "any")
        data["choice_lists"] = {
            name: choices
            for name, choices in self.lists.items()
            if name not in self.inline_lists and not name.startswith(GENERATED_LIST_PREFIX)
        }
        data["sections"] = sections
        data["checks"] = checks
        if self.composites:
            data["composites"] = self.composites
        self.origins[id(data)] = origin
        return data

    # -- problems from validation -----------------------------------------------------

    def validation_problem(self, data: Any, loc: Iterable[int | str], message: str) -> None:
        node: Any = data
        origin: _Origin | None = self.origins.get(id(data))
        rest: list[str] = []
        for part in loc:
            in_dict = isinstance(node, dict) and part in node
            in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            if in_dict or in_list:
                node = node[part]
            elif isinstance(node, dict) and node.get("type") == part:
                continue
            else:
                rest.append(str(part))
                continue
            if id(node) in self.origins:
                origin, rest = self.origins[id(node)], []
            else:
                rest.append(str(part))
        if origin is None:
            self.problem(None, None, None, f"{'.'.join(rest)}: {message}")
            return
        column = _column(origin, rest)
        self.problem(origin.sheet, origin.row, column, message)

    def definition_problem(self, where: str | None, message: str) -> None:
        owner = (where or "").split(":")[0].strip()
        origin = self.owners.get(owner)
        attribute, _, reason = message.partition(": ")
        if origin is None:
            self.problem(None, None, None, f"{where}: {message}" if where else message)
            return
        column = None
        if reason and attribute.isidentifier():
            column = origin.columns.get(attribute)
        self.problem(origin.sheet, origin.row, column, reason if column else message)


def _column(origin: _Origin, rest: list[str]) -> str | None:
    """The column of a field path such as ['label', 'kk'] (the written header if any)."""
    fields = [part for part in rest if not part.isdigit()]
    if not fields:
        return None
    name = fields[0]
    column = origin.columns.get(name, column_for(name))
    if len(fields) > 1 and fields[1] in LANGUAGES:
        language = fields[1]
        return origin.columns.get(f"{column}::{language}", text_column(column, language))
    return column


def _message(item: Any) -> str:
    kind = item.get("type", "")
    loc = [str(part) for part in item.get("loc", ())]
    if kind == "missing" and loc and loc[-1] in LANGUAGES:
        return f"no {loc[-1]} text: every label is given in en, ru and kk"
    if kind == "missing":
        return "missing"
    if kind == "string_pattern_mismatch" and loc and loc[-1] in LANGUAGES:
        return "empty text"
    return str(item.get("msg", "invalid"))


def read_xlsform(path: Path) -> ImportedForm:
    """The form in the XLSForm at `path`; raises XLSFormError listing every problem."""
    book = _read_book(path)
    reader = _Reader(path, book)
    data = reader.form()
    # The rows read are validated even when others were refused, so that one run names
    # every problem; references are only followed once every row was read.
    read_cleanly = not reader.problems
    try:
        form = Form.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            reader.validation_problem(data, item["loc"], _message(item))
    else:
        if read_cleanly:
            try:
                return ImportedForm(compile_form(form), reader.notes)
            except FormDefinitionError as error:
                for problem in error.problems:
                    reader.definition_problem(problem.where, problem.message)
    raise XLSFormError(sorted(reader.problems, key=_order))


def _order(problem: SheetProblem) -> tuple[str, int]:
    sheets = {"settings": 0, "survey": 1, "choices": 2}
    return (str(sheets.get(problem.sheet or "", 3)), problem.row or 0)


def _read_book(path: Path) -> Any:
    def fail(message: str) -> XLSFormError:
        return XLSFormError([SheetProblem(path, None, None, None, message)])

    if path.suffix.lower() not in SUFFIXES:
        raise fail(f"not an XLSForm: the file must end in {', '.join(SUFFIXES)}")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise fail(f"cannot read: {error.strerror or error}") from None
    if size > MAX_XLSFORM_BYTES:
        raise fail(f"file is {size} bytes, more than an XLSForm may be ({MAX_XLSFORM_BYTES})")
    from pyxform.errors import PyXFormError  # never at start-up
    from pyxform.xls2json_backends import get_xlsform

    try:
        book = get_xlsform(str(path), file_type=path.suffix.lower())
    except (PyXFormError, OSError, ValueError) as error:
        raise fail(f"cannot be read as an XLSForm: {error}") from None
    if not book.survey:
        raise fail("no survey sheet: an XLSForm has survey, choices and settings sheets")
    return book


#: Between the titles of a nested group's section: "Counting › Ballot papers".
NESTED_TITLE_SEPARATOR: Final = " › "


def nest_section(section: dict[str, Any], outer: dict[str, Any]) -> None:
    """Make a group inside `outer` a section of its own, as the observer window shows it:
    its title is qualified by the outer one's, and the outer group's relevance applies to
    it as well (ODK: a question is relevant only when every group around it is)."""
    title, outer_title = section.get("title"), outer.get("title")
    if isinstance(title, dict) and isinstance(outer_title, dict):
        section["title"] = {
            language: f"{outer_title.get(language, '')}{NESTED_TITLE_SEPARATOR}{text}"
            for language, text in title.items()
        }
    if outer.get("relevant"):
        own = section.get("relevant")
        section["relevant"] = f"({outer['relevant']}) and ({own})" if own else outer["relevant"]
