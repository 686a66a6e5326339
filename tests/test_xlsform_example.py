"""The example a citizen observer group would bring: forms/examples/domestic_protocol.xlsx.

A results-protocol checklist written as an XLSForm (polling station chosen region → TEC
→ station, the protocol's figures and the votes per party, a photo of the signed
protocol, a confirmation) imports into a form `forms check` accepts, behaves as its
author meant (cascading choices, constraints, the check), and goes back out to an
XLSForm that pyxform converts.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openpyxl import load_workbook
from pydantic import BaseModel
from pyxform.xls2xform import convert

from observer_app.cli import main
from observer_app.domain.bundled import registry_dir
from observer_app.domain.registry import read_registry
from observer_app.formspec import (
    CompiledForm,
    ProblemKind,
    evaluate_form,
    find_problems,
    flagged_checks,
    load_form_file,
)
from observer_app.formspec.evaluation import offered_choices_by_question
from observer_app.formspec.models import ImageQuestion, RepeatQuestion
from observer_app.formspec.text import Text
from observer_app.formspec.xlsform_import import read_xlsform
from tests.conftest import FORMS

EXAMPLES = FORMS / "examples"
WORKBOOK = EXAMPLES / "domestic_protocol.xlsx"
PARTIES = ["nur_otan", "ak_zhol", "peoples_party", "auyl", "adal"]
#: A complete, consistent copy of a protocol: every figure within its bounds.
PROTOCOL = {
    "region": "ala",
    "tec": "ala_04",
    "station": "ala_444",
    "registered_voters": 1200,
    "ballots_received": 1250,
    "ballots_issued": 800,
    "invalid_ballots": 10,
    "valid_ballots": 790,
    "party_votes": [{"votes": v} for v in (500, 120, 90, 50, 30)],
    "figures_confirmed": "OK",
}


@pytest.fixture(scope="module")
def example() -> CompiledForm:
    return read_xlsform(WORKBOOK).compiled


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_domestic_protocol", EXAMPLES / "make_domestic_protocol.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_workbook_is_what_its_script_writes() -> None:
    # The .xlsx is reviewed as the script: a workbook edited by hand would not be seen.
    book = load_workbook(WORKBOOK, read_only=True)
    for name, rows in script().sheets().items():
        written = [[cell or "" for cell in row] for row in book[name].iter_rows(values_only=True)]
        columns = written[0]
        assert written[1:] == [[row.get(column, "") for column in columns] for row in rows], name
        assert set(columns) == {column for row in rows for column in row}


def test_the_example_imports_leaving_out_only_the_photo_scaling(example: CompiledForm) -> None:
    imported = read_xlsform(WORKBOOK)
    assert (example.form.id, example.form.version) == ("domestic_protocol", 1)
    assert [s.id for s in example.form.sections] == ["polling_station", "results_protocol"]
    assert [f"{note.sheet} row {note.row}: {note.message}" for note in imported.notes] == [
        "survey row 17: max-pixels=2048 left out: Observer keeps the photo as the observer "
        "chose it, not scaled down"
    ]


def test_the_protocol_photo_is_an_image_question(example: CompiledForm) -> None:
    photo = example.question("protocol_photo")
    assert isinstance(photo, ImageQuestion)
    assert photo.label.ru == "Фотография подписанного протокола об итогах голосования"
    assert example.question("figures_confirmed").type == "acknowledge"


def offered(form: CompiledForm, answers: dict[str, Any]) -> dict[str, list[str]]:
    return offered_choices_by_question(form, evaluate_form(form, answers))


def test_a_region_offers_its_tecs_and_a_tec_its_polling_stations(example: CompiledForm) -> None:
    assert offered(example, {}) == {"tec": [], "station": []}
    assert offered(example, {"region": "ala"}) == {"tec": ["ala_02", "ala_04"], "station": []}
    assert offered(example, {"region": "ala", "tec": "ala_04"})["station"] == [
        "ala_444",
        "ala_445",
    ]
    assert offered(example, {"region": "akm", "tec": "akm_01"}) == {
        "tec": ["akm_01"],
        "station": ["akm_1", "akm_2"],
    }


def test_its_regions_tecs_and_stations_are_those_of_the_shipped_registry(
    example: CompiledForm,
) -> None:
    registry = read_registry(registry_dir())
    regions = {region.code: region for region in registry.regions}
    tecs = {tec.code: tec for tec in registry.tecs}
    stations = {station.id: station for station in registry.stations}
    lists = example.form.choice_lists
    for choice in lists["regions"]:
        region = regions[choice.value.upper()]
        assert (choice.label.en, choice.label.ru, choice.label.kk) == (
            region.name_en,
            region.name_ru,
            region.name_kk,
        )
    for choice in lists["tecs"]:
        tec = tecs[choice.value.upper().replace("_", "-")]
        assert tec.region == choice.attributes["region"].upper()
        assert (choice.label.en, choice.label.ru, choice.label.kk) == (
            tec.name_en,
            tec.name_ru,
            tec.name_kk,
        )
    for choice in lists["stations"]:
        station = stations[choice.value.upper().replace("_", "-")]
        assert station.tec == choice.attributes["tec"].upper().replace("_", "-")
        assert choice.label.ru == f"Избирательный участок № {station.number}"


def test_the_votes_have_one_row_per_party_and_the_quick_count_reads_them(
    example: CompiledForm,
) -> None:
    party_votes = example.question("party_votes")
    assert isinstance(party_votes, RepeatQuestion)
    rows = example.fixed_rows(party_votes)
    assert rows is not None and [choice.value for choice in rows] == PARTIES
    protocol = example.form.protocol
    assert protocol is not None
    assert (protocol.party_votes, protocol.votes, protocol.valid, protocol.registered) == (
        "party_votes",
        "votes",
        "valid_ballots",
        "registered_voters",
    )
    assert find_problems(example, PROTOCOL) == []
    assert flagged_checks(example, PROTOCOL) == []


def constraint_messages(form: CompiledForm, answers: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (p.question, p.row, p.field, p.message.en, p.message.ru, p.message.kk)
        for p in find_problems(form, answers)
        if p.kind is ProblemKind.CONSTRAINT
    ]


def test_a_figure_above_its_bound_gives_the_constraint_message(example: CompiledForm) -> None:
    too_many_issued = {**PROTOCOL, "ballots_issued": 1201}
    assert constraint_messages(example, too_many_issued) == [
        (
            "ballots_issued",
            None,
            None,
            "Cannot exceed the number of voters on the voter list.",
            "Не может превышать число избирателей в списке избирателей.",
            "Сайлаушылар тізіміндегі сайлаушылар санынан аспауы тиіс.",
        )
    ]
    votes = [{"votes": v} for v in (791, 0, 0, 0, 0)]
    assert constraint_messages(example, {**PROTOCOL, "party_votes": votes}) == [
        (
            "party_votes",
            0,
            "votes",
            "Cannot exceed the number of valid ballots.",
            "Не может превышать число действительных бюллетеней.",
            "Жарамды бюллетеньдер санынан аспауы тиіс.",
        )
    ]


def test_more_ballots_counted_than_issued_is_recorded_and_flagged(example: CompiledForm) -> None:
    # Ballot box stuffing must stay recordable: a check, not a constraint, speaks of it.
    votes = [{"votes": v} for v in (600, 120, 90, 50, 30)]
    stuffed = {**PROTOCOL, "valid_ballots": 890, "party_votes": votes}
    assert constraint_messages(example, stuffed) == []
    assert [check.id for check in flagged_checks(example, stuffed)] == ["counted_exceed_issued"]


def texts_of(value: Any) -> list[Text]:
    """Every Text of the form: labels, hints, titles, messages, choice labels."""
    found: list[Text] = []
    if isinstance(value, Text):
        found.append(value)
    elif isinstance(value, list | tuple):
        for item in value:
            found.extend(texts_of(item))
    elif isinstance(value, dict):
        for item in value.values():
            found.extend(texts_of(item))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            found.extend(texts_of(getattr(value, name)))
    return found


def test_every_text_is_given_in_english_russian_and_kazakh(example: CompiledForm) -> None:
    texts = texts_of(example.form)
    assert len(texts) > 40
    cyrillic = re.compile("[а-яё]", re.IGNORECASE)
    for text in texts:
        assert text.en and not cyrillic.search(text.en), text
        assert cyrillic.search(text.ru) and cyrillic.search(text.kk), text
    kazakh_letters = set("әғқңөұүі")  # written in Kazakh, not Russian
    assert kazakh_letters <= {c for text in texts for c in text.kk.lower()}


def test_forms_check_accepts_the_imported_example_and_it_goes_back_out_to_odk(
    example: CompiledForm, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "forms"
    assert main(["forms", "import", str(WORKBOOK), "--out", str(out)]) == 0
    written = out / "domestic_protocol.yaml"
    assert load_form_file(written).form == example.form
    capsys.readouterr()
    assert main(["forms", "check", str(out)]) == 0
    assert "domestic_protocol v1" in capsys.readouterr().out

    exported = tmp_path / "domestic_protocol.xlsx"
    assert main(["forms", "export", str(written), "--out", str(exported)]) == 0
    result = convert(str(exported))
    # pyxform only advises a max-pixels for the photo, which Observer leaves out.
    assert [w for w in result.warnings if "max-pixels" not in w] == []
    xform = " ".join(result.xform.split())
    assert "instance('tecs')/root/item[region = /data/polling_station/region ]" in xform
    assert "instance('stations')/root/item[tec = /data/polling_station/tec ]" in xform
    assert 'type="binary"' in xform and "protocol_photo" in xform
    assert read_xlsform(exported).compiled.form == example.form


def test_odk_converts_the_example_as_written() -> None:
    result = convert(str(WORKBOOK))
    assert result.warnings == []
    assert "Дауыс беру қорытындылары туралы хаттама" in result.xform
