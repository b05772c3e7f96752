"""`{% load phone %}{{ number|phone }}`: a stored E.164 number written the way people read it
(+45 22 33 44 55, +47 912 34 567), see core.countries.format_phone."""

from django import template

from core.countries import format_phone

register = template.Library()


@register.filter
def phone(value) -> str:
    return format_phone(str(value or ""))
