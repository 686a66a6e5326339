"""Files answered to image questions, without a window: kept by the laptop, handed in, checked
by the merge against the signed answer, shown to the coordinator, printed and exported."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import text as sql

from observer_app.exchange.bundle import Attachment
from observer_app.exchange.keys import DeviceKey
from observer_app.exchange.merge import Merger, Outcome
from observer_app.exchange.mission import MissionPackage, install_mission
from observer_app.formspec.attachments import AttachmentRefused
from observer_app.store import Database, open_database
from observer_app.store.settings import ObserverProfile
from observer_app.store.submissions import MissingAttachment, NotEditable
from observer_app.workspace.coordinator import CoordinatorWorkspace
from observer_app.workspace.errors import WorkspaceError
from observer_app.workspace.laptop import ObserverWorkspace
from tests.conftest import form_data, mission_of_forms, q, text
from tests.exchange.factory import bundle, record

PHOTO = text("Photo of the signed results protocol")


def photo_bytes(kind: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (230, 228, 215)).save(buffer, kind)
    return buffer.getvalue()


@dataclass
class Mission:
    package: MissionPackage
    path: Path


@pytest.fixture
def mission(tmp_path: Path) -> Mission:
    form = form_data(
        q("pec_number", "integer", label=text("PEC number")),
        q("protocol_photo", "image", label=PHOTO),
        id="protocol",
    )
    return Mission(*mission_of_forms(tmp_path, [form], "Photo mission"))


@pytest.fixture
def laptop(home: Path, mission: Mission) -> Iterator[ObserverWorkspace]:
    home.mkdir(parents=True, exist_ok=True)
    workspace = ObserverWorkspace.open()
    workspace.set_up_from_package(mission.path, ObserverProfile("Айгүл Сейітова", "Team 7"))
    yield workspace
    workspace.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def desk(
    request: pytest.FixtureRequest, tmp_path: Path, mission: Mission
) -> Iterator[CoordinatorWorkspace]:
    """A coordinator's SQLite file, and a coordination centre's PostgreSQL (bytea)."""
    url = (
        f"sqlite:///{tmp_path / 'coordinator.sqlite3'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    database = open_database(url)
    with database.transaction() as session:
        install_mission(session, mission.package)
    yield CoordinatorWorkspace(database, mission.package.forms)
    database.close()


def merger_for(database: Database, mission: Mission) -> Merger:
    return Merger(
        database,
        coordinator_key=None,
        mission=mission.package.mission,
        forms=mission.package.forms,
    )


def test_a_photo_is_handed_in_merged_shown_printed_and_exported(
    laptop: ObserverWorkspace, desk: CoordinatorWorkspace, mission: Mission, tmp_path: Path
) -> None:
    photo = photo_bytes()
    submission = laptop.start_observation("protocol", None)
    ref = laptop.store.attach(submission.id, "protocol_photo", "/media/DCIM/IMG_0042.jpg", photo)
    laptop.store.save_answers(submission.id, {"pec_number": 12, "protocol_photo": ref.to_answer()})
    laptop.store.complete(submission.id)
    handed = laptop.hand_in(tmp_path / "usb")

    result = merger_for(desk.database, mission).merge_file(handed.path)
    assert result.reason is None and result.counts == {Outcome.IMPORTED: 1}
    view = desk.record(str(submission.id), "ru")
    assert view is not None
    (attached,) = view.files
    assert attached.content == photo and attached.media_type == "image/jpeg"
    assert attached.caption == f"IMG_0042.jpg · {len(photo) / 1024:.1f} KB"

    printed = tmp_path / "observation.pdf"
    desk.print_submission(submission.id, printed, language="kk")
    images = [image for page in PdfReader(printed).pages for image in page.images]
    assert [image.image.size for image in images if image.image is not None] == [(640, 480)]

    written = desk.write_tables(tmp_path / "tables.csv")
    table_path = next(path for path in written if "protocol" in path.name)
    with table_path.open(encoding="utf-8-sig") as table:
        (row,) = list(csv.DictReader(table))
    assert row["protocol_photo"] == f"{hashlib.sha256(photo).hexdigest()}.jpg"


def test_the_bytes_are_stored_before_an_answer_may_name_them(laptop: ObserverWorkspace) -> None:
    submission = laptop.start_observation("protocol", None)
    stray = {
        "sha256": hashlib.sha256(b"never attached").hexdigest(),
        "name": "IMG_0042.jpg",
        "media_type": "image/jpeg",
        "size": 14,
    }
    with pytest.raises(MissingAttachment, match=r"IMG_0042\.jpg: the file for 'protocol_photo'"):
        laptop.store.save_answers(submission.id, {"protocol_photo": stray})
    with pytest.raises(AttachmentRefused, match=r"notes\.jpg: the content is not a file"):
        laptop.store.attach(submission.id, "protocol_photo", "notes.jpg", b"plain text")
    assert laptop.store.get(submission.id).answers == {}
    assert laptop.store.attachments(submission.id) == {}
    laptop.store.save_answers(submission.id, {"pec_number": 1})
    laptop.store.complete(submission.id)
    with pytest.raises(NotEditable):
        laptop.store.attach(submission.id, "protocol_photo", "IMG.jpg", photo_bytes())


def answered(photo: bytes, submission_id: str | None = None) -> dict[str, object]:
    return {
        "pec_number": 12,
        "protocol_photo": {
            "sha256": hashlib.sha256(photo).hexdigest(),
            "name": "IMG_0042.jpg",
            "media_type": "image/jpeg",
            "size": len(photo),
        },
    }


def test_a_bundle_whose_file_is_missing_or_swapped_is_refused_and_nothing_is_merged(
    desk: CoordinatorWorkspace, mission: Mission, tmp_path: Path
) -> None:
    photo = photo_bytes()
    made = record(form=("protocol", 1), answers=answered(photo))
    name = f"{hashlib.sha256(photo).hexdigest()}.jpg"
    device = DeviceKey.generate()
    merger = merger_for(desk.database, mission)
    package = mission.package.mission

    def merged(attachments: list[Attachment]) -> str | None:
        path = tmp_path / f"bundle-{len(list(tmp_path.glob('bundle-*')))}.zip"
        path.write_bytes(bundle([made], package, device, encrypt=False, attachments=attachments))
        return merger.merge_file(path).reason

    reason = merged([])
    assert reason is not None and "the file 'IMG_0042.jpg' answered to 'protocol_photo'" in reason
    assert "is not in the bundle" in reason
    other = photo_bytes("PNG")
    reason = merged([Attachment(made.id, name, other)])
    assert reason == (
        f"attachments/{made.id}/{name}: not the file the answer to 'protocol_photo' of "
        f"submission {made.id} names (its size, SHA-256 or type differs)"
    )
    assert desk.record(made.id, "en") is None  # nothing of either file was merged
    assert merged([Attachment(made.id, name, photo)]) is None
    view = desk.record(made.id, "en")
    assert view is not None and view.files[0].content == photo


def test_a_hand_in_stops_when_a_named_file_is_not_on_the_laptop(
    laptop: ObserverWorkspace, tmp_path: Path
) -> None:
    submission = laptop.start_observation("protocol", None)
    ref = laptop.store.attach(submission.id, "protocol_photo", "IMG_0042.jpg", photo_bytes())
    laptop.store.save_answers(submission.id, {"pec_number": 12, "protocol_photo": ref.to_answer()})
    laptop.store.complete(submission.id)
    with laptop.database.transaction() as session:
        session.execute(sql("DELETE FROM submission_attachments"))  # a damaged laptop database
    with pytest.raises(WorkspaceError, match=r"'IMG_0042\.jpg' answered to 'protocol_photo'"):
        laptop.hand_in(tmp_path / "usb")
    assert not (tmp_path / "usb").exists() or not list((tmp_path / "usb").iterdir())


def test_the_bundle_carries_the_file_under_its_contents_name(
    laptop: ObserverWorkspace, tmp_path: Path
) -> None:
    photo = photo_bytes("PNG")
    submission = laptop.start_observation("protocol", None)
    ref = laptop.store.attach(submission.id, "protocol_photo", "Протокол ПИК 12.png", photo)
    laptop.store.save_answers(submission.id, {"pec_number": 12, "protocol_photo": ref.to_answer()})
    laptop.store.complete(submission.id)
    path = laptop.hand_in(tmp_path / "usb").path
    with zipfile.ZipFile(path) as opened:
        carried = [n for n in opened.namelist() if n.startswith("attachments/")]
        assert carried == [f"attachments/{submission.id}/{hashlib.sha256(photo).hexdigest()}.png"]
        assert opened.read(carried[0]) == photo
