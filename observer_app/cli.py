"""The `observer-app` command line: a thin layer over the same services the window uses.

Subcommands run headless work; without one, the desktop window opens once it exists.
Exit status: 0 done, 1 the input was refused (every reason printed), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from observer_app import __version__
from observer_app.domain.bundled import forms_dir, registry_dir
from observer_app.domain.registry import RegistryError, read_registry
from observer_app.formspec import FormLoadError, form_schema, load_forms
from observer_app.formspec.models import ConcernQuestion
from observer_app.store.database import open_database
from observer_app.store.registry import replace_registry


def _forms_check(args: argparse.Namespace) -> int:
    directory = Path(args.directory) if args.directory else forms_dir()
    try:
        library = load_forms(directory)
    except FormLoadError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found in {directory}", file=sys.stderr)
        return 1
    for form in sorted(library, key=lambda f: (f.id, f.version)):
        questions = len(form.questions) + sum(len(r) for r in form.row_questions.values())
        concerns = sum(
            1 for q in list(form.questions.values()) if isinstance(q, ConcernQuestion) and q.concern
        )
        print(
            f"{form.id} v{form.version}: {form.form.title.en}: {questions} questions, "
            f"{concerns} concern questions, {len(form.form.checks)} checks"
        )
    print(f"{len(library)} forms OK in {directory}")
    return 0


def _forms_schema(args: argparse.Namespace) -> int:
    text = json.dumps(form_schema(), indent=2, ensure_ascii=False)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def _registry_check(args: argparse.Namespace) -> int:
    directory = Path(args.directory) if args.directory else registry_dir()
    try:
        registry = read_registry(directory)
    except RegistryError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"{directory}: {len(registry.regions)} regions, {len(registry.tecs)} TECs, "
        f"{len(registry.stations)} polling stations"
    )
    return 0


def _registry_load(args: argparse.Namespace) -> int:
    directory = Path(args.directory) if args.directory else registry_dir()
    try:
        registry = read_registry(directory)
    except RegistryError as error:
        print(error, file=sys.stderr)
        return 1
    database = open_database(args.db)
    try:
        with database.transaction() as session:
            replace_registry(session, registry)
    finally:
        database.close()
    print(f"loaded {len(registry.stations)} polling stations into {database.url}")
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    database = open_database(args.db)
    database.close()
    print(f"{database.url}: schema is up to date")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="observer-app",
        description="Election-day checklists for observers; merged summaries for coordinators.",
    )
    parser.add_argument("--version", action="version", version=f"observer-app {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    forms = commands.add_parser("forms", help="check the checklists, print their schema")
    forms_commands = forms.add_subparsers(dest="forms_command", metavar="COMMAND", required=True)
    check = forms_commands.add_parser("check", help="validate every form in a folder")
    check.add_argument("directory", nargs="?", help="folder of *.yaml forms (default: built-in)")
    check.set_defaults(run=_forms_check)
    schema = forms_commands.add_parser("schema", help="print the JSON Schema of the form format")
    schema.add_argument("--out", help="write to this file instead of the terminal")
    schema.set_defaults(run=_forms_schema)

    registry = commands.add_parser("registry", help="check or load a polling-station registry")
    registry_commands = registry.add_subparsers(
        dest="registry_command", metavar="COMMAND", required=True
    )
    registry_check = registry_commands.add_parser(
        "check", help="validate regions.csv and stations.csv in a folder"
    )
    registry_check.add_argument("directory", nargs="?", help="default: the built-in registry")
    registry_check.set_defaults(run=_registry_check)
    registry_load = registry_commands.add_parser(
        "load", help="replace the database's registry with the one in a folder"
    )
    registry_load.add_argument("directory", nargs="?", help="default: the built-in registry")
    registry_load.add_argument("--db", help="SQLAlchemy URL (default: the user's database)")
    registry_load.set_defaults(run=_registry_load)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", metavar="COMMAND", required=True)
    upgrade = db_commands.add_parser("upgrade", help="apply the schema migrations")
    upgrade.add_argument("--db", help="SQLAlchemy URL (default: the user's database)")
    upgrade.set_defaults(run=_db_upgrade)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        print("\nThe desktop window is not part of this build yet; use a command above.")
        return 0
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
