"""`{% special_category_warning %}`: the one list of what never to write about a refugee."""

from django import template

from core.personal_data import special_category_warning as warning

register = template.Library()


@register.simple_tag
def special_category_warning() -> str:
    return str(warning())
