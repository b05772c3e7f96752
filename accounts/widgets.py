"""Form widgets shared by the apps."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _escape(text) -> str:
    """conditional_escape without its lazy-string wrapper, which cost more than the escaping
    for a thousand options: the same result (Django's escape is html.escape)."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


class LongSelect(forms.Select):
    """A <select> for long lists (organisations, organisers): its <option>s are written in
    Python. Django builds a dictionary of attributes for every option and renders it through a
    template, which for the ~900 organisations of a large municipality took most of a page's
    time; the HTML is the same (tests/accounts/test_widgets.py compares the two)."""

    def render(self, name, value, attrs=None, renderer=None):
        values = set(self.format_value(value))
        has_selected = False
        parts = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                group, options = option_value, option_label
                parts.append(format_html('<optgroup label="{}">', group))
            else:
                group, options = None, ((option_value, option_label),)
            for subvalue, sublabel in options:
                text = "" if subvalue is None else str(subvalue)
                # Like Django: a single <select> marks only the first matching option.
                selected = (not has_selected or self.allow_multiple_selected) and text in values
                has_selected |= selected
                parts.append(
                    f'<option value="{_escape(text)}"{" selected" if selected else ""}>'
                    f"{_escape(sublabel)}</option>"
                )
            if group is not None:
                parts.append("</optgroup>")
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final_attrs),
            mark_safe("".join(parts)),  # noqa: S308 - every value and label is escaped above
        )
