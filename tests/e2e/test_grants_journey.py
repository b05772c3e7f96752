"""An organisation admin asks the eligibility helper which grants fit, sees the local integration
scheme as a fit with its reasons, follows it, tracks an application with the document checklist,
marks it submitted and then granted with an amount; the coordinator's overview shows it. axe runs
on the catalogue, the helper, the scheme page, the tracker, the deadline calendar and the
overview.

Grants are not translated into bokmål yet, so each person switches to English."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.helpers import (
    enter_code,
    follow_link,
    password_step,
    required_field,
    switch_to_english,
    totp_code,
)
from tests.factories import TOTP_SECRET, OrganizationFactory, person_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ORG_NAME = "Drammen Somali Women's Association"
SCHEME = "Tilskudd til integreringsarbeid i regi av frivillige organisasjoner – lokale aktiviteter"
TITLE = "Women's language café 2026"


@pytest.fixture
def catalogue(db):
    call_command("loaddata", "grant_schemes", verbosity=0)


@pytest.fixture
def association_admin(municipality):
    organization = OrganizationFactory(
        name=ORG_NAME, verified=True, municipalities=[municipality], categories=["minority"]
    )
    return person_of(organization, "admin")


def test_an_organisation_finds_a_grant_tracks_its_application_and_the_coordinator_sees_it(
    page,
    new_context,
    live_server,
    sign_in,
    assert_accessible,
    catalogue,
    municipality,
    coordinator,
    association_admin,
):
    # -- the organisation admin signs in, switches to English and opens the catalogue
    sign_in(association_admin.email)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    switch_to_english(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Grants").click()
    expect(page.get_by_role("heading", name="Grant schemes", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=SCHEME)).to_be_visible()
    assert_accessible(page)

    # -- the helper: answers prefilled from the profile, the rest answered by hand
    page.get_by_role("link", name="Which grants fit us?").click()
    expect(page.get_by_role("heading", name="Which grants fit us?", level=1)).to_be_visible()
    expect(page.get_by_label("What kind of organisation are you?")).to_have_value("minority")
    assert_accessible(page)
    page.get_by_label("Are you a local organisation, a branch or a national body?").select_option(
        label="A local organisation on its own"
    )
    page.get_by_label(
        "Are you in the Register of Non-Profit Organisations (Frivillighetsregisteret)?"
    ).select_option(label="Yes")
    page.get_by_label("Do you have a Norwegian organisation number?").select_option(label="Yes")
    page.get_by_label("Who is it for?").select_option(label="Women")
    page.get_by_role("button", name="Show the schemes").click()

    fits = page.get_by_role("region", name="Fits", exact=True)
    fit = fits.get_by_role("article", name=SCHEME)
    expect(fit).to_be_visible()
    expect(fit.get_by_text("You are in the Register of Non-Profit Organisations.")).to_be_visible()
    not_fitting = page.get_by_role("region", name="Does not fit")
    expect(not_fitting.get_by_role("article", name="Frifond organisasjon")).to_be_visible()
    assert_accessible(page)

    # -- the scheme page: follow it
    fit.get_by_role("link", name=SCHEME).click()
    expect(page.get_by_role("heading", name=SCHEME, level=1)).to_be_visible()
    expect(page.get_by_text("check the official page for this year's deadline")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=f"Follow for {ORG_NAME}").click()
    expect(page.get_by_text(f"{ORG_NAME} follows this scheme")).to_be_visible()
    expect(page.get_by_role("button", name=f"Stop following for {ORG_NAME}")).to_be_visible()

    # -- an application with the scheme's checklist
    follow_link(page, "Start an application", check=assert_accessible, heading="New application")
    required_field(page, "Title").fill(TITLE)
    page.get_by_label("Amount applied for", exact=True).fill("-10")
    page.get_by_role("button", name="Add to the tracker").click()
    amount = page.get_by_label("Amount applied for", exact=True)
    expect(amount).to_have_accessible_description(re.compile("at most two decimals"))
    expect(required_field(page, "Title")).to_have_value(TITLE)
    amount.fill("25000.50")
    page.get_by_role("button", name="Add to the tracker").click()

    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    checklist = page.get_by_role("region", name="Document checklist")
    expect(checklist.get_by_text("Organisasjonens vedtekter")).to_be_visible()
    checklist.get_by_role(
        "button", name=re.compile(r"^Not done\s*: Organisasjonens vedtekter")
    ).click()
    expect(
        page.get_by_role("region", name="Document checklist").get_by_role(
            "button", name=re.compile(r"^Done\s*: Organisasjonens vedtekter")
        )
    ).to_be_visible()
    assert_accessible(page)

    # -- submitted, then granted with an amount
    status = page.get_by_role("region", name="Change the status")
    status.get_by_label("New status*", exact=True).select_option(label="Submitted")
    status.get_by_role("button", name="Change the status").click()
    expect(page.get_by_text("The status is now “Submitted”.")).to_be_visible()
    status = page.get_by_role("region", name="Change the status")
    status.get_by_label("New status*", exact=True).select_option(label="Granted")
    status.get_by_label("Amount granted", exact=True).fill("20000")
    status.get_by_role("button", name="Change the status").click()
    expect(page.get_by_text("The status is now “Granted”.")).to_be_visible()

    # -- the tracker and the deadline calendar
    page.get_by_role("link", name="Our applications").click()
    expect(page.get_by_role("heading", name="Our grant applications", level=1)).to_be_visible()
    expect(page.get_by_role("rowheader", name=TITLE)).to_be_visible()
    assert_accessible(page)
    follow_link(page, "Deadlines", check=assert_accessible, heading="Grant deadlines")
    page.get_by_role("link", name="List", exact=True).click()
    expect(
        page.get_by_role("link", name="Momskompensasjon for frivillige organisasjoner").first
    ).to_be_visible()
    assert_accessible(page)

    # -- the coordinator signs in on another computer and sees it in the overview
    coordinator_page = new_context().new_page()
    password_step(coordinator_page, live_server, coordinator.email)
    enter_code(coordinator_page, live_server, totp_code(TOTP_SECRET))
    switch_to_english(coordinator_page)
    coordinator_page.goto(f"{live_server.url}/grants/overview/")
    expect(
        coordinator_page.get_by_role("heading", name=f"Grant applications in {municipality.name}")
    ).to_be_visible()
    row = coordinator_page.get_by_role("row", name=re.compile(TITLE))
    expect(row).to_contain_text(ORG_NAME)
    expect(row).to_contain_text("Granted")
    expect(row).to_contain_text("kr 20,000")
    assert_accessible(coordinator_page)
