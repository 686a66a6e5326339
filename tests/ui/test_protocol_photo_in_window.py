"""A photo of the signed results protocol, from the observer's window to the coordinator's print.

The observer attaches it by the file dialog or by dropping it on the question; it is shown,
stored, handed in inside the bundle, merged, shown in the coordinator's read-only view of
the observation and printed on the observation's paper form.
"""

from __future__ import annotations

import hashlib
import io
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from observer_app.exchange.mission import read_mission_package
from observer_app.ui.attachment_input import AttachmentInput
from observer_app.ui.main_window import MainWindow
from tests.conftest import form_data, q, text
from tests.ui.coordinator_desk import coordinator_window
from tests.ui.form_home import open_form, stored_answer

PHOTO_LABEL = text(
    "Photo of the signed results protocol",
    "Фотография подписанного протокола об итогах голосования",
    "Дауыс беру қорытындылары туралы қол қойылған хаттаманың фотосуреті",
)


def protocol_photo(path: Path, kind: str = "JPEG", size: tuple[int, int] = (1200, 900)) -> bytes:
    """A photo-like picture of a protocol sheet: lines of figures on paper."""
    image = Image.new("RGB", size, (236, 232, 220))
    draw = ImageDraw.Draw(image)
    for line in range(12):
        y = 80 + line * 60
        draw.rectangle((100, y, size[0] - 100, y + 8), fill=(40, 40, 60))
    draw.rectangle((size[0] - 360, size[1] - 160, size[0] - 120, size[1] - 120), fill=(20, 60, 160))
    buffer = io.BytesIO()
    image.save(buffer, kind)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def open_protocol_form(
    qtbot: QtBot, home: Path, tmp_path: Path
) -> tuple[MainWindow, AttachmentInput]:
    form = form_data(
        q("pec_number", "integer", label=text("PEC number")),
        q("protocol_photo", "image", label=PHOTO_LABEL, max_bytes=2 * 1024 * 1024),
        id="protocol",
    )
    window = open_form(qtbot, home, tmp_path, form)
    field = window.form_view._rows["protocol_photo"].input
    assert isinstance(field, AttachmentInput)
    return window, field


def stored(window: MainWindow) -> Any:
    return stored_answer(window, "protocol_photo")


def choose_in_dialog(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))


def attach_by_dialog(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, field: AttachmentInput, path: Path
) -> bytes:
    """A photo written to `path`, chosen in the file dialog, once the input shows it kept."""
    photo = protocol_photo(path)
    choose_in_dialog(monkeypatch, path)
    field.choose_button.click()
    qtbot.waitUntil(lambda: field.value() is not None)
    return photo


def drop_on(field: AttachmentInput, path: Path) -> None:
    """Drag `path` over the question and drop it, as the desktop delivers a drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    position = QPointF(field.width() / 2, field.height() / 2)
    with warnings.catch_warnings():  # PySide6 marks the only constructor deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            position.toPoint(),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(field, enter)
    assert enter.isAccepted()  # the question takes the file being dragged over it
    drop = QDropEvent(
        position,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(field, drop)


def test_a_protocol_photo_goes_from_the_form_to_the_coordinator_and_onto_paper(
    qtbot: QtBot, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, field = open_protocol_form(qtbot, home, tmp_path)
    submission = window.form_view.submission
    assert submission is not None

    # By the file dialog: the photo is stored, then shown with its name and size.
    first = attach_by_dialog(qtbot, monkeypatch, field, tmp_path / "IMG_0042.jpg")
    assert not field.thumbnail.pixmap().isNull()
    assert field.caption.text().startswith("IMG_0042.jpg · ")
    assert stored(window)["sha256"] == hashlib.sha256(first).hexdigest()

    # By dropping another on the question: it replaces the first.
    second = protocol_photo(tmp_path / "протокол ПИК 12.png", "PNG")
    drop_on(field, tmp_path / "протокол ПИК 12.png")
    qtbot.waitUntil(lambda: (field.value() or {}).get("name") == "протокол ПИК 12.png")
    answer = stored(window)
    assert answer == {
        "sha256": hashlib.sha256(second).hexdigest(),
        "name": "протокол ПИК 12.png",
        "media_type": "image/png",
        "size": len(second),
    }
    field.grab().save(str(tmp_path / "attached.png"))

    # Completed and handed in: the photo travels in the bundle, under its content's name.
    store = window.workspace.store
    store.save_answers(submission.id, {"pec_number": 12})
    store.complete(submission.id)
    usb = tmp_path / "usb"
    bundle = window.workspace.hand_in(usb).path
    member = f"attachments/{submission.id}/{answer['sha256']}.png"
    with zipfile.ZipFile(bundle) as opened:
        assert opened.read(member) == second

    # The coordinator merges it, sees the photo in the observation and prints it.
    package = read_mission_package((tmp_path / "mission.zip").read_bytes())
    desk_folder = tmp_path / "desk"
    desk_folder.mkdir()
    with coordinator_window(qtbot, desk_folder, package, None) as coordinator:
        coordinator.import_paths([usb])
        qtbot.waitUntil(lambda: coordinator.last_report is not None, timeout=30000)
        assert coordinator.last_report is not None
        assert coordinator.last_report.totals["imported"] == 1
        coordinator.open_observation(str(submission.id))
        qtbot.waitUntil(lambda: hasattr(coordinator, "record_dialog"), timeout=10000)
        dialog = coordinator.record_dialog
        (shown,) = dialog.files
        assert shown.question.text() == PHOTO_LABEL["en"]
        assert not shown.thumbnail.pixmap().isNull()
        assert shown.caption.text() == f"протокол ПИК 12.png · {len(second) / 1024:.1f} KB"
        photo_line = next(
            line for line in dialog.model.rows if line.question_id == "protocol_photo"
        )
        assert photo_line.answer == shown.caption.text()
        dialog.grab().save(str(tmp_path / "record.png"))
        copy = tmp_path / "copy.png"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
        shown.save_button.click()
        assert copy.read_bytes() == second  # the file as handed in, to open at full size
        printed = tmp_path / "observation.pdf"
        coordinator.print_observation(str(submission.id), printed)
        qtbot.waitUntil(lambda: coordinator.last_print == printed, timeout=20000)
        dialog.close()
    page_text = "".join(page.extract_text() for page in PdfReader(printed).pages)
    assert "протокол ПИК 12.png" in page_text
    images = [image for page in PdfReader(printed).pages for image in page.images]
    assert len(images) == 1
    assert images[0].image is not None and images[0].image.size == (1200, 900)


def test_a_file_that_is_not_a_photo_is_refused_beside_the_question_and_nothing_is_stored(
    qtbot: QtBot, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, field = open_protocol_form(qtbot, home, tmp_path)
    disguised = tmp_path / "protocol.jpg"
    disguised.write_bytes(b"%PDF-1.7\n" + b"0" * 500)
    choose_in_dialog(monkeypatch, disguised)
    field.choose_button.click()
    qtbot.waitUntil(lambda: field.refusal.isVisibleTo(field))
    assert field.refusal.text() == (
        "protocol.jpg: the content is a PDF document; this question takes a JPEG image or a "
        "PNG image."
    )
    assert stored(window) is None

    # Over the question's 2 MB: refused from its size, in the window's language.
    big = tmp_path / "scan.png"
    protocol_photo(big, "PNG", (3000, 2000))
    with big.open("ab") as grown:
        grown.write(b"\0" * (2 * 1024 * 1024))
    window.language.set_language("ru", remember=False)
    drop_on(field, big)
    size = big.stat().st_size
    assert field.refusal.text() == (
        f"scan.png: размер {size:,} байт превышает лимит 2\u00a0097\u00a0152 байт."
    ).replace(",", "\u00a0")
    window.language.set_language("en", remember=False)
    assert field.refusal.text().startswith("scan.png: ")
    assert field.refusal.text().endswith("is over the limit of 2\u00a0097\u00a0152 bytes.")
    assert stored(window) is None
    assert field.value() is None


def test_a_draft_opened_again_shows_its_photo_and_a_removed_photo_is_no_answer(
    qtbot: QtBot, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, field = open_protocol_form(qtbot, home, tmp_path)
    submission = window.form_view.submission
    assert submission is not None
    attach_by_dialog(qtbot, monkeypatch, field, tmp_path / "IMG_0042.jpg")
    window.form_view.flush_now()
    window.open_submission(submission.id)
    again = window.form_view._rows["protocol_photo"].input
    assert isinstance(again, AttachmentInput) and again is not field
    qtbot.waitUntil(lambda: not again.thumbnail.pixmap().isNull())
    assert again.caption.text().startswith("IMG_0042.jpg")
    again.remove_button.click()
    assert stored(window) is None
    assert again.caption.text().startswith("No photo yet")
