"""Date and time fields typed the way the reader writes dates (issue #23).

A browser's `type=date` input shows its own locale's format (mm/dd/yyyy in an American browser
on a Norwegian page), so dates are plain text inputs here, filled in and shown in the format of
the page's language: the first of its `DATE_INPUT_FORMATS` (config/formats/), 07.12.2026 in
Norwegian and Danish, 07/12/2026 in English. The field still reads ISO dates (2026-12-07) and the
other formats of the language. The hint ("dd.mm.åååå") is the field's help text, which the input
names with aria-describedby (config/forms.py). A time is typed on the 24-hour clock (18:30, hint
"tt:mm"), never the browser's time picker with its AM/PM. A date or time that cannot be read is
explained by its format and an example ("Write the date as dd.mm.åååå, for example 24.12.2026.").
"""

from datetime import UTC, datetime

from django import forms
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.formats import get_format
from django.utils.translation import gettext, gettext_lazy, pgettext


class LocalDateInput(forms.DateInput):
    """No inputmode="numeric": an iPhone's number pad has no full stop, so 24.12.2026 (or
    24/12/2026) could not be typed on it; the ordinary keyboard has both."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        # An ISO date handed in as text (a form prefilled from a link) is shown like any other.
        return super().format_value(_parsed(parse_date, value))


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        return super().format_value(_parsed(parse_datetime, value))


class LocalTimeInput(forms.TimeInput):
    """A time on the 24-hour clock: 18:30 in every language."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})}, format="%H:%M")

    def format_value(self, value):
        return super().format_value(_parsed(parse_time, value))


def _parsed(parse, value):
    if not isinstance(value, str):
        return value
    try:
        return parse(value.strip()) or value
    except ValueError:  # shaped like ISO, but no such day: shown as typed
        return value


def _pattern(format_key: str) -> str:
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
    return pattern


def format_hint(format_key: str) -> str:
    """The active language's first input format as people write it: dd.mm.åååå, dd/mm/yyyy."""
    return gettext("Format: %(format)s.") % {"format": _pattern(format_key)}


# Christmas Eve at half past six: an example nobody misreads in any of the formats.
_EXAMPLE = datetime(2026, 12, 24, 18, 30, tzinfo=UTC)  # only its digits are shown


_INVALID = {
    "DATE_INPUT_FORMATS": gettext_lazy("Write the date as %(format)s, for example %(example)s."),
    "DATETIME_INPUT_FORMATS": gettext_lazy(
        "Write the date and time as %(format)s, for example %(example)s."
    ),
    "TIME_INPUT_FORMATS": gettext_lazy(
        "Write the time as %(format)s on the 24-hour clock, for example %(example)s."
    ),
}


def _invalid_message(format_key: str) -> str:
    example = _EXAMPLE.strftime(get_format(format_key)[0])
    return str(_INVALID[format_key]) % {"format": _pattern(format_key), "example": example}


def localise_date_field(field: forms.Field) -> str | None:
    """Give a date, time or date-and-time field a text input in the reader's format and an error
    that explains it; returns the hint to add to its help text, or None for any other field (or
    a field with a widget of its own kind, such as a select)."""
    if isinstance(field, forms.DateTimeField) and isinstance(field.widget, forms.DateTimeInput):
        widget, key = LocalDateTimeInput, "DATETIME_INPUT_FORMATS"
    elif isinstance(field, forms.DateField) and isinstance(field.widget, forms.DateInput):
        widget, key = LocalDateInput, "DATE_INPUT_FORMATS"
    elif isinstance(field, forms.TimeField) and isinstance(field.widget, forms.TimeInput):
        widget, key = LocalTimeInput, "TIME_INPUT_FORMATS"
    else:
        return None
    if not isinstance(field.widget, widget):
        field.widget = widget(_without_type(field.widget.attrs))
        field.widget.is_required = field.required
    field.error_messages = {**field.error_messages, "invalid": _invalid_message(key)}
    return format_hint(key)


def _without_type(attrs: dict) -> dict:
    return {key: value for key, value in attrs.items() if key != "type"}
