"""A laptop set up from a mission package holding the forms a test brings, for window tests
of forms other than the built-in ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from observer_app.domain.submission import now_local
from observer_app.exchange.mission import build_mission_package
from observer_app.workspace.laptop import ObserverWorkspace
from tests.conftest import REGISTRY
from tests.ui.conftest import OBSERVER


def set_up_laptop(tmp_path: Path, forms: list[dict[str, Any]]) -> None:
    """Write `forms` as YAML, package them as a mission and set the laptop up from it."""
    folder = tmp_path / "package_forms"
    folder.mkdir()
    for form in forms:
        (folder / f"{form['id']}.yaml").write_text(
            yaml.safe_dump(form, allow_unicode=True), encoding="utf-8"
        )
    _package, data = build_mission_package(
        name="Test mission",
        election="Test",
        forms_dir=folder,
        registry_dir=REGISTRY,
        coordinator_key=None,
        created_at=now_local(),
    )
    package = tmp_path / "mission.zip"
    package.write_bytes(data)
    workspace = ObserverWorkspace.open()
    workspace.set_up_from_package(package, OBSERVER)
    workspace.close()
