"""The report's own words in its language: gettext catalogs, numbers, percentages, times.

Every sentence the summary prints is a gettext message (domain "report"), so a translator
works in resources/locale/{ru,kk}/LC_MESSAGES/report.po; numbers and dates follow the
language's conventions through Babel ("12.5%" in English, "12,5 %" in Russian).
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import Any

from babel import Locale
from babel.dates import format_datetime
from babel.numbers import format_decimal, format_percent

from observer_app.domain.i18n import Language, translations
from observer_app.formspec import Text

DOMAIN = "report"

# The last word of a number as spoken in Kazakh decides the ending "-інде"/"-сінде"/
# "-ында"/"-сында" ("in 8 of them": 8-інде): units, then tens, then hundreds, thousands.
_KK_UNITS = ("інде", "інде", "сінде", "інде", "інде", "інде", "сында", "сінде", "інде", "ында")
_KK_TENS = ("", "ында", "сында", "ында", "ында", "інде", "ында", "інде", "інде", "ында")


def kazakh_locative(number: int) -> str:
    """`number` with the Kazakh locative of the 3rd person possessive: 8 -> "8-інде".

    As in "12 АСК-ның 8-інде" (in 8 of the 12 TECs). The ending follows the vowel
    harmony and final sound of the number's last spoken word: бір, екі, үш, төрт, бес,
    алты, жеті, сегіз, тоғыз; он, жиырма, отыз, қырық, елу, алпыс, жетпіс, сексен,
    тоқсан; жүз; мың; миллион.
    """
    n = abs(number)
    if n == 0:
        ending = "інде"  # нөл
    elif n % 10:
        ending = _KK_UNITS[n % 10]
    elif n % 100:
        ending = _KK_TENS[n % 100 // 10]
    elif n % 1000:
        ending = "інде"  # жүз
    elif n % 1_000_000:
        ending = "ында"  # мың
    else:
        ending = "ында"  # миллион
    return f"{number}-{ending}"


class Words:
    """The words, numbers and times of one report language."""

    def __init__(self, language: Language) -> None:
        self.language = language
        catalog = translations(DOMAIN, language)
        self.gettext = catalog.gettext
        self.ngettext = catalog.ngettext

    def text(self, text: Text) -> str:
        """A form's own text (label, finding, choice) in the report's language."""
        return text.get(self.language)

    @cached_property
    def _percent_pattern(self) -> str:
        pattern = str(Locale.parse(self.language).percent_formats[None].pattern)
        return pattern.replace("#,##0", "#,##0.0", 1)

    def number(self, value: float) -> str:
        if isinstance(value, float) and not value.is_integer():
            return str(format_decimal(value, format="#,##0.#", locale=self.language))
        return str(format_decimal(int(value), locale=self.language))

    def percent(self, share: float | None) -> str:
        """12.5% (one decimal), or an en dash where there is nothing to divide by."""
        if share is None:
            return "–"
        return str(format_percent(share, format=self._percent_pattern, locale=self.language))

    def moment(self, moment: datetime, *, short: bool = False) -> str:
        """A time as the observer lived it (their own UTC offset), with the offset."""
        pattern = "d MMM, HH:mm" if short else "d MMMM y, HH:mm"
        text = format_datetime(moment.replace(tzinfo=None), pattern, locale=self.language)
        offset = moment.utcoffset()
        if short or offset is None:
            return text
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        return f"{text} (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"

    def format(self, message: str, **values: Any) -> str:
        """A translated message filled in; numbers formatted for the language, and `x_in`
        given for Kazakh's "12 АСК-ның 8-інде" where the message has an `x`."""
        filled = {k: self.number(v) if isinstance(v, int | float) else v for k, v in values.items()}
        if "x" in values and isinstance(values["x"], int):
            filled["x_in"] = kazakh_locative(values["x"]).replace(str(values["x"]), filled["x"], 1)
        return message.format(**filled)
