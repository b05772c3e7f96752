"""Dates and times in English are unambiguous ("7 December 2026", "18:00"), not American
("12/07/2026", "6 p.m."); Norwegian keeps Norwegian formats."""

from datetime import date, datetime, time, timedelta

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

from core.time import OSLO
from tests.factories import MeetingFactory

DAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("language", "format_name", "expected"),
    [
        ("en", "DATE_FORMAT", "7 December 2026"),
        ("en", "SHORT_DATE_FORMAT", "7 Dec 2026"),
        ("en", "YEAR_MONTH_FORMAT", "December 2026"),
        ("nb", "DATE_FORMAT", "7. desember 2026"),
        ("nb", "SHORT_DATE_FORMAT", "07.12.2026"),
        ("nn", "DATE_FORMAT", "7. desember 2026"),
        ("nn", "SHORT_DATE_FORMAT", "07.12.2026"),
        ("da", "DATE_FORMAT", "7. december 2026"),
        ("da", "SHORT_DATE_FORMAT", "07.12.2026"),
    ],
)
def test_dates_in_each_language(language, format_name, expected):
    with translation.override(language):
        assert date_format(DAY, format_name) == expected


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_times_use_the_24_hour_clock(language):
    with translation.override(language):
        assert time_format(time(18, 0)) == "18:00"
        assert date_format(datetime(2026, 12, 7, 18, 30, tzinfo=OSLO), "DATETIME_FORMAT").endswith(
            "18:30"
        )


@pytest.mark.parametrize("typed", ["2026-12-07", "07/12/2026", "7.12.2026"])
def test_english_date_input_reads_the_day_first_and_iso(typed):
    with translation.override("en"):
        assert forms.DateField().clean(typed) == DAY


@pytest.mark.parametrize("language", ["nb", "nn", "da"])
@pytest.mark.parametrize("typed", ["2026-12-07", "07.12.2026", "7.12.2026"])
def test_nordic_date_input_reads_iso_and_day_first(language, typed):
    """A date input sends 2026-12-07 whatever the page's language; people type 7.12.2026."""
    with translation.override(language):
        assert forms.DateField().clean(typed) == DAY


@pytest.mark.parametrize("language", ["nb", "nn", "da"])
def test_nordic_datetime_input_reads_what_datetime_local_inputs_send(language):
    with translation.override(language):
        moment = forms.DateTimeField().clean("2026-12-07T18:00")
    assert timezone.localtime(moment, OSLO).timetuple()[:5] == (2026, 12, 7, 18, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("en", ["Monday 7 December 2026, 18:00–20:00"], ["Dec. 7", "12/07/2026", "p.m."]),
        ("nb", ["7. desember 2026, 18:00–20:00"], ["2026-12-07,", "p.m."]),
        ("nn", ["7. desember 2026, 18:00–20:00"], ["2026-12-07,", "p.m."]),
    ],
)
def test_a_meeting_page_shows_its_date_in_the_readers_language(
    client, coordinator, municipality, language, shown, not_shown
):
    coordinator.preferred_language = language
    coordinator.save(update_fields=["preferred_language"])
    starts_at = datetime(2026, 12, 7, 18, tzinfo=OSLO)
    meeting = MeetingFactory(
        municipality=municipality, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )
    client.force_login(coordinator)

    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    for text in shown:
        assert text in page
    for text in not_shown:
        assert text not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "{d.day} {d:%b} {d.year}"), ("nb", "{d:%d}.{d:%m}.{d.year}")],
)
def test_the_referral_forms_consent_choice_shows_the_date_in_the_readers_language(
    client, caseworker, municipality, language, label
):
    from tests.factories import ConsentFactory, OrganizationFactory, PersonFactory

    valid_until = timezone.localdate() + timedelta(days=100)
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    person = PersonFactory(municipality=municipality, created_by=caseworker)
    ConsentFactory(
        person=person, organizations=[organization], recorded_by=caseworker, valid_until=valid_until
    )
    caseworker.preferred_language = language
    caseworker.save(update_fields=["preferred_language"])
    client.force_login(caseworker)

    page = client.get(reverse("referrals:referral_new", args=[person.pk])).content.decode()
    start = page.index('name="consent"')
    select = page[start : page.index("</select>", start)]

    assert label.format(d=valid_until) in select
    assert valid_until.isoformat() not in select


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "when"),
    [("en", "Monday 7 December 2026 18:00–20:00"), ("nb", "7. desember 2026 18:00–20:00")],
)
def test_meeting_e_mails_give_the_time_in_the_readers_language(municipality, language, when):
    from django.template.loader import render_to_string

    starts_at = datetime(2026, 12, 7, 18, tzinfo=OSLO)
    meeting = MeetingFactory(
        municipality=municipality, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )

    with translation.override(language):
        for name in ("emails/_meeting_facts.txt", "emails/_meeting_facts.html"):
            text = render_to_string(name, {"notification": {"subject": meeting}})
            assert when in text
            assert "7. December" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "(1 September–20 December 2026)"), ("nb", "(1. september–20. desember 2026)")],
)
def test_an_activitys_season_is_written_in_the_readers_language(language, expected):
    from django.template.loader import render_to_string

    from tests.factories import ActivityScheduleFactory

    slot = ActivityScheduleFactory(season_start=date(2026, 9, 1), season_end=date(2026, 12, 20))
    with translation.override(language):
        html = render_to_string("organizations/_schedule.html", {"activity": slot.activity})

    assert expected in html
