"""choice_filter: a select offers only the choices that fit the answers above it (region,
then its TECs, then their stations), read from and written to XLSForm as ODK does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyxform.xls2xform import convert

from observer_app.formspec import FormDefinitionError, evaluate_form
from observer_app.formspec.evaluation import offered_choices_by_question
from observer_app.formspec.xlsform_export import write_xlsform
from observer_app.formspec.xlsform_import import read_xlsform
from tests.conftest import build, q, text

CASCADE_MD = """
| survey |
| | type | name | label::English (en) | label::Русский (ru) | label::Қазақша (kk) | choice_filter |
| | select_one regions | region | Region | Область | Облыс | |
| | select_one tecs | tec | TEC | ТИК | ТСК | region = ${region} |
| | select_one stations | station | Polling station | Участок | Учаске | tec = ${tec} |
| choices |
| | list_name | name | label::en | label::ru | label::kk | region | tec |
| | regions | almaty | Almaty | Алматы | Алматы | | |
| | regions | astana | Astana | Астана | Астана | | |
| | tecs | almalinsky | Almalinsky | Алмалинская | Алмалы | almaty | |
| | tecs | bostandyk | Bostandyk | Бостандыкская | Бостандық | almaty | |
| | tecs | yesil | Yesil | Есильская | Есіл | astana | |
| | stations | ps_101 | PS 101 | УИК 101 | УСК 101 | | almalinsky |
| | stations | ps_102 | PS 102 | УИК 102 | УСК 102 | | almalinsky |
| | stations | ps_201 | PS 201 | УИК 201 | УСК 201 | | bostandyk |
| | stations | ps_301 | PS 301 | УИК 301 | УСК 301 | | yesil |
| settings |
| | form_id | version | form_title |
| | cascade | 1 | Cascade |
"""


def cascade(tmp_path: Path) -> Any:
    path = tmp_path / "cascade.md"
    path.write_text(CASCADE_MD, encoding="utf-8")
    return read_xlsform(path).compiled


def offered(form: Any, answers: dict[str, Any]) -> dict[str, list[str]]:
    return offered_choices_by_question(form, evaluate_form(form, answers))


def test_each_level_offers_what_belongs_to_the_one_above(tmp_path: Path) -> None:
    form = cascade(tmp_path)
    assert offered(form, {}) == {"tec": [], "station": []}
    assert offered(form, {"region": "almaty"}) == {
        "tec": ["almalinsky", "bostandyk"],
        "station": [],
    }
    assert offered(form, {"region": "almaty", "tec": "almalinsky"})["station"] == [
        "ps_101",
        "ps_102",
    ]
    assert offered(form, {"region": "astana", "tec": "yesil"}) == {
        "tec": ["yesil"],
        "station": ["ps_301"],
    }


def test_the_cascade_goes_out_to_odk_and_comes_back_unchanged(tmp_path: Path) -> None:
    form = cascade(tmp_path).form
    workbook = tmp_path / "cascade.xlsx"
    write_xlsform(form, workbook)
    xform = " ".join(convert(str(workbook)).xform.split())
    assert "instance('tecs')/root/item[region = /data/section_2/region ]" in xform
    assert "instance('stations')/root/item[tec = /data/section_2/tec ]" in xform
    assert read_xlsform(workbook).compiled.form == form


def test_a_filter_on_an_attribute_no_choice_has_is_refused() -> None:
    with pytest.raises(FormDefinitionError) as caught:
        build(
            q("region", "select_one", choices=[{"value": "almaty", "label": text("Almaty")}]),
            q(
                "tec",
                "select_one",
                choice_filter="regoin = ${region}",
                choices=[{"value": "yesil", "label": text("Yesil"), "attributes": {"region": "x"}}],
            ),
        )
    assert [str(p) for p in caught.value.problems] == [
        "tec: choice_filter: 'regoin' is no attribute of the choices (known: region)"
    ]


def test_a_filter_on_an_unknown_answer_is_refused() -> None:
    with pytest.raises(FormDefinitionError) as caught:
        build(
            q(
                "tec",
                "select_one",
                choice_filter="region = ${regoin}",
                choices=[{"value": "yesil", "label": text("Yesil"), "attributes": {"region": "x"}}],
            ),
        )
    assert [str(p) for p in caught.value.problems] == [
        "tec: choice_filter: unknown reference ${regoin}"
    ]
