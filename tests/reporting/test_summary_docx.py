"""The findings as a Word draft: the statement's sentences, editable, each with its figures,
under the mission's name and the counting rule, in the language asked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from observer_app.analysis import Unit, summarize
from observer_app.cli import main
from observer_app.domain.i18n import Language
from observer_app.reporting.phrases import unit_sentence
from observer_app.reporting.statement import form_statement
from observer_app.reporting.words import Words
from observer_app.store.database import Database
from tests.analysis.factory import Dataset, builtin_forms
from tests.reporting.statement import statement_day


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_draft_holds_every_sentence_of_the_statement_with_its_figures(
    database: Database, data: Dataset, tmp_path: Path, language: Language
) -> None:
    statement_day(data)
    out = tmp_path / "findings.docx"
    status = main(
        ["report", "--db", database.url, "--out", str(out), "--lang", language, "--per-station"]
    )
    assert status == 0
    paragraphs = [p.text for p in Document(str(out)).paragraphs]

    summary = summarize(database, builtin_forms(), unit=Unit.STATION, workers=1)
    words = Words(language)
    assert unit_sentence(words, Unit.STATION) in paragraphs[:4]
    sentences = 0
    for form in summary.forms:
        statement = form_statement(words, form, summary.unit)
        for line in statement.lines:
            at = paragraphs.index(line.sentence)
            assert paragraphs[at + 1] == line.figures  # the figures right beneath
            sentences += 1
        if statement.none_reported:
            assert statement.none_reported in paragraphs
    assert sentences >= 3


def test_the_draft_says_which_file_names_it_takes(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "findings.odt"
    assert main(["report", "--db", database.url, "--out", str(out)]) == 1
    assert "must end in .pdf or .docx" in capsys.readouterr().err
    assert not out.exists()
