"""XLSForm in and out: a mission's spreadsheet becomes our form, ours becomes one ODK reads.

The built-in checklists survive the trip through an .xlsx unchanged, the .xlsx converts
to an XForm with pyxform's own converter, and a spreadsheet Observer cannot take is
refused line by line with the sheet, the row and the column, writing nothing.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pyxform.xls2xform import convert

from observer_app.cli import main
from observer_app.formspec import load_forms
from observer_app.formspec.xlsform_export import write_xlsform
from observer_app.formspec.xlsform_import import XLSFormError, read_xlsform
from tests.conftest import FORMS

BUILT_IN = sorted(form.id for form in load_forms(FORMS))

HEADER = (
    "| | type | name | label::English (en) | label::Русский (ru) | label::Қазақша (kk) "
    "| relevant | constraint |"
)
SETTINGS = """
| settings |
| | form_id | version | form_title | observer_place |
| | small | 3 | Small | polling_station |
"""


def write_md(folder: Path, survey_rows: str, extra: str = SETTINGS) -> Path:
    """An XLSForm in pyxform's markdown form: survey rows after the header row."""
    path = folder / "small.md"
    text = "| survey |\n" + HEADER + "\n" + textwrap.dedent(survey_rows).strip() + "\n" + extra
    path.write_text(text, encoding="utf-8")
    return path


GOOD_ROWS = """
| | begin_group | figures | Figures | Цифры | Сандар | | |
| | integer | voters | Voters | Избиратели | Сайлаушылар | | . >= 0 |
| | integer | ballots | Ballots | Бюллетени | Бюллетеньдер | ${voters} > 0 | |
| | end_group | figures | | | | | |
"""


def problems_of(path: Path) -> list[str]:
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("form_id", BUILT_IN)
def test_a_built_in_form_comes_back_unchanged_from_its_xlsform(
    form_id: str, tmp_path: Path
) -> None:
    form = load_forms(FORMS).get(form_id).form
    path = tmp_path / f"{form_id}.xlsx"
    write_xlsform(form, path)
    imported = read_xlsform(path)
    assert imported.compiled.form == form
    assert imported.notes == []


@pytest.mark.parametrize("form_id", BUILT_IN)
def test_pyxform_converts_the_exported_form_to_an_xform(form_id: str, tmp_path: Path) -> None:
    compiled = load_forms(FORMS).get(form_id)
    path = tmp_path / f"{form_id}.xlsx"
    write_xlsform(compiled.form, path)
    result = convert(str(path))
    assert result.warnings == []
    for question_id in compiled.questions:
        assert f"/{question_id}" in result.xform
    assert compiled.form.sections[0].title.kk in result.xform  # labels travel in every language


def test_the_cli_imports_an_exported_form_that_forms_check_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = tmp_path / "counting.xlsx"
    assert main(["forms", "export", "counting", "--out", str(workbook)]) == 0
    assert main(["forms", "import", str(workbook), "--out", str(tmp_path / "forms")]) == 0
    assert (tmp_path / "forms" / "counting.yaml").is_file()
    capsys.readouterr()
    assert main(["forms", "check", str(tmp_path / "forms")]) == 0
    assert "1 forms OK" in capsys.readouterr().out


def test_a_markdown_xlsform_with_groups_and_settings_imports(tmp_path: Path) -> None:
    imported = read_xlsform(write_md(tmp_path, GOOD_ROWS))
    form = imported.compiled.form
    assert (form.id, form.version, form.place) == ("small", 3, "polling_station")
    assert form.sections[0].title.kk == "Сандар"
    assert [q.id for q in form.sections[0].questions] == ["voters", "ballots"]
    assert form.sections[0].questions[1].relevant == "${voters} > 0"


def test_metadata_rows_are_left_out_and_said_so(tmp_path: Path) -> None:
    rows = "| | start | started | | | | | |\n" + GOOD_ROWS
    imported = read_xlsform(write_md(tmp_path, rows))
    assert [str(note) for note in imported.notes] == [
        f"{tmp_path / 'small.md'}: survey row 2, column type: start left out: Observer "
        "records its own times and laptop"
    ]


def test_an_unknown_type_is_refused_with_its_row(tmp_path: Path) -> None:
    rows = GOOD_ROWS.replace(
        "| | end_group", "| | geotrace | route | R | М | Б | | |\n| | end_group"
    )
    assert problems_of(write_md(tmp_path, rows)) == [
        f"{tmp_path / 'small.md'}: survey row 5, column type: unsupported question type 'geotrace'"
    ]


def test_an_unknown_function_is_refused_with_its_row_and_column(tmp_path: Path) -> None:
    rows = GOOD_ROWS.replace(". >= 0", "frobnicate(.)")
    (line,) = problems_of(write_md(tmp_path, rows))
    assert line.startswith(f"{tmp_path / 'small.md'}: survey row 3, column constraint: ")
    assert "unknown function frobnicate()" in line


def test_a_missing_label_language_is_refused_naming_the_column(tmp_path: Path) -> None:
    rows = GOOD_ROWS.replace("Бюллетеньдер", "")
    assert problems_of(write_md(tmp_path, rows)) == [
        f"{tmp_path / 'small.md'}: survey row 4, column label::Қазақша (kk): no kk text: "
        "every label is given in en, ru and kk"
    ]


def test_a_bad_reference_is_refused_with_its_row_and_column(tmp_path: Path) -> None:
    rows = GOOD_ROWS.replace("${voters} > 0", "${votrs} > 0")
    assert problems_of(write_md(tmp_path, rows)) == [
        f"{tmp_path / 'small.md'}: survey row 4, column relevant: unknown reference ${{votrs}}"
    ]


def test_every_problem_is_named_in_one_run_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = GOOD_ROWS.replace("Бюллетеньдер", "").replace(
        "| | end_group", "| | geotrace | route | R | М | Б | | |\n| | end_group"
    )
    out = tmp_path / "forms"
    assert main(["forms", "import", str(write_md(tmp_path, rows)), "--out", str(out)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == [
        "survey row 4, column label::Қазақша (kk)",
        "survey row 5, column type",
    ]
    assert lines[-1] == "2 problems: nothing written"
    assert not out.exists()


def test_a_csv_xlsform_reads_like_the_workbook(tmp_path: Path) -> None:
    path = tmp_path / "small.csv"
    path.write_text(
        "survey,type,name,label::en,label::ru,label::kk\n"
        ",integer,voters,Voters,Избиратели,Сайлаушылар\n"
        "settings,form_id,version\n,small_csv,2\n",
        encoding="utf-8",
    )
    form = read_xlsform(path).compiled.form
    assert (form.id, form.version) == ("small_csv", 2)
    assert form.sections[0].questions[0].label.ru == "Избиратели"


def test_a_file_that_is_no_xlsform_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert problems_of(path) == [
        f"{path}: not an XLSForm: the file must end in .xlsx, .xls, .csv, .md"
    ]


@pytest.mark.qt  # imports the window's module, which needs PySide6
def test_the_window_and_the_launcher_start_without_pyxform() -> None:
    code = (
        "import sys; import observer_app.launcher, observer_app.ui.app, observer_app.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyxform', 'openpyxl')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


NESTED_ROWS = """
| | select_one yn | opened | Opened | Открыт | Ашылды | | |
| | begin_group | counting | Counting | Подсчёт | Санау | ${opened} = 'yes' | |
| | integer | voters | Voters | Избиратели | Сайлаушылар | | |
| | begin_group | ballots | Ballots | Бюллетени | Бюллетеньдер | ${voters} > 0 | |
| | integer | valid | Valid | Действительные | Жарамды | | |
| | end_group | ballots | | | | | |
| | integer | spoilt | Spoilt | Испорчено | Бүлінген | | |
| | end_group | counting | | | | | |
| | geopoint | spot | Where | Где | Қайда | | |
"""
YN_CHOICES = """
| choices |
| | list_name | name | label::English (en) | label::Русский (ru) | label::Қазақша (kk) |
| | yn | yes | Yes | Да | Иә |
| | yn | no | No | Нет | Жоқ |
"""


def test_nested_groups_become_sections_with_qualified_titles_and_inherited_relevance(
    tmp_path: Path,
) -> None:
    form = read_xlsform(write_md(tmp_path, NESTED_ROWS, SETTINGS + YN_CHOICES)).compiled.form
    shown = [(s.id, s.title.en, s.relevant, [q.id for q in s.questions]) for s in form.sections]
    assert shown == [
        ("section_2", "Small", None, ["opened"]),
        ("counting", "Counting", "${opened} = 'yes'", ["voters"]),
        (
            "ballots",
            "Counting › Ballots",
            "(${opened} = 'yes') and (${voters} > 0)",
            ["valid"],
        ),
        ("counting_8", "Counting", "${opened} = 'yes'", ["spoilt"]),
        ("section_10", "Small", None, ["spot"]),
    ]
    assert form.sections[2].title.ru == "Подсчёт › Бюллетени"
    workbook = tmp_path / "nested.xlsx"
    write_xlsform(form, workbook)
    assert read_xlsform(workbook).compiled.form == form  # exported as groups, read back alike
    assert convert(str(workbook)).warnings == []


PHOTO_MD = """
| survey |
| | type | name | label::en | label::ru | label::kk | parameters |
| | image | protocol_photo | Protocol | Протокол | Хаттама | max-pixels=2048 |
| | integer | voters | Voters | Избиратели | Сайлаушылар | {voters} |
"""


def test_a_photo_scaling_parameter_is_left_out_and_said_so(tmp_path: Path) -> None:
    path = tmp_path / "photo.md"
    path.write_text(PHOTO_MD.format(voters=""), encoding="utf-8")
    imported = read_xlsform(path)
    assert imported.compiled.question("protocol_photo").type == "image"
    assert [str(note) for note in imported.notes] == [
        f"{path}: survey row 2, column parameters: max-pixels=2048 left out: Observer keeps "
        "the photo as the observer chose it, not scaled down"
    ]


def test_any_other_parameter_is_refused_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "photo.md"
    path.write_text(PHOTO_MD.format(voters="randomize=true"), encoding="utf-8")
    assert problems_of(path) == [
        f"{path}: survey row 3, column parameters: parameter 'randomize' not supported by "
        "Observer: it would be lost"
    ]
