"""What a window shows, as text, and which of it comes from outside the catalogues and forms.

A translated window must show nothing in another language: every visible text is built from
the gettext catalogues' translations, the forms' own texts, the registry and the data typed
in. `leaks` finds words of another language (an English word no translation uses, or, in a
Kazakh window, a Russian word no Kazakh text uses) that are left once the data are removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import fields
from functools import cache

from babel.messages.pofile import read_po
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTabBar,
    QWidget,
)

from observer_app.domain.bundled import forms_dir, registry_dir
from observer_app.domain.i18n import catalog_path
from observer_app.domain.registry import read_registry
from observer_app.formspec import load_forms
from observer_app.formspec.text import Text

DOMAINS = ("ui", "coordinator", "report")
_LATIN = re.compile(r"[A-Za-z]{3,}")
_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]{4,}")
#: Latin words that stay Latin in every language: names of the product and of file kinds.
KEPT_LATIN = {"observer", "pdf", "csv", "xlsx", "zip", "json", "ctrl", "enter", "shift", "tab"}
#: Key fingerprints ("86CC-78F6-...") and language names in the language box stay as they are.
_HEX = re.compile(r"^[A-F]+$")
KEPT_TEXTS = {"English", "Русский", "Қазақша"}


def _walk_texts(value: object) -> Iterable[Text]:
    if isinstance(value, Text):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk_texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk_texts(item)
    elif hasattr(type(value), "model_fields"):
        for name in type(value).model_fields:
            yield from _walk_texts(getattr(value, name))


@cache
def language_texts(language: str) -> tuple[str, ...]:
    """Every catalogue translation and form text in `language` (English: the msgids)."""
    texts: list[str] = []
    for domain in DOMAINS:
        with catalog_path(domain, "ru").open("rb") as source:
            catalog = read_po(source, locale="ru")
        if language != "en":
            with catalog_path(domain, language).open("rb") as source:
                catalog = read_po(source, locale=language)
        for message in catalog:
            if not message.id:
                continue
            if language == "en":
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                texts.extend(ids)
            else:
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                texts.extend(s for s in strings if s)
    for compiled in load_forms(forms_dir()):
        texts.extend(text.get(language) for text in _walk_texts(compiled.form))  # type: ignore[arg-type]
    return tuple(texts)


@cache
def registry_words() -> frozenset[str]:
    registry = read_registry(registry_dir())
    words: set[str] = set()
    for item in (*registry.regions, *registry.tecs, *registry.stations):
        for field in fields(item):
            value = getattr(item, field.name)
            if isinstance(value, str):
                words.update(w.lower() for w in re.findall(r"\w+", value))
    return frozenset(words)


@cache
def _words(language: str, pattern: re.Pattern[str]) -> frozenset[str]:
    return frozenset(w.lower() for text in language_texts(language) for w in pattern.findall(text))


def _count(method: Callable[..., int]) -> int:
    """A model's rows or columns: some models take the parent, some must not be given it."""
    try:
        return method()
    except TypeError:
        try:
            return method(QModelIndex())
        except TypeError:
            return 1  # a list model's column count is private: it has one


def visible_texts(window: QWidget) -> list[str]:
    """Every text the window shows now: labels, buttons, titles, tabs, lists and tables."""
    texts: list[str] = [window.windowTitle()]
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            texts.append(action.text())
            menu = action.menu()
            if menu is not None:
                texts.extend(a.text() for a in menu.actions())  # type: ignore[attr-defined]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QLineEdit) and not widget.text():
            texts.append(widget.placeholderText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for column in range(_count(model.columnCount)):
                texts.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
            for row in range(min(_count(model.rowCount), 60)):
                for column in range(_count(model.columnCount)):
                    value = model.data(model.index(row, column, QModelIndex()))
                    if isinstance(value, str):
                        texts.append(value)
    return [t.replace("&", "") for t in texts if t]


def leaks(texts: Iterable[str], language: str, data: Iterable[str] = ()) -> list[str]:
    """The texts that hold a word of another language than `language`."""
    data_words = {w.lower() for text in data for w in re.findall(r"\w+", text)}
    allowed = registry_words() | data_words
    own_latin = _words(language, _LATIN) | KEPT_LATIN
    english = _words("en", _LATIN) - own_latin
    russian = _words("ru", _CYRILLIC) - _words("kk", _CYRILLIC) if language == "kk" else set()
    found: list[str] = []
    for text in dict.fromkeys(texts):
        if text in KEPT_TEXTS:
            continue
        latin = {w.lower() for w in _LATIN.findall(text) if not _HEX.match(w)} - allowed
        cyrillic = {w.lower() for w in _CYRILLIC.findall(text)} - allowed
        if latin & english or latin - own_latin - english or cyrillic & russian:
            found.append(text)
    return found
