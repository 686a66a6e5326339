"""The forms and resources are found beside the code, installed or in a checkout alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from observer_app.domain import bundled
from observer_app.domain.i18n import catalog_path
from tests.conftest import ROOT


def lay_out(root: Path) -> Path:
    (root / "forms").mkdir(parents=True)
    (root / "resources").mkdir()
    return root


def test_a_checkout_reads_the_folders_at_the_top_of_the_repository() -> None:
    assert bundled.forms_dir() == ROOT / "forms"
    assert bundled.registry_dir() == ROOT / "resources" / "registry"
    assert catalog_path("ui", "kk") == ROOT / "resources/locale/kk/LC_MESSAGES/ui.po"
    assert (bundled.fonts_dir() / "DejaVuSans.ttf").is_file()
    assert (bundled.icons_dir() / "observer-256.png").is_file()


def test_an_installed_package_reads_its_own_copy_not_a_stray_folder_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_packages = lay_out(tmp_path / "site-packages")  # another project's forms/, say
    installed = lay_out(site_packages / "observer_app" / "_data")
    monkeypatch.setattr(bundled, "INSTALLED", installed)
    monkeypatch.setattr(bundled, "CHECKOUT", site_packages)
    assert bundled.forms_dir() == installed / "forms"


def test_an_incomplete_installation_names_where_the_files_should_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundled, "INSTALLED", tmp_path / "observer_app" / "_data")
    monkeypatch.setattr(bundled, "CHECKOUT", tmp_path)
    assert bundled.forms_dir() == tmp_path / "observer_app" / "_data" / "forms"


def test_a_distribution_may_keep_the_data_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OBSERVER_APP_DATA", str(tmp_path))
    assert bundled.registry_dir() == tmp_path / "resources" / "registry"
