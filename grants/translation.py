"""Translated content fields (django-modeltranslation, README "Translated content"): a grant
scheme's plain-language texts in each of settings.LANGUAGES. The shipped Norwegian schemes come
in bokmål, nynorsk and English, the Danish ones in Danish and English (migration 0009); a reader
gets their language or the closest (core.translated_fields), marked with its language."""

from modeltranslation.translator import TranslationOptions, translator

from grants.models import Scheme

TRANSLATED_FIELDS = ("summary", "who_may_apply", "what_is_funded", "deadline_pattern")


class SchemeTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS


translator.register(Scheme, SchemeTranslation)
