"""A coordinator sends an announcement to the organisations' contact persons: the form warns
about a phone number in the text, the coordinator confirms that it is the municipality's
switchboard, and it is sent. A contact person sees the unread count in the header, opens the
notifications, reads the announcement, marks the notification read and looks at the settings.

The new pages are not translated into bokmål yet, so each person switches to English.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications.services import notification_schedule
from tests.e2e.helpers import follow_link, required_field
from tests.factories import person_of, verified_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Information meeting about grants for integration work"
BODY = "Welcome on Tuesday at 18:00. Questions? Call the switchboard on 32 04 70 00."


@pytest.fixture
def contact(municipality):
    organization = verified_in(municipality, "Drammen Røde Kors")
    return person_of(organization, "contact")


def test_a_coordinator_announces_and_a_contact_person_reads_it_in_the_notification_centre(
    page,
    sign_in_elsewhere,
    sign_in_with_code,
    assert_accessible,
    municipality,
    coordinator,
    contact,
):
    # -- the coordinator signs in with a code and switches to English
    sign_in_with_code(coordinator.email)

    # -- the list of announcements, then a new one with a phone number in it
    page.get_by_role("banner").get_by_text("More", exact=True).click()
    page.get_by_role("navigation", name="More pages").get_by_role(
        "link", name="Announcements"
    ).click()
    expect(page.get_by_role("heading", name="Announcements", level=1)).to_be_visible()
    expect(page.get_by_text("There are no announcements for you yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="New announcement").click()
    expect(page.get_by_role("heading", name="New announcement", level=1)).to_be_visible()
    expect(page.get_by_label("I confirm there is no personal data", exact=False)).to_have_count(0)
    assert_accessible(page)
    required_field(page, "Title").fill(TITLE)
    required_field(page, "Text").fill(BODY)
    page.get_by_role("button", name="Send the announcement").click()

    # -- warned: nothing is sent, nothing typed is lost
    warning = page.get_by_role("alert").filter(has_text="This may be personal data")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("32 04 70 00")
    expect(required_field(page, "Title")).to_have_value(TITLE)
    expect(required_field(page, "Text")).to_have_value(BODY)
    assert_accessible(page)
    page.get_by_label("I confirm there is no personal data in this announcement").check()
    page.get_by_role("button", name="Send the announcement").click()

    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("The announcement is sent to 1 contact person.")).to_be_visible()
    assert_accessible(page)

    # -- the contact person signs in on another computer and sees one unread notification
    person = sign_in_elsewhere(contact.email)
    main_menu = person.get_by_role("navigation", name="Main")
    main_menu.get_by_role("link", name="Notifications, 1 unread").click()

    expect(person.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    notice = f"Drammen kommune: {TITLE}"
    expect(person.get_by_role("link", name=notice)).to_be_visible()
    assert_accessible(person)

    # -- reads the announcement through the notification (which marks it read), then back
    person.get_by_role("link", name=notice).click()
    expect(person.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(person.get_by_text("Call the switchboard")).to_be_visible()
    expect(main_menu.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert_accessible(person)

    person.get_by_role("link", name="All announcements").click()
    expect(person.get_by_role("rowheader", name=TITLE)).to_be_visible()
    assert_accessible(person)

    # -- a second notice arrives; marking it read from the list clears the count
    notification_schedule(
        recipient=contact, kind="account_welcome", subject=contact, due_at=timezone.now()
    )
    person.reload()
    main_menu.get_by_role("link", name="Notifications, 1 unread").click()
    person.get_by_role("button", name=re.compile(r"^Mark as read\W+Welcome to Brobygger$")).click()
    expect(person.get_by_text("The notification is marked as read.")).to_be_visible()
    expect(main_menu.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    expect(person.get_by_text("Unread", exact=True)).to_have_count(0)
    assert_accessible(person)

    # -- the settings: announcements in the evening digest
    follow_link(person, "Notification settings", check=assert_accessible)
    person.get_by_label("Announcements from the municipality*", exact=True).select_option(
        label="One e-mail a day at 18:00"
    )
    person.get_by_role("button", name="Save", exact=True).click()
    expect(person.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(person.get_by_label("Announcements from the municipality*", exact=True)).to_have_value(
        "digest"
    )
