"""`observer-app`: the window without a command, the headless command line with one.

It sits above the window and the command line so that neither imports the other, and so
that a headless command never loads Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        from observer_app.ui.app import run

        return run([sys.argv[0]])
    from observer_app.cli import main as cli_main

    return cli_main(arguments)
