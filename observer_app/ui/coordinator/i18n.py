"""The coordinator window's words: gettext's "coordinator" catalog, in the current language."""

from __future__ import annotations

from observer_app.domain.i18n import translations
from observer_app.ui.i18n import current_language


def _(message: str) -> str:
    """`message` in the current interface language."""
    return translations("coordinator", current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or a plural form of the message for `count`, in the current language."""
    return translations("coordinator", current_language()).ngettext(singular, plural, count)
