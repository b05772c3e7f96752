"""Translated content fields (django-modeltranslation): which language a reader gets.

A registered field `description` is stored as `description_nb`, `description_nn`,
`description_da` and `description_en` (one per `settings.LANGUAGES`). The reader gets their own
language, else the first filled one in `settings.MODELTRANSLATION_FALLBACK_LANGUAGES`; `shown`
also says which language that is, so a page can mark a fallback text with `lang` (WCAG 3.1.2).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname, resolution_order


@dataclass(frozen=True)
class Shown:
    text: str
    language: str  # the language `text` is written in; "" when there is no text

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def localized(field: str, language: str) -> str:
    """`description`, `da` -> `description_da`."""
    return build_localized_fieldname(field, language)


def shown(obj, field: str, language: str | None = None) -> Shown:
    """The text of `obj.<field>` for a reader of `language` (the active one by default), with
    the language it is actually in."""
    for code in resolution_order(language or get_language() or settings.LANGUAGE_CODE):
        text = getattr(obj, localized(field, code), None)
        if text:
            return Shown(text, code)
    return Shown("", "")


def all_texts(obj, field: str) -> list[str]:
    """Every language's text of a field, the filled ones (for a search document)."""
    texts = (getattr(obj, localized(field, code), None) for code in languages())
    return [text for text in texts if text]


def reader_order(field: str, language: str | None = None) -> Coalesce:
    """An expression ordering rows by the text a reader of `language` gets (as `shown` picks
    it): `order_by(reader_order("title"), "pk")`. A plain `order_by("title")` would be
    rewritten to the reader's own column alone, where a title not written in it is empty."""
    codes = resolution_order(language or get_language() or settings.LANGUAGE_CODE)
    return Coalesce(*(NullIf(F(localized(field, code)), Value("")) for code in codes))
