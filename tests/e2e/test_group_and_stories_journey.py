"""Issue #19 (R30, R72, R41) in the browser: an organisation's contact person tells a good story
(refused without the confirmation); the coordinator names the coordinating group, asks before
removing a member, and publishes the story; a signed-out visitor reads the group and the story on
the municipality's page and finds an organisation's weekly activity in the public calendar. Axe
on every new page. Then the member hides their own name from their profile, and the public
page no longer shows it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import switch_to_english
from tests.factories import ActivityFactory, person_of, verified_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_story_is_told_and_published_and_the_group_is_named(
    page, live_server, sign_in, sign_in_with_code, assert_accessible, municipality, coordinator
):
    organization = verified_in(municipality, "Matglede Drammen")
    keeper = person_of(organization, "contact")
    keeper.full_name = "Kim Kontakt"
    keeper.save()
    ActivityFactory(
        organization=organization,
        municipality=municipality,
        title="Språkkafé på tirsdager",
        schedules=[(1, "18:00", "20:00")],
    )
    public_page = f"{live_server.url}/m/{municipality.slug}/"

    # The organisation tells its story.
    sign_in(keeper.email)
    switch_to_english(page)
    page.goto(public_page)
    page.get_by_role("link", name="Good stories").click()
    expect(page.get_by_role("link", name="Tell a good story")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tell a good story").click()
    expect(page.get_by_label("Title*", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Title*", exact=True).fill("Thursday dinners")
    page.get_by_label("The story*", exact=True).fill(
        "Volunteers and families new in town cook together every Thursday."
    )
    page.get_by_role("button", name="Send the story").click()
    expect(page.get_by_text("Ask the people in the story first").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The people in the story were asked first", exact=False).check()
    page.get_by_role("button", name="Send the story").click()
    expect(page.get_by_text("The municipality's coordinator reads the story")).to_be_visible()
    expect(page.get_by_role("link", name="Thursday dinners")).to_be_visible()
    page.context.clear_cookies()

    # The coordinator names the group and publishes the story.
    sign_in_with_code(coordinator.email)
    page.goto(public_page)
    page.get_by_role("link", name="Coordinating group").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Coordinating group")
    assert_accessible(page)
    page.get_by_label("Person*", exact=True).select_option(label="Kim Kontakt (Matglede Drammen)")
    page.get_by_label("Role in the group*", exact=True).fill("Leader of the volunteers")
    page.get_by_label("The person has agreed to have their name on the public page").check()
    page.get_by_role("button", name="Add to the group").click()
    expect(page.get_by_text("Kim Kontakt is in the coordinating group.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Person*", exact=True).select_option(index=1)
    page.get_by_label("Role in the group*", exact=True).fill("Refugee service")
    page.get_by_role("button", name="Add to the group").click()
    page.get_by_role("link", name=f"Remove {coordinator.full_name}").click()
    expect(page.get_by_role("button", name="Remove from the group")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remove from the group").click()
    expect(page.get_by_text("is no longer in the coordinating group.")).to_be_visible()

    page.goto(public_page)
    page.get_by_role("link", name="Good stories").click()
    page.get_by_role("link", name="Thursday dinners").click()
    expect(page.get_by_label("Publish it")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Publish it").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("The story is published.")).to_be_visible()
    page.context.clear_cookies()

    # Anyone reads them on the municipality's page (in its language, bokmål), and the activity
    # in the public calendar.
    page.goto(public_page)
    group = page.get_by_role("region", name="Koordineringsgruppen")
    expect(group).to_contain_text("Kim Kontakt")
    expect(group).to_contain_text("Leader of the volunteers – Matglede Drammen")
    expect(page.get_by_role("heading", name="Thursday dinners")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/events/?view=month")
    page.get_by_label("Ta med organisasjonenes aktiviteter").check()
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_role("link", name="Språkkafé på tirsdager").first).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("^Møter og aktiviteter i "))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Liste", exact=True).click()
    expect(page.get_by_role("table", name="ganger aktiviteter møtes")).to_be_visible()
    assert_accessible(page)

    # The member changes their mind on their own profile; the public page follows at once.
    sign_in(keeper.email)  # the pages are in English: the switch earlier is remembered
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    page.goto(f"{live_server.url}/account/profile/")
    memberships = page.get_by_role("region", name="Coordinating groups")
    expect(memberships).to_contain_text("Leader of the volunteers, for Matglede Drammen")
    expect(memberships).to_contain_text("Your name is shown on the municipality's public page.")
    assert_accessible(page)
    memberships.get_by_role("button", name=re.compile("^Hide my name on the public page")).click()
    expect(page.get_by_text("Your name is no longer shown on the public page")).to_be_visible()
    expect(page.get_by_text("Set by the member on")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()
    page.goto(public_page)
    group = page.get_by_role("region", name="Koordineringsgruppen")
    expect(group).to_contain_text("Leader of the volunteers – Matglede Drammen")
    expect(group).not_to_contain_text("Kim Kontakt")
