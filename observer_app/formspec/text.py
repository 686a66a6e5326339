"""Trilingual text: every word an observer or a reader of the summary sees exists in en, ru, kk."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Language = Literal["en", "ru", "kk"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


class Text(BaseModel):
    """A text in the three languages of a mission; none may be left out or blank."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(pattern=r"\S", description="English")
    ru: str = Field(pattern=r"\S", description="Russian (Русский)")
    kk: str = Field(pattern=r"\S", description="Kazakh (Қазақша)")

    def get(self, language: Language) -> str:
        """The text in `language`, English where the language is unknown."""
        return str(getattr(self, language, self.en))
