"""A volunteer adds their mobile number, types the code the SMS brought, chooses cancelled
meetings by SMS, and later removes the number (asked first). On a site without SMS credentials
the settings page says SMS is not available. Every page is checked with axe.

The gateway is the recorded stand-in for Sveve's API on 127.0.0.1."""

import re

import pytest
from playwright.sync_api import Page, expect

from notifications.models import NotificationSettings
from tests.e2e.helpers import required_field
from tests.factories import TEST_PASSWORD, OrganizationFactory, person_of
from tests.notifications.sms_server import sveve_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def volunteer(municipality):
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    user = person_of(organization, "member")
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    return user


def sign_in_at_the_settings(page: Page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next=/notifications/settings/")
    required_field(page, "E-post").fill(user.email)
    required_field(page, "Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(re.compile(r"/notifications/settings/$"))


def test_a_volunteer_verifies_a_mobile_number_and_chooses_sms(
    page, live_server, assert_accessible, settings, volunteer
):
    with sveve_for(settings) as gateway:
        sign_in_at_the_settings(page, live_server, volunteer)
        expect(page.get_by_role("heading", name="Notification settings", level=1)).to_be_visible()
        assert_accessible(page)

        page.get_by_role("link", name="Add a mobile number").click()
        expect(page.get_by_role("heading", name="Mobile number for SMS", level=1)).to_be_visible()
        required_field(page, "Mobile number").fill("12 34")
        page.get_by_role("button", name="Send the code").click()
        expect(
            page.locator("#id_number_error").get_by_text(
                "Write a Norwegian or Danish mobile number"
            )
        ).to_be_visible()
        expect(required_field(page, "Mobile number")).to_have_value("12 34")
        assert_accessible(page)
        required_field(page, "Mobile number").fill("912 34 567")
        page.get_by_role("button", name="Send the code").click()

        expect(
            page.get_by_role("heading", name="Type the code from the SMS", level=1)
        ).to_be_visible()
        expect(page.get_by_text("We have sent a code to +4791234567.")).to_be_visible()
        assert_accessible(page)
        code = re.search(r"\b(\d{6})\b", gateway.requests[-1]["msg"]).group(1)
        required_field(page, "Code from the SMS").fill(code)
        page.get_by_role("button", name="Confirm the number").click()

        expect(page.get_by_text("Your mobile number is verified.")).to_be_visible()
        page.get_by_label("Cancelled meetings").check()
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
        expect(page.get_by_label("Cancelled meetings")).to_be_checked()
        expect(page.get_by_label("Reminders of meetings you are going to")).not_to_be_checked()
        assert_accessible(page)
        assert NotificationSettings.objects.get(user=volunteer).sms_kinds == ["meeting_cancelled"]

        page.get_by_role("link", name="Remove the mobile number").click()
        expect(page.get_by_role("heading", name="Remove the mobile number?")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Yes, remove the number").click()
        expect(page.get_by_text("Your mobile number is removed.")).to_be_visible()
        expect(page.get_by_role("link", name="Add a mobile number")).to_be_visible()


def test_without_credentials_the_settings_page_says_sms_is_not_available(
    page, live_server, assert_accessible, settings, volunteer
):
    settings.SMS_SVEVE_USER = ""
    sign_in_at_the_settings(page, live_server, volunteer)

    expect(page.get_by_text("SMS is not available on this site.")).to_be_visible()
    expect(page.get_by_role("link", name="Add a mobile number")).to_have_count(0)
    assert_accessible(page)
