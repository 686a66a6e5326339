"""The coordinator window's words: gettext's "coordinator" catalog, in the current language."""

from __future__ import annotations

from observer_app.domain.i18n import translations
from observer_app.ui.i18n import current_language


def _(message: str) -> str:
    """`message` in the current interface language."""
    return translations("coordinator", current_language()).gettext(message)
