"""First run: who is observing, in which role, and for which mission.

The role (observer or coordinator) and the mission (built-in or a package file) are two
separate questions, each its own group of choices: in one group, choosing the package file
unchecked "coordinator" and set the coordinator up as an observer. The dialog opens in the
system's language (Russian, Kazakh, or else English) and switches live.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from observer_app.ui.i18n import LANGUAGE_NAMES, LanguageSwitch, _
from observer_app.workspace.laptop import ObserverProfile


class FirstRunDialog(QDialog):
    """Asks the observer's name and team, and the mission: built-in or a package file."""

    def __init__(self, language: LanguageSwitch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        layout = QVBoxLayout(self)
        self.welcome = QLabel(self)
        self.welcome.setWordWrap(True)
        layout.addWidget(self.welcome)
        fields = QFormLayout()
        self.language_box = QComboBox(self)
        for code, name in LANGUAGE_NAMES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(list(LANGUAGE_NAMES).index(language.language))
        self.language_box.currentIndexChanged.connect(
            lambda _i: language.set_language(self.language_box.currentData())
        )
        self.name_field = QLineEdit(self)
        self.name_field.setObjectName("observer_name")
        self.team_field = QLineEdit(self)
        self.team_field.setObjectName("observer_team")
        self.language_label = QLabel(self)
        self.name_label = QLabel(self)
        self.team_label = QLabel(self)
        self.language_label.setBuddy(self.language_box)
        self.name_label.setBuddy(self.name_field)
        self.team_label.setBuddy(self.team_field)
        fields.addRow(self.language_label, self.language_box)
        fields.addRow(self.name_label, self.name_field)
        fields.addRow(self.team_label, self.team_field)
        layout.addLayout(fields)
        # Radio buttons are exclusive among siblings: each question has its own group box.
        self.mode_box = QGroupBox(self)
        self.mode_box.setObjectName("mode_choice")
        modes = QVBoxLayout(self.mode_box)
        self.observer_mode = QRadioButton(self.mode_box)
        self.observer_mode.setObjectName("observer_mode")
        self.observer_mode.setChecked(True)
        self.coordinator_mode = QRadioButton(self.mode_box)
        self.coordinator_mode.setObjectName("coordinator_mode")
        modes.addWidget(self.observer_mode)
        modes.addWidget(self.coordinator_mode)
        layout.addWidget(self.mode_box)
        self.mission_box = QGroupBox(self)
        self.mission_box.setObjectName("mission_choice")
        missions = QVBoxLayout(self.mission_box)
        self.builtin = QRadioButton(self.mission_box)
        self.builtin.setObjectName("mission_builtin")
        self.builtin.setChecked(True)
        self.package = QRadioButton(self.mission_box)
        self.package.setObjectName("mission_package")
        missions.addWidget(self.builtin)
        missions.addWidget(self.package)
        chooser = QHBoxLayout()
        self.package_field = QLineEdit(self.mission_box)
        self.package_field.setObjectName("package_path")
        self.package_field.textEdited.connect(lambda _text: self.package.setChecked(True))
        self.browse = QPushButton(self.mission_box)
        self.browse.clicked.connect(self._browse)
        chooser.addWidget(self.package_field, 1)
        chooser.addWidget(self.browse)
        missions.addLayout(chooser)
        layout.addWidget(self.mission_box)
        # Our own words on the buttons: Qt has no Kazakh catalog for its standard ones.
        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("start")
        self.start_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error)
        language.changed.connect(lambda _l: self.relabel())
        self.relabel()
        self.resize(560, 360)

    def relabel(self) -> None:
        self.setWindowTitle(_("Welcome to Observer"))
        self.welcome.setText(
            _(
                "Observer keeps your election-day checklists on this computer, without a "
                "network. Every answer is saved as you give it."
            )
        )
        self.language_label.setText(_("&Language:"))
        self.name_label.setText(_("Your &name:"))
        self.team_label.setText(_("&Team:"))
        self.mode_box.setTitle(_("I use Observer as:"))
        self.observer_mode.setText(_("an observer: I fill in the checklists"))
        self.coordinator_mode.setText(
            _("a coordinator: I merge the observers' files and print the summary")
        )
        self.mission_box.setTitle(_("Mission:"))
        self.builtin.setText(
            _("Built-in: 2021 Majilis elections (polling stations of the 17 regions)")
        )
        self.package.setText(_("A mission package file from your coordinator:"))
        self.package_field.setAccessibleName(_("Mission package file"))
        self.package_field.setPlaceholderText(_("mission.zip from your coordinator"))
        self.browse.setText(_("Choose…"))
        self.start_button.setText(_("Start"))
        self.cancel_button.setText(_("Cancel"))

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Mission package file"), "", _("Mission packages (*.zip);;All files (*)")
        )
        if chosen:
            self.package_field.setText(chosen)
            self.package.setChecked(True)

    def mode(self) -> str:
        """ "observer" or "coordinator": which window opens, switchable later in the menu."""
        return "coordinator" if self.coordinator_mode.isChecked() else "observer"

    def package_path(self) -> Path | None:
        """The package file chosen, or None for the built-in mission."""
        return Path(self.package_field.text().strip()) if self.package.isChecked() else None

    def show_error(self, message: str) -> None:
        self.error.setText(message)

    def profile(self) -> ObserverProfile:
        return ObserverProfile(self.name_field.text().strip(), self.team_field.text().strip())

    def _accept(self) -> None:
        if not self.name_field.text().strip():
            self.error.setText(_("Please give your name: it is written into every form."))
            self.name_field.setFocus()
            return
        path = self.package_path()
        if path is not None and not path.is_file():
            self.error.setText(_("Choose the mission package file (a .zip from your coordinator)."))
            return
        self.accept()
