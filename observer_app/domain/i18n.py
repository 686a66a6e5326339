"""Translated interface and report text: gettext catalogs (`resources/locale`), one per area.

One mechanism for the whole product, as Picard does: the window and the printed summary
both take their words from gettext catalogs, so a translator works in one kind of file
(`.po`, editable in Poedit or any text editor) for en, ru and kk. Catalogs are read with
Babel and compiled in memory, so no compiled `.mo` file can fall out of step with its
source. Form texts are not here: they live, translated, in the forms themselves.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path
from typing import Literal, get_args

from observer_app.domain.bundled import locale_dir

Language = Literal["en", "ru", "kk"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
#: The language every text is written in first; its catalog is the source text itself.
SOURCE_LANGUAGE: Language = "en"


def texts_by_language(value: object) -> dict[str, str]:
    """A mission's name or election per language, as a database's setting keeps it: the
    languages it has words for (none in settings written before there were any)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str) and v.strip()}


def catalog_path(domain: str, language: str) -> Path:
    return locale_dir() / language / "LC_MESSAGES" / f"{domain}.po"


@cache
def translations(domain: str, language: str) -> gettext.NullTranslations:
    """The catalog of `domain` ("ui", "report") in `language`; the source text where absent.

    English is the source language: its "translation" is the msgid itself.
    """
    path = catalog_path(domain, language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    # Babel loads only when a translated catalog is first read, not for an English window.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as source:
        catalog = read_po(source, locale=language, domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
