"""The input of a geopoint question: latitude and longitude typed, or taken from a photo.

The answer is ODK's "lat lon altitude accuracy" string (formspec/geopoint.py); the
observer types decimal degrees with "." or "," as the decimal mark, and a position out of
range is refused beside the fields, as every typed field of the form does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from observer_app.formspec import CompiledForm
from observer_app.formspec.geopoint import Geopoint, GeopointError, parse_geopoint, read_number
from observer_app.ui.i18n import _
from observer_app.ui.inputs import AnswerInput
from observer_app.ui.typed_fields import Refusal, RefusalLabel


class GeopointInput(AnswerInput):
    """Two fields (latitude, longitude) and a "From photo…" button, the reason beside them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.latitude_label = QLabel(self)
        self.latitude = QLineEdit(self)
        self.longitude_label = QLabel(self)
        self.longitude = QLineEdit(self)
        self.photo_button = QPushButton(self)
        self.photo_button.setAutoDefault(False)
        self.photo_button.clicked.connect(self.choose_photo)
        self.refusal = RefusalLabel(self)
        #: Altitude and accuracy of a position from a photo, kept while the fields hold it.
        self._extra: tuple[float | None, float | None] = (None, None)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.latitude_label, self.latitude, self.longitude_label, self.longitude):
            row.addWidget(widget)
        row.addWidget(self.photo_button)
        row.addWidget(self.refusal, 3)
        row.addStretch(1)
        for field in (self.latitude, self.longitude):
            field.setMaximumWidth(110)
            field.textEdited.connect(self._typed)
            field.editingFinished.connect(self._finish)
        self.relabel_fields()

    def relabel_fields(self) -> None:
        self.latitude_label.setText(_("Latitude"))
        self.longitude_label.setText(_("Longitude"))
        self.latitude.setAccessibleName(_("Latitude"))
        self.longitude.setAccessibleName(_("Longitude"))
        self.latitude.setPlaceholderText("51,1694")
        self.longitude.setPlaceholderText("71,4462")
        self.photo_button.setText(_("From photo…"))
        self.photo_button.setAccessibleName(_("Take the position from a photo's GPS data"))
        self.refusal.relabel()

    def relabel(self, form: CompiledForm) -> None:
        self.relabel_fields()

    # -- reading what is typed ------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._extra = (None, None)
        self.refusal.clear_refusal()
        self.edited.emit(self.value())

    def _finish(self) -> None:
        """The observer left a field: say beside it why a position is not taken."""
        problem = self.problem()
        if problem is None:
            self.refusal.clear_refusal()
        else:
            self.refusal.refuse(Refusal(None, message=problem))

    def problem(self) -> Any:
        """A function giving the reason (in the current language) the fields hold no
        position, or None when they hold one or are both empty or one is still empty."""
        lat_text, lon_text = self.latitude.text().strip(), self.longitude.text().strip()
        for text, is_latitude in ((lat_text, True), (lon_text, False)):
            if not text:
                continue
            try:
                number = read_number(text, "latitude" if is_latitude else "longitude")
            except GeopointError:
                shown = text
                return lambda: _("{value} is not a number: write degrees, e.g. 51,1694").format(
                    value=shown
                )
            if is_latitude and not -90 <= number <= 90:
                return lambda: _("A latitude lies between -90 and 90 degrees.")
            if not is_latitude and not -180 <= number <= 180:
                return lambda: _("A longitude lies between -180 and 180 degrees.")
        return None

    def point(self) -> Geopoint | None:
        lat_text, lon_text = self.latitude.text().strip(), self.longitude.text().strip()
        if not lat_text or not lon_text:
            return None
        try:
            return Geopoint(
                read_number(lat_text, "latitude"), read_number(lon_text, "longitude"), *self._extra
            )
        except GeopointError:
            return None

    def value(self) -> Any:
        point = self.point()
        return point.odk() if point is not None else None

    def set_value(self, value: Any) -> None:
        try:
            point = parse_geopoint(value) if isinstance(value, str) else None
        except GeopointError:
            point = None
        self._extra = (point.altitude, point.accuracy) if point is not None else (None, None)
        self.latitude.setText(_degrees(point.latitude) if point is not None else "")
        self.longitude.setText(_degrees(point.longitude) if point is not None else "")

    def focus_target(self) -> QWidget:
        return self.latitude

    # -- from a photo ---------------------------------------------------------------

    def choose_photo(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Photo with a GPS position"), "", _("Photos (*.jpg *.jpeg);;All files (*)")
        )
        if chosen:
            self.take_from_photo(Path(chosen))

    def take_from_photo(self, path: Path) -> None:
        """Fill the fields from `path`'s EXIF GPS position, or say beside them why not."""
        from observer_app.formspec.photo_position import (  # Pillow only when asked
            PhotoPositionError,
            position_from_photo,
        )

        try:
            point = position_from_photo(path)
        except PhotoPositionError as error:
            name = path.name
            if error.no_gps:
                message = lambda: _("{file}: the photo has no GPS position.").format(file=name)  # noqa: E731
            else:
                message = lambda: _("{file}: this is not a photo that can be read.").format(  # noqa: E731
                    file=name
                )
            self.refusal.refuse(Refusal(None, message=message))
            return
        self.set_value(point.odk())
        self.refusal.clear_refusal()
        self.edited.emit(self.value())


def _degrees(number: float) -> str:
    """Degrees as stored, up to 7 decimals (about a centimetre)."""
    return f"{number:.7f}".rstrip("0").rstrip(".")
