"""A coordinator makes a cooperation agreement from the befriending template with one
organisation, edits its responsibility matrix and sends it for approval; the organisation's
contact person and the coordinator approve it and it is active. A revision changes a task, both
approve again, the difference is shown and version 1 stays readable as it was approved.

The agreements are not translated into bokmål yet, so each person switches to English with the
language switcher and the journey asserts the English text (or the agreement's own text).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from tests.e2e.helpers import follow_link, required_field
from tests.factories import person_of, verified_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ORG_NAME = "Drammen Røde Kors"
TITLE = "Cooperation agreement on a network offer for refugees"  # the English template's
TEMPLATE_TASK = "Find good matches between volunteers and refugees"
FIRST_TASK = "Find good matches between volunteers and refugees within four weeks"
REVISED_TASK = "Find good matches between volunteers and refugees within two weeks"
MATCHING_ROW = "Row 5"  # the template's fifth task is the one about matches


@pytest.fixture
def red_cross_contact(municipality):
    """A verified organisation in the municipality and its contact person."""
    organization = verified_in(municipality, ORG_NAME)
    return person_of(organization, "contact")


def expect_saved(page: Page, title: str = TITLE) -> None:
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_text("The agreement is saved.")).to_be_visible()


def matrix_task(page: Page, row: str) -> Locator:
    return page.get_by_role("group", name=row, exact=True).get_by_label("Task*", exact=True)


def approve(page: Page, number: int, party: str) -> None:
    approval = page.get_by_role("region", name="Approval")
    approval.get_by_role("button", name=f"Approve version {number} for {party}").click()
    expect(page.get_by_text(f"You approved version {number}.")).to_be_visible()


def test_coordinator_and_organisation_approve_an_agreement_and_a_revision_of_it(
    page,
    sign_in_elsewhere,
    sign_in_with_code,
    assert_accessible,
    municipality,
    coordinator,
    red_cross_contact,
):
    starts_on = timezone.localdate() + timedelta(days=14)

    # -- the coordinator signs in with a code and switches to English
    sign_in_with_code(coordinator.email)

    # -- the list, then a new agreement from the befriending template
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Agreements").click()
    expect(page.get_by_role("heading", name="Cooperation agreements", level=1)).to_be_visible()
    expect(page.get_by_text("No agreements match.")).to_be_visible()
    assert_accessible(page)

    follow_link(page, "New agreement", check=assert_accessible)
    page.get_by_label("Template", exact=True).select_option(
        label="Network and befriending offer for refugees (English)"
    )
    page.get_by_label(ORG_NAME, exact=True).check()
    required_field(page, "Starts").fill(starts_on.isoformat())
    page.get_by_role("button", name="Make the draft").click()

    # -- the edit page: first an end before the start, then a changed task
    expect(page.get_by_role("heading", name=f"Edit {TITLE}", level=1)).to_be_visible()
    expect(page.get_by_text("The draft is made.")).to_be_visible()
    expect(matrix_task(page, MATCHING_ROW)).to_have_value(TEMPLATE_TASK)
    assert_accessible(page)

    ends_on = page.get_by_label("Ends", exact=True)
    ends_on.fill((starts_on - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("The agreement is not saved.")
    ends_on = page.get_by_label("Ends", exact=True)
    expect(ends_on).to_have_attribute("aria-invalid", "true")
    expect(ends_on).to_have_accessible_description(
        re.compile("The agreement must end after it starts")
    )
    assert_accessible(page)

    ends_on.fill("")
    matrix_task(page, MATCHING_ROW).fill(FIRST_TASK)
    page.get_by_role("button", name="Save", exact=True).click()
    expect_saved(page)
    agreement_url = page.url
    matrix = page.get_by_role("table", name=f"Responsibility matrix: {TITLE}")
    expect(matrix.get_by_role("rowheader", name=FIRST_TASK)).to_be_visible()
    expect(matrix.get_by_role("rowheader", name=TEMPLATE_TASK, exact=True)).to_have_count(0)

    # -- sent for approval: version 1
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_text("The agreement is sent to the parties for approval.")).to_be_visible()
    expect(page.get_by_text("Status: Sent for approval")).to_be_visible()
    expect(page.get_by_text("Current version: 1.")).to_be_visible()
    assert_accessible(page)

    # -- the contact person signs in on another computer (no code) and approves version 1
    contact = sign_in_elsewhere(red_cross_contact.email)
    contact.get_by_role("banner").get_by_text("More", exact=True).click()
    contact.get_by_role("navigation", name="More pages").get_by_role(
        "link", name="Agreements"
    ).click()
    contact.get_by_role("link", name=TITLE).click()
    expect(contact).to_have_url(agreement_url)
    expect(contact.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    expect(contact.get_by_role("rowheader", name=FIRST_TASK)).to_be_visible()
    assert_accessible(contact)
    approve(contact, 1, ORG_NAME)
    expect(contact.get_by_role("button", name=re.compile("^Approve version"))).to_have_count(0)

    # -- the coordinator approves for the municipality: the agreement is active
    page.reload()
    approve(page, 1, municipality.name)
    expect(page.get_by_text("Status: Active")).to_be_visible()
    expect(page.get_by_text("Approved by every party on")).to_be_visible()
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)

    # -- a revision: the task changes again
    page.get_by_role("button", name="Start a revision").click()
    expect(page.get_by_text("The revision is started.")).to_be_visible()
    expect(page.get_by_text("Status: Being revised")).to_be_visible()
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(matrix_task(page, MATCHING_ROW)).to_have_value(FIRST_TASK)
    matrix_task(page, MATCHING_ROW).fill(REVISED_TASK)
    # Saved and sent in one go: no extra "Save" first.
    page.get_by_role("button", name="Save and send for approval").click()
    expect(page.get_by_text("The agreement is saved and sent for approval.")).to_be_visible()
    expect(page.get_by_text("Current version: 2.")).to_be_visible()

    contact.reload()
    expect(contact.get_by_role("rowheader", name=REVISED_TASK)).to_be_visible()
    approve(contact, 2, ORG_NAME)
    page.reload()
    approve(page, 2, municipality.name)
    expect(page.get_by_text("Status: Active")).to_be_visible()

    # -- what changed from version 1 to 2
    versions = page.get_by_role("region", name="Versions")
    versions.get_by_role("link", name="From version 1 to 2").click()
    expect(page.get_by_role("heading", name="Changes from version 1 to 2", level=1)).to_be_visible()
    change = page.get_by_role("listitem").filter(has_text="Changed:")
    expect(change.locator("del")).to_contain_text(FIRST_TASK)
    expect(change.locator("ins")).to_contain_text(REVISED_TASK)
    assert_accessible(page)

    # -- version 1 is still readable as it was approved
    page.goto(agreement_url)
    page.get_by_role("region", name="Versions").get_by_role(
        "link", name="Version 1", exact=True
    ).click()
    expect(page.get_by_role("heading", name=f"{TITLE}, version 1", level=1)).to_be_visible()
    expect(page.get_by_role("rowheader", name=FIRST_TASK)).to_be_visible()
    expect(page.get_by_role("rowheader", name=REVISED_TASK)).to_have_count(0)
    approvals = page.get_by_role("table", name="Approvals of version 1")
    expect(approvals.get_by_role("rowheader")).to_have_count(2)
    expect(approvals).to_contain_text(ORG_NAME)
    expect(approvals).to_contain_text(municipality.name)
    assert_accessible(page)

    # -- the printable page shows the approved version 2 and its approval record
    page.goto(agreement_url)
    page.get_by_role("link", name="Printable version").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("article")).to_contain_text("Version 2")
    expect(page.get_by_role("rowheader", name=REVISED_TASK)).to_be_visible()
    expect(page.get_by_role("table", name="Approvals of version 2")).to_be_visible()
    assert_accessible(page)
