"""The header on a phone (390 px): a Menu button that opens the role's short menu without
JavaScript, the link followed, the section marked as current; on a wide screen the same menu
shows without the button. Axe on every page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_coordinator_opens_the_menu_on_a_phone_and_follows_a_link(
    page, live_server, sign_in_with_code, assert_accessible, coordinator
):
    sign_in_with_code(coordinator.email)
    page.set_viewport_size(PHONE)
    main_menu = page.get_by_role("navigation", name="Main")
    menu_button = page.get_by_role("banner").get_by_text("Menu", exact=True)
    expect(menu_button).to_be_visible()
    expect(main_menu).to_be_hidden()
    assert_accessible(page)

    menu_button.click()
    expect(main_menu.get_by_role("link")).to_have_text(
        [
            "Overview",
            "Organisations",
            "Agreements",
            "Meetings",
            "Referrals",
            "Grants",
            "Notifications",
        ]
    )
    expect(main_menu.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")
    assert_accessible(page)
    main_menu.get_by_role("link", name="Agreements").click()
    expect(page).to_have_url(re.compile(r"/agreements/$"))
    expect(page.get_by_role("heading", name="Agreements", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    menu_button.click()
    expect(main_menu.get_by_role("link", name="Agreements")).to_have_attribute(
        "aria-current", "page"
    )
    expect(main_menu.get_by_role("link", name="Overview")).not_to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)

    # the pages used now and then are one more step away, under "More"
    page.get_by_role("banner").get_by_text("More", exact=True).click()
    more = page.get_by_role("navigation", name="More pages")
    more.get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", name="My profile", level=1)).to_be_visible()
    assert_accessible(page)

    # on a wide screen the menu is shown without its button
    page.set_viewport_size(DESKTOP)
    expect(menu_button).to_be_hidden()
    expect(main_menu.get_by_role("link", name="Meetings")).to_be_visible()
    assert_accessible(page)


def test_visitor_finds_the_public_pages_behind_the_menu_button(
    page, live_server, assert_accessible
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    page.get_by_role("banner").get_by_text("Meny", exact=True).click()
    main_menu = page.get_by_role("navigation", name="Hovedmeny")
    expect(main_menu.get_by_role("link")).to_have_text(
        ["Katalog", "Aktiviteter", "Arrangementer", "Tilskudd", "Kommuner"]
    )
    expect(page.get_by_role("banner").get_by_role("link", name="Logg inn")).to_be_visible()
    assert_accessible(page)
    main_menu.get_by_role("link", name="Arrangementer").click()
    expect(page).to_have_url(re.compile(r"/events/$"))
    page.get_by_role("banner").get_by_text("Meny", exact=True).click()
    expect(main_menu.get_by_role("link", name="Arrangementer")).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)
