"""`{% translated organization "description" as description %}` gives the text a reader of the
page's language gets (`{{ description }}`) and the language it is in
(`{{ description.language }}`), to mark a fallback with `lang` (core.translated_fields)."""

from django import template

from core.translated_fields import Shown, shown

register = template.Library()


@register.simple_tag(takes_context=True)
def translated(context, obj, field: str) -> Shown:
    return shown(obj, field, context.get("LANGUAGE_CODE"))
