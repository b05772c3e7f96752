"""A visitor creates an account, confirms the e-mail address and lands on the start page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import required_field

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password-1"


def test_visitor_signs_up_confirms_address_and_lands_on_start_page(
    page, live_server, mailoutbox, assert_accessible, settings
):
    settings.SITE_URL = live_server.url  # as scripts/run.sh sets it to the address it serves
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Brobygger", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Opprett en konto").click()
    expect(page.get_by_role("heading", name="Registrer deg", level=1)).to_be_visible()
    assert_accessible(page)
    required_field(page, "Fullt navn").fill("Kari Nordmann")
    required_field(page, "E-post").fill("kari@example.no")
    required_field(page, "Passord").fill(PASSWORD)
    required_field(page, "Passord (gjenta)").fill(PASSWORD)
    page.get_by_role("button", name="Registrer deg").click()

    expect(page.get_by_role("heading", name="Bekreft din e-postadresse")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("kari@example.no")
    assert_accessible(page)

    [mail] = mailoutbox
    assert mail.to == ["kari@example.no"]
    link = re.search(r"\S+/accounts/confirm-email/\S+", mail.body).group(0)
    assert link.startswith(f"{live_server.url}/accounts/confirm-email/")  # http, as served
    assert "Hei fra Brobygger!" in mail.body
    page.goto(link)
    expect(page.get_by_role("heading", name="Bekreft e-postadresse", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("kari@example.no")
    assert_accessible(page)

    page.get_by_role("button", name="Bekreft").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="Hei, Kari", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Du har ingen rolle ennå")).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    assert_accessible(page)


def test_signup_with_bad_input_shows_errors_at_the_fields_and_keeps_what_was_typed(
    page, live_server, mailoutbox, assert_accessible
):
    page.goto(f"{live_server.url}/accounts/signup/")
    expect(page.get_by_role("heading", name="Registrer deg", level=1)).to_be_visible()
    name, email = required_field(page, "Fullt navn"), required_field(page, "E-post")
    name.fill("Kari Nordmann")
    # The browser lets an address without a top-level domain through; the server does not.
    email.fill("kari@eksempel")
    required_field(page, "Passord").fill(PASSWORD)
    required_field(page, "Passord (gjenta)").fill("another-long-password-2")
    page.get_by_role("button", name="Registrer deg").click()

    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description("Oppgi en gyldig e-postadresse")
    password_again = required_field(page, "Passord (gjenta)")
    expect(password_again).to_have_attribute("aria-invalid", "true")
    expect(password_again).to_have_accessible_description(
        "Du må skrive det samme passordet hver gang."
    )
    expect(name).to_have_value("Kari Nordmann")
    expect(email).to_have_value("kari@eksempel")
    assert_accessible(page)
    assert mailoutbox == []
