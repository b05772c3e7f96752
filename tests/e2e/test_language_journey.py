"""The portal opens in Norwegian bokmål; the switcher changes it and a signed-in user keeps it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def browser_context_args(browser_context_args):
    """A browser that asks for English: the portal opens in bokmål all the same."""
    return {**browser_context_args, "locale": "en-GB"}


def test_visitor_sees_bokmal_first_and_english_after_switching(
    page, live_server, assert_accessible
):
    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", name="For frivillige organisasjoner")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Språk", exact=True).select_option(label="English")
    page.get_by_role("button", name="Bytt språk").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="For voluntary organisations")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("contentinfo").get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", name="Privacy", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)

    page.get_by_label("Language", exact=True).select_option(label="Norsk bokmål")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", name="Personvern", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    assert_accessible(page)


def test_signed_in_users_choice_is_saved_and_applies_at_the_next_sign_in(
    page, live_server, sign_in, assert_accessible, plain_user
):
    first_name = plain_user.get_short_name()
    sign_in(plain_user.email)
    expect(page.get_by_role("heading", name=f"Hei, {first_name}", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Språk", exact=True).select_option(label="English")
    page.get_by_role("button", name="Bytt språk").click()
    expect(page.get_by_role("heading", name=f"Hello, {first_name}", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)

    page.get_by_role("banner").get_by_text("More", exact=True).click()
    page.get_by_role("navigation", name="More pages").get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", name="My profile", level=1)).to_be_visible()
    expect(page.get_by_label("Preferred language", exact=True)).to_have_value("en")
    assert_accessible(page)
    plain_user.refresh_from_db()
    assert plain_user.preferred_language == "en"

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="For voluntary organisations")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()  # as on another computer: no language cookie, no session
    sign_in(plain_user.email)
    expect(page.get_by_role("heading", name=f"Hello, {first_name}", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)
