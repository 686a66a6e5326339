"""Lists in the order a reader of the language expects: Ақмола before Атырау, Қарағанды
after the К-words, Шығыс before Шымкент.

The order is CLDR's, through ICU (PyICU, from the pyicu-wheels package), never code
points. ICU is imported on first use: most of the app never sorts a list of names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def sort_key(language: str) -> Callable[[str], Any]:
    """A key function that orders texts by the CLDR collation of `language`."""
    import icu  # type: ignore[import-untyped]  # lazily: large, needed only to sort names

    collator = icu.Collator.createInstance(icu.Locale(language))
    key: Callable[[str], Any] = collator.getSortKey
    return key


def collated(items: Iterable[T], language: str, name: Callable[[T], str]) -> list[T]:
    """`items` ordered by their names as `language` orders words."""
    key = sort_key(language)
    return sorted(items, key=lambda item: key(name(item)))
