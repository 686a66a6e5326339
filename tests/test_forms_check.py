"""`observer-app forms check`: the built-in forms pass; each kind of mistake gets a precise line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from observer_app.cli import main
from tests.conftest import FORMS, form_data, q, text


def write_form(folder: Path, data: dict[str, Any], name: str = "sample.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def check(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(["forms", "check", str(folder)])
    captured = capsys.readouterr()
    return status, (captured.out + captured.err).strip().splitlines()


def test_the_built_in_forms_pass_and_are_named(capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = check(FORMS, capsys)
    assert status == 0, lines
    for form_id in ("opening", "voting", "counting", "tabulation", "incident"):
        assert any(line.startswith(f"{form_id} v") for line in lines), lines
    assert lines[-1] == f"5 forms OK in {FORMS}"


def sealed(**fields: Any) -> dict[str, Any]:
    return q(
        "ballot_box_sealed",
        "yes_no",
        concern=["no"],
        finding=text("Ballot box not properly sealed"),
        **fields,
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            form_data(sealed(), q("ballots", relevant="${ballot_box_seald} = 'no'")),
            "sample: ballots: relevant: unknown reference ${ballot_box_seald}",
            id="unknown-ref",
        ),
        pytest.param(
            form_data(sealed(), q("ballots"), q("ballots", "text")),
            "sample: ballots: duplicate id (also used by a question)",
            id="duplicate-id",
        ),
        pytest.param(
            form_data(sealed(), {**q("ballots"), "label": {"en": "Ballots", "kk": "Бюллетень"}}),
            "sample: ballots: label.ru: missing",
            id="missing-ru",
        ),
        pytest.param(
            form_data(sealed(), {**q("ballots"), "label": {"en": "Ballots", "ru": "Бюллетени"}}),
            "sample: ballots: label.kk: missing",
            id="missing-kk",
        ),
        pytest.param(
            form_data(sealed(), {**q("ballots"), "label": {"en": "B", "ru": "Б", "kk": "  "}}),
            "sample: ballots: label.kk: empty text",
            id="blank-kk",
        ),
        pytest.param(
            form_data(
                q("a", "calculate", calculation="${b} + 1"),
                q("b", "calculate", calculation="${c} * 2"),
                q("c", "calculate", calculation="${a} - 1"),
            ),
            "sample: a: circular calculate or relevant: a -> b -> c -> a",
            id="circular-calculate",
        ),
        pytest.param(
            form_data(
                q("ballot_box_sealed", "yes_no", concern=["broken"], finding=text("Not sealed"))
            ),
            "sample: ballot_box_sealed: concern answer 'broken' is not one of the question's "
            "answers (yes, no)",
            id="concern-not-an-answer",
        ),
        pytest.param(
            form_data(
                q(
                    "access",
                    "select_one",
                    concern=["ramp_missing"],
                    finding=text("x"),
                    choices=[{"value": "ramp", "label": text("Ramp")}],
                )
            ),
            "sample: access: concern answer 'ramp_missing' is not one of the question's "
            "answers (ramp)",
            id="concern-not-a-choice",
        ),
        pytest.param(
            form_data(sealed(), q("ballots", constraint=". <= (${ballot_box_sealed}")),
            "sample: ballots: constraint: syntax error: expected ')' to close '(', found end of "
            "expression at column 27 in '. <= (${ballot_box_sealed}'",
            id="syntax-error",
        ),
        pytest.param(
            form_data(sealed(), q("ballots", "counter")),
            "sample: ballots: unknown question type 'counter'",
            id="unknown-type",
        ),
        pytest.param(
            form_data(q("x", "yes_no", concern=["no"])),
            "sample: x: concern answers need a finding phrase",
            id="concern-without-finding",
        ),
        pytest.param(
            form_data(
                q("x", "yes_no", concern=["not_observed"], not_observed=True, finding=text("x"))
            ),
            "sample: x: concern answer 'not_observed' is not one of the question's answers",
            id="not-observed-is-never-a-concern",
        ),
        pytest.param(
            form_data(q("x", "yes_no", not_observed_label=text("Don't know"))),
            "sample: x: not_observed_label needs not_observed: true",
            id="third-label-without-third-answer",
        ),
        pytest.param(
            form_data(q("votes", "repeat", rows="partys", questions=[q("n")])),
            "sample: votes: unknown choice list 'partys'",
            id="unknown-fixed-rows",
        ),
        pytest.param(
            form_data(
                q(
                    "overall",
                    "select_one",
                    role="overall_assessment",
                    choices=[{"value": "fine", "label": text("Fine")}],
                )
            ),
            "sample: overall: role overall_assessment needs a select_one with the choices "
            "very_good, good, bad, very_bad",
            id="assessment-off-the-scale",
        ),
        pytest.param(
            form_data(q("a", relevant=". > 1")),
            "sample: a: relevant: '.' (this answer) can only be used in a constraint",
            id="dot-outside-constraint",
        ),
        pytest.param(
            form_data(sealed(), q("ballots", relevant="pulldata('stations', 'x', 'y', 1) = 1")),
            "sample: ballots: relevant: syntax error: unknown function pulldata() at column 1 "
            "in \"pulldata('stations', 'x', 'y', 1) = 1\"",
            id="unknown-function",
        ),
        pytest.param(
            form_data(sealed(), q("ballots", constraint=". <= 10 and frobnicate(.)")),
            "sample: ballots: constraint: syntax error: unknown function frobnicate() at column 13",
            id="unknown-function-column",
        ),
        pytest.param(
            form_data(sealed(), q("ballots", relevant="/data/ballot_box_seald = 'no'")),
            "sample: ballots: relevant: unknown question 'ballot_box_seald' in the path "
            "/data/ballot_box_seald",
            id="unknown-name-in-path",
        ),
        pytest.param(
            form_data(sealed(), q("ballots", relevant="/voting/ballot_box_sealed = 'no'")),
            "sample: ballots: relevant: the path /voting/ballot_box_sealed must start with "
            "/data/ (the form itself)",
            id="path-from-another-form",
        ),
        pytest.param(
            form_data(sealed(), q("x", "text", constraint="regex(., '[0-9')")),
            "sample: x: constraint: syntax error: regex(): bad pattern:",
            id="bad-regex",
        ),
        pytest.param(
            form_data(sealed(), q("x", "calculate", calculation="format-date(today(), '%Q')")),
            "sample: x: calculation: syntax error: format-date(): unknown code '%Q'",
            id="bad-date-code",
        ),
        pytest.param(
            form_data(sealed(), q("x", "calculate", calculation="jr:choice-name(., 'x')")),
            "sample: x: calculation: jr:choice-name(): ${x} is not a select_one or "
            "select_multiple question",
            id="choice-name-of-a-calculation",
        ),
        pytest.param(
            form_data(sealed(), q("x", relevant="selected(${ballot_box_sealed}, 1)")),
            "sample: x: relevant: syntax error: selected() takes the choice in quotes, like "
            "'1', as its second argument at column 1",
            id="selected-without-quotes",
        ),
        pytest.param(
            form_data(
                q("outside", "text"),
                q("rows", "repeat", questions=[q("inside", "text")]),
                q("x", "calculate", calculation="indexed-repeat(${outside}, ${rows}, 1)"),
            ),
            "sample: x: calculation: indexed-repeat(): ${outside} is not a question of the "
            "repeat ${rows}",
            id="indexed-repeat-outside-its-repeat",
        ),
    ],
)
def test_each_mistake_gets_a_line_naming_file_form_and_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict[str, Any], expected: str
) -> None:
    path = write_form(tmp_path, data)
    status, lines = check(tmp_path, capsys)
    assert status == 1
    assert any(line.startswith(f"{path}: {expected}") for line in lines), lines


def test_every_problem_of_every_file_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_form(tmp_path, form_data(q("a", relevant="${nope} = 1"), q("b", relevant="${gone}")))
    write_form(
        tmp_path,
        {**form_data(q("c", "calculate", calculation="${c}")), "id": "other"},
        name="other.yaml",
    )
    status, lines = check(tmp_path, capsys)
    assert status == 1
    assert lines[-1] == f"3 problems found in {tmp_path}"
    assert sum("unknown reference" in line for line in lines) == 2
    assert any("other: c: circular calculate or relevant: c -> c" in line for line in lines)


def test_unreadable_files_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (tmp_path / "latin1.yaml").write_bytes("id: caf\xe9\n".encode("latin-1"))
    (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    status, lines = check(tmp_path, capsys)
    assert status == 1
    assert any(
        line.startswith(f"{tmp_path / 'broken.yaml'}: not valid YAML: line 2") for line in lines
    )
    assert f"{tmp_path / 'latin1.yaml'}: not UTF-8 text (byte 7)" in lines
    assert any(
        line.startswith(f"{tmp_path / 'list.yaml'}: a form file must hold a mapping")
        for line in lines
    )


def test_the_same_form_version_twice_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_form(tmp_path, form_data(q("a")), name="a.yaml")
    write_form(tmp_path, form_data(q("b")), name="b.yaml")
    status, lines = check(tmp_path, capsys)
    assert status == 1
    assert (
        f"{tmp_path / 'b.yaml'}: sample: version 1 is also defined in {tmp_path / 'a.yaml'}"
        in lines
    )


def test_yes_and_no_stay_words_not_booleans(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # YAML 1.1 would read `concern: [no]` as `[false]`; a form author writes it unquoted.
    source = (FORMS.parent / "tests" / "data" / "unquoted_no.yaml").read_text(encoding="utf-8")
    (tmp_path / "unquoted.yaml").write_text(source, encoding="utf-8")
    status, lines = check(tmp_path, capsys)
    assert status == 0, lines


def test_an_empty_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = check(tmp_path, capsys)
    assert status == 1
    assert lines[0] == f"{tmp_path}: no form files (*.yaml) found"


def test_the_schema_describes_every_question_type(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Observer checklist"
    types = {
        definition["properties"]["type"]["const"]
        for definition in schema["$defs"].values()
        if "type" in definition.get("properties", {})
        and "const" in definition["properties"]["type"]
    }
    assert types == {
        "yes_no",
        "select_one",
        "select_multiple",
        "integer",
        "decimal",
        "text",
        "time",
        "date",
        "datetime",
        "acknowledge",
        "image",
        "file",
        "note",
        "station",
        "geopoint",
        "calculate",
        "repeat",
    }
    assert set(schema["$defs"]["Text"]["required"]) == {"en", "ru", "kk"}


def test_a_concern_question_without_its_sentence_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It loads (a mission's older package stays readable) but cannot be worded in a summary.
    write_form(tmp_path, form_data(sealed()))
    status, lines = check(tmp_path, capsys)
    assert status == 1
    path = tmp_path / "sample.yaml"
    assert any(
        line.startswith(f"{path}: sample: ballot_box_sealed: a concern question needs a sentence")
        for line in lines
    ), lines
    assert any(
        line.startswith(f"{path}: sample: a form with concern questions needs a base")
        for line in lines
    ), lines
    assert lines[-1] == f"2 problems found in {tmp_path}"


def _composite(members: list[str], **fields: Any) -> dict[str, Any]:
    return {"id": "any_seal_broken", "members": members, "finding": text("Any"), **fields}


def test_a_composite_naming_an_unknown_question_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_form(
        tmp_path,
        form_data(
            sealed(),
            q("mobile_sealed", "yes_no", concern=["no"], finding=text("Mobile box")),
            composites=[_composite(["ballot_box_sealed", "mobile_box_seald"])],
        ),
    )
    status, lines = check(tmp_path, capsys)
    assert status == 1
    assert (
        f"{tmp_path / 'sample.yaml'}: sample: any_seal_broken: "
        "member 'mobile_box_seald' is not a question" in lines
    ), lines


def test_a_composite_of_a_question_with_no_concern_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_form(
        tmp_path,
        form_data(
            sealed(), q("ballots"), composites=[_composite(["ballot_box_sealed", "ballots"])]
        ),
    )
    status, lines = check(tmp_path, capsys)
    assert status == 1
    assert any(
        line.endswith("any_seal_broken: member 'ballots' is not a question with a concern")
        for line in lines
    ), lines


def test_a_composite_without_its_sentence_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clauses = {"negative": text("the box was not sealed"), "positive": text("it was sealed")}
    base = {
        "en": {"one": "station visited", "other": "stations visited"},
        "ru": {
            "preposition": "на",
            "genitive_one": "участка",
            "genitive_other": "участков",
            "prepositional_other": "участках",
        },
        "kk": {"genitive_one": "учаскесінің", "genitive_other": "учаскелерінің"},
    }
    write_form(
        tmp_path,
        form_data(
            sealed(sentence=clauses),
            q("mobile_sealed", "yes_no", concern=["no"], finding=text("Mobile"), sentence=clauses),
            composites=[_composite(["ballot_box_sealed", "mobile_sealed"])],
            base=base,
        ),
    )
    status, lines = check(tmp_path, capsys)
    assert status == 1
    path = tmp_path / "sample.yaml"
    assert lines[0].startswith(f"{path}: sample: any_seal_broken: a composite needs a sentence")
    assert lines[-1] == f"1 problem found in {tmp_path}"
