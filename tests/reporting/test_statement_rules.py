"""What an analyst lifting findings into a statement relies on: per-station counting that
keeps a problem any visit saw, disagreements in words, coverage stated for the filter,
region lists in the language's own alphabetical order."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from observer_app.analysis import Filters, Unit, summarize
from observer_app.analysis.layout import ItemKind
from observer_app.analysis.summary import Mission
from observer_app.domain.i18n import Language
from observer_app.reporting.collation import collated
from observer_app.reporting.summary_pdf import write_summary
from observer_app.store.database import Database
from tests.analysis.factory import ELECTION_DAY, Dataset, builtin_forms
from tests.reporting.statement import VOTING_BASE
from tests.reporting.test_summary_pdf import pdf_text


def stuffed_then_clean(data: Dataset) -> str:
    """One station: ballot box stuffing seen at 09:00, not seen at noon by another team."""
    station = next(s for s in data.registry.stations if s.region == "KZY")
    for hour, answer, observer in ((9, "yes", "Aliya Nurlanovna"), (12, "no", "Daniyar Serikov")):
        data.add(
            "voting",
            {**VOTING_BASE, "ballot_stuffing": answer},
            station=station.id,
            observer=observer,
            started=ELECTION_DAY + timedelta(hours=hour),
        )
    return station.id


def stuffing(database: Database, unit: Unit) -> tuple[int, int]:
    summary = summarize(database, builtin_forms(), unit=unit, workers=1)
    count = summary.form("voting").count(ItemKind.QUESTION, "ballot_stuffing")
    return count.concern, count.answered


def test_per_station_keeps_a_problem_that_any_visit_saw(data: Dataset) -> None:
    stuffed_then_clean(data)
    assert stuffing(data.database, Unit.STATION) == (1, 1)
    assert stuffing(data.database, Unit.LATEST_VISIT) == (0, 1)
    assert stuffing(data.database, Unit.OBSERVATION) == (1, 2)


def test_the_report_states_the_per_station_rule(data: Dataset, tmp_path: Path) -> None:
    stuffed_then_clean(data)
    path = tmp_path / "s.pdf"
    write_summary(summarize(data.database, builtin_forms(), unit=Unit.STATION, workers=1), path)
    assert "a problem counts where at least one visit reported it" in pdf_text(path)


def test_disagreements_say_whether_each_observation_reported_it(
    data: Dataset, tmp_path: Path
) -> None:
    stuffed_then_clean(data)
    summary = summarize(data.database, builtin_forms(), workers=1)
    path = tmp_path / "d.pdf"
    write_summary(summary, path)
    text = pdf_text(path)
    assert re.search(r"Aliya Nurlanovna, 10 Jan, \d\d:\d\d: reported it;", text)
    assert re.search(r"Daniyar Serikov, 10 Jan, \d\d:\d\d: did not report it", text)
    assert not re.search(r"\d\d:\d\d: (Yes|No)\b", text)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "1 of the 430 polling stations in Kyzylorda Region were observed."),
        ("ru", "Наблюдение велось на 1 из 430 избирательных участков в регионе: Кызылординская"),
        ("kk", "Қызылорда облысы: 430 сайлау учаскесінің 1-інде байқау жүргізілді."),
    ],
)
def test_coverage_under_a_region_filter_is_stated_for_that_region(
    data: Dataset, tmp_path: Path, language: Language, sentence: str
) -> None:
    stuffed_then_clean(data)
    summary = summarize(data.database, builtin_forms(), Filters(regions=("KZY",)), workers=1)
    assert (summary.coverage.regions_total, summary.coverage.regions_with_stations) == (1, 1)
    assert [line.code for line in summary.coverage.by_region] == ["KZY"]
    path = tmp_path / "f.pdf"
    write_summary(summary, path, language)
    text = pdf_text(path)
    assert sentence in text
    assert "of 17" not in text and "из 17" not in text and "17 өңір" not in text


KAZAKH_ORDER = ["Ақмола облысы", "Ақтөбе облысы", "Алматы облысы", "Атырау облысы"]


def test_kazakh_names_sort_by_the_kazakh_alphabet() -> None:
    names = ["Шымкент қаласы", "Атырау облысы", "Қарағанды облысы", "Ақмола облысы"]
    names += ["Костанай", "Шығыс Қазақстан облысы", "Алматы облысы", "Ақтөбе облысы"]
    assert collated(names, "kk", str) == [
        *KAZAKH_ORDER,
        "Костанай",
        "Қарағанды облысы",
        "Шығыс Қазақстан облысы",
        "Шымкент қаласы",
    ]


def test_the_kazakh_coverage_table_lists_regions_in_kazakh_order(
    database: Database, tmp_path: Path
) -> None:
    summary = summarize(database, builtin_forms(), mission=Mission("M"), workers=1)
    path = tmp_path / "kk.pdf"
    write_summary(summary, path, "kk")
    text = pdf_text(path)
    positions = [text.index(name) for name in KAZAKH_ORDER]
    assert positions == sorted(positions)
    assert text.index("Шығыс Қазақстан облысы") < text.index("Шымкент қаласы")


def test_a_russian_report_carries_the_russian_mission_name_on_cover_and_footers(
    database: Database, tmp_path: Path
) -> None:
    mission = Mission("Mission", "Election", names={"ru": "Миссия наблюдения"})
    summary = summarize(database, builtin_forms(), mission=mission, workers=1)
    path = tmp_path / "ru.pdf"
    pages = write_summary(summary, path, "ru")

    texts = [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]
    assert pages > 1
    assert all("Миссия наблюдения" in text for text in texts)
    assert not any("Mission" in text for text in texts)


@pytest.mark.parametrize(
    ("language", "prefix"),
    [("en", "Protocol error:"), ("ru", "Ошибка в протоколе:"), ("kk", "Хаттамадағы қате:")],
)
def test_a_broken_protocol_is_marked_as_an_error_among_the_flagged_checks(
    data: Dataset, tmp_path: Path, language: Language, prefix: str
) -> None:
    answers = {"access_granted": "yes", "voters_on_list": 900, "signatures": 950}
    data.add("counting", {**answers, "ballots_in_box": 990}, station="AKM-1")
    summary = summarize(data.database, builtin_forms(), workers=1)
    path = tmp_path / "checks.pdf"
    write_summary(summary, path, language)
    text = pdf_text(path)

    error = {
        "en": "Ballots issued exceed",
        "ru": "Число выданных бюллетеней превышает",
        "kk": "Берілген бюллетеньдер саны",
    }
    assert f"{prefix} {error[language]}" in text
    assert text.count(prefix) == 1  # only the broken rule; no other check flagged an error
