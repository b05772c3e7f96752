"""An association writes its own draft agreement with the municipality (R22; seed 004: in
Næstved one association wrote its own), says what it contributes and who leads the work (R29);
the municipality's coordinator reads it, takes it over (the association is told), fills in how
contact data is passed on (R19) and sends it for approval; both approve and it is active. axe on
every page on the way."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from notifications.models import Notification
from tests.e2e.helpers import follow_link, required_field
from tests.factories import person_of, verified_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ORG_NAME = "Venner på Vestsiden"
TITLE = "Venskabsfamilier for nye naboer"
CONTRIBUTES = "Twelve befriending families and a weekly café"
TASK = "Find a befriending family for every household within a month"


@pytest.fixture
def association_admin(municipality):
    organization = verified_in(municipality, ORG_NAME)
    person_of(organization, "contact")
    return person_of(organization, "admin")


def approve(page: Page, party: str) -> None:
    approval = page.get_by_role("region", name="Approval")
    approval.get_by_role("button", name=f"Approve version 1 for {party}").click()
    expect(page.get_by_text("You approved version 1.")).to_be_visible()


def test_an_association_drafts_the_coordinator_takes_over_and_both_approve(
    page,
    sign_in_elsewhere,
    live_server,
    sign_in_with_code,
    assert_accessible,
    municipality,
    coordinator,
    association_admin,
):
    # -- the association's admin signs in and starts a draft with the municipality
    association = sign_in_elsewhere(association_admin.email)
    association.goto(f"{live_server.url}/agreements/")
    follow_link(association, "Draft an agreement with a municipality", check=assert_accessible)
    # The municipality's templates are offered (the coordinators' choice); this one starts blank.
    expect(association.get_by_label("Template", exact=True)).to_have_value("")
    association.get_by_label("Title", exact=True).fill(TITLE)
    required_field(association, "Starts").fill(
        (timezone.localdate() + timedelta(days=14)).isoformat()
    )
    association.get_by_role("button", name="Make the draft").click()

    # -- it writes the draft: a task, what it contributes, who leads the work
    expect(association.get_by_role("heading", name=f"Edit {TITLE}", level=1)).to_be_visible()
    expect(association.get_by_role("button", name="Save and send for approval")).to_have_count(0)
    assert_accessible(association)
    association.get_by_label("Purpose", exact=True).fill("Every new family gets a friend.")
    own_party = association.get_by_role("group", name=ORG_NAME, exact=True)
    own_party.get_by_label("What the party contributes", exact=True).fill(CONTRIBUTES)
    association.get_by_label("The party that owns and leads the work", exact=True).select_option(
        label=ORG_NAME
    )
    association.get_by_label("Who leads the work (name or role)", exact=True).fill(
        "The association's chair"
    )
    new_row = association.get_by_role("group", name="New row", exact=True)
    new_row.get_by_label("Task*", exact=True).fill(TASK)
    new_row.get_by_label("Responsible*", exact=True).select_option(label=ORG_NAME)
    association.get_by_role("button", name="Save", exact=True).click()
    expect(association.get_by_text("The agreement is saved.")).to_be_visible()
    expect(association.get_by_role("note").filter(has_text="wrote this draft")).to_be_visible()
    expect(association.get_by_text(CONTRIBUTES)).to_be_visible()
    expect(association.get_by_role("button", name="Send for approval")).to_have_count(0)
    assert_accessible(association)
    agreement_url = association.url

    # -- deleting would ask first; the association keeps it
    follow_link(
        association,
        "Discard the draft",
        check=assert_accessible,
        heading=f"Discard the draft {TITLE}?",
    )
    association.get_by_role("link", name="No, keep it").click()
    expect(association).to_have_url(agreement_url)

    # -- the coordinator was told, reads the draft and takes it over
    assert Notification.objects.filter(kind="agreement_drafted", recipient=coordinator).exists()
    sign_in_with_code(coordinator.email)
    page.goto(agreement_url)
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Take over the draft").click()
    expect(page.get_by_text("You have taken over the draft")).to_be_visible()
    assert Notification.objects.filter(
        kind="agreement_taken_over", recipient=association_admin
    ).exists()

    # -- how contact data is passed on is missing (R19): filled in, then sent for approval
    expect(
        page.get_by_role("note").filter(has_text="Before it is sent for approval")
    ).to_contain_text("how contact data about refugees is passed on")
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("How contact data about refugees is passed on", exact=True).fill(
        "The caseworker passes name and phone on through Brobygger, with consent."
    )
    page.get_by_role("button", name="Save and send for approval").click()
    expect(page.get_by_text("The agreement is saved and sent for approval.")).to_be_visible()
    expect(page.get_by_text("Current version: 1.")).to_be_visible()
    assert_accessible(page)

    # -- the association can no longer edit; it approves, then the coordinator: active
    association.reload()
    expect(association.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    approve(association, ORG_NAME)
    page.reload()
    approve(page, municipality.name)
    expect(page.get_by_text("Status: Active")).to_be_visible()
    expect(
        page.get_by_text(f"Drafted by {ORG_NAME}; taken over by the municipality")
    ).to_be_visible()
    assert_accessible(page)

    # -- the history of the status (R22): each step once, with who took it
    history = page.get_by_role("region", name=re.compile("Every change of status"))
    expect(history.get_by_role("row")).to_have_count(6)  # the header and five changes
    for step, who in (
        ("Draft made by the organisation", association_admin.full_name),
        ("Draft taken over by the municipality", coordinator.full_name),
        ("Sent for approval (version 1)", coordinator.full_name),
        ("Approved by a party", association_admin.full_name),
        ("Approved by every party: in force", coordinator.full_name),
    ):
        expect(history.get_by_role("row").filter(has_text=step)).to_contain_text(who)
