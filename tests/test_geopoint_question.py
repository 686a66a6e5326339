"""A `geopoint` question: a place kept as ODK's "lat lon altitude accuracy" string.

The photo with a GPS position is made in the test with Pillow (EXIF GPS tags written by
Pillow's own Exif class), so no binary fixture is committed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pyxform.xls2xform import convert

from observer_app.formspec import AnswerTypeError, check_answer, evaluate_form
from observer_app.formspec.geopoint import Geopoint, GeopointError, parse_geopoint, read_number
from observer_app.formspec.photo_position import PhotoPositionError, position_from_photo
from observer_app.formspec.xlsform_export import write_xlsform
from observer_app.formspec.xlsform_import import read_xlsform
from tests.conftest import build, q


def write_photo(path: Path, gps: dict[int, object] | None) -> Path:
    """A 4×4 JPEG; with `gps`, its EXIF carries those GPS tags."""
    exif = Image.Exif()
    if gps is not None:
        exif.get_ifd(0x8825).update(gps)
    Image.new("RGB", (4, 4), "white").save(path, "JPEG", exif=exif)
    return path


ASTANA = {1: "N", 2: (51.0, 10.0, 9.84), 3: "E", 4: (71.0, 26.0, 46.32), 5: 0, 6: 347.0}


def test_odk_strings_with_two_to_four_numbers_are_positions() -> None:
    assert parse_geopoint("51.1694 71.4491") == Geopoint(51.1694, 71.4491)
    assert parse_geopoint("-33.9 18.4 12 5") == Geopoint(-33.9, 18.4, 12.0, 5.0)
    assert Geopoint(51.1694, 71.4491, 347.0, None).odk() == "51.1694 71.4491 347 0"
    assert Geopoint(51.1694, 71.4491).odk() == "51.1694 71.4491"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("91 10", "latitude 91 is outside -90…90"),
        ("10 -180.5", "longitude -180.5 is outside -180…180"),
        ("51.1", r"expected 'lat lon \[altitude accuracy\]'"),
        ("north 71", "the latitude 'north' is not a number"),
        ("51 71 0 -3", "the accuracy cannot be negative"),
        ("1e6 71", "is not a number"),
    ],
)
def test_a_position_out_of_range_or_not_numbers_is_refused_with_the_reason(
    text: str, reason: str
) -> None:
    with pytest.raises(GeopointError, match=reason):
        parse_geopoint(text)


def test_a_comma_decimal_mark_reads_as_observers_type_it() -> None:
    assert read_number(" 51,1694 ", "latitude") == pytest.approx(51.1694)


def test_only_a_valid_odk_string_is_stored() -> None:
    form = build(q("station_place", "geopoint"))
    check_answer(form, "station_place", "51.1694 71.4491 347 5")
    for wrong in ("51.1694,71.4491", [51.1, 71.4], "100 0"):
        with pytest.raises(AnswerTypeError):
            check_answer(form, "station_place", wrong)


def test_expressions_read_the_parts_as_odk_does() -> None:
    form = build(
        q("spot", "geopoint"), q("lat", "calculate", calculation="selected-at(${spot}, 0)")
    )
    values = evaluate_form(form, {"spot": "51.1694 71.4491 347 5"})
    assert values.calculated("lat") == "51.1694"


def test_the_gps_position_of_a_photo_is_read_from_its_exif(tmp_path: Path) -> None:
    point = position_from_photo(write_photo(tmp_path / "station.jpg", ASTANA))
    assert point.latitude == pytest.approx(51.16940, abs=1e-5)
    assert point.longitude == pytest.approx(71.44620, abs=1e-5)
    assert point.altitude == pytest.approx(347.0)
    south_west = {**ASTANA, 1: "S", 3: "W"}
    point = position_from_photo(write_photo(tmp_path / "sw.jpg", south_west))
    assert (point.latitude < 0, point.longitude < 0) == (True, True)


def test_a_photo_without_gps_is_refused_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(PhotoPositionError, match=r"^plain\.jpg: the photo has no GPS position"):
        position_from_photo(write_photo(tmp_path / "plain.jpg", None))
    (tmp_path / "notes.jpg").write_text("not a photo", encoding="utf-8")
    with pytest.raises(PhotoPositionError, match=r"^notes\.jpg: not a readable photo"):
        position_from_photo(tmp_path / "notes.jpg")


def test_a_geopoint_comes_and_goes_through_xlsform_and_pyxform_converts_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "geo.md"
    path.write_text(
        "| survey |\n"
        "| | type | name | label::en | label::ru | label::kk |\n"
        "| | geopoint | spot | Where | Где | Қайда |\n",
        encoding="utf-8",
    )
    form = read_xlsform(path).compiled.form
    assert form.sections[0].questions[0].type == "geopoint"
    workbook = tmp_path / "geo.xlsx"
    write_xlsform(form, workbook)
    assert read_xlsform(workbook).compiled.form == form
    result = convert(str(workbook))
    assert 'type="geopoint"' in result.xform
