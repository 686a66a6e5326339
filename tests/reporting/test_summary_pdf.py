"""The printed summary read back as a reader would: its text, in three languages, and its fonts."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from observer_app.analysis import Filters, Unit, summarize
from observer_app.analysis.summary import Mission
from observer_app.cli import main
from observer_app.domain.i18n import Language
from observer_app.reporting.blocks import Context
from observer_app.reporting.document import SummaryDocument, contents
from observer_app.reporting.styles import Styles
from observer_app.reporting.summary_pdf import write_summary
from observer_app.reporting.words import Words
from observer_app.store.database import Database
from tests.analysis.factory import Dataset, builtin_forms
from tests.reporting.election_day import election_day
from tests.reporting.statement import INCIDENT_WORDS, statement_day

KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"


def pdf_text(path: Path) -> str:
    """The PDF's text with runs of white space made one space (a line may wrap anywhere)."""
    pages = PdfReader(path).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages).replace("\xa0", " ")


def make(
    database: Database,
    folder: Path,
    language: Language,
    unit: Unit = Unit.OBSERVATION,
    **kw: object,
) -> str:
    summary = summarize(
        database,
        builtin_forms(),
        unit=unit,
        mission=Mission("IEOM Kazakhstan 2021", "Majilis, 10 January 2021"),
        workers=1,
    )
    path = folder / f"summary-{language}-{unit}.pdf"
    write_summary(summary, path, language, **kw)  # type: ignore[arg-type]
    return pdf_text(path)


@pytest.fixture
def day(data: Dataset) -> dict[str, list[str]]:
    return statement_day(data)


STATEMENTS = {
    "en": (
        "In 8 of the 12 TECs where tabulation was observed, the process was not transparent.",
        "Polling stations were observed in 13 of 17 regions.",
        "In some polling stations visited, ballot boxes were not properly sealed.",
        "5 of 40 observations (12.5%)",
        "In all polling stations visited, voters with disabilities had unassisted access.",
    ),
    "ru": (
        "В 8 из 12 ТИК, где наблюдалось подведение итогов, процесс не был прозрачным.",
        "Наблюдение на избирательных участках велось в 13 из 17 регионов.",
        "На ряде посещённых избирательных участков урны для голосования не были надлежащим "
        "образом опечатаны.",
        "5 из 40 наблюдений (12,5 %)",
    ),
    "kk": (
        "Қорытындыларды шығару байқалған 12 АСК-ның 8-інде процесс ашық болмады.",
        "Сайлау учаскелерінде байқау 17 өңірдің 13-інде жүргізілді.",
        "Байқаушылар барған сайлау учаскелерінің кейбірінде сайлау жәшіктері тиісінше "
        "пломбыланбады.",
        "40 байқаудың 5-інде (12,5%)",
    ),
}
#: Figures on a base under 30 carry no percentage.
NO_PERCENT = {
    "en": "8 of 12 observations (",
    "ru": "8 из 12 наблюдений (",
    "kk": "12 байқаудың 8-інде (",
}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_statements_findings_are_printed_with_their_numbers(
    database: Database, day: dict[str, list[str]], tmp_path: Path, language: Language
) -> None:
    text = make(database, tmp_path, language)
    for statement in STATEMENTS[language]:
        assert statement in text
    assert NO_PERCENT[language] not in text


PER_STATION = {
    "en": ("8 of 12 TECs", "5 of 40 polling stations"),
    "ru": ("8 из 12 ТИК", "5 из 40 избирательных участков"),
    "kk": ("12 АСК-ның 8-інде", "40 сайлау учаскесінің 5-інде"),
}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_per_station_counts_stations_and_tecs(
    database: Database, day: dict[str, list[str]], tmp_path: Path, language: Language
) -> None:
    text = make(database, tmp_path, language, Unit.STATION)
    for phrase in PER_STATION[language]:
        assert phrase in text


def test_the_cover_names_mission_filters_and_cut_off(
    database: Database, day: dict[str, list[str]], tmp_path: Path
) -> None:
    summary = summarize(
        database,
        builtin_forms(),
        Filters(regions=("AKM",), forms=("voting",)),
        mission=Mission("IEOM Kazakhstan 2021", "Majilis, 10 January 2021"),
        workers=1,
    )
    path = tmp_path / "cover.pdf"
    write_summary(summary, path)
    cover = " ".join(PdfReader(path).pages[0].extract_text().split())
    assert "IEOM Kazakhstan 2021" in cover
    assert "Majilis, 10 January 2021" in cover
    assert "Regions: Akmola Region" in cover
    assert "Forms: Voting" in cover
    assert re.search(
        r"Data cut-off latest observation completed 10 January 2021, \d\d:\d\d \(UTC\+06:00\)",
        cover,
    )


def test_every_part_is_there_with_contents_and_page_numbers(
    database: Database, day: dict[str, list[str]], tmp_path: Path
) -> None:
    text = make(database, tmp_path, "en")
    pages = len(PdfReader(tmp_path / "summary-en-observation.pdf").pages)
    for part in (
        "Contents",
        "Coverage by region",
        "Key findings",
        "Overall assessment",
        "Voting: assessed negatively (bad or very bad) in 3 of 43 observations (7.0%).",
        "Findings by region",
        "Incidents",
        "Methodology",
        "not a representative sample",
        "Annex: every question",
        f"Page 1 of {pages}",
        f"Page {pages} of {pages}",
    ):
        assert part in text, part
    contents = " ".join(
        PdfReader(tmp_path / "summary-en-observation.pdf").pages[1].extract_text().split()
    )
    assert re.search(r"Key findings[ .]+\d+", contents)


def test_incidents_are_quoted_in_the_observers_own_words(
    database: Database, day: dict[str, list[str]], tmp_path: Path
) -> None:
    text = make(database, tmp_path, "kk")
    assert " ".join(INCIDENT_WORDS.split()) in text
    assert "Бейбіт жиналысқа кедергі келтіру" in text  # the category, in the report's language


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_fonts_are_embedded_and_kazakh_letters_come_out_as_text(
    database: Database, day: dict[str, list[str]], tmp_path: Path, language: Language
) -> None:
    text = make(database, tmp_path, language)
    assert set(KAZAKH_LETTERS) <= set(text)
    reader = PdfReader(tmp_path / f"summary-{language}-observation.pdf")
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object() if "/FontDescriptor" in font else {}
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts and all(fonts.values()), fonts  # every font embedded, none left to the viewer
    assert all("DejaVuSans" in name for name in fonts)


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_a4_by_default_and_letter_on_request(
    database: Database, day: dict[str, list[str]], tmp_path: Path, paper: str, size: tuple[int, int]
) -> None:
    make(database, tmp_path, "en", paper=paper)
    first = PdfReader(tmp_path / "summary-en-observation.pdf").pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == size


def test_an_empty_database_still_prints_a_summary(database: Database, tmp_path: Path) -> None:
    text = make(database, tmp_path, "en")
    assert "Polling stations were observed in 0 of 17 regions." in text
    assert "no observation counted" in text


def _text_sizes(pdf: Path) -> dict[float, list[str]]:
    """Every piece of text on every page by the size it is printed at, in points."""
    sizes: dict[float, list[str]] = {}
    for page in PdfReader(pdf).pages:

        def seen(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if text.strip():
                scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
                sizes.setdefault(round(size * scale, 2), []).append(text.strip())

        page.extract_text(visitor_text=seen)
    return sizes


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_text_below_nine_points_but_the_page_footer(
    database: Database, data: Dataset, tmp_path: Path, language: Language
) -> None:
    election_day(data)
    out = tmp_path / "summary.pdf"
    assert main(["report", "--db", database.url, "--out", str(out), "--lang", language]) == 0
    sizes = _text_sizes(out)
    small = {size: texts for size, texts in sizes.items() if size < 9}
    assert list(small) == [7.5]  # the footer: the mission's name and the page number
    assert len(small[7.5]) == 2 * len(PdfReader(out).pages)
    assert min(sizes) == 7.5 and sorted(sizes)[1] == 9


def contents_numbers(path: Path) -> list[int]:
    """The page numbers printed in the contents, in its order (each one a form on page 2)."""
    page = PdfReader(path).pages[1]
    forms = page["/Resources"]["/XObject"]
    numbers = []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"Do" and str(operands[0]).startswith("/FormXob.tocpage"):
            shown = forms[operands[0]].get_object().get_data().decode("latin-1")
            numbers.append(int(re.search(r"\((\d+)\) Tj", shown).group(1)))  # type: ignore[union-attr]
    return numbers


def outline_pages(path: Path) -> list[tuple[str, int]]:
    """The headings of the PDF's outline down to the contents' depth, with their pages."""
    reader = PdfReader(path)
    found: list[tuple[str, int]] = []
    for item in reader.outline:
        if isinstance(item, list):
            found += [
                (str(i.title), reader.get_destination_page_number(i) + 1)
                for i in item
                if not isinstance(i, list)
            ]
        else:
            found.append((str(item.title), reader.get_destination_page_number(item) + 1))
    return found


def test_the_contents_give_each_heading_the_page_it_is_printed_on(
    database: Database, day: dict[str, list[str]], tmp_path: Path
) -> None:
    """Laid out once, the contents' numbers are drawn in when the document is saved."""
    make(database, tmp_path, "ru")
    path = tmp_path / "summary-ru-observation.pdf"
    headings = outline_pages(path)
    assert len(headings) > 20
    assert contents_numbers(path) == [page for _title, page in headings]
    reader = PdfReader(path)
    for title, page in headings:
        assert " ".join(title.split()) in " ".join(reader.pages[page - 1].extract_text().split())


class Unfolding(Flowable):  # type: ignore[misc]
    """A flowable that becomes a heading only at layout (as some of reportlab's do)."""

    def __init__(self, heading: Flowable) -> None:
        super().__init__()
        self.heading = heading

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, available_height * 10  # too tall: the frame asks it to split

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return [self.heading]


def test_a_heading_found_only_at_layout_is_listed_by_laying_the_document_out_again(
    tmp_path: Path,
) -> None:
    """The contents are filled before layout from the story; a heading only layout finds
    makes the document lay itself out the usual way, and it is listed all the same."""
    words = Words("en")
    styles = Styles()
    document = SummaryDocument(str(tmp_path / "late.pdf"), "a4", words, "Title", "Footer")
    ctx = Context(None, words, styles, 170 * mm)  # type: ignore[arg-type]
    later = Unfolding(ctx.heading("Found at layout"))
    story = [contents(styles), PageBreak(), ctx.heading("First"), PageBreak(), later]
    document.build_once(story)
    text = " ".join(PdfReader(tmp_path / "late.pdf").pages[0].extract_text().split())
    # The contents draw each entry's dots and number just before its title.
    assert re.search(r"[ .]+2 First", text) and re.search(r"[ .]+3 Found at layout", text)
    assert "Page 1 of 3" in text
