"""The project's form renderer: every text box with a length limit says what the limit is.

A `Textarea` whose field has a `max_length` gets the `maxlength` attribute from Django; this
renderer's bound field also adds "At most 5,000 characters." to the field's help text, so the
limit is visible before anyone types, and the input's `aria-describedby` points at it. The
server refuses a longer text with an error next to the field (Django's `MaxLengthValidator`).
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import number_format
from django.utils.translation import gettext

from core.widgets import localise_date_field


class LimitedBoundField(forms.BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        limit = getattr(field, "max_length", None)
        if limit and isinstance(field.widget, forms.Textarea):
            hint = gettext("At most %(count)s characters.") % {
                "count": number_format(limit, force_grouping=True)
            }
            self.help_text = f"{self.help_text} {hint}" if self.help_text else hint
        date_hint = localise_date_field(field)
        if date_hint:
            self.help_text = f"{self.help_text} {date_hint}" if self.help_text else date_hint


class FormRenderer(DjangoTemplates):
    bound_field_class = LimitedBoundField
