"""A coordinator starts a cooperation meeting from the agenda template, sets it at 10:00 on a
Tuesday with an organisation invited, sees the working-hours warning, gives a reason, and saves;
then edits the municipality's agenda templates. axe on every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from meetings.models import Meeting
from tests.e2e.helpers import required_field, totp_code
from tests.factories import TOTP_SECRET, verified_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REASON = "The interpreters only work in the daytime."


@pytest.fixture(autouse=True)
def _accept_a_code_from_the_previous_window(settings):
    settings.MFA_TOTP_TOLERANCE = 1


def switch_to_english(page: Page) -> None:
    page.get_by_label("Språk", exact=True).select_option(label="English")
    page.get_by_role("button", name="Bytt språk").click()


def next_tuesday():
    day = timezone.localdate() + timedelta(days=8)
    while day.weekday() != 1:
        day += timedelta(days=1)
    return day


def test_a_tuesday_morning_meeting_needs_a_reason_and_starts_from_the_standing_agenda(
    page: Page, live_server, sign_in, assert_accessible, coordinator, municipality
):
    verified_in(municipality, "Drammen Røde Kors")
    sign_in(coordinator.email)
    required_field(page, "Kode").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    switch_to_english(page)

    page.goto(f"{live_server.url}/meetings/new/")
    expect(page.get_by_role("heading", name="New meeting", level=1)).to_be_visible()
    page.get_by_role("navigation", name="Start from an agenda template:").get_by_role(
        "link", name="Cooperation meeting"
    ).click()
    expect(page.get_by_role("textbox", name="Agenda")).to_have_value(
        re.compile("Nye frivillige presenterer seg")
    )
    assert_accessible(page)

    required_field(page, "Title").fill("Samarbeidsmøte")
    required_field(page, "Date").fill(next_tuesday().isoformat())
    required_field(page, "Starts at").fill("10:00")
    required_field(page, "Ends at").fill("11:30")
    page.get_by_label("Online link").fill("https://meet.example.no/samarbeid")
    page.get_by_label("Drammen Røde Kors").check()
    page.get_by_role("button", name="Save meeting").click()

    expect(page.get_by_text("This is a weekday before 17:00, when most volunteers")).to_be_visible()
    assert Meeting.objects.count() == 0
    assert_accessible(page)
    page.get_by_label("Why in working hours?").fill(REASON)
    page.get_by_role("button", name="Save meeting").click()

    expect(page.get_by_role("heading", name="Samarbeidsmøte", level=1)).to_be_visible()
    expect(page.get_by_text(REASON)).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/meetings/agenda-templates/")
    expect(page.get_by_role("heading", name="Agenda templates", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Evaluation meeting").fill("1. Hva fikk vi til?\n2. Hva endrer vi?")
    page.get_by_role("button", name="Save the templates").click()
    expect(page.get_by_text("The agenda templates are saved.")).to_be_visible()
    assert_accessible(page)
