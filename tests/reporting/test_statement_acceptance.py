"""The statement's election day, rebuilt: from observations that mirror the 2021
preliminary statement, `observer-app report` writes its sentences, word for word, in the
summary PDF and in the Word draft, in English, Russian and Kazakh.

The sentences are written out here, not taken from the code that makes them, so a change
of wording or of a quantifier threshold shows as a failure an analyst can read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from observer_app.cli import main
from observer_app.domain.i18n import Language
from observer_app.store.database import Database
from tests.analysis.factory import Dataset
from tests.reporting.election_day import election_day

SENTENCES: dict[Language, list[str]] = {
    "en": [
        "In 8 of the 12 TECs where tabulation was observed, the process was not transparent.",
        "In 8 of the 12 TECs where tabulation was observed, the premises were overcrowded.",
        "In 8 of the 12 TECs where tabulation was observed, health protection protocols "
        "could not be followed.",
        "In 9 of the 12 TECs where tabulation was observed, citizen observers were not present.",
        "In 2 of the 14 TECs visited, the TEC was closed with no tabulation under way.",
        "In all TECs where tabulation was observed, the entry of results into the database "
        "could not be verified.",
        "In a few polling stations visited, observers were denied entry.",
        "In most polling stations visited, the PEC limited the number of people present.",
        "In all polling stations visited, personal protective equipment was available for "
        "PEC members, observers and voters.",
        "In the majority of polling stations visited, voters with disabilities had "
        "unassisted access.",
        "In a few polling stations visited, ballot boxes were not properly sealed.",
        "In a few polling stations visited, unauthorized persons were present.",
        "In almost all polling stations where counting was observed, the PEC did not "
        "consistently follow procedures.",
        "In almost all polling stations where counting was observed, the number of votes "
        "cast for each party was not announced.",
        "In almost all polling stations where counting was observed, reconciliation "
        "safeguards were skipped.",
        "In most polling stations where counting was observed, observers were requested to "
        "remain at a large distance from the count.",
    ],
    "ru": [
        "В 8 из 12 ТИК, где наблюдалось подведение итогов, процесс не был прозрачным.",
        "В 8 из 12 ТИК, где наблюдалось подведение итогов, помещение было переполнено.",
        "В 8 из 12 ТИК, где наблюдалось подведение итогов, соблюдать санитарные протоколы "
        "было невозможно.",
        "В 9 из 12 ТИК, где наблюдалось подведение итогов, гражданские наблюдатели отсутствовали.",
        "В 2 из 14 посещённых ТИК комиссия была закрыта, подведение итогов не проводилось.",
        "Во всех ТИК, где наблюдалось подведение итогов, проверить ввод результатов в базу "
        "данных было невозможно.",
        "На отдельных посещённых избирательных участках наблюдателям было отказано в допуске.",
        "На большинстве посещённых избирательных участков УИК ограничивала число присутствующих.",
        "На всех посещённых избирательных участках средства индивидуальной защиты для членов "
        "УИК, наблюдателей и избирателей имелись.",
        "Более чем на половине посещённых избирательных участков был обеспечен "
        "самостоятельный доступ для избирателей с инвалидностью.",
        "На отдельных посещённых избирательных участках урны для голосования не были "
        "надлежащим образом опечатаны.",
        "Почти на всех избирательных участках, где наблюдался подсчёт голосов, УИК не "
        "соблюдала последовательно установленные процедуры.",
        "Почти на всех избирательных участках, где наблюдался подсчёт голосов, число голосов, "
        "поданных за каждую партию, не объявлялось.",
        "Почти на всех избирательных участках, где наблюдался подсчёт голосов, процедуры "
        "сверки данных были пропущены.",
        "На большинстве избирательных участков, где наблюдался подсчёт голосов, наблюдателей "
        "попросили находиться на большом расстоянии от места подсчёта голосов.",
    ],
    "kk": [
        "Қорытындыларды шығару байқалған 12 АСК-ның 8-інде процесс ашық болмады.",
        "Қорытындыларды шығару байқалған 12 АСК-ның 8-інде үй-жайда адам тым көп болды.",
        "Қорытындыларды шығару байқалған 12 АСК-ның 8-інде денсаулықты қорғау хаттамаларын "
        "сақтау мүмкін болмады.",
        "Қорытындыларды шығару байқалған 12 АСК-ның 9-ында азаматтық байқаушылар болмады.",
        "Байқаушылар барған 14 АСК-ның 2-сінде комиссия жабық болып, қорытындыларды шығару "
        "жүргізілмеді.",
        "Қорытындыларды шығару байқалған АСК-лардың барлығында нәтижелердің дерекқорға "
        "енгізілуін тексеру мүмкін болмады.",
        "Байқаушылар барған сайлау учаскелерінің бірнешеуінде байқаушылар учаскеге кіргізілмеді.",
        "Байқаушылар барған сайлау учаскелерінің көпшілігінде УСК ішінде бір мезгілде "
        "болатын адамдар санын шектеді.",
        "Байқаушылар барған сайлау учаскелерінің барлығында УСК мүшелері, байқаушылар мен "
        "сайлаушылар үшін жеке қорғаныш құралдары болды.",
        "Байқаушылар барған сайлау учаскелерінің жартысынан көбінде мүгедектігі бар "
        "сайлаушылардың көмексіз кіруі қамтамасыз етілді.",
        "Байқаушылар барған сайлау учаскелерінің бірнешеуінде сайлау жәшіктері тиісінше "
        "пломбыланбады.",
        "Дауыстарды санау байқалған сайлау учаскелерінің басым көпшілігінде УСК рәсімдерді "
        "дәйекті түрде сақтамады.",
        "Дауыстарды санау байқалған сайлау учаскелерінің басым көпшілігінде әр партияға "
        "берілген дауыстар саны жарияланбады.",
        "Дауыстарды санау байқалған сайлау учаскелерінің басым көпшілігінде деректерді "
        "салыстыру рәсімдері өткізіп жіберілді.",
        "Дауыстарды санау байқалған сайлау учаскелерінің көпшілігінде байқаушылардан санау "
        "орнынан алыс тұру талап етілді.",
    ],
}


def _flat(text: str) -> str:
    """Text with line breaks and runs of spaces as single spaces, and a word broken over a
    line ("проз-\\nрачным") joined, as a reader reads it."""
    return " ".join(text.replace("-\n", "").split())


@pytest.fixture
def url(database: Database, data: Dataset) -> str:
    election_day(data)
    return database.url


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_summary_pdf_says_what_the_statement_says(
    url: str, tmp_path: Path, language: Language
) -> None:
    out = tmp_path / "summary.pdf"
    assert main(["report", "--db", url, "--out", str(out), "--lang", language]) == 0
    text = _flat("\n".join(page.extract_text() for page in PdfReader(out).pages))
    missing = [sentence for sentence in SENTENCES[language] if sentence not in text]
    assert missing == []


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_word_draft_holds_the_statement_as_paragraphs(
    url: str, tmp_path: Path, language: Language
) -> None:
    out = tmp_path / "findings.docx"
    assert main(["report", "--db", url, "--out", str(out), "--lang", language]) == 0
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    missing = [sentence for sentence in SENTENCES[language] if sentence not in paragraphs]
    assert missing == []
