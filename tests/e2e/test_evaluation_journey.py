"""Issue #19, journey 3 in the browser: an agreement's review date approaches and the reminder
reaches the coordinator; from the agreement the coordinator plans the proposed evaluation
meeting (its agenda built from the responsibility matrix) and publishes it; after the meeting the
coordinator, its minute-taker, writes the minutes and records the matrix evaluation; the minutes
reach the municipality's leaders; a leader signs in, reads them, and cannot open a referral.
axe on every page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import MunicipalityMembership
from agreements.models import Evaluation
from agreements.services import agreement_reminders_schedule
from meetings.models import Kind, Meeting
from notifications.services import notifications_send_due
from tests.e2e.helpers import follow_link
from tests.factories import (
    ConsentFactory,
    MunicipalityMembershipFactory,
    PersonFactory,
    ReferralFactory,
    VenueFactory,
    person_of,
    verified_in,
)
from tests.meetings.helpers import agreement_due_for_review

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Leksehjelp i Drammen"
MINUTES = "Leksehjelpen fungerer. Biblioteket låner ut rom også til høsten."
AGREEMENT_LINK = re.compile(r"https?://\S+/agreements/\d+/")


def test_the_evaluation_meeting_is_planned_held_recorded_and_read_by_a_leader(
    page: Page,
    live_server,
    settings,
    mailoutbox,
    sign_in,
    sign_in_with_code,
    assert_accessible,
    coordinator,
    municipality,
):
    settings.SITE_URL = live_server.url
    partner = verified_in(municipality, "Røde Kors Leksehjelp")
    person_of(partner, "contact")
    agreement = agreement_due_for_review(municipality, partner, TITLE, "Låne ut rom på biblioteket")
    leader = MunicipalityMembershipFactory(
        municipality=municipality, role=MunicipalityMembership.Role.LEADER
    ).user
    library = VenueFactory(municipality=municipality, name="Biblioteket i Drammen")
    person = PersonFactory(municipality=municipality, given_name="Zainabella")
    referral = ReferralFactory(consent=ConsentFactory(person=person, organizations=[partner]))

    # Thirty days before the review date the reminder goes out.
    assert agreement_reminders_schedule(now=timezone.now()) >= 1
    notifications_send_due(now=timezone.now() + timedelta(days=1))
    [reminder] = [m for m in mailoutbox if m.to == [coordinator.email]]
    assert TITLE in reminder.subject

    # The coordinator follows the link and plans the evaluation meeting from the agreement.
    sign_in_with_code(coordinator.email)
    page.goto(AGREEMENT_LINK.search(reminder.body).group(0))
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    page.get_by_role("button", name="Plan an evaluation meeting").click()
    expect(page.get_by_role("heading", name=f"Edit Evaluation: {TITLE}", level=1)).to_be_visible()
    expect(page.get_by_label("Agenda")).to_have_value(
        re.compile("Skaffe frivillige leksehjelpere .*done / partly / not done")
    )
    assert_accessible(page)
    page.get_by_label("Venue").select_option(value=str(library.pk))  # where is the coordinator's
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_text("The meeting is saved.")).to_be_visible()
    expect(
        page.get_by_role("heading", name=f"Evaluation: {TITLE}", level=1, exact=True)
    ).to_be_visible()
    page.get_by_role("button", name="Publish and send the invitations").click()
    expect(page.get_by_text("published and the invitations are sent")).to_be_visible()
    assert_accessible(page)
    meeting = Meeting.objects.get(kind=Kind.EVALUATION)
    assert meeting.minute_taker == coordinator

    # The meeting is held.
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
    )
    mailoutbox.clear()

    # The minute-taker writes the minutes ...
    page.reload()
    page.get_by_label("Minutes", exact=True).fill(MINUTES)
    page.get_by_role("button", name="Save agenda and minutes").click()
    expect(page.get_by_text("The agenda and minutes are saved.")).to_be_visible()
    assert_accessible(page)

    # ... and records the evaluation against the responsibility matrix.
    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    follow_link(
        page, "Record the evaluation", check=assert_accessible, heading=f"Evaluation of {TITLE}"
    )
    page.get_by_label("At the evaluation meeting").select_option(value=str(meeting.pk))
    for task, result in (
        ("Skaffe frivillige leksehjelpere", "Done"),
        ("Låne ut rom på biblioteket", "Partly done"),
    ):
        row = page.locator("fieldset", has_text=task).first
        row.get_by_label(result, exact=True).check()
        row.get_by_label("Comment").fill(f"Om {task}")
    page.get_by_label("What the parties agreed next").fill("Vi fortsetter til høsten.")
    page.get_by_role("button", name="Keep the evaluation").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("Vi fortsetter til høsten.").first).to_be_visible()
    assert_accessible(page)
    evaluation = Evaluation.objects.get(agreement=agreement)
    assert evaluation.meeting_id == meeting.pk
    assert [item.result for item in evaluation.items.all()] == ["done", "partly"]

    # The minutes reach the leadership list.
    notifications_send_due(now=timezone.now())
    [minutes_mail] = [m for m in mailoutbox if m.to == [leader.email]]
    assert MINUTES in minutes_mail.body

    # A leader signs in (no second factor: a leader sees nothing about persons) and reads them,
    # but no referral opens for them.
    page.context.clear_cookies()
    sign_in(leader.email)
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    expect(page.get_by_text(MINUTES)).to_be_visible()
    assert_accessible(page)
    for url in (
        reverse("referrals:referral", args=[referral.pk]),
        reverse("referrals:person", args=[person.pk]),
    ):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status in (403, 404)
        expect(page.get_by_text("Zainabella")).to_have_count(0)
