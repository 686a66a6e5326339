"""The figures gathered across forms, as the PDF and the Word draft print them, in three
languages, on the hand-counted day of tests/analysis/test_across.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from observer_app.analysis import Summary, Unit, summarize
from observer_app.analysis.across import Access
from observer_app.analysis.summary import Mission
from observer_app.domain.i18n import Language
from observer_app.reporting.across import access_sentences
from observer_app.reporting.summary_docx import write_summary_docx
from observer_app.reporting.summary_pdf import write_summary
from observer_app.reporting.words import Words
from observer_app.store.database import Database
from tests.analysis.factory import Dataset, builtin_forms
from tests.analysis.test_across import write_day
from tests.reporting.test_summary_pdf import pdf_text

EXPECTED: dict[str, list[str]] = {
    "en": [
        "In 2 of the 3 polling stations where counting was observed, at least one key "
        "counting safeguard was skipped (unused ballots cancelled",
        "Observers' access was restricted (entry refused, kept at a distance, observers "
        "turned away) in 7 of 13 observations.",
        "This happened in 5 of the 7 polling stations where access was recorded.",
        "At TECs: in 1 of the 2 TECs where access was recorded.",
        "Counting: from its start to the signing of the results protocol, a median of "
        "1 h 00 min (shortest 45 min, longest 2 h 30 min), timed in 3 observations.",
        "Tabulation at the TEC: from its start to the signing of the results protocol, a "
        "median of 6 h 30 min (shortest 6 h 30 min, longest 6 h 30 min), timed in 1 "
        "observation.",
        "Counting: among the 3 observations assessed negatively (bad or very bad), the "
        "concerns reported most often were: at least one key counting safeguard skipped "
        "(2 of 2);",
    ],
    "ru": [
        "На 2 из 3 избирательных участков, где наблюдался подсчёт голосов, была пропущена "
        "по меньшей мере одна из основных гарантий при подсчёте голосов",
        "Доступ наблюдателей был ограничен (отказ в допуске, требование находиться на "
        "большом расстоянии, недопуск наблюдателей) в 7 из 13 наблюдений.",
        "Это касалось 5 из 7 избирательных участков, по которым отмечены сведения о доступе.",
        "В ТИК: в 1 из 2 ТИК, по которым отмечены сведения о доступе.",
        "медиана 1 ч 00 мин (самое короткое 45 мин, самое долгое 2 ч 30 мин); время "
        "отмечено в 3 наблюдениях.",
        "среди 3 наблюдений с отрицательной оценкой («плохо» или «очень плохо») чаще всего "
        "отмечались: пропущена по меньшей мере одна из основных гарантий при подсчёте "
        "голосов (2 из 2);",
    ],
    "kk": [
        "Дауыстарды санау байқалған 3 сайлау учаскесінің 2-сінде дауыстарды санаудың "
        "негізгі кепілдіктерінің кемінде біреуі өткізіп жіберілді",
        "13 байқаудың 7-сінде шектелді.",
        "мәлімет белгіленген 7 сайлау учаскесінің 5-інде орын алды.",
        "медианасы 1 сағ 00 мин (ең қысқасы 45 мин, ең ұзағы 2 сағ 30 мин); уақыт 3 "
        "байқауда белгіленген.",
        "теріс бағаланған («нашар» немесе «өте нашар») 3 байқаудың ішінде ең жиі "
        "кездескені: дауыстарды санаудың негізгі кепілдіктерінің кемінде біреуі өткізіп "
        "жіберілді",
    ],
}


@pytest.fixture
def summary(database: Database, data: Dataset) -> Summary:
    write_day(data)
    mission = Mission("IEOM Kazakhstan 2021", "Majilis, 10 January 2021")
    return summarize(database, builtin_forms(), mission=mission, workers=1)


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_pdf_states_composite_access_durations_and_reasons(
    summary: Summary, tmp_path: Path, language: Language
) -> None:
    path = tmp_path / f"summary-{language}.pdf"
    write_summary(summary, path, language)
    text = pdf_text(path)
    for sentence in EXPECTED[language]:
        assert sentence in text


def test_the_pdf_tabulates_problems_by_time_of_day(summary: Summary, tmp_path: Path) -> None:
    path = tmp_path / "summary.pdf"
    write_summary(summary, path)
    text = pdf_text(path)
    assert "Morning (08:00–11:59) 2 1 of 2 1.5 1" in text
    assert "Midday (12:00–14:59) 1 0 of 1 0 0" in text
    assert "Close, count and tabulation (20:00–04:59) 7 3 of 4 1.3 0" in text


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_draft_states_composite_access_durations_and_reasons(
    summary: Summary, tmp_path: Path, language: Language
) -> None:
    path = tmp_path / "findings.docx"
    write_summary_docx(summary, path, language)
    text = " ".join(p.text for p in Document(str(path)).paragraphs)
    for sentence in EXPECTED[language]:
        assert sentence in text


def test_per_station_the_assessment_sentence_counts_as_its_reasons_do(
    database: Database, data: Dataset, tmp_path: Path
) -> None:
    write_day(data)
    summary = summarize(database, builtin_forms(), unit=Unit.STATION, workers=1)
    path = tmp_path / "summary.pdf"
    write_summary(summary, path)
    text = pdf_text(path)
    # s1 was assessed bad at 09:00 and good at 13:00: negative, as its finding counts it
    assert "Voting: assessed negatively (bad or very bad) in 1 of 2 polling stations" in text
    assert "Voting: among the 1 polling station assessed negatively" in text
    assert "The bar shows each station's latest assessment" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "At none of the 35 TECs where access was recorded was it restricted."),
        ("ru", "Ни в одной из 35 ТИК, по которым отмечены сведения о доступе, доступ не"),
        ("kk", "мәлімет белгіленген 35 АСК-ның ешқайсысында қол жеткізу шектелмеді."),
    ],
)
def test_no_restriction_is_said_in_words_not_as_zero(language: Language, expected: str) -> None:
    words = Words(language)
    some = Access(3, 10, 3, 8, 0, 35)
    assert any(expected in sentence for sentence in access_sentences(words, some))
    none = access_sentences(words, Access(0, 12, 0, 10, 0, 2))
    assert len(none) == 1 and "0" not in none[0]
