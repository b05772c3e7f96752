"""An organisation registers, adds an evening activity, is verified by the coordinator and is then
found in the public directory and in the open data.

The registry's bokmål wording is newer than its English, so each person switches to English with
the language switcher and the journey asserts the English text (or what does not depend on the
wording: URLs, field names, the organisation's own name).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import enter_code, required_field, totp_code
from tests.factories import TOTP_SECRET, ActivityFactory, verified_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ORG_NUMBER = "864139442"
ORG_NAME = "NORGES RØDE KORS"  # as the recorded register response spells it
ACTIVITY_TITLE = "Norsktrening på tirsdager"


@pytest.fixture
def daytime_organization(municipality):
    """A verified organisation that meets on Saturday mornings only: no evenings."""
    organization = verified_in(municipality, "Drammen Sjakklubb")
    ActivityFactory(
        organization=organization,
        municipality=municipality,
        title="Sjakk for alle",
        schedules=[(5, "11:00", "13:00")],
    )
    return organization


@pytest.fixture
def choose_english(page, assert_accessible):
    """The language switcher in the header, as a person who reads English would use it."""

    def choose():
        header = page.get_by_role("banner")  # the directory's filters have a language field too
        header.get_by_label("Språk", exact=True).select_option(label="English")
        header.get_by_role("button", name="Bytt språk").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_accessible(page)

    return choose


@pytest.fixture
def sign_out(page, live_server, assert_accessible):
    """Sign out and forget the language: the next person starts on a fresh browser."""

    def submit():
        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(f"{live_server.url}/")
        header = page.get_by_role("banner")
        expect(header.get_by_role("link", name="Sign in")).to_be_visible()
        assert_accessible(page)
        page.context.clear_cookies()

    return submit


def test_organisation_registers_is_verified_and_is_found_in_directory_and_open_data(
    page,
    live_server,
    sign_in,
    sign_out,
    choose_english,
    assert_accessible,
    recorded_register,
    plain_user,
    municipality,
    coordinator,
    daytime_organization,
):
    # -- a volunteer registers the organisation, with a look-up in the business register --------
    sign_in(plain_user.email)
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    choose_english()
    page.get_by_role("link", name="Register your organisation").click()
    expect(page).to_have_url(f"{live_server.url}/organisations/register/")
    expect(page.get_by_role("heading", name="Register an organisation", level=1)).to_be_visible()
    assert_accessible(page)

    org_number = page.locator('[name="org_number"]')
    look_up = page.get_by_role("button", name="Look up in the business register")
    org_number.fill("864139443")  # a typo in the last digit
    look_up.click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Not a valid organisation number: the last digit does not match."
    )
    expect(org_number).to_have_value("864139443")
    assert_accessible(page)

    # The registration comes in four steps; each checks its own fields before the next.
    expect(page.get_by_text("Step 1 of 4: The organisation")).to_be_visible()
    expect(page.locator('[aria-current="step"]')).to_have_text("The organisation")
    next_step = page.get_by_role("button", name="Next", exact=True)
    next_step.click()
    expect(org_number).to_have_attribute("aria-invalid", "true")
    expect(org_number).to_have_accessible_description(
        re.compile("Not a valid organisation number: the last digit does not match.")
    )
    expect(required_field(page, "Name")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    assert_accessible(page)

    org_number.fill(ORG_NUMBER)
    look_up.click()
    expect(page.get_by_role("status")).to_contain_text("Filled in from the register.")
    expect(required_field(page, "Name")).to_have_value(ORG_NAME)
    expect(org_number).to_have_value(ORG_NUMBER)
    expect(page.locator('[name="postal_city"]')).to_have_value("Oslo")  # carried to step 3
    assert_accessible(page)

    page.get_by_role("group", name="Municipalities where you are active").get_by_label(
        "Drammen kommune"
    ).check()
    next_step.click()
    expect(page.get_by_text("Step 2 of 4: What you do")).to_be_visible()
    next_step.click()
    expect(page.get_by_text("Choose at least one category.", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Categories").get_by_label(
        "Large established organisation"
    ).check()
    next_step.click()
    expect(page.get_by_text("Step 3 of 4: Contact")).to_be_visible()
    expect(page.locator('[name="postal_city"]')).to_have_value("Oslo")
    next_step.click()
    expect(page.get_by_text("Step 4 of 4")).to_be_visible()
    page.get_by_role("button", name="Register", exact=True).click()

    expect(page).to_have_url(re.compile(rf"{live_server.url}/organisations/\d+/$"))
    organisation_url = page.url
    expect(page.get_by_role("heading", name=ORG_NAME, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        f"{ORG_NAME} is registered. A coordinator will verify it before it is public."
    )
    expect(page.get_by_text("Awaiting verification", exact=True)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        "A coordinator will verify the organisation before it is shown in the public directory."
    )
    assert_accessible(page)

    # -- ... and adds an evening activity ----------------------------------------------------
    page.get_by_role("link", name="Add activity").click()
    expect(page).to_have_url(f"{organisation_url}activities/new/")
    expect(
        page.get_by_role("heading", name=f"New activity for {ORG_NAME}", level=1)
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Title in English", exact=True).fill(ACTIVITY_TITLE)
    required_field(page, "Type").select_option(label="Language café / Norwegian practice")
    expect(required_field(page, "Municipality")).to_have_value(str(municipality.pk))
    page.locator('[name="schedules-0-weekday"]').select_option(label="Tuesday")
    page.locator('[name="schedules-0-starts_at"]').fill("18:00")
    page.locator('[name="schedules-0-ends_at"]').fill("20:00")
    save = page.get_by_role("button", name="Save activity")
    save.click()  # without saying where: the form asks for it
    address = page.locator('[name="address"]')
    expect(address).to_have_attribute("aria-invalid", "true")
    expect(address).to_have_accessible_description(
        re.compile("Say where the activity takes place, or tick “online”.")
    )
    expect(page.locator('[name="schedules-0-starts_at"]')).to_have_value("18:00")
    assert_accessible(page)

    address.fill("Grønland 32")
    page.locator('[name="postal_code"]').fill("3045")
    page.locator('[name="city"]').fill("Drammen")
    save.click()
    expect(page.get_by_role("heading", name=ACTIVITY_TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("The activity is saved.")
    expect(page.get_by_role("main")).to_contain_text("Tuesday 18:00–20:00 evening")
    assert_accessible(page)

    page.get_by_role("link", name=ORG_NAME).click()
    expect(page).to_have_url(organisation_url)
    expect(page.get_by_role("link", name=ACTIVITY_TITLE)).to_be_visible()
    sign_out()

    # -- the coordinator verifies it -----------------------------------------------------------
    sign_in(coordinator.email)
    expect(page.get_by_role("heading", name="Tofaktorautentisering", level=1)).to_be_visible()
    assert_accessible(page)
    enter_code(page, live_server, totp_code(TOTP_SECRET))
    choose_english()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organisations").click()
    expect(page).to_have_url(f"{live_server.url}/registry/")
    expect(page.get_by_role("heading", name="Registry of organisations", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=ORG_NAME))
    expect(row).to_contain_text("Awaiting verification")
    assert_accessible(page)

    page.get_by_role("link", name="Import a mapping").click()
    expect(page).to_have_url(f"{live_server.url}/registry/import/")
    expect(page.get_by_role("heading", name="Import a mapping", level=1)).to_be_visible()
    assert_accessible(page)
    page.go_back()

    row.get_by_role("link", name=ORG_NAME).click()
    expect(page).to_have_url(organisation_url)
    verification = page.get_by_role("region", name="Verification")
    expect(verification.get_by_role("link", name="Reject with a reason")).to_be_visible()
    assert_accessible(page)
    verification.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("status")).to_contain_text(f"{ORG_NAME} is verified and now public.")
    expect(page.get_by_role("region", name="Verification")).to_have_count(0)
    expect(page.get_by_text("Awaiting verification", exact=True)).to_have_count(0)
    assert_accessible(page)
    sign_out()

    # -- a visitor finds it among the organisations and activities on weekday evenings -----------
    page.goto(f"{live_server.url}/directory/")
    choose_english()
    expect(page.get_by_role("heading", name="Directory of organisations", level=1)).to_be_visible()
    results = page.get_by_role("region", name=re.compile(r"\d+ organisations?"))
    expect(results).to_contain_text("2 organisations")
    page.get_by_label("Evenings (from 17:00)").check()
    page.get_by_role("button", name="Show results").click()
    expect(page).to_have_url(re.compile(r"[?&]evening=on"))
    expect(results).to_contain_text("1 organisation")
    expect(results.get_by_role("link", name=ORG_NAME)).to_be_visible()
    expect(results.get_by_role("link", name="Drammen Sjakklubb")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="See all activities").click()
    expect(page.get_by_role("heading", name="Activities", level=1)).to_be_visible()
    page.get_by_label("Evenings (from 17:00)").check()
    page.get_by_role("button", name="Show results").click()
    expect(page).to_have_url(re.compile(r"/directory/activities/\?.*evening=on"))
    results = page.get_by_role("region", name=re.compile(r"\d+ activit(y|ies)"))
    expect(results).to_contain_text("1 activity")
    activity = page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=ACTIVITY_TITLE)
    )
    expect(activity).to_contain_text(ORG_NAME)
    expect(activity).to_contain_text("Tuesday 18:00–20:00")
    expect(results.get_by_role("link", name="Sjakk for alle")).to_have_count(0)
    assert_accessible(page)

    # -- ... and in the open data (HSDS 3.0) ----------------------------------------------------
    response = page.request.get(f"{live_server.url}/api/hsds/organizations")
    assert response.ok
    organizations = {item["name"]: item for item in response.json()["contents"]}
    assert set(organizations) == {ORG_NAME, "Drammen Sjakklubb"}
    response = page.request.get(f"{live_server.url}/api/hsds/services")
    assert response.ok
    services = {item["name"]: item for item in response.json()["contents"]}
    assert set(services) == {ACTIVITY_TITLE, "Sjakk for alle"}
    assert services[ACTIVITY_TITLE]["organization_id"] == organizations[ORG_NAME]["id"]


def test_visitor_searches_the_directory_with_the_keyboard_only(
    page, live_server, assert_accessible, municipality
):
    verified_in(municipality, "Drammen Frivilligsentral")
    verified_in(municipality, "Drammen Sjakklubb")
    page.goto(f"{live_server.url}/directory/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    assert_accessible(page)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Hopp til hovedinnholdet")
    expect(skip_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    search = page.locator('[name="q"]')
    for _ in range(5):  # past the links in the introduction, into the search form
        page.keyboard.press("Tab")
        if search.evaluate("field => field === document.activeElement"):
            break
    expect(search).to_be_focused()

    page.keyboard.type("sjakklubb")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/directory/\?q=sjakklubb"))
    expect(search).to_have_value("sjakklubb")
    results = page.get_by_role("main").get_by_role("heading", level=3)
    expect(results).to_have_count(1)
    expect(results).to_have_text("Drammen Sjakklubb")
    assert_accessible(page)
