"""The interface language: gettext's "ui" catalog, switched live and remembered in QSettings.

Widgets take their words from `_()` at the moment they are (re)labelled and listen to
`Language.changed`, so switching between English, Russian and Kazakh needs no restart.
Qt's own words (standard dialog buttons) come from Qt's catalogs through a QTranslator.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTranslator,
    Signal,
)

from observer_app.domain.i18n import LANGUAGES, Language, translations

#: How each language names itself in the language menu.
LANGUAGE_NAMES: dict[Language, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}

_current: Language = "en"


def _(message: str) -> str:
    """`message` in the current interface language."""
    return translations("ui", _current).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations("ui", _current).ngettext(singular, plural, count)


def current_language() -> Language:
    return _current


def system_locale() -> QLocale:
    """The locale the computer is set to (a function, so that tests can stand in for it)."""
    return QLocale.system()


def system_language() -> Language:
    """Russian or Kazakh when the computer is set to it, English otherwise: the language of
    the first run, before the user has chosen one."""
    spoken = system_locale().language()
    if spoken == QLocale.Language.Kazakh:
        return "kk"
    if spoken == QLocale.Language.Russian:
        return "ru"
    return "en"


class LanguageSwitch(QObject):
    """Holds the interface language; `changed` tells every view to relabel itself."""

    changed = Signal(str)

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._qt = QTranslator(self)
        stored = str(settings.value("language", "") or "")
        self.set_language(stored if stored in LANGUAGES else system_language(), remember=False)

    def set_language(self, language: str, *, remember: bool = True) -> None:
        global _current
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        _current = language
        application = QCoreApplication.instance()
        if application is not None:
            application.removeTranslator(self._qt)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if language != "en" and self._qt.load(f"qtbase_{language}", folder):
                application.installTranslator(self._qt)
        if remember:
            self._settings.setValue("language", language)
        self.changed.emit(language)

    @property
    def language(self) -> Language:
        return _current
