"""`observer-app forms check|schema|import|export`: validate checklists, print the format's
JSON Schema, bring a mission's XLSForm in as our YAML and write ours out as XLSForm."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from observer_app.domain.bundled import forms_dir
from observer_app.formspec import FormLoadError, form_schema, load_forms
from observer_app.formspec.form_yaml import form_to_yaml
from observer_app.formspec.loader import FormFileProblem, form_files, load_form_file
from observer_app.formspec.models import ConcernQuestion, Form
from observer_app.formspec.statement_checks import statement_problems
from observer_app.formspec.xlsform_export import write_xlsform
from observer_app.formspec.xlsform_import import XLSFormError, read_xlsform


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def check(args: argparse.Namespace) -> int:
    directory = Path(args.directory) if args.directory else forms_dir()
    try:
        library = load_forms(directory)
    except FormLoadError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{_plural(len(error.problems), 'problem')} found in {directory}", file=sys.stderr)
        return 1
    worded = [
        FormFileProblem(path, form.id, problem.where, problem.message)
        for path in form_files(directory)
        for form in [load_form_file(path)]
        for problem in statement_problems(form)
    ]
    if worded:
        for line in worded:
            print(line, file=sys.stderr)
        print(f"{_plural(len(worded), 'problem')} found in {directory}", file=sys.stderr)
        return 1
    for form in sorted(library, key=lambda f: (f.id, f.version)):
        questions = len(form.questions) + sum(len(r) for r in form.row_questions.values())
        concerns = sum(
            1 for q in form.questions.values() if isinstance(q, ConcernQuestion) and q.concern
        )
        print(
            f"{form.id} v{form.version}: {form.form.title.en}: {_plural(questions, 'question')}, "
            f"{_plural(concerns, 'concern question')}, {_plural(len(form.form.checks), 'check')}"
        )
    print(f"{len(library)} forms OK in {directory}")
    return 0


def schema(args: argparse.Namespace) -> int:
    text = json.dumps(form_schema(), indent=2, ensure_ascii=False)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def import_xlsform(args: argparse.Namespace) -> int:
    source = Path(args.file)
    try:
        imported = read_xlsform(source)
    except XLSFormError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{_plural(len(error.problems), 'problem')}: nothing written", file=sys.stderr)
        return 1
    for note in imported.notes:
        print(note, file=sys.stderr)
    form = imported.compiled.form
    directory = Path(args.out)
    target = directory / f"{form.id}.yaml"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".part")
        temporary.write_text(form_to_yaml(form), encoding="utf-8")
        temporary.replace(target)
    except OSError as error:
        print(f"{target}: cannot write: {error.strerror or error}", file=sys.stderr)
        return 1
    questions = len(imported.compiled.questions) + sum(
        len(rows) for rows in imported.compiled.row_questions.values()
    )
    print(f"{target}: {form.id} v{form.version}: {_plural(questions, 'question')}")
    return 0


def _form_named(name: str) -> Form:
    """A built-in form by id, or the form in a YAML file."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_form_file(path).form
    try:
        return load_forms(forms_dir()).get(name).form
    except KeyError:
        raise FormLoadError([]) from None


def export_xlsform(args: argparse.Namespace) -> int:
    try:
        form = _form_named(args.form)
    except FormLoadError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        if not error.problems:
            print(f"{args.form}: no such built-in form nor form file", file=sys.stderr)
        return 1
    target = Path(args.out)
    if target.suffix.lower() != ".xlsx":
        print(f"{target}: an XLSForm is written as .xlsx", file=sys.stderr)
        return 1
    try:
        write_xlsform(form, target)
    except OSError as error:
        print(f"{target}: cannot write: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"{target}: {form.id} v{form.version} as XLSForm")
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forms = commands.add_parser(
        "forms", help="check, import and export the checklists, print their schema"
    )
    sub = forms.add_subparsers(dest="forms_command", metavar="COMMAND", required=True)
    check_parser = sub.add_parser("check", help="validate every form in a folder")
    check_parser.add_argument(
        "directory", nargs="?", help="folder of *.yaml forms (default: built-in)"
    )
    check_parser.set_defaults(run=check)
    schema_parser = sub.add_parser("schema", help="print the JSON Schema of the form format")
    schema_parser.add_argument("--out", help="write to this file instead of the terminal")
    schema_parser.set_defaults(run=schema)
    import_parser = sub.add_parser("import", help="read an XLSForm and write it as a YAML form")
    import_parser.add_argument("file", help="the XLSForm: .xlsx, .xls, .csv or .md")
    import_parser.add_argument("--out", default=".", help="folder for the YAML form (default: .)")
    import_parser.set_defaults(run=import_xlsform)
    export_parser = sub.add_parser("export", help="write a form as an XLSForm (.xlsx)")
    export_parser.add_argument("form", help="a built-in form's id or a form file (.yaml)")
    export_parser.add_argument("--out", required=True, help="the .xlsx file to write")
    export_parser.set_defaults(run=export_xlsform)
