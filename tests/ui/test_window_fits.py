"""The window fits the screen (issue 13, failure 6): it opens inside the available area,
everything a user must reach is on screen down to 1280x720 and at 150 % scaling, and the
size and maximised state are kept for the next start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from pytestqt.qtbot import QtBot

from observer_app.ui import app as app_module
from observer_app.ui.geometry import FRAME_ALLOWANCE, fitted
from tests.conftest import ROOT


def probe(tmp_path: Path, mode: str, width: int, height: int, scale: float) -> dict[str, Any]:
    """The window opened in a process whose screen is `width` x `height` at `scale`."""
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": str(scale),
        "OBSERVER_APP_HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.fit_probe", mode],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "width", "height", "scale"),
    [
        ("observer", 1920, 1080, 1.5),  # a 15-inch laptop at Windows' default 150 %
        ("observer", 1280, 720, 1.0),
        ("observer", 1366, 768, 1.0),
        ("coordinator", 1920, 1080, 1.5),
        ("coordinator", 1280, 720, 1.0),
    ],
)
def test_the_window_opens_inside_the_screen_with_everything_in_reach(
    tmp_path: Path, mode: str, width: int, height: int, scale: float
) -> None:
    result = probe(tmp_path, mode, width, height, scale)
    assert result["scale"] == scale
    assert result["frame inside the available area"], result
    out_of_reach = [name for name, ok in result["reachable"].items() if not ok]
    assert out_of_reach == [], result


def test_the_default_size_is_shrunk_to_a_screen_less_its_taskbar() -> None:
    available = QRect(0, 0, 1366, 728)  # a 1366x768 laptop with a 40-pixel taskbar
    window = fitted(available, QSize(1366, 768), None)
    assert available.marginsRemoved(FRAME_ALLOWANCE).contains(window)
    kept = fitted(QRect(0, 0, 1920, 1040), QSize(1366, 768), QPoint(100, 80))
    assert kept == QRect(QPoint(100, 80), QSize(1366, 768))  # where it was left: it fits
    moved = fitted(QRect(0, 0, 1366, 728), QSize(1000, 600), QPoint(1900, 900))
    assert QRect(0, 0, 1366, 728).contains(moved)  # a place on a screen no longer there


def test_size_and_maximised_state_are_kept_for_the_next_start(
    qtbot: QtBot, observer_home: Path
) -> None:
    window = app_module.build_window()
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    window.resize(700, 540)
    window.move(20, 30)
    window.close()
    assert (observer_home / "window.ini").is_file()

    again = app_module.build_window()
    assert again is not None
    qtbot.addWidget(again)
    assert again.size() == QSize(700, 540)
    assert not again.isMaximized()
    again.show()
    again.showMaximized()
    qtbot.waitUntil(again.isMaximized)
    again.close()

    third = app_module.build_window()
    assert third is not None
    qtbot.addWidget(third)
    third.show()
    assert third.isMaximized()
    assert third.normalGeometry().size() == QSize(700, 540)  # restored to this size
    third.close()
