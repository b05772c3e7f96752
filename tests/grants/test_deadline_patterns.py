"""A deadline is shown as a pattern in words unless a coordinator has entered this round's date;
no deadline shown to a user is in a past round."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import deadlines
from tests.factories import SchemeFactory

pytestmark = pytest.mark.django_db

DATETIME = re.compile(r'datetime="(\d{4}-\d{2}-\d{2})"')


def test_a_yearly_rule_is_a_pattern_not_a_date():
    shown = deadlines.shown(deadlines.parse_rule("1 March every year"), date(2026, 1, 10))
    assert shown["date"] is None
    assert "1" in shown["text"]


def test_an_entered_date_of_this_round_is_shown_and_a_past_rounds_is_not():
    rule = deadlines.parse_rule("2025-02-05, 2026-02-04")
    assert deadlines.shown(rule, date(2026, 1, 10))["date"] == date(2026, 2, 4)
    past = deadlines.shown(rule, date(2026, 3, 1), "usually early February")
    # the scheme's own words, marked with its language on the page
    assert past == {"date": None, "text": "usually early February", "written": True}


def test_no_deadline_shown_to_a_user_is_in_a_past_round(english, client):
    today = timezone.localdate()
    old = SchemeFactory(
        name="Old round",
        deadline_rule=(today - timedelta(days=300)).isoformat(),
        deadline_pattern="usually early February",
    )
    yearly = SchemeFactory(name="Yearly", deadline_rule="1 March every year")
    current = SchemeFactory(name="Entered", deadline_rule=(today + timedelta(days=20)).isoformat())
    pages = [
        client.get(reverse("grants:catalogue")).content.decode(),
        client.get(reverse("grants:deadlines") + "?view=list").content.decode(),
    ] + [client.get(s.get_absolute_url()).content.decode() for s in (old, yearly, current)]
    shown = {date.fromisoformat(d) for page in pages for d in DATETIME.findall(page)}
    assert shown, "the entered date of this round is shown"
    assert all(day >= today for day in shown)
    assert today + timedelta(days=20) in shown
    catalogue = pages[0]
    assert "usually early February" in catalogue
    assert "Usually around" in catalogue
    assert "Check the grant manager" in pages[2]


def test_a_pattern_is_never_prefilled_as_an_applications_deadline(
    client, organization, organization_admin
):
    user = organization_admin
    scheme = SchemeFactory(deadline_rule="1 March every year")
    client.force_login(user)
    client.post(
        reverse("grants:application_create"),
        {
            "organization": organization.pk,
            "scheme": scheme.pk,
            "title": "Språkkafé",
            "currency": "NOK",
        },
    )
    assert organization.grant_applications.get().deadline is None


def test_a_shared_schemes_bokmal_texts_are_marked_as_bokmal_on_a_nynorsk_page(client):
    """The shared catalogue is written in bokmål (translated content waits for #17): on a nynorsk
    page its texts carry lang="nb", so a screen reader reads them as bokmål (WCAG 3.1.2), while
    the page's own words stay nynorsk."""
    SchemeFactory(
        name="Tilskudd til frivillige",
        summary="Vi har ikke bekreftet hvem som kan søke.",
        deadline_pattern="ikke bekreftet",
        municipality=None,
        country="NO",
    )
    client.cookies["brobygger_language"] = "nn"
    page = client.get(reverse("grants:catalogue"), HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert '<html lang="nn"' in page
    assert 'lang="nb">Tilskudd til frivillige</a>' in page
    assert '<p class="u-mb-1" lang="nb">Vi har ikke bekreftet hvem som kan søke.</p>' in page
    assert '<span lang="nb">ikke bekreftet</span>' in page
