"""The mission package carries the quick count's sample to the laptops (issue 16)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from observer_app.cli import main
from observer_app.workspace.laptop import ObserverWorkspace


def test_a_sample_drawn_before_the_package_reaches_the_laptop(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    coordinator = f"sqlite:///{tmp_path / 'coordinator.sqlite3'}"
    package = tmp_path / "mission.zip"
    create = ["mission", "create", "--name", "M", "--election", "E", "--out", str(package)]
    assert main([*create, "--db", coordinator]) == 0
    assert (
        main(
            [
                "pvt",
                "sample",
                "--size",
                "30",
                "--seed",
                "5",
                "--strata",
                "region",
                "--out",
                str(tmp_path / "sample.csv"),
                "--db",
                coordinator,
            ]
        )
        == 0
    )
    with (tmp_path / "sample.csv").open(encoding="utf-8") as handle:
        drawn = {row["station_id"] for row in csv.DictReader(handle)}
    # The package made after the draw carries it, seed and method included.
    assert main([*create, "--db", coordinator]) == 0
    laptop = tmp_path / "laptop.sqlite3"
    assert main(["mission", "import", str(package), "--db", f"sqlite:///{laptop}"]) == 0
    workspace = ObserverWorkspace.open(f"sqlite:///{laptop}")
    try:
        assert workspace.sample_stations() == drawn and len(drawn) == 30
    finally:
        workspace.close()
