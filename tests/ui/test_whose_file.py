"""Whose file failed (issue 13, failure 5): exports are named after the team, the observer
and the time; the import table says whose each file is, refused ones first, and why, in the
window's language, with what to do."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from observer_app.domain.bundled import forms_dir, registry_dir
from observer_app.exchange.keys import CoordinatorKey
from observer_app.exchange.mission import build_mission_package
from observer_app.store.settings import ObserverProfile
from observer_app.ui.coordinator import CoordinatorWindow
from observer_app.workspace.coordinator import CoordinatorWorkspace
from observer_app.workspace.imports import RefusalKind
from observer_app.workspace.laptop import ObserverWorkspace as Workspace
from tests.ui.coordinator_desk import shown_window
from tests.ui.test_coordinator_window import cell, settled
from tests.ui.test_observer_window import open_window, start_voting_at


def package(tmp_path: Path, name: str, key: CoordinatorKey | None) -> Path:
    _package, data = build_mission_package(
        name=name,
        election="Majilis, 10 January 2021",
        forms_dir=forms_dir(),
        registry_dir=registry_dir(),
        coordinator_key=key.public_key if key else None,
        created_at=datetime(2021, 1, 5, tzinfo=UTC),
    )
    path = tmp_path / f"{name}.zip"
    path.write_bytes(data)
    return path


def laptop_file(
    tmp_path: Path, inbox: Path, profile: ObserverProfile, mission: Path | None
) -> Path:
    """A laptop set up for `mission` (None: the built-in one) hands in one completed form."""
    workspace = Workspace.open(f"sqlite:///{tmp_path / (profile.team + '.db')}")
    if mission is None:
        workspace.set_up_builtin_mission(profile)
    else:
        workspace.set_up_from_package(mission, profile)
    submission = workspace.start_observation("voting", "ALA-50")
    workspace.store.save_answers(
        submission.id,
        {
            "access_granted": "no",
            "departure_time": "09:10",
            "police_outside": "no",
            "pcr_test_asked": "no",
        },
    )
    workspace.store.complete(submission.id)
    path = workspace.hand_in(inbox).path
    workspace.close()
    return path


def test_an_export_is_named_after_the_team_the_observer_and_the_time(
    qtbot: QtBot, observer_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    window = open_window(qtbot)  # Айгүл Сейітова, Team 7
    start_voting_at(window, qtbot, "ALA 50")
    assert window.form_view.submission is not None
    submission_id = window.form_view.submission.id
    window.workspace.store.save_answers(
        submission_id,
        {
            "access_granted": "no",
            "departure_time": "09:10",
            "police_outside": "no",
            "pcr_test_asked": "no",
        },
    )
    window.workspace.store.complete(submission_id)
    window.export_for_coordinator(str(tmp_path / "usb"))
    qtbot.waitUntil(lambda: window.last_export is not None)
    assert window.last_export is not None
    name = window.last_export.path.name
    assert re.fullmatch(r"team-07-aygul-\d{4}-\d{2}-\d{2}-\d{4}\.zip", name), name
    assert name.isascii()


@pytest.fixture
def coordinator(qtbot: QtBot, home: Path, tmp_path: Path) -> Iterator[CoordinatorWindow]:
    """A coordinator's window in Kazakh over the built-in mission, without a key."""
    workspace = Workspace.open(f"sqlite:///{tmp_path / 'coordinator.db'}")
    workspace.set_up_builtin_mission(ObserverProfile("Дана Жұмабаева", "Core team"))
    desk = CoordinatorWorkspace(workspace.database, workspace.forms)
    with shown_window(qtbot, tmp_path, desk) as window:
        window.language.set_language("kk", remember=False)
        yield window
    workspace.close()


def test_the_import_table_says_whose_each_file_is_and_why_it_was_refused(
    coordinator: CoordinatorWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = laptop_file(tmp_path, inbox, ObserverProfile("Айгүл Сейітова", "Team 7"), None)
    cut = inbox / "team-12-erzhan-2021-01-10-2045.zip"  # the USB stick pulled out mid-copy
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    other = package(tmp_path, "Another mission", None)
    laptop_file(tmp_path, inbox, ObserverProfile("Сәуле Әбенова", "Team 3"), other)
    sealed = package(tmp_path, "Sealed mission", CoordinatorKey.generate())
    encrypted = laptop_file(tmp_path, inbox, ObserverProfile("Нұрлан Өтегенов", "Team 5"), sealed)
    with zipfile.ZipFile(inbox / "photos.zip", "w") as photos:
        photos.writestr("IMG_0001.txt", "not a bundle")
    (inbox / "mission.zip").write_bytes(other.read_bytes())

    coordinator.import_paths([inbox])
    qtbot.waitUntil(
        lambda: coordinator.last_report is not None and settled(coordinator), timeout=30000
    )
    page = coordinator.import_page
    rows = page.model.rows
    assert [line.rejected for line in rows] == [True] * 5 + [False]  # refused ones first
    by_name = {line.name: (index, line) for index, line in enumerate(rows)}

    merged = by_name[good.name][1]
    assert (merged.team, merged.observer) == ("Team 7", "Айгүл Сейітова") and merged.device
    index, broken = by_name[cut.name]
    assert broken.kind == RefusalKind.DAMAGED
    assert (broken.team, broken.observer, broken.named_by_file) == ("team-12", "erzhan", True)
    assert cell(page.model, index, 9) == "үзілген немесе бүлінген"
    assert cell(page.model, index, 1) == "team-12"
    foreign = next(line for line in rows if line.kind == RefusalKind.OTHER_MISSION)
    assert (foreign.team, foreign.observer) == ("Team 3", "Сәуле Әбенова") and foreign.device
    index, locked = by_name[encrypted.name]
    assert locked.kind == RefusalKind.NO_KEY
    assert (locked.team, locked.observer) == ("team-05", "nurlan")  # from the file's name
    assert by_name["photos.zip"][1].kind == RefusalKind.NOT_A_BUNDLE
    assert by_name["mission.zip"][1].kind == RefusalKind.MISSION_PACKAGE

    reasons = {cell(page.model, i, 9) for i in range(5)}
    assert reasons == {
        "үзілген немесе бүлінген",
        "басқа миссияның файлы (Another mission)",
        "шифрланған, ал оны ашатын үйлестіруші кілті жоқ",
        "Observer жазған файл емес",
        "миссия пакеті, байқаушының файлы емес",
    }

    # The selected refused file is explained below the table, with what to do.
    page.results.selectRow(by_name[cut.name][0])
    assert page.details.isVisible()
    assert "қабылданбады" in page.details.text() and "қайта тапсыруды" in page.details.text()
    assert "файл атауы бойынша" in page.details.text()
    assert not page.key_button.isVisible()
    page.results.selectRow(by_name[encrypted.name][0])
    assert page.key_button.isVisible()
    assert page.key_button.text() == "Үйлестіруші кілтінің файлын таңдау…"
    page.results.selectRow(by_name[good.name][0])
    assert not page.details.isVisible()
