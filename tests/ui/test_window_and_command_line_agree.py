"""The window and the command line are two clients of one workspace: the same use cases, the
same messages. A key file gone wrong reads the same in both; the observer prints from the window
what `observer-app print` prints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from observer_app.cli import main
from observer_app.exchange.demo import DemoMission, build_demo_mission
from observer_app.exchange.mission import install_mission, mission_library
from observer_app.store.database import open_database
from observer_app.ui.coordinator import CoordinatorWindow
from observer_app.ui.i18n import LanguageSwitch
from observer_app.ui.tasks import TaskRunner
from observer_app.workspace.coordinator import CoordinatorWorkspace
from tests.ui.test_observer_window import open_window, start_voting_at


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoMission:
    return build_demo_mission(tmp_path_factory.mktemp("demo"), teams=9)


@pytest.fixture
def url(tmp_path: Path, demo: DemoMission) -> str:
    """A coordinator's database set up for the demo mission, nothing merged yet."""
    url = f"sqlite:///{tmp_path / 'coordinator.db'}"
    database = open_database(url)
    with database.transaction() as session:
        install_mission(session, demo.package)
    database.close()
    return url


def window_message(qtbot: QtBot, url: str, key_path: Path | None, folder: Path) -> str:
    """What the coordinator's window says when asked to import `folder`."""
    database = open_database(url)
    tasks = TaskRunner()
    language = LanguageSwitch(QSettings(str(folder.parent / "w.ini"), QSettings.Format.IniFormat))
    desk = CoordinatorWorkspace(database, mission_library_of(database), key_path)
    window = CoordinatorWindow(desk, language, tasks)
    tasks.setParent(window)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: tasks.idle, timeout=20000)
        window.import_paths([folder])

        def shown() -> list[QMessageBox]:
            return [b for b in window.findChildren(QMessageBox) if b.isVisible()]

        qtbot.waitUntil(lambda: bool(shown()), timeout=20000)
        box = shown()[0]
        text = box.text()
        box.close()
        return text
    finally:
        window.close()
        database.close()


def mission_library_of(database: object) -> object:
    with database.transaction() as session:  # type: ignore[attr-defined]
        return mission_library(session)


def command_line_message(
    url: str, key_path: Path | None, folder: Path, capsys: pytest.CaptureFixture[str]
) -> str:
    capsys.readouterr()
    arguments = ["merge", str(folder), "--db", url]
    if key_path is not None:
        arguments += ["--key", str(key_path)]
    assert main(arguments) == 1
    return capsys.readouterr().err.strip()


@pytest.mark.parametrize("case", ["damaged", "missing"])
def test_a_key_file_gone_wrong_reads_the_same_in_the_window_and_the_command_line(
    case: str,
    qtbot: QtBot,
    home: Path,
    url: str,
    demo: DemoMission,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = demo.bundles[0].parent
    key_path: Path | None = None
    if case == "damaged":
        key_path = tmp_path / "coordinator-key.json"
        key_path.write_text('{"format": "observer-coordinator-key", "format_ver', encoding="utf-8")
    printed = command_line_message(url, key_path, folder, capsys)
    shown = window_message(qtbot, url, key_path, folder)
    assert shown == printed
    if case == "damaged":
        assert printed.startswith(f"{key_path}: ")
        assert "Restore the coordinator key file from its backup" in printed
    else:
        assert str(home / "coordinator-key.json") in printed
        assert "Copy the key file there from its backup" in printed
    assert "File → Coordinator key file…" in printed  # what to do, in the window too
    database = open_database(url)
    try:
        assert CoordinatorWorkspace(database, mission_library_of(database)).conflicts("en") == []  # type: ignore[arg-type]
    finally:
        database.close()


@pytest.fixture
def printed_window(qtbot: QtBot, observer_home: Path) -> Iterator[object]:
    window = open_window(qtbot)
    yield window
    window.close()


def test_the_observer_prints_a_submission_from_the_window(
    qtbot: QtBot,
    observer_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: shown.append(text))
    window = open_window(qtbot)
    start_voting_at(window, qtbot, "ALA 50")
    submission = window.form_view.submission
    assert submission is not None
    window.workspace.store.save_answers(submission.id, {"access_granted": "yes"})

    target = tmp_path / "my form"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)")
    )
    window.print_action.trigger()  # the form on screen
    qtbot.waitUntil(lambda: window.last_print is not None)
    assert window.last_print == tmp_path / "my form.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(window.last_print).pages)
    assert "Айгүл Сейітова" in text and "ALA" in text
    assert shown and str(window.last_print) in shown[-1]

    # The same submission from the command line: the same paper form.
    capsys.readouterr()
    out = tmp_path / "cli.pdf"
    assert main(["print", str(submission.id), "--out", str(out)]) == 0
    cli_text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert cli_text == text
    window.close()
