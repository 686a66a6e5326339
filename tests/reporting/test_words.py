"""The report's numbers in each language: percentages, thousands, Kazakh's "8-інде"."""

from __future__ import annotations

import pytest

from observer_app.reporting.words import Words, kazakh_locative


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        (1, "1-інде"),  # бір
        (2, "2-сінде"),  # екі
        (6, "6-сында"),  # алты
        (7, "7-сінде"),  # жеті
        (8, "8-інде"),  # сегіз: «12 АСК-ның 8-інде»
        (9, "9-ында"),  # тоғыз
        (10, "10-ында"),  # он
        (13, "13-інде"),  # он үш
        (20, "20-сында"),  # жиырма
        (40, "40-ында"),  # қырық
        (50, "50-інде"),  # елу
        (70, "70-інде"),  # жетпіс
        (100, "100-інде"),  # жүз
        (1000, "1000-ында"),  # мың
        (2021, "2021-інде"),  # ... бір
    ],
)
def test_the_kazakh_ending_follows_the_last_spoken_word(number: int, spoken: str) -> None:
    assert kazakh_locative(number) == spoken


@pytest.mark.parametrize(
    ("language", "share", "shown"),
    [("en", 0.125, "12.5%"), ("ru", 0.125, "12,5\xa0%"), ("kk", 0.125, "12,5%"), ("en", None, "–")],
)
def test_percentages_follow_the_language(language: str, share: float | None, shown: str) -> None:
    assert Words(language).percent(share) == shown  # type: ignore[arg-type]


def test_x_in_keeps_the_languages_digit_grouping() -> None:
    words = Words("kk")
    assert (
        words.format("{y} байқаудың {x_in}", x=12000, y=40000)
        == "40\xa0000 байқаудың 12\xa0000-ында"
    )
