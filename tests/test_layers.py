"""DESIGN §2's layers, checked by import-linter: Qt only in ui, imports only point down."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

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
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_a_core_module_importing_qt_or_an_upper_layer_breaks_the_check(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "observer_app",
        tmp_path / "observer_app",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "observer_app" / "domain" / "widgets.py").write_text(
        '"""A deliberately bad module."""\n\nfrom PySide6.QtWidgets import QLabel\n'
    )
    (tmp_path / "observer_app" / "store" / "shortcut.py").write_text(
        '"""A deliberately bad module."""\n\nfrom observer_app import cli\n'
    )
    result = lint_imports(tmp_path)
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 1, output
    assert "Contracts: 0 kept, 2 broken." in output
    assert "observer_app.domain.widgets -> PySide6" in output
    assert "observer_app.store.shortcut -> observer_app.cli" in output


def test_every_package_but_ui_is_kept_free_of_qt() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    forbidden = next(c for c in contracts if c["type"] == "forbidden")
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
