"""DESIGN §2's layers, checked by import-linter: Qt only in ui, imports only point down."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run the project's import contracts over the `observer_app` found in `folder`."""
    env = {**os.environ, "PYTHONPATH": str(folder), "NO_COLOR": "1"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(folder / "pyproject.toml"), "--no-cache"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_package_keeps_its_layers() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


def planted(tmp_path: Path, module: str, imports: str) -> str:
    """The contracts' output over a copy of the package with one deliberately bad module."""
    shutil.copytree(
        ROOT / "observer_app",
        tmp_path / "observer_app",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    path = tmp_path / Path(*module.split("."))
    path.with_suffix(".py").write_text(f'"""A deliberately bad module."""\n\n{imports}\n')
    result = lint_imports(tmp_path)
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 1, output
    return output


def verdict(output: str, contract: str) -> str:
    """ "KEPT" or "BROKEN": what the listing says of the contract whose name has `contract`."""
    after = output.split("Contracts ---------", 1)[1].split(contract, 1)[1]
    kept, broken = after.find(" KEPT"), after.find(" BROKEN")
    return "BROKEN" if broken != -1 and (kept == -1 or broken < kept) else "KEPT"


@pytest.mark.parametrize(
    ("module", "imports", "broken", "shown"),
    [
        (
            "observer_app.domain.widgets",
            "from PySide6.QtWidgets import QLabel",
            "Qt lives in observer_app.ui only",
            "observer_app.domain.widgets -> PySide6",
        ),
        (
            "observer_app.workspace.widgets",
            "from PySide6.QtWidgets import QLabel",
            "Qt lives in observer_app.ui only",
            "observer_app.workspace.widgets -> PySide6",
        ),
        (
            "observer_app.store.shortcut",
            "from observer_app import cli",
            "Layers of DESIGN",
            "observer_app.store.shortcut -> observer_app.cli",
        ),
        (
            "observer_app.ui.shortcut",
            "from observer_app.cli import main",
            "Layers of DESIGN",
            "observer_app.ui.shortcut -> observer_app.cli",
        ),
        (
            "observer_app.cli.shortcut",
            "from observer_app.ui import app",
            "Layers of DESIGN",
            "observer_app.cli.shortcut -> observer_app.ui",
        ),
        (
            "observer_app.reporting.shortcut",
            "from observer_app.workspace import errors",
            "Layers of DESIGN",
            "observer_app.reporting.shortcut -> observer_app.workspace",
        ),
        (
            "observer_app.analysis.shortcut",
            "from observer_app.exchange import merge",
            "Layers of DESIGN",
            "observer_app.analysis.shortcut -> observer_app.exchange",
        ),
        (
            "observer_app.ui.rows",
            "from sqlalchemy import select",
            "no SQLAlchemy, no store.models in ui",
            "observer_app.ui.rows -> sqlalchemy",
        ),
        (
            "observer_app.ui.rows",
            "from observer_app.store.models import SubmissionRow",
            "no SQLAlchemy, no store.models in ui",
            "observer_app.ui.rows -> observer_app.store.models",
        ),
        (
            "observer_app.reporting.reader",
            "from observer_app.store.database import open_database",
            "it reads no store itself",
            "observer_app.reporting.reader -> observer_app.store.database",
        ),
    ],
)
def test_each_contract_breaks_on_a_planted_violation(
    tmp_path: Path, module: str, imports: str, broken: str, shown: str
) -> None:
    output = planted(tmp_path, module, imports)
    assert verdict(output, broken) == "BROKEN", output
    assert shown in output


def test_every_package_but_ui_is_kept_free_of_qt() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    forbidden = next(c for c in contracts if "PySide6" in c.get("forbidden_modules", ()))
    packages = {
        f"observer_app.{path.stem if path.is_file() else path.name}"
        for path in (ROOT / "observer_app").iterdir()
        if (path.is_dir() and (path / "__init__.py").exists())
        or (path.suffix == ".py" and not path.name.startswith("__"))
    }
    # The launcher starts the window, so it reaches Qt through ui by design.
    assert packages - {"observer_app.ui", "observer_app.launcher"} == set(
        forbidden["source_modules"]
    )
    assert "PySide6" in forbidden["forbidden_modules"]
