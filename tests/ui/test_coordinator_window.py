"""The coordinator's window, driven as a coordinator would: import, filter, settle, export."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from observer_app.analysis.layout import ItemKind
from observer_app.exchange.demo import DemoMission, build_demo_mission
from observer_app.exchange.merge import FileResult, Merger, bundle_paths
from observer_app.exchange.review import decision_of, list_conflicts
from observer_app.store.database import Database
from observer_app.store.models import SubmissionRow
from observer_app.store.records import read_submission
from observer_app.ui.coordinator import CoordinatorWindow
from observer_app.workspace.findings import FindingLine, FormHeading
from tests.ui.coordinator_desk import coordinator_window
from tests.ui.test_mode_switch import answer_mode_question


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoMission:
    return build_demo_mission(tmp_path_factory.mktemp("demo"), teams=12)


@pytest.fixture(params=["sqlite", "postgresql"])
def window(
    request: pytest.FixtureRequest, qtbot: QtBot, home: Path, tmp_path: Path, demo: DemoMission
) -> Iterator[CoordinatorWindow]:
    """The window over a coordinator's SQLite file and over a coordination centre's PostgreSQL."""
    url = (
        f"sqlite:///{tmp_path / 'coordinator.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    with coordinator_window(qtbot, tmp_path, demo.package, demo.key_file, url=url) as shown:
        yield shown


def settled(window: CoordinatorWindow) -> bool:
    return not window.busy and not window.progress.isVisible()


def import_demo(window: CoordinatorWindow, qtbot: QtBot, demo: DemoMission) -> None:
    window.import_paths([demo.bundles[0].parent])
    qtbot.waitUntil(lambda: window.last_report is not None and settled(window), timeout=30000)
    qtbot.waitUntil(lambda: window.tasks.idle and window.summary is not None, timeout=30000)


def cell(model: object, row: int, column: int) -> str:
    return str(model.data(model.index(row, column)))  # type: ignore[attr-defined]


def test_importing_the_folder_shows_each_file_and_why_the_broken_one_was_refused(
    window: CoordinatorWindow, qtbot: QtBot, demo: DemoMission
) -> None:
    import_demo(window, qtbot, demo)
    model = window.import_page.model
    names = [line.name for line in model.rows]
    assert len(names) == len(list(demo.bundles[0].parent.glob("*.zip")))
    broken = names.index("team-09-broken.zip")
    assert model.rows[broken].rejected
    reason = cell(model, broken, 9)
    assert "truncated" in reason or "damaged" in reason
    copy = names.index("team-02.zip")
    handed_in = len(demo.teams[1].records)  # Team 02 handed its file in twice
    first, again = sorted(
        (line.imported, line.duplicate)
        for line in model.rows
        if line.name in ("team-02.zip", "team-02 (copy).zip")
    )
    assert (first, again) == ((0, handed_in), (handed_in, 0))
    assert model.rows[copy].imported + model.rows[copy].duplicate == handed_in
    assert sum(line.conflict for line in model.rows) == 1
    assert sum(1 for line in model.rows if line.rejected) == 1
    assert "rejected files: 1" in window.import_page.totals.text()

    window.import_paths([demo.bundles[0].parent])  # the same files again: nothing new
    qtbot.waitUntil(lambda: settled(window), timeout=30000)
    qtbot.waitUntil(lambda: sum(line.duplicate for line in model.rows) > 100, timeout=30000)
    assert sum(line.imported for line in model.rows) == 0


def test_cancel_stops_the_import_between_two_files_and_a_new_import_finishes_it(
    window: CoordinatorWindow, qtbot: QtBot, demo: DemoMission, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = demo.bundles[0].parent
    files = bundle_paths([folder])
    second_may_end = threading.Event()  # the second file is still being merged at Cancel
    finish = Merger._finish
    started: list[Path] = []

    def write_slowly(merger: Merger, pending: Any) -> FileResult:
        started.append(pending.result.path)
        if len(started) == 2:
            second_may_end.wait(10)
        return finish(merger, pending)

    monkeypatch.setattr(Merger, "_finish", write_slowly)
    qtbot.waitUntil(lambda: settled(window) and window.tasks.idle, timeout=30000)
    assert not window.cancel_button.isVisible()  # the first count has ended
    window.import_paths([folder])
    qtbot.waitUntil(lambda: window.progress.value() == 1, timeout=10000)
    qtbot.waitUntil(lambda: len(started) == 2, timeout=10000)  # the second is being written
    assert window.cancel_button.isVisible() and window.cancel_button.isEnabled()
    assert window.status.text().endswith(f"1 / {len(files)}")
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert not window.cancel_button.isEnabled()  # asked once; the stop comes after this file
    second_may_end.set()
    qtbot.waitUntil(lambda: settled(window) and window.tasks.idle, timeout=30000)

    assert started == files[:2]  # the file under way was finished, no other was begun
    lines = window.import_page.model.rows
    assert [line.name for line in lines] == [path.name for path in files[:2]]
    stopped = f"Import stopped after 2 of {len(files)} files"
    assert window.import_page.totals.text().startswith(stopped)
    assert not window.cancel_button.isVisible()
    with window.workspace.database.transaction() as session:
        stored = len(session.scalars(select(SubmissionRow.id)).all())
    assert stored == sum(line.imported for line in lines)  # both files whole, nothing more

    monkeypatch.undo()
    window.import_paths([folder])  # as the message says: import again to finish
    qtbot.waitUntil(
        lambda: settled(window) and len(window.import_page.model.rows) > 2, timeout=30000
    )
    again = {line.name: line for line in window.import_page.model.rows}
    assert all(again[line.name].imported == 0 for line in lines if not line.rejected)
    assert "stopped" not in window.import_page.totals.text()
    qtbot.waitUntil(lambda: window.tasks.idle, timeout=30000)


def completed_per_region(database: Database, form_id: str) -> dict[str | None, int]:
    with database.transaction() as session:
        rows = session.execute(
            select(SubmissionRow.region).where(
                SubmissionRow.form_id == form_id, SubmissionRow.status == "complete"
            )
        ).all()
    counts: dict[str | None, int] = {}
    for (region,) in rows:
        counts[region] = counts.get(region, 0) + 1
    return counts


def yes_no_count(database: Database, question: str, concern: str, region: str) -> tuple[int, int]:
    """X and Y for a yes/no question of the voting form in one region, from the answers."""
    with database.transaction() as session:
        values = [
            json.loads(document)["answers"].get(question)
            for document in session.scalars(
                select(SubmissionRow.document).where(
                    SubmissionRow.form_id == "voting",
                    SubmissionRow.region == region,
                    SubmissionRow.status == "complete",
                )
            )
        ]
    answered = [v for v in values if v in ("yes", "no")]
    return sum(1 for v in answered if v == concern), len(answered)


def test_a_region_filter_changes_the_counts_to_that_regions(
    window: CoordinatorWindow, qtbot: QtBot, demo: DemoMission
) -> None:
    import_demo(window, qtbot, demo)
    database = window.workspace.database
    everywhere = completed_per_region(database, "voting")
    region = max((r for r in everywhere if r), key=lambda r: everywhere[r])
    rows = window.dashboard.findings_model.rows
    heading = next(
        r for r in rows if isinstance(r, FormHeading) and r.units == sum(everywhere.values())
    )
    assert heading is not None

    box = window.dashboard.region_box
    box.setCurrentIndex(box.findData(region))
    qtbot.waitUntil(
        lambda: (
            settled(window)
            and window.summary is not None
            and window.summary.filters.regions == (region,)
        ),
        timeout=30000,
    )
    rows = window.dashboard.findings_model.rows
    voting = window.summary.form("voting")  # type: ignore[union-attr]
    assert voting.units == everywhere[region]
    assert any(isinstance(r, FormHeading) and r.units == everywhere[region] for r in rows)
    # Every yes/no concern of the voting form, as the dashboard shows it, against the database.
    checked = 0
    for line in rows:
        if not isinstance(line, FindingLine) or line.form_id != "voting":
            continue
        if line.kind != ItemKind.QUESTION:
            continue
        item = voting.count(ItemKind.QUESTION, line.item_id).item
        if not item.concern <= {"yes", "no"}:
            continue
        (concern,) = tuple(item.concern)
        x, y = yes_no_count(database, line.item_id, concern, region)
        if y == 0:
            continue
        # The demo's observers answer only what the form asks: every stored answer counts.
        assert (line.concern, line.answered) == (x, y)
        row = rows.index(line)
        share = f"{100 * x / y:.1f}%"
        shown = cell(window.dashboard.findings_model, row, 1)
        assert shown.removesuffix(" ⚠ base under 10") == f"{x} of {y} observations ({share})"
        checked += 1
    assert checked > 3
    coverage = {r.code: r for r in window.dashboard.regions_model.rows}
    assert coverage[region].observations == sum(
        n
        for form in ("opening", "voting", "counting", "tabulation", "incident")
        for r, n in completed_per_region(database, form).items()
        if r == region
    )


def test_a_click_on_a_finding_lists_the_observations_behind_it(
    window: CoordinatorWindow, qtbot: QtBot, demo: DemoMission
) -> None:
    import_demo(window, qtbot, demo)
    model = window.dashboard.findings_model
    row = next(i for i, r in enumerate(model.rows) if isinstance(r, FindingLine) and r.concern >= 2)
    finding = model.rows[row]
    assert isinstance(finding, FindingLine)
    window.dashboard.findings.setFocus()
    window.dashboard.findings.selectRow(row)
    behind = window.dashboard.behind_model
    qtbot.waitUntil(lambda: len(behind.rows) == finding.concern, timeout=10000)
    window.dashboard.open_button.click()
    qtbot.waitUntil(lambda: hasattr(window, "record_dialog"), timeout=10000)
    dialog = window.record_dialog
    assert behind.rows[0].place in dialog.heading.text()
    assert dialog.model.rows  # every answer, in words
    dialog.close()


def test_resolving_a_conflict_records_the_choice_and_counts_the_chosen_content(
    window: CoordinatorWindow, qtbot: QtBot, demo: DemoMission
) -> None:
    import_demo(window, qtbot, demo)
    page = window.conflicts
    qtbot.waitUntil(lambda: len(page.list_model.rows) == 1, timeout=10000)
    qtbot.waitUntil(lambda: bool(page.compare_model.rows), timeout=10000)
    differing = [line for line in page.compare_model.rows if line.differs]
    assert [line.question_id for line in differing] == ["comments"]
    conflict = page.list_model.rows[0]
    other = next(h for h in conflict.hashes if h != conflict.counted)
    which = conflict.hashes.index(other)
    wanted = differing[0].left if which == 0 else differing[0].right
    page.who.setText("Dana Coordinator")
    page.note.setText("Confirmed by phone with the observer")
    (page.keep_a if which == 0 else page.keep_b).click()
    qtbot.waitUntil(
        lambda: bool(page.list_model.rows) and page.list_model.rows[0].kept == other,
        timeout=10000,
    )
    qtbot.waitUntil(lambda: window.tasks.idle, timeout=10000)
    with window.workspace.database.transaction() as session:
        decision = decision_of(session, conflict.submission_id, conflict.revision)
        assert decision is not None
        assert (decision.kept_hash, decision.decided_by) == (other, "Dana Coordinator")
        (now,) = list_conflicts(session)
        assert next(v for v in now.versions if v.counted).content_hash == other
        kept = read_submission(session, conflict.submission_id)
        assert kept is not None
        comment = kept.answers.get("comments")
    assert (comment or "") == wanted
    assert "Dana Coordinator" in cell(page.list_model, 0, 4)


def test_the_pdf_says_what_the_dashboard_shows(
    window: CoordinatorWindow, qtbot: QtBot, demo: DemoMission, tmp_path: Path
) -> None:
    import_demo(window, qtbot, demo)
    box = window.dashboard.region_box
    region = "ALA"
    box.setCurrentIndex(box.findData(region))
    qtbot.waitUntil(
        lambda: (
            settled(window)
            and window.summary is not None
            and window.summary.filters.regions == (region,)
        ),
        timeout=30000,
    )
    target = tmp_path / "summary.pdf"
    window.export_pdf(target)
    qtbot.waitUntil(lambda: window.last_export == [target] and settled(window), timeout=60000)
    text = " ".join((page.extract_text() or "") for page in PdfReader(target).pages)
    text = " ".join(text.split())
    shown = [r for r in window.dashboard.findings_model.rows if isinstance(r, FindingLine)]
    top = [r for r in shown if r.answered and r.concern][:5]
    assert top
    for line in top:
        assert line.finding.split()[0] in text
        assert f"{line.concern} of {line.answered}" in text or (
            f"{line.concern} out of {line.answered}" in text
        ), line
    summary = window.summary
    assert summary is not None
    assert str(summary.coverage.observations) in text


def test_export_csv_and_xlsx_with_the_current_filters(
    window: CoordinatorWindow, qtbot: QtBot, demo: DemoMission, tmp_path: Path
) -> None:
    import_demo(window, qtbot, demo)
    for suffix in (".xlsx", ".csv"):
        target = tmp_path / f"table{suffix}"
        window.last_export = []
        window.export_table(target)
        qtbot.waitUntil(lambda: bool(window.last_export) and settled(window), timeout=60000)
        assert all(path.is_file() for path in window.last_export)


def test_incidents_list_time_station_category_and_words(
    window: CoordinatorWindow, qtbot: QtBot, demo: DemoMission
) -> None:
    import_demo(window, qtbot, demo)
    model = window.incidents.model
    assert len(model.rows) == len(window.summary.incidents)  # type: ignore[union-attr]
    assert model.rows
    first = model.rows[0]
    assert first.words and first.category and first.place
    assert cell(model, 0, 4) == first.words


def test_the_window_switches_language_live(
    window: CoordinatorWindow, qtbot: QtBot, demo: DemoMission, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_demo(window, qtbot, demo)
    window.language.set_language("ru", remember=False)
    assert window.tabs.tabText(1) != "&Dashboard"
    assert window.switch_action.text() != "Switch to observer mode"
    window.language.set_language("kk", remember=False)
    assert window.import_page.model.headerData(0, 1) != "File"  # type: ignore[arg-type]
    emitted: list[bool] = []
    window.mode_switch_requested.connect(lambda: emitted.append(True))
    asked = answer_mode_question(monkeypatch, QMessageBox.ButtonRole.AcceptRole)
    window.switch_action.trigger()
    assert "Байқаушы режиміне ауысу" in asked[0][2]
    assert emitted == [True]
