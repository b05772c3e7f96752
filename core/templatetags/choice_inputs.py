"""`{{ field|choice_inputs }}`: the radio buttons or checkboxes of a choice field in the
Designsystemet template pack (core/templates/designsystemet/field.html), written in Python.

The pack used to write each option through a loop of template tags (its attributes, the
value, the label, each through the template engine): for the ~1,400 organisations a large
municipality's planner offers, that loop took most of the page's time (issue #24). The HTML is
the same, character for character (tests/core/test_choice_inputs.py renders both).
"""

from crispy_forms.templatetags.crispy_forms_filters import optgroups
from django import template
from django.templatetags.l10n import unlocalize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

register = template.Library()


def _attribute(value) -> str:
    """`{{ value|stringformat:'s' }}`, auto-escaped: the filter keeps a safe value safe."""
    text = "%s" % value  # noqa: UP031 - what stringformat:'s' does
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


@register.filter
def choice_inputs(field) -> str:
    """Each option group's name (if it has one) and its options, as the pack's loop wrote them."""
    name = conditional_escape(field.html_name)
    invalid = ' aria-invalid="true"' if field.errors else ""
    parts = []
    for group, options, _index in optgroups(field):
        parts.append("\n      ")
        if group:
            label = conditional_escape(group)
            parts.append(f'<p class="ds-label" data-weight="regular">{label}</p>')
        parts.append("\n      ")
        for option in options:
            attrs = option["attrs"]
            extra = "".join(
                f" {conditional_escape(key)}" + ("" if value is True else f'="{_attribute(value)}"')
                for key, value in attrs.items()
                if value is not False and key != "class"
            )
            parts.append(
                '\n        <div class="ds-field">\n          '
                f'<input type="{conditional_escape(option["type"])}" class="ds-input"'
                f' name="{name}" value="{conditional_escape(unlocalize(option["value"]))}"'
                f"{extra}{invalid}>"
                '\n          <label class="ds-label" data-weight="regular"'
                f' for="{conditional_escape(attrs.get("id", ""))}">'
                f"{conditional_escape(unlocalize(option['label']))}</label>"
                "\n        </div>\n      "
            )
        parts.append("\n    ")
    return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above
