"""Dates in forms are typed and shown in the reader's format, never the browser's (issue #23):
every DateField and DateTimeField, whatever widget its form gave it, becomes a text input with
the format as its hint, named by aria-describedby (core/widgets.py, config/forms.py)."""

import re
from datetime import date, datetime, time
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
    assert "inputmode" not in day_input  # an iPhone's number pad has no "." nor "/"
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


class OpeningForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    opens = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))


@pytest.mark.parametrize(
    ("language", "hint"),
    [
        ("nb", "Format: tt:mm."),
        ("nn", "Format: tt:mm."),
        ("da", "Format: tt:mm."),
        ("en", "Format: hh:mm."),
    ],
)
def test_a_time_field_is_a_text_input_on_the_24_hour_clock(language, hint):
    with translation.override(language):
        html = OpeningForm(initial={"opens": time(18, 30)}).as_div()
    assert 'type="time"' not in html
    opens = re.search(r'<input type="text" name="opens"[^>]*>', html).group(0)
    assert 'value="18:30"' in opens
    described = re.search(r'aria-describedby="([^"]+)"', opens).group(1)
    assert re.search(rf'id="{described}"[^>]*>\s*{re.escape(hint)}', html)


@pytest.mark.parametrize("language", ["nb", "nn", "da"])
@pytest.mark.parametrize("typed", ["24.12.2026", "2026-12-24"])
def test_christmas_eve_typed_day_first_or_iso_is_read_in_each_nordic_language(language, typed):
    with translation.override(language):
        form = OpeningForm({"day": typed, "opens": "18.30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data == {"day": date(2026, 12, 24), "opens": time(18, 30)}


@pytest.mark.parametrize(
    ("language", "date_error", "time_error"),
    [
        (
            "nb",
            "Skriv datoen som dd.mm.åååå, for eksempel 24.12.2026.",
            "Skriv klokkeslettet som tt:mm (24-timersklokke), for eksempel 18:30.",
        ),
        (
            "nn",
            "Skriv datoen som dd.mm.åååå, til dømes 24.12.2026.",
            "Skriv klokkeslettet som tt:mm (24-timarsklokke), til dømes 18:30.",
        ),
        (
            "da",
            "Skriv datoen som dd.mm.åååå, for eksempel 24.12.2026.",
            "Skriv klokkeslættet som tt:mm (24-timersur), for eksempel 18:30.",
        ),
        (
            "en",
            "Write the date as dd/mm/yyyy, for example 24/12/2026.",
            "Write the time as hh:mm on the 24-hour clock, for example 18:30.",
        ),
    ],
)
def test_an_unreadable_date_or_time_is_explained_by_its_format(language, date_error, time_error):
    with translation.override(language):
        form = OpeningForm({"day": "12/24/2026 ", "opens": "6.30 pm"})
        assert not form.is_valid()
        assert form.errors == {"day": [date_error], "opens": [time_error]}


def test_the_project_forms_lose_their_browser_time_pickers():
    from dashboard.forms import PremisesForm
    from meetings.models import Venue

    with translation.override("nb"):
        html = PremisesForm(venues=Venue.objects.none()).as_div()
    assert 'type="time"' not in html
    assert "tt:mm" in html
