"""One submission printed as a paper form: every answer, skipped ones marked, a signature line."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from observer_app.store.database import Database
from observer_app.workspace.errors import NotFound
from observer_app.workspace.printing import print_submission
from tests.analysis.factory import Dataset, builtin_forms
from tests.reporting.statement import TABULATION_BASE


def text_of(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_every_answer_is_printed_with_a_signature_line(
    database: Database, data: Dataset, tmp_path: Path
) -> None:
    answers = {
        **TABULATION_BASE,
        "transparent": "no",
        "overcrowded": "yes",
        "comments": "Протоколы переписывались.",
    }
    submission = data.add(
        "tabulation", answers, tec="AKM-01", observer="Айгүл Сейітова", team="Team 7"
    )
    path = tmp_path / "form.pdf"
    print_submission(database, builtin_forms(), uuid.UUID(submission), path, language="kk")
    text = text_of(path)
    assert "АСК-да қорытындыларды шығару" in text  # the form's title in Kazakh
    assert "Айгүл Сейітова" in text and "Көкшетау қалалық АСК" in text
    assert "☒ Жоқ" in text  # transparent: no, ticked
    assert "Протоколы переписывались." in text
    assert "сұрақ қойылмады" in text  # postponement_reason_given was skipped
    assert "Байқаушының қолы" in text and "Күні" in text
    assert "Адам тым көп үй-жайда" not in text  # the check's message, not its finding:
    assert "Процесті қадағалауға не кедергі болғанын" in text


def test_an_unknown_submission_is_refused(database: Database, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match=r"no submission [0-9a-f-]+ in sqlite"):
        print_submission(database, builtin_forms(), uuid.uuid4(), tmp_path / "form.pdf")


def test_every_page_is_numbered_and_later_pages_say_whose_form_it_is(
    database: Database, data: Dataset, tmp_path: Path
) -> None:
    answers = {**TABULATION_BASE, "comments": "Протоколы переписывались. " * 300}
    submission = data.add("tabulation", answers, tec="AKM-01", observer="Айгүл Сейітова")
    path = tmp_path / "form.pdf"
    print_submission(database, builtin_forms(), uuid.UUID(submission), path, language="ru")

    pages = [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        assert f"Страница {number} из {len(pages)}" in text
    for text in pages[1:]:
        assert "Айгүл Сейітова" in text and submission in text
