"""An `acknowledge` question: the observer confirms a statement; the answer is ODK's 'OK'."""

from __future__ import annotations

from pathlib import Path

import pytest

from observer_app.formspec import AnswerTypeError, check_answer, find_problems
from observer_app.formspec.xlsform_export import form_to_sheets
from observer_app.formspec.xlsform_import import read_xlsform
from tests.conftest import build, q


def test_only_ok_is_an_answer_and_a_required_one_must_be_given() -> None:
    form = build(q("accreditation_shown", "acknowledge", required=True))
    check_answer(form, "accreditation_shown", "OK")
    for wrong in ("yes", True, "ok"):
        with pytest.raises(AnswerTypeError):
            check_answer(form, "accreditation_shown", wrong)
    assert [p.question for p in find_problems(form, {})] == ["accreditation_shown"]
    assert find_problems(form, {"accreditation_shown": "OK"}) == []


def test_an_xlsform_acknowledge_row_comes_and_goes_as_acknowledge(tmp_path: Path) -> None:
    path = tmp_path / "ack.md"
    path.write_text(
        "| survey |\n"
        "| | type | name | label::en | label::ru | label::kk | required |\n"
        "| | acknowledge | shown | Shown | Предъявлено | Көрсетілді | yes |\n",
        encoding="utf-8",
    )
    form = read_xlsform(path).compiled.form
    assert form.sections[0].questions[0].type == "acknowledge"
    assert form_to_sheets(form)["survey"][1]["type"] == "acknowledge"
