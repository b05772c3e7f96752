"""Dates in forms are typed and shown in the reader's format, never the browser's (issue #23):
every DateField and DateTimeField, whatever widget its form gave it, becomes a text input with
the format as its hint, named by aria-describedby (core/widgets.py, config/forms.py)."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import translation

from dashboard.forms import PeriodForm


class MeetingForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.DateTimeField(
        help_text="When the doors open.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


@pytest.mark.parametrize(
    ("language", "day", "starts", "hint"),
    [
        ("nb", "07.12.2026", "07.12.2026 18:00", "Format: dd.mm.åååå."),
        ("nn", "07.12.2026", "07.12.2026 18:00", "Format: dd.mm.åååå."),
        ("da", "07.12.2026", "07.12.2026 18:00", "Format: dd.mm.åååå."),
        ("en", "07/12/2026", "07/12/2026 18:00", "Format: dd/mm/yyyy."),
    ],
)
def test_a_date_field_is_a_text_input_in_the_readers_format(language, day, starts, hint):
    six_pm = datetime(2026, 12, 7, 18, tzinfo=ZoneInfo("Europe/Oslo"))
    form = MeetingForm(initial={"day": date(2026, 12, 7), "starts": six_pm})
    with translation.override(language):
        html = form.as_div()
    assert 'type="date"' not in html
    assert "datetime-local" not in html
    day_input = re.search(r'<input type="text" name="day"[^>]*>', html).group(0)
    assert f'value="{day}"' in day_input
    described = re.search(r'aria-describedby="([^"]+)"', day_input).group(1)
    assert re.search(rf'id="{described}"[^>]*>\s*{re.escape(hint)}', html)
    starts_input = re.search(r'<input type="text" name="starts"[^>]*>', html).group(0)
    assert f'value="{starts}"' in starts_input
    assert "When the doors open. Format:" in html  # the field's own help comes first


@pytest.mark.parametrize(
    ("language", "typed"),
    [("nb", "07.12.2026"), ("da", "07.12.2026"), ("en", "07/12/2026"), ("en", "2026-12-07")],
)
def test_the_local_format_and_iso_are_both_read(language, typed):
    with translation.override(language):
        form = MeetingForm({"day": typed, "starts": typed + " 18:00"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2026, 12, 7)


def test_the_project_forms_lose_their_browser_date_pickers():
    with translation.override("nb"):
        html = PeriodForm().as_div()
    assert 'type="date"' not in html
    assert "dd.mm.åååå" in html


def test_a_date_prefilled_from_a_link_is_shown_in_the_readers_format():
    form = MeetingForm(initial={"day": "2026-12-10", "starts": "2026-12-10T18:00"})
    with translation.override("nb"):
        html = form.as_div()
    assert 'value="10.12.2026"' in html
    assert 'value="10.12.2026 18:00"' in html


def test_a_mistyped_date_is_shown_back_as_typed():
    with translation.override("nb"):
        html = MeetingForm({"day": "2026-02-30", "starts": "31.12"}).as_div()
    assert 'value="2026-02-30"' in html
    assert 'value="31.12"' in html
