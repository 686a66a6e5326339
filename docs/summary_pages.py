"""Pictures of the summary PDF's pages for the README: the coverage, the first page of the
key findings and the first page of "Where observations disagree", in en, ru and kk, from
the demo mission (40 teams, seed 2021), counted per polling station (the statement's rule).

Run: python docs/summary_pages.py  (needs pdftotext and pdftoppm from poppler-utils;
writes docs/images/summary-{coverage,findings,disagreements}-{en,ru,kk}.png)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from observer_app.cli import main as observer_app
from observer_app.reporting.words import Words
from observer_app.workspace.demo import make_mission, run_demo

IMAGES = Path(__file__).resolve().parent / "images"
#: The picture's name and the heading the page opens with, as the contents list it.
PAGES = {
    "coverage": "Coverage",
    "findings": "Key findings",
    "disagreements": "Where observations disagree",
}


def poppler(tool: str) -> str:
    """The full path of a poppler tool, or a stop saying which is missing."""
    found = shutil.which(tool)
    if found is None:
        raise SystemExit(f"{tool} not found: install poppler-utils")
    return found


def page_of(pdf: Path, heading: str) -> int:
    """The page number the contents give for `heading`."""
    contents = subprocess.run(  # noqa: S603 - our own arguments, no shell
        [poppler("pdftotext"), "-layout", "-f", "1", "-l", "3", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = re.search(rf"^\s*{re.escape(heading)}[\s.]*?(\d+)\s*$", contents, re.MULTILINE)
    if found is None:
        raise SystemExit(f"{pdf}: the contents do not list {heading!r}")
    return int(found.group(1))


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        run = run_demo(make_mission(folder / "demo", teams=40, seed=2021))
        for language in ("en", "ru", "kk"):
            pdf = folder / f"summary-{language}.pdf"
            argv = ["report", "--db", f"sqlite:///{run.database_path}", "--out", str(pdf)]
            if observer_app([*argv, "--lang", language, "--per-station"]) != 0:
                return 1
            words = Words(language)
            for name, heading in PAGES.items():
                page = page_of(pdf, words.gettext(heading))
                target = IMAGES / f"summary-{name}-{language}"
                subprocess.run(  # noqa: S603 - our own arguments, no shell
                    [poppler("pdftoppm"), "-png", "-r", "60", "-singlefile", "-f", str(page),
                     "-l", str(page), str(pdf), str(target)],
                    check=True,
                )  # fmt: skip
                print(f"{target}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
