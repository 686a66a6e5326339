"""The README's "Command line" table and `observer-app --help` tell the same story.

Both sides are read, the table from README.md and the commands from the parser that
`observer-app --help` prints (`build_parser()`), so a command added, renamed or given a
new option without its README row, or a row left behind, fails here.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from itertools import takewhile

from observer_app.cli import build_parser
from tests.conftest import ROOT

README = ROOT / "README.md"
PROGRAM = "observer-app"


@dataclass(frozen=True)
class Row:
    """One command as the README shows it: `observer-app mission create --name N ...`."""

    path: tuple[str, ...]
    usage: str

    @property
    def options(self) -> set[str]:
        return set(re.findall(r"--[a-z][a-z-]*", self.usage))

    @property
    def choices(self) -> dict[str, set[str]]:
        """Options shown with their values spelled out, as `--lang en|ru|kk`."""
        pairs = re.findall(r"(--[a-z][a-z-]*) ([a-z0-9]+(?:\|[a-z0-9]+)+)", self.usage)
        return {option: set(values.split("|")) for option, values in pairs}


def table_rows(text: str) -> dict[tuple[str, ...], Row]:
    """The first cell of every row of the table under "## Command line"."""
    section = text.split("\n## Command line\n", 1)[1].lstrip("\n").splitlines()
    lines = list(takewhile(lambda line: line.startswith("|"), section))
    rows: dict[tuple[str, ...], Row] = {}
    for line in lines[2:]:  # the header and the |---| line
        cell = re.split(r"(?<!\\)\|", line)[1]
        spans = re.findall(r"`([^`]+)`", cell)
        assert len(spans) == 1, f"README.md, Command line: one command per row: {line}"
        usage = spans[0].replace("\\|", "|")
        words = usage.split()
        assert words[0] == PROGRAM, f"README.md, Command line: {usage!r} is not {PROGRAM} ..."
        path = tuple(takewhile(re.compile(r"[a-z][a-z-]*").fullmatch, words[1:]))
        assert path not in rows, f"README.md, Command line: two rows for {usage!r}"
        rows[path] = Row(path, usage)
    return rows


def parser_commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """Every command a user can run, sub-commands such as `mission create` included.

    A parser whose sub-commands are optional is a command of its own too: the program
    itself (`observer-app --version`), or `conflicts` beside a `conflicts resolve`.
    """
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    found = {} if groups and groups[0].required else {path: parser}
    for group in groups:
        for name, child in group.choices.items():
            found.update(parser_commands(child, (*path, name)))
    return found


ROWS = table_rows(README.read_text(encoding="utf-8"))
COMMANDS = parser_commands(build_parser())


def spelled(path: tuple[str, ...]) -> str:
    return " ".join((PROGRAM, *path))


def drift(
    rows: dict[tuple[str, ...], Row], commands: dict[tuple[str, ...], argparse.ArgumentParser]
) -> list[str]:
    """Where the table and the parser disagree, one line each; empty when they agree."""
    problems = [f"no row for {spelled(path)}" for path in commands if path not in rows]
    for path, row in rows.items():
        parser = commands.get(path)
        if parser is None:
            problems.append(f"{row.usage!r}: no such command")
            continue
        known = parser._option_string_actions
        problems += [
            f"{row.usage!r}: no option {name}" for name in sorted(row.options - set(known))
        ]
        required = {
            action.option_strings[-1]
            for action in parser._actions
            if action.required and action.option_strings
        }
        problems += [
            f"{row.usage!r}: leaves out the required {name}"
            for name in sorted(required - row.options)
        ]
        for option, shown in row.choices.items():
            choices = known[option].choices if option in known else None
            if choices is not None and shown != set(choices):
                problems.append(f"{row.usage!r}: {option} takes {'|'.join(map(str, choices))}")
    return problems


def test_the_table_is_read_whole() -> None:
    assert len(ROWS) >= 15
    assert ("mission", "create") in ROWS
    assert ROWS[("report",)].choices["--lang"] == {"en", "ru", "kk"}
    assert ROWS[()].options == {"--version"}


def test_the_readme_table_and_the_command_line_agree() -> None:
    problems = drift(ROWS, COMMANDS)
    assert not problems, "README.md, Command line:\n" + "\n".join(problems)


def test_a_command_without_its_row_or_a_row_gone_stale_is_caught() -> None:
    parser = argparse.ArgumentParser(prog=PROGRAM)
    parser.add_argument("--version", action="version", version="1")
    commands = parser.add_subparsers(dest="command")
    conflicts = commands.add_parser("conflicts")
    conflicts.add_argument("--json", action="store_true")
    resolve = conflicts.add_subparsers(dest="action").add_parser("resolve")
    resolve.add_argument("--keep", required=True)
    resolve.add_argument("--by", required=True)
    resolve.add_argument("--why")
    commands.add_parser("export")
    report = commands.add_parser("report")
    report.add_argument("--lang", choices=["en", "ru", "kk"])
    table = """
## Command line

| command | what it does |
|---|---|
| `observer-app --version` | the version |
| `observer-app conflicts [--jsn]` | lists the conflicts |
| `observer-app conflicts resolve ID --keep H [--why T]` | settles one |
| `observer-app report [--lang en\\|ru]` | the summary |
| `observer-app merge FILE` | merges |
"""
    assert drift(table_rows(table), parser_commands(parser)) == [
        "no row for observer-app export",
        "'observer-app conflicts [--jsn]': no option --jsn",
        "'observer-app conflicts resolve ID --keep H [--why T]': leaves out the required --by",
        "'observer-app report [--lang en|ru]': --lang takes en|ru|kk",
        "'observer-app merge FILE': no such command",
    ]
