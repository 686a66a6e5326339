"""Where an observation starts: pick the form, then the polling station (or TEC) by typing.

Keyboard only is enough: the search field has the focus, Down moves into the list, Enter
starts the form. Recently visited places come first, marked as such; a station number comes
first in the observer's own TEC and region (those of their latest visit). Enter in the
search starts a form only when the search leaves no doubt (`the_one_meant`); an empty or
ambiguous search selects nothing and says so, and the observer chooses in the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from observer_app.domain.registry import Registry
from observer_app.domain.station_search import Home, StationIndex, home_of, the_one_meant
from observer_app.ui.i18n import _, current_language, ngettext
from observer_app.workspace.startup import ANY, POLLING_STATION, TEC, FormChoice

FORM_ORDER = ("opening", "voting", "counting", "tabulation", "incident")
NO_PLACE = ""


class PlaceListModel(QAbstractListModel):
    """The places found for the current search: (id, first line, second line, recent?)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.places: list[tuple[str, str, str, bool]] = []

    def set_places(self, places: list[tuple[str, str, str, bool]]) -> None:
        self.beginResetModel()
        self.places = places
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.places)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        place_id, first, second, recent = self.places[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "★ " if recent else ""
            return f"{mark}{first}\n{second}" if second else f"{mark}{first}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{first}. {second}"
        if role == Qt.ItemDataRole.UserRole:
            return place_id
        return None


class _SearchField(QLineEdit):
    """Down and Enter act on the list below, so hands stay on the keyboard."""

    move_down = Signal()
    accepted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accepted.emit()
        else:
            super().keyPressEvent(event)


class StationPicker(QWidget):
    """Form choice, search field, list of places, Start."""

    start = Signal(str, str)  # form id, place id ("" for none)

    def __init__(self, forms: Sequence[FormChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.forms: list[FormChoice] = []
        self.registry: Registry | None = None
        self.index: StationIndex | None = None
        self.recent: list[str] = []
        self.home = Home()
        self._doubt = ""  # why Enter starts nothing now ("" when it starts the chosen place)

        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)

        self.form_label = QLabel(self)
        layout.addWidget(self.form_label)
        self.form_row = QHBoxLayout()
        self.form_row.addStretch(1)
        layout.addLayout(self.form_row)
        self.form_group = QButtonGroup(self)
        self.form_buttons: list[QRadioButton] = []
        self._set_form_buttons(forms)
        self.form_group.idToggled.connect(self._form_toggled)

        self.search_label = QLabel(self)
        layout.addWidget(self.search_label)
        self.search_field = _SearchField(self)
        self.search_field.setObjectName("station_search")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.textChanged.connect(lambda _text: self.search())
        self.search_field.move_down.connect(self._focus_list)
        self.search_field.accepted.connect(self._start_selected)
        self.search_label.setBuddy(self.search_field)
        layout.addWidget(self.search_field)

        self.model = PlaceListModel(self)
        self.list = QListView(self)
        self.list.setObjectName("station_list")
        self.list.setModel(self.model)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(True)
        self.list.activated.connect(lambda _index: self._start_selected())
        self.list.doubleClicked.connect(lambda _index: self._start_selected())
        self.list.selectionModel().currentChanged.connect(lambda *_args: self._enable_start())
        layout.addWidget(self.list, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("search_hint")
        self.count_label.setWordWrap(True)
        bottom.addWidget(self.count_label, 1)
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("start")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start_selected)
        bottom.addWidget(self.start_button)
        layout.addLayout(bottom)
        self.setTabOrder(self.search_field, self.list)
        self.relabel()

    def set_registry(self, registry: Registry, index: StationIndex, recent: list[str]) -> None:
        self.registry = registry
        self.index = index
        self.set_recent(recent)

    def _form_toggled(self, _position: int, checked: bool) -> None:
        if checked:
            self.relabel()

    def set_recent(self, recent: list[str]) -> None:
        """Places of the latest submissions, listed first; the latest gives the home area."""
        self.recent = recent
        if self.registry is not None:
            self.home = home_of(self.registry, recent)
        self.search()

    def _set_form_buttons(self, forms: Sequence[FormChoice]) -> None:
        ordered = {form.id: form for form in forms}
        self.forms = [ordered[i] for i in FORM_ORDER if i in ordered] + [
            f for f in forms if f.id not in FORM_ORDER
        ]
        for button in self.form_buttons:
            self.form_group.removeButton(button)
            button.deleteLater()
        self.form_buttons = []
        for position, form in enumerate(self.forms):
            button = QRadioButton(self)
            button.setObjectName(f"form_{form.id}")
            self.form_group.addButton(button, position)
            self.form_buttons.append(button)
            self.form_row.insertWidget(position, button)
        default = next((i for i, f in enumerate(self.forms) if f.id == "voting"), 0)
        if self.form_buttons:
            self.form_buttons[default].setChecked(True)

    def set_forms(self, forms: Sequence[FormChoice]) -> None:
        """Offer `forms` instead (the database's, when they differ from the snapshot's)."""
        if {f.id: f for f in forms} == {f.id: f for f in self.forms}:
            return
        chosen = self.current_form()
        self._set_form_buttons(forms)
        for position, form in enumerate(self.forms):
            if chosen is not None and form.id == chosen.id:
                self.form_buttons[position].setChecked(True)
        self.relabel()

    def current_form(self) -> FormChoice | None:
        position = self.form_group.checkedId()
        return self.forms[position] if position >= 0 else None

    def relabel(self) -> None:
        language = current_language()
        self.heading.setText(_("Start an observation"))
        self.form_label.setText(_("Form:"))
        for button, form in zip(self.form_buttons, self.forms, strict=True):
            button.setText(form.title(language))
        place = self._place()
        self.search_label.setText(
            _("Territorial election commission (search by name or region):")
            if place == TEC
            else _("&Polling station (search by number, region, TEC or address):")
        )
        self.search_field.setPlaceholderText(_("e.g. 245, Almaty, Алмалы, Абая 15"))
        self.search_field.setAccessibleName(_("Search for a polling station"))
        self.list.setAccessibleName(_("Places found"))
        self.start_button.setText(_("Start the form") + "  ⏎")
        self.search()

    def _place(self) -> str:
        form = self.current_form()
        return form.place if form is not None else POLLING_STATION

    def search(self) -> None:
        if self.registry is None or self.index is None:
            return
        language = current_language()
        query = self.search_field.text()
        places: list[tuple[str, str, str, bool]] = []
        chosen: str | None = None
        numbered = 0  # stations bearing a number typed
        by_area = False  # chosen among those for being in the observer's area
        if self._place() == TEC:
            words = query.casefold().split()
            for tec in self.registry.tecs:
                region = self.registry.region(tec.region)
                text = " ".join(
                    [tec.code, tec.name_en, tec.name_ru, tec.name_kk, region.name(language)]
                ).casefold()
                if all(word in text for word in words):
                    places.append(
                        (
                            tec.code,
                            tec.name(language),
                            region.name(language),
                            tec.code in self.recent,
                        )
                    )
            places.sort(key=lambda p: (not p[3], p[0] != self.home.tec, p[0]))
            if words and len(places) == 1:
                chosen = places[0][0]
        else:
            if self._place() == ANY:
                places.append((NO_PLACE, _("Not at a polling station"), "", False))
            hits = self.index.search(query, recent=self.recent, home=self.home)
            for hit in hits:
                station = hit.station
                region = self.registry.region(station.region)
                tec = self.registry.tec(station.tec)
                first = _("Polling station №{number}").format(number=station.number)
                places.append(
                    (
                        station.id,
                        f"{first} · {tec.name(language)} · {region.name(language)}",
                        station.address,
                        hit.recent,
                    )
                )
            meant = the_one_meant(query, hits)
            chosen = meant.station.id if meant is not None else None
            numbered = sum(hit.exact for hit in hits)
            by_area = meant is not None and numbered > 1 and not meant.recent
        self.model.set_places(places)
        row = next((i for i, p in enumerate(places) if p[0] == chosen), None)
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row, 0))
        self._hint(query, places, chosen, numbered, by_area)
        self._enable_start()

    def _hint(
        self,
        query: str,
        places: list[tuple[str, str, str, bool]],
        chosen: str | None,
        numbered: int,
        by_area: bool,
    ) -> None:
        """Under the list: how many were found, and whether Enter starts one."""
        found = sum(1 for p in places if p[0] != NO_PLACE)
        self._doubt = ""
        if chosen is None and not query.strip():
            self._doubt = (
                _("Type the name of the TEC, or choose one in the list.")
                if self._place() == TEC
                else _("Type the number of the polling station, or choose one in the list.")
            )
        elif chosen is None and numbered > 1:
            number = next(t for t in query.replace("№", " ").split() if t.isdigit())
            self._doubt = ngettext(
                "{count} polling station has the number {number}: choose yours in the list "
                "(↓, then Enter).",
                "{count} polling stations have the number {number}: choose yours in the list "
                "(↓, then Enter).",
                numbered,
            ).format(count=numbered, number=number)
        elif chosen is None and found > 1:
            self._doubt = _("{count} found: choose one in the list (↓, then Enter).").format(
                count=found
            )
        if self._doubt:
            text = self._doubt
        elif by_area:
            text = _(
                "{count} found; the first, in the region of your latest visit, is chosen: "
                "Enter starts it."
            ).format(count=found)
        elif chosen is not None and found > 1:
            text = _("{count} found; the first is chosen: Enter starts it.").format(count=found)
        else:
            text = _("{count} found").format(count=found) if query else ""
        self.count_label.setText(text)
        self.count_label.setStyleSheet("")

    def _enable_start(self) -> None:
        self.start_button.setEnabled(self.list.currentIndex().isValid())

    def _focus_list(self) -> None:
        self.list.setFocus()
        if self.model.rowCount() and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.model.index(0, 0))

    def _start_selected(self) -> None:
        form = self.current_form()
        index = self.list.currentIndex()
        if form is None:
            return
        if not index.isValid():
            # Nothing chosen: say what to do, loudly, and start nothing.
            self.count_label.setText(self._doubt or _("Choose a place in the list first."))
            self.count_label.setStyleSheet("color: #b00020; font-weight: bold;")
            return
        self.start.emit(form.id, str(index.data(Qt.ItemDataRole.UserRole)))
