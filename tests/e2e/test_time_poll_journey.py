"""Issue #19, journey 2 at phone size (390 px): the coordinator asks four organisations which of
three times suits a cooperation meeting; three answer through the e-mailed link without signing
in; the coordinator sees the tally, fixes the best time, and the invitations with the agenda go
out. axe on every page."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from meetings.models import Meeting, TimePoll
from notifications.services import notifications_send_due
from tests.e2e.helpers import follow_link, required_field
from tests.factories import OrganizationFactory, person_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
AGENDA = "1. Velkommen\n2. Nytt fra foreningene\n3. Kaffe"
POLL_LINK = re.compile(r"https?://\S+/times/")


@pytest.fixture(autouse=True)
def _accept_a_code_from_the_previous_window(settings):
    settings.MFA_TOTP_TOLERANCE = 1


def next_weekday(weekday: int, after: date) -> date:
    day = after
    while day.weekday() != weekday or day.month in (12, 1, 4):
        day += timedelta(days=1)
    return day


def test_the_coordinator_fixes_the_time_three_organisations_chose_by_link(
    page: Page,
    live_server,
    settings,
    mailoutbox,
    sign_in_with_code,
    assert_accessible,
    coordinator,
    municipality,
):
    settings.SITE_URL = live_server.url
    contacts = {}
    for name in ("Drammen Frivilligsentral", "Røde Kors Drammen", "Kirkens Bymisjon", "Sanitet"):
        organization = OrganizationFactory(name=name, verified=True, municipalities=[municipality])
        contacts[name] = person_of(organization, "contact")
    tuesday = next_weekday(1, timezone.localdate() + timedelta(days=14))
    wednesday, saturday = tuesday + timedelta(days=1), tuesday + timedelta(days=4)

    sign_in_with_code(coordinator.email)  # the language menu is in the wide header
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/calendar/")
    follow_link(page, "Ask organisations which time suits", check=assert_accessible)
    page.get_by_label("Kind of meeting").select_option(label="Cooperation meeting")
    required_field(page, "Title").fill("Samarbeidsmøte")
    page.get_by_label("Agenda").fill(AGENDA)
    for name in contacts:
        page.get_by_label(name).check()
    required_field(page, "Time 1").fill(f"{tuesday.isoformat()}T18:00")
    required_field(page, "Time 2").fill(f"{wednesday.isoformat()}T10:00")
    required_field(page, "Time 3").fill(f"{saturday.isoformat()}T11:00")
    page.get_by_role("button", name="Send the times").click()
    expect(page.get_by_role("heading", name="Samarbeidsmøte", level=1)).to_be_visible()
    assert_accessible(page)
    poll = TimePoll.objects.get()
    evening, morning, weekend = poll.options.order_by("starts_at")

    notifications_send_due(now=timezone.now())
    marks = {  # the Wednesday morning and the Saturday tie; the Saturday is outside working hours
        "Drammen Frivilligsentral": {evening: "no", morning: "yes", weekend: "yes"},
        "Røde Kors Drammen": {evening: "yes", morning: "yes", weekend: "yes"},
        "Kirkens Bymisjon": {evening: "no", morning: "if_need_be", weekend: "if_need_be"},
    }
    volunteer = page.context.browser.new_context(viewport=PHONE).new_page()
    for name, answers in marks.items():
        [mail] = [m for m in mailoutbox if m.to == [contacts[name].email]]
        volunteer.goto(POLL_LINK.search(mail.body).group(0))
        expect(volunteer.get_by_role("heading", name="Samarbeidsmøte", level=1)).to_be_visible()
        expect(volunteer.get_by_text("Nytt fra foreningene")).to_be_visible()
        for option, answer in answers.items():
            volunteer.locator(f"input[name='option_{option.pk}'][value='{answer}']").check()
        volunteer.get_by_role("button", name="Lagre svar").click()
        expect(volunteer.get_by_role("status")).to_be_visible()
        assert_accessible(volunteer)
    volunteer.context.close()

    page.reload()
    answers_table = page.get_by_role("region", name="Answers")
    expect(answers_table.get_by_role("row").nth(1)).to_contain_text("11:00")
    expect(answers_table.get_by_role("row").nth(2)).to_contain_text("In working hours")
    expect(page.get_by_text("Sanitet: not answered yet")).to_be_visible()
    assert_accessible(page)
    mailoutbox.clear()
    page.get_by_role("button", name="Fix the time and send the invitations").click()
    expect(page.get_by_text("The time is fixed and the invitations are sent.")).to_be_visible()
    expect(page.get_by_role("heading", name="Samarbeidsmøte", level=1)).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    meeting = Meeting.objects.get()
    assert meeting.starts_at == weekend.starts_at
    notifications_send_due(now=timezone.now())
    invited = {m.to[0] for m in mailoutbox if "Nytt fra foreningene" in m.body}
    assert invited == {user.email for user in contacts.values()}
