"""`image` and `file` questions: what an observer may attach, told by content, within a limit."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pyxform.xls2xform import convert

from observer_app.formspec import AnswerTypeError, check_answer
from observer_app.formspec.attachments import AttachmentRefused, accept_attachment
from observer_app.formspec.models import ATTACHMENT_MAX_BYTES, FileQuestion, ImageQuestion
from observer_app.formspec.xlsform_export import form_to_sheets, write_xlsform
from observer_app.formspec.xlsform_import import read_xlsform
from tests.conftest import build, q, text

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.7\n" + b"\x00" * 64


def image_question(**fields: object) -> ImageQuestion:
    form = build(q("protocol_photo", "image", **fields))
    question = form.questions["protocol_photo"]
    assert isinstance(question, ImageQuestion)
    return question


def test_a_photo_is_taken_by_its_content_and_the_answer_is_a_reference() -> None:
    ref = accept_attachment(image_question(), "/home/anna/DCIM/IMG_0042.jpg", JPEG_BYTES)
    assert ref.media_type == "image/jpeg"
    assert ref.name == "IMG_0042.jpg"  # the folder on the observer's laptop is not kept
    assert ref.sha256 == hashlib.sha256(JPEG_BYTES).hexdigest()
    assert ref.size == len(JPEG_BYTES)
    # A PNG named .jpg is still a PNG: the name never decides.
    assert accept_attachment(image_question(), "photo.jpg", PNG_BYTES).media_type == "image/png"


def test_a_file_that_is_not_a_photo_is_refused_naming_the_file_and_the_reason() -> None:
    with pytest.raises(AttachmentRefused) as refused:
        accept_attachment(image_question(), "protocol.jpg", PDF_BYTES)
    assert str(refused.value) == (
        "protocol.jpg: the content is a PDF document; "
        "this question takes a JPEG image or a PNG image"
    )
    with pytest.raises(AttachmentRefused, match=r"notes\.jpg: the content is not a file of"):
        accept_attachment(image_question(), "notes.jpg", b"just some text")
    with pytest.raises(AttachmentRefused, match=r"empty\.png: the file is empty"):
        accept_attachment(image_question(), "empty.png", b"")


def test_a_file_over_the_limit_is_refused_with_both_sizes() -> None:
    with pytest.raises(AttachmentRefused) as refused:
        accept_attachment(image_question(), "big.jpg", JPEG_BYTES + b"\x00" * (12 * 2**20))
    assert str(refused.value) == "big.jpg: 12.0 MB is over the limit of 10.0 MB"
    with pytest.raises(AttachmentRefused) as refused:
        accept_attachment(image_question(max_bytes=100), "big.jpg", JPEG_BYTES + b"\x00" * 100)
    assert refused.value.reason == f"{len(JPEG_BYTES) + 100} bytes is over the limit of 100 bytes"
    assert ImageQuestion.model_fields["max_bytes"].default == ATTACHMENT_MAX_BYTES == 10 * 2**20


def test_a_file_question_takes_a_pdf_and_an_image_question_does_not() -> None:
    form = build(q("complaint", "file"), q("protocol_photo", "image"))
    complaint = form.questions["complaint"]
    assert isinstance(complaint, FileQuestion)
    ref = accept_attachment(complaint, "complaint.pdf", PDF_BYTES)
    check_answer(form, "complaint", ref.to_answer())
    with pytest.raises(AnswerTypeError, match="not taken by a image question"):
        check_answer(form, "protocol_photo", ref.to_answer())


def test_a_forged_reference_is_refused_before_it_is_saved() -> None:
    form = build(q("protocol_photo", "image"))
    good = accept_attachment(image_question(), "p.jpg", JPEG_BYTES).to_answer()
    check_answer(form, "protocol_photo", good)
    for bad in (
        "p.jpg",
        {**good, "sha256": "abc"},
        {**good, "name": "../../etc/passwd"},
        {**good, "size": -1},
        {**good, "extra": 1},
    ):
        with pytest.raises(AnswerTypeError):
            check_answer(form, "protocol_photo", bad)


def test_xlsform_image_and_file_rows_come_and_go(tmp_path: Path) -> None:
    path = tmp_path / "photo.md"
    path.write_text(
        "| survey |\n"
        "| | type | name | label::en | label::ru | label::kk |\n"
        "| | image | protocol_photo | Protocol photo | Фото протокола | Хаттаманың фотосы |\n"
        "| | file | complaint | Complaint | Жалоба | Шағым |\n",
        encoding="utf-8",
    )
    form = read_xlsform(path).compiled.form
    assert [x.type for x in form.sections[0].questions] == ["image", "file"]
    survey = form_to_sheets(form)["survey"]
    assert [row["type"] for row in survey[1:3]] == ["image", "file"]
    workbook = tmp_path / "photo.xlsx"
    write_xlsform(form, workbook)
    xform = " ".join(convert(str(workbook)).xform.split())
    assert 'mediatype="image/*"' in xform  # ODK's camera/gallery control for the photo
    assert read_xlsform(workbook).compiled.form == form


def test_a_smaller_limit_set_by_the_form_survives_the_xlsform_round_trip(tmp_path: Path) -> None:
    form = build(q("protocol_photo", "image", max_bytes=5 * 2**20)).form
    workbook = tmp_path / "limit.xlsx"
    write_xlsform(form, workbook)
    back = read_xlsform(workbook).compiled.form
    question = back.sections[0].questions[0]
    assert isinstance(question, ImageQuestion)
    assert question.max_bytes == 5 * 2**20


def test_a_limit_above_ten_megabytes_is_refused_by_the_format() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        build(q("protocol_photo", "image", max_bytes=50 * 2**20))


def test_a_photo_question_inside_a_repeat_is_refused_by_the_format() -> None:
    """A file belongs to the whole submission: the bundle and the window keep one per question."""
    photo_rows = q("photos", "repeat", label=text("Photos"), questions=[q("photo", "image")])
    with pytest.raises(ValueError, match="image"):
        build(photo_rows)
