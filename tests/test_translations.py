"""Every interface and report text is translated into Russian and Kazakh, in step with the code."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from observer_app.domain.i18n import catalog_path, translations
from tests.conftest import ROOT

#: gettext domain -> the source folder whose strings it holds.
DOMAINS = {
    "ui": ROOT / "observer_app" / "ui",
    "coordinator": ROOT / "observer_app" / "ui" / "coordinator",
    "report": ROOT / "observer_app" / "reporting",
    "results": ROOT / "observer_app" / "reporting" / "results",
}
#: Folders inside a domain's folder that hold another domain's strings.
OTHER_DOMAINS = {"ui": ("coordinator",), "report": ("results",)}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def source_messages(folder: Path, skip: tuple[str, ...] = ()) -> set[str]:
    found: set[str] = set()
    for file, _line, message, _comments, _context in extract_from_dir(
        str(folder), keywords=KEYWORDS, comment_tags=(), method_map=[("**.py", "python")]
    ):
        if Path(file).parts[0] in skip:
            continue
        # ngettext gives (singular, plural): a catalog keys a plural entry by its singular
        found.add(message if isinstance(message, str) else message[0])
    return found


def domains_in_use() -> list[str]:
    return [domain for domain, folder in DOMAINS.items() if source_messages(folder)]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_text_in_the_code_has_a_translation(language: str) -> None:
    for domain in domains_in_use():
        path = catalog_path(domain, language)
        assert path.is_file(), f"{path} is missing"
        with path.open("rb") as source:
            catalog = read_po(source, locale=language)
        missing = sorted(
            message
            for message in source_messages(DOMAINS[domain], OTHER_DOMAINS.get(domain, ()))
            if not (entry := catalog.get(message))
            or not entry.string
            or entry.fuzzy
            or (isinstance(entry.string, tuple) and not all(entry.string))
        )
        assert missing == [], f"{path}: untranslated {missing}"


def test_english_is_the_source_text() -> None:
    assert translations("report", "en").gettext("Page") == "Page"


NOT_OBSERVED = {"ru": "Не удалось наблюдать", "kk": "Байқау мүмкін болмады"}
#: Words that read as "it did not happen", which an observer may tick meaning "no".
MISREAD = ("Не наблюдалось", "не наблюдалось", "Байқалмады»", "«Байқалмады", "байқалмады:")


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_not_observed_reads_as_could_not_observe_everywhere(language: str) -> None:
    for domain in ("ui", "coordinator", "report"):
        assert translations(domain, language).gettext("Not observed") == NOT_OBSERVED[language]
        catalog = catalog_path(domain, language).read_text(encoding="utf-8")
        assert not [word for word in MISREAD if word in catalog], domain
    for form in (ROOT / "forms").glob("*.yaml"):
        text = form.read_text(encoding="utf-8")
        assert not [word for word in MISREAD if word in text], form.name
