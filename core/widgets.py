"""Date and time fields typed the way the reader writes dates (issue #23).

A browser's `type=date` input shows its own locale's format (mm/dd/yyyy in an American browser
on a Norwegian page), so dates are plain text inputs here, filled in and shown in the format of
the page's language: the first of its `DATE_INPUT_FORMATS` (config/formats/), 07.12.2026 in
Norwegian and Danish, 07/12/2026 in English. The field still reads ISO dates (2026-12-07) and the
other formats of the language. The hint ("dd.mm.åååå") is the field's help text, which the input
names with aria-describedby (config/forms.py).
"""

from django import forms
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import get_format
from django.utils.translation import gettext, pgettext


class LocalDateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        # An ISO date handed in as text (a form prefilled from a link) is shown like any other.
        return super().format_value(_parsed(parse_date, value))


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        return super().format_value(_parsed(parse_datetime, value))


def _parsed(parse, value):
    if not isinstance(value, str):
        return value
    try:
        return parse(value.strip()) or value
    except ValueError:  # shaped like ISO, but no such day: shown as typed
        return value


def format_hint(format_key: str) -> str:
    """The active language's first input format as people write it: dd.mm.åååå, dd/mm/yyyy."""
    pattern = get_format(format_key)[0]
    parts = {
        "%d": pgettext("date format hint: day", "dd"),
        "%m": pgettext("date format hint: month", "mm"),
        "%Y": pgettext("date format hint: year", "yyyy"),
        "%y": pgettext("date format hint: year", "yy"),
        "%H": pgettext("time format hint: hours", "hh"),
        "%M": pgettext("time format hint: minutes", "mm"),
    }
    for directive, shown in parts.items():
        pattern = pattern.replace(directive, shown)
    return gettext("Format: %(format)s.") % {"format": pattern}


def localise_date_field(field: forms.Field) -> str | None:
    """Give a date or date-and-time field a text input in the reader's format; returns the hint
    to add to its help text, or None for any other field (or a field with a widget of its own
    kind, such as a select)."""
    if isinstance(field, forms.DateTimeField) and isinstance(field.widget, forms.DateTimeInput):
        field.widget = LocalDateTimeInput(_without_type(field.widget.attrs))
        field.widget.is_required = field.required
        return format_hint("DATETIME_INPUT_FORMATS")
    if isinstance(field, forms.DateField) and isinstance(field.widget, forms.DateInput):
        field.widget = LocalDateInput(_without_type(field.widget.attrs))
        field.widget.is_required = field.required
        return format_hint("DATE_INPUT_FORMATS")
    return None


def _without_type(attrs: dict) -> dict:
    return {key: value for key, value in attrs.items() if key != "type"}
