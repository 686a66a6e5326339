"""`observer-app forms check|schema`: validate checklists, print the format's JSON Schema."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from observer_app.domain.bundled import forms_dir
from observer_app.formspec import FormLoadError, form_schema, load_forms
from observer_app.formspec.loader import FormFileProblem, form_files, load_form_file
from observer_app.formspec.models import ConcernQuestion
from observer_app.formspec.statement_checks import statement_problems


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


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forms = commands.add_parser("forms", help="check the checklists, print their schema")
    sub = forms.add_subparsers(dest="forms_command", metavar="COMMAND", required=True)
    check_parser = sub.add_parser("check", help="validate every form in a folder")
    check_parser.add_argument(
        "directory", nargs="?", help="folder of *.yaml forms (default: built-in)"
    )
    check_parser.set_defaults(run=check)
    schema_parser = sub.add_parser("schema", help="print the JSON Schema of the form format")
    schema_parser.add_argument("--out", help="write to this file instead of the terminal")
    schema_parser.set_defaults(run=schema)
