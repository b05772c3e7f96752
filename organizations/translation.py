"""Translated content fields (django-modeltranslation, README "Translated content"): an
organisation writes its description in each of settings.LANGUAGES it wants; readers get theirs
or the closest (core.translated_fields). The change history keeps every language too."""

from modeltranslation.translator import TranslationOptions, translator

from organizations.models import Organization


class OrganizationTranslation(TranslationOptions):
    fields = ("description",)


translator.register(Organization, OrganizationTranslation)
translator.register(Organization.history.model, OrganizationTranslation)
