"""The desktop build runs where the project is not installed: version, setup, window, forms."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

BUILD = os.environ.get("OBSERVER_FROZEN_BUILD", "")
pytestmark = pytest.mark.skipif(
    not BUILD,
    reason="no desktop build given: packaging/build.sh makes one and OBSERVER_FROZEN_BUILD "
    "names its folder (.ci/run does both)",
)


def run(home: Path, *arguments: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """The frozen program with a bare environment: no virtualenv, no PYTHONPATH, no checkout."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "OBSERVER_APP_HOME": str(home / "data"),
        "QT_QPA_PLATFORM": "offscreen",
        **extra,
    }
    program = Path(BUILD) / "observer-app"
    return subprocess.run(
        [str(program), *arguments],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_build_holds_everything_the_app_reads() -> None:
    internal = Path(BUILD) / "_internal"
    for needed in (
        "observer_app/_data/forms/voting.yaml",
        "observer_app/_data/resources/registry/stations.csv",
        "observer_app/_data/resources/locale/kk/LC_MESSAGES/ui.po",
        "observer_app/_data/resources/icons/observer-256.png",
        "observer_app/_data/resources/fonts/DejaVuSans.ttf",
        "observer_app/store/migrations/versions/0001_baseline.py",
        "PySide6/Qt/translations/qtbase_kk.qm",
        "anyascii/_data/004",  # Cyrillic: the names of the files handed in
    ):
        assert (internal / needed).is_file(), needed
    assert (Path(BUILD) / "observer-app.desktop").is_file()


def test_the_build_starts_and_sets_up_a_laptop(tmp_path: Path) -> None:
    version = run(tmp_path, "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("observer-app ")
    setup = run(tmp_path, "setup", "--name", "Сәуле Әбенова", "--team", "Team 3")
    assert setup.returncode == 0, setup.stderr
    assert "set up for Сәуле Әбенова (Team 3)" in setup.stdout
    forms = run(tmp_path, "forms", "check")
    assert forms.returncode == 0, forms.stderr
    summary = forms.stdout.strip().splitlines()[-1]
    assert summary.startswith("5 forms OK in "), summary
    assert summary.endswith("_internal/observer_app/_data/forms"), "read from outside the build"


def test_the_build_opens_its_window(tmp_path: Path) -> None:
    assert run(tmp_path, "setup", "--name", "Сәуле", "--team", "Team 3").returncode == 0
    window = run(tmp_path, OBSERVER_APP_STARTUP_PROBE="1")
    assert window.returncode == 0, window.stderr
    assert window.stdout.startswith("usable after "), window.stdout + window.stderr


def test_the_build_runs_the_demo_and_prints_its_summary(tmp_path: Path) -> None:
    from pypdf import PdfReader

    demo = run(tmp_path, "demo", "--out", str(tmp_path / "demo"), "--teams", "13")
    assert demo.returncode == 0, demo.stderr
    assert "13 observer teams in 13 of 17 regions" in " ".join(demo.stdout.split())
    pdf = tmp_path / "demo" / "summary.pdf"
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert "Polling stations were observed in 13 of 17 regions" in text
    assert re.search(r"In \d+ of the \d+ TECs where tabulation was observed, the process", text)
