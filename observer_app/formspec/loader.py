"""Reads checklists from YAML files and says precisely what is wrong with a bad one.

Every problem names the file, the form id and the question (or section or check) and
what is wrong, in the manner of pyxform naming the row of an XLSForm: a mission's form
author fixes a form from the message alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from observer_app.formspec.compiled import CompiledForm, FormDefinitionError, compile_form
from observer_app.formspec.models import Form

#: Form files larger than this are refused before parsing: a checklist is a few dozen KB.
MAX_FORM_BYTES = 2 * 1024 * 1024


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FormYamlLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """YAML 1.2 booleans: only true/false. YAML 1.1 reads `no`, `yes`, `on`, `off` as
    booleans, which would turn a concern answer `[no]` into `[false]`. (libyaml's parser
    where installed: the forms are read at every start of the window.)"""


_FormYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}
_FormYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def parse_yaml(text: str) -> Any:
    """Parse form YAML safely (no object construction), with YAML 1.2 booleans."""
    return yaml.load(text, Loader=_FormYamlLoader)  # noqa: S506 - a SafeLoader subclass


@dataclass(frozen=True, slots=True)
class FormFileProblem:
    """One problem in one form file: file, form id, question id (when known), what."""

    path: Path
    form_id: str | None
    where: str | None
    message: str

    def __str__(self) -> str:
        parts = [str(self.path)]
        if self.form_id:
            parts.append(self.form_id)
        if self.where:
            parts.append(self.where)
        return ": ".join([*parts, self.message])


class FormLoadError(ValueError):
    def __init__(self, problems: list[FormFileProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_form_file(path: Path) -> CompiledForm:
    """The compiled form in `path`; raises FormLoadError listing every problem found."""
    return load_form_text(_read_text(path), path)


def load_form_text(text: str, path: Path) -> CompiledForm:
    """The compiled form in `text` (a form kept elsewhere than in a file, e.g. in the
    database of a mission); `path` names it in the problems reported."""
    data = _parse(text, path)
    form_id = data.get("id") if isinstance(data.get("id"), str) else None
    try:
        form = Form.model_validate(data)
    except ValidationError as error:
        raise FormLoadError(
            [
                FormFileProblem(path, form_id, _where(data, item["loc"]), _message(item))
                for item in error.errors()
            ]
        ) from None
    try:
        return compile_form(form)
    except FormDefinitionError as error:
        raise FormLoadError(
            [FormFileProblem(path, form.id, p.where, p.message) for p in error.problems]
        ) from None


def _fail(path: Path, message: str) -> FormLoadError:
    return FormLoadError([FormFileProblem(path, None, None, message)])


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FORM_BYTES:
            raise _fail(path, f"file is {size} bytes, more than a form may be ({MAX_FORM_BYTES})")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise _fail(path, f"not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise _fail(path, f"cannot read: {error.strerror or error}") from None


def _parse(text: str, path: Path) -> dict[str, Any]:
    def fail(message: str) -> FormLoadError:
        return _fail(path, message)

    try:
        data = parse_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise fail(f"not valid YAML: {where}{problem}") from None
    if not isinstance(data, dict):
        raise fail("a form file must hold a mapping with id, version, title, sections")
    return data


def _where(data: Any, loc: Iterable[int | str]) -> str | None:
    """The nearest question, section or check id on the path pydantic reports, and the rest.

    pydantic says ('sections', 1, 'questions', 3, 'yes_no', 'label', 'kk'); a form author
    wants "ballot_box_sealed: label.kk".
    """
    owner: str | None = None
    rest: list[str] = []
    node: Any = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
        else:
            # a discriminator tag such as 'yes_no' (not a key in the data): skip it
            if isinstance(node, dict) and isinstance(part, str) and node.get("type") == part:
                continue
            rest.append(str(part))
            continue
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            owner = node["id"]
            rest = []
        elif not isinstance(part, int):
            rest.append(str(part))
    detail = ".".join(rest)
    if owner and detail:
        return f"{owner}: {detail}"
    return owner or detail or None


def _message(item: Any) -> str:
    kind = item.get("type", "")
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "string_pattern_mismatch" and str(item["loc"][-1]) in ("en", "ru", "kk"):
        return "empty text"
    if kind == "union_tag_invalid":
        context = item.get("ctx", {})
        return (
            f"unknown question type {context.get('tag')!r} (one of {context.get('expected_tags')})"
        )
    return str(item.get("msg", "invalid"))


def form_files(directory: Path) -> list[Path]:
    """The form files of a directory: *.yaml and *.yml, sorted, README and hidden files left out."""
    return sorted(
        path
        for path in directory.iterdir()
        if path.suffix in (".yaml", ".yml") and not path.name.startswith((".", "_"))
    )


@dataclass
class FormLibrary:
    """The forms a mission uses, by id and version; old versions stay readable."""

    forms: dict[tuple[str, int], CompiledForm]

    def get(self, form_id: str, version: int | None = None) -> CompiledForm:
        """A form by id, the latest version unless one is named; KeyError if absent."""
        if version is not None:
            return self.forms[(form_id, version)]
        versions = [v for (i, v) in self.forms if i == form_id]
        if not versions:
            raise KeyError(form_id)
        return self.forms[(form_id, max(versions))]

    def latest(self) -> list[CompiledForm]:
        ids = dict.fromkeys(i for (i, _) in sorted(self.forms))
        return [self.get(form_id) for form_id in ids]

    def __iter__(self) -> Iterator[CompiledForm]:
        return iter(self.forms.values())

    def __len__(self) -> int:
        return len(self.forms)


def load_forms(directory: Path) -> FormLibrary:
    """Every form in `directory`; raises FormLoadError with the problems of every bad file."""
    problems: list[FormFileProblem] = []
    forms: dict[tuple[str, int], CompiledForm] = {}
    seen: dict[tuple[str, int], Path] = {}
    files = form_files(directory) if directory.is_dir() else []
    if not directory.is_dir():
        problems.append(FormFileProblem(directory, None, None, "not a directory"))
    elif not files:
        problems.append(FormFileProblem(directory, None, None, "no form files (*.yaml) found"))
    for path in files:
        try:
            compiled = load_form_file(path)
        except FormLoadError as error:
            problems.extend(error.problems)
            continue
        key = (compiled.id, compiled.version)
        if key in seen:
            problems.append(
                FormFileProblem(
                    path,
                    compiled.id,
                    None,
                    f"version {compiled.version} is also defined in {seen[key]}",
                )
            )
            continue
        seen[key] = path
        forms[key] = compiled
    if problems:
        raise FormLoadError(problems)
    return FormLibrary(forms)
