"""Shared fixtures: small forms built in code, a fresh database per test, the built-in files."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from observer_app.domain.submission import now_local
from observer_app.exchange.mission import MissionPackage, build_mission_package
from observer_app.formspec import CompiledForm, Form, compile_form
from tests.pg_server import postgres_server, postgres_url

__all__ = ["postgres_server", "postgres_url"]  # fixtures for every test module

pytest_plugins = ["pytester"]  # tests/ui/test_qt_guard.py runs a leaking test in a sandbox

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "forms"
REGISTRY = ROOT / "resources" / "registry"

#: The folders of tests that drive the window: they import PySide6 and use pytest-qt.
#: Their tests carry the `qt` marker; every other test must run where Qt is not installed
#: (DESIGN §2: the core runs headless), which `.ci/run` proves with `--headless`.
QT_FOLDERS = (ROOT / "tests" / "ui",)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--headless",
        action="store_true",
        help="run only the tests that need no Qt: leave out tests/ui, unimported, and every "
        "test marked qt (with -p no:pytest-qt where PySide6 is not installed)",
    )


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under --headless the window's test folders are not even imported."""
    if config.getoption("headless") and collection_path in QT_FOLDERS:
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.path.is_relative_to(folder) for folder in QT_FOLDERS):
            item.add_marker(pytest.mark.qt)
    if config.getoption("headless"):
        needs_qt = [item for item in items if item.get_closest_marker("qt")]
        if needs_qt:
            config.hook.pytest_deselected(items=needs_qt)
            items[:] = [item for item in items if not item.get_closest_marker("qt")]


def text(en: str, ru: str | None = None, kk: str | None = None) -> dict[str, str]:
    return {"en": en, "ru": ru or f"{en} (ru)", "kk": kk or f"{en} (kk)"}


def form_data(
    *questions: dict[str, Any], checks: list[dict[str, Any]] | None = None, **top: Any
) -> dict[str, Any]:
    """A minimal valid form holding `questions` in one section."""
    data: dict[str, Any] = {
        "id": "sample",
        "version": 1,
        "title": text("Sample"),
        "place": "any",
        "sections": [{"id": "main", "title": text("Main"), "questions": list(questions)}],
        "checks": checks or [],
    }
    data.update(top)
    return copy.deepcopy(data)


def q(qid: str, qtype: str = "integer", **fields: Any) -> dict[str, Any]:
    """A question of `qtype` with a label; extra fields as given."""
    return {"id": qid, "type": qtype, "label": text(qid.replace("_", " ")), **fields}


def build(*questions: dict[str, Any], **kwargs: Any) -> CompiledForm:
    return compile_form(Form.model_validate(form_data(*questions, **kwargs)))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private data folder, so no test touches the user's real database."""
    folder = tmp_path / "home"
    monkeypatch.setenv("OBSERVER_APP_HOME", str(folder))
    yield folder


def mission_of_forms(
    folder: Path, forms: list[dict[str, Any]], name: str = "Test mission"
) -> tuple[MissionPackage, Path]:
    """A mission package holding `forms` (written as YAML) and the registry, and the file
    `folder`/mission.zip it is written to, for tests of forms other than the built-in ones."""
    source = folder / "package_forms"
    source.mkdir()
    for form in forms:
        (source / f"{form['id']}.yaml").write_text(
            yaml.safe_dump(form, allow_unicode=True), encoding="utf-8"
        )
    package, data = build_mission_package(
        name=name,
        election="Test",
        forms_dir=source,
        registry_dir=REGISTRY,
        coordinator_key=None,
        created_at=now_local(),
    )
    path = folder / "mission.zip"
    path.write_bytes(data)
    return package, path
