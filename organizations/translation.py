"""Translated content fields (django-modeltranslation, README "Translated content"): an
organisation writes its own description and each activity's title and description in each of
settings.LANGUAGES it wants; readers get theirs or the closest (core.translated_fields). The
change history keeps every language too. Full-text search stems each language's text with that
language's configuration (organizations.search)."""

from modeltranslation.translator import TranslationOptions, translator

from organizations.models import Activity, Organization


class OrganizationTranslation(TranslationOptions):
    fields = ("description",)


class ActivityTranslation(TranslationOptions):
    fields = ("title", "description")


translator.register(Organization, OrganizationTranslation)
translator.register(Organization.history.model, OrganizationTranslation)
translator.register(Activity, ActivityTranslation)
translator.register(Activity.history.model, ActivityTranslation)
