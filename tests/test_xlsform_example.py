"""The example a mission might bring: a domestic observers' results-protocol checklist written
as an XLSForm (forms/examples/domestic_protocol.xlsx), imported, checked and sent back out."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pyxform.xls2xform import convert

from observer_app.cli import main
from observer_app.formspec import evaluate_form, find_problems
from observer_app.formspec.evaluation import ProblemKind, offered_choices_by_question
from observer_app.formspec.models import AcknowledgeQuestion, ImageQuestion, RepeatQuestion
from observer_app.formspec.xlsform_export import write_xlsform
from observer_app.formspec.xlsform_import import read_xlsform

EXAMPLES = Path(__file__).resolve().parents[1] / "forms" / "examples"
EXAMPLE = EXAMPLES / "domestic_protocol.xlsx"

#: A protocol as the observer copies it: figures that add up, one party row each.
FIGURES: dict[str, Any] = {
    "region": "ala",
    "tec": "ala_02",
    "pec": "ala_156",
    "voters_on_list": 1840,
    "ballots_received": 1800,
    "ballots_issued": 1112,
    "ballots_invalid": 12,
    "ballots_valid": 1100,
    "party_votes": [{"votes": v} for v in (700, 160, 120, 70, 50)],
    "figures_checked": "OK",
}


def imported() -> Any:
    return read_xlsform(EXAMPLE).compiled


def test_the_example_is_what_its_script_writes(tmp_path: Path) -> None:
    """The workbook is generated from a reviewable script; the two never drift apart."""
    spec = importlib.util.spec_from_file_location(
        "domestic_protocol", EXAMPLES / "domestic_protocol.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    fresh = tmp_path / "fresh.xlsx"
    script.write(fresh)
    for name in ("survey", "choices", "settings"):
        committed = list(openpyxl.load_workbook(EXAMPLE)[name].iter_rows(values_only=True))
        made = list(openpyxl.load_workbook(fresh)[name].iter_rows(values_only=True))
        assert committed == made, name


def test_the_example_imports_with_its_photo_its_party_rows_and_three_languages() -> None:
    form = imported()
    assert (form.id, form.version) == ("domestic_protocol", 1)
    assert [s.id for s in form.form.sections] == ["station", "protocol", "evidence"]
    assert isinstance(form.questions["protocol_photo"], ImageQuestion)
    assert isinstance(form.questions["figures_checked"], AcknowledgeQuestion)
    parties = form.questions["party_votes"]
    assert isinstance(parties, RepeatQuestion)
    assert [c.value for c in form.fixed_rows(parties) or []] == [
        "nur_otan",
        "ak_zhol",
        "peoples_party",
        "auyl",
        "adal",
    ]
    photo = form.questions["protocol_photo"].label
    assert (photo.en, photo.ru, photo.kk) == (
        "Photo of the signed results protocol",
        "Фотография подписанного протокола об итогах голосования",
        "Дауыс беру қорытындылары туралы қол қойылған хаттаманың фотосуреті",
    )
    assert form.form.title.kk == "Дауыс беру қорытындылары туралы хаттама (ұлттық байқаушылар)"


def test_the_station_choice_cascades_from_region_to_tec_to_pec() -> None:
    form = imported()

    def offered(answers: dict[str, Any]) -> dict[str, list[str]]:
        return offered_choices_by_question(form, evaluate_form(form, answers))

    assert offered({"region": "ala"})["tec"] == ["ala_02", "ala_04"]
    assert offered({"region": "ast"})["tec"] == ["ast_03"]
    assert offered({"region": "ala", "tec": "ala_04"})["pec"] == ["ala_444", "ala_445"]


def test_a_protocol_whose_figures_do_not_fit_is_refused_with_the_forms_message() -> None:
    form = imported()
    photo = {"protocol_photo": {"sha256": "0" * 64, "name": "p.jpg", "media_type": "image/jpeg"}}
    photo["protocol_photo"]["size"] = 10
    assert find_problems(form, {**FIGURES, **photo}) == []
    too_many = {**FIGURES, **photo, "ballots_valid": 1101}
    (problem,) = find_problems(form, too_many)
    assert (problem.question, problem.kind) == ("ballots_valid", ProblemKind.CONSTRAINT)
    assert problem.message.ru == (
        "Сумма действительных и недействительных бюллетеней не может превышать число выданных "
        "бюллетеней."
    )
    no_photo = find_problems(form, FIGURES)
    assert [(p.question, p.kind) for p in no_photo] == [("protocol_photo", ProblemKind.REQUIRED)]


def test_the_cli_imports_the_example_and_forms_check_accepts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "forms"
    assert main(["forms", "import", str(EXAMPLE), "--out", str(out)]) == 0
    assert (out / "domestic_protocol.yaml").is_file()
    capsys.readouterr()
    assert main(["forms", "check", str(out)]) == 0
    assert "1 forms OK" in capsys.readouterr().out


def test_the_imported_example_goes_back_out_as_an_xlsform_pyxform_converts(
    tmp_path: Path,
) -> None:
    form = imported()
    workbook = tmp_path / "again.xlsx"
    write_xlsform(form.form, workbook)
    assert read_xlsform(workbook).compiled.form == form.form
    xform = convert(str(workbook)).xform
    assert 'type="binary"' in xform and "/protocol_photo" in xform  # ODK's image upload
    assert "ТИК Алмалинского района" in xform
