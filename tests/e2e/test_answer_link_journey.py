"""A volunteer answers an invitation from a phone, through the link in the e-mail, without an
account session: "yes, 3 of us". After the meeting is cancelled the same link refuses."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from meetings import services
from notifications.services import notifications_send_due
from tests.e2e.helpers import required_field
from tests.factories import person_of, verified_in
from tests.meetings.helpers import online_cooperation_meeting

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


def test_a_volunteer_answers_yes_three_of_us_from_a_phone_and_the_link_refuses_after_cancelling(
    page: Page, live_server, settings, mailoutbox, assert_accessible, coordinator, municipality
):
    settings.SITE_URL = live_server.url
    organization = verified_in(municipality, "Næstved Frivilligcenter")
    volunteer = person_of(organization, "contact")
    meeting = online_cooperation_meeting(
        coordinator,
        municipality,
        organization,
        days=9,
        title="Samarbeidsmøte",
        agenda="1. Velkommen\n2. Nytt fra foreningene",
        online_url="https://meet.example.org/samarbeid",
    )
    notifications_send_due(now=timezone.now())
    [invitation] = [m for m in mailoutbox if m.to == [volunteer.email]]
    yes_link = re.search(r"https?://\S+\?answer=yes", invitation.body).group(0)

    page.set_viewport_size(PHONE)
    page.goto(yes_link)
    expect(page.get_by_role("heading", name="Samarbeidsmøte", level=1)).to_be_visible()
    expect(page.get_by_text("Nytt fra foreningene")).to_be_visible()
    expect(page.get_by_label("Ja")).to_be_checked()
    assert_accessible(page)
    required_field(page, "Hvor mange kommer").fill("3")
    page.get_by_role("button", name="Lagre svar").click()
    expect(page.get_by_role("status")).to_contain_text("Svaret ditt er lagret")
    expect(page.get_by_text("Svar: Ja (3 personer).")).to_be_visible()
    assert_accessible(page)
    participation = meeting.participations.get()
    assert (participation.response, participation.party_size) == ("yes", 3)
    assert participation.answered_by == volunteer

    services.meeting_cancel(by=coordinator, meeting=meeting)
    page.goto(yes_link)
    expect(page.get_by_role("heading", name="Dette møtet er avlyst", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Lagre svar")).to_have_count(0)
    assert_accessible(page)
