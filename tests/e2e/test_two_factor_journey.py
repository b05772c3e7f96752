"""Municipal staff sign in with a second factor; people without a municipal role do not need one."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import MunicipalityMembership
from tests.e2e.helpers import required_field, totp_code, wrong_totp_code
from tests.factories import TEST_PASSWORD, TOTP_SECRET, MunicipalityMembershipFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ACTIVATE_TOTP_PATH = "/accounts/2fa/totp/activate/"


def test_coordinator_enters_a_code_and_reaches_their_municipality(
    page, live_server, sign_in, assert_accessible, coordinator, organization
):
    sign_in(coordinator.email)
    expect(page.get_by_role("heading", name="Tofaktorautentisering", level=1)).to_be_visible()
    assert_accessible(page)

    code = required_field(page, "Kode")
    code.fill(wrong_totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(code).to_have_accessible_description("Feil kode.")
    assert_accessible(page)

    code.fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    greeting = f"Hei, {coordinator.get_short_name()}"
    expect(page.get_by_role("heading", name=greeting, level=1)).to_be_visible()
    municipality = page.get_by_role("region", name="Kommunen din")
    expect(municipality).to_contain_text("Du er koordinator her.")
    assert_accessible(page)

    municipality.get_by_role("link", name="Drammen kommune").click()
    expect(page.get_by_role("heading", name="Drammen kommune", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Ansatte")).to_contain_text(
        f"{coordinator.full_name} – koordinator"
    )
    expect(page.get_by_role("region", name="Organisasjoner som er aktive her")).to_contain_text(
        "Drammen Frivilligsentral"
    )
    assert_accessible(page)


def test_coordinator_without_totp_must_activate_it_before_anything_else(
    page, live_server, sign_in, assert_accessible
):
    user = MunicipalityMembershipFactory(
        municipality__name="Lier kommune", role=MunicipalityMembership.Role.COORDINATOR
    ).user
    sign_in(user.email)
    # allauth asks for the password once more before an authenticator may be added.
    expect(page.get_by_role("heading", name="Bekreft tilgang", level=1)).to_be_visible()
    assert_accessible(page)
    required_field(page, "Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Bekreft").click()

    activation_heading = page.get_by_role("heading", name="Aktiver autentiseringsapp", level=1)
    expect(activation_heading).to_be_visible()
    assert_accessible(page)
    for path in ["/dashboard/", "/account/profile/", "/accounts/email/"]:
        page.goto(f"{live_server.url}{path}")
        expect(page).to_have_url(f"{live_server.url}{ACTIVATE_TOTP_PATH}")
        expect(activation_heading).to_be_visible()
        assert_accessible(page)

    secret = page.get_by_label("Autentiseringshemmelighet").input_value()
    required_field(page, "Autentiseringskode").fill(totp_code(secret))
    page.get_by_role("button", name="Aktiver").click()

    expect(page.get_by_role("heading", name="Gjenopprettingskoder", level=1)).to_be_visible()
    expect(page.get_by_label("Ubrukte koder")).to_have_value(re.compile(r"\d{8}"))
    assert_accessible(page)

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Oversikt").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_text("Kontoen din er beskyttet med tofaktorautentisering.")).to_be_visible()
    expect(page.get_by_role("region", name="Kommunen din")).to_contain_text("Lier kommune")
    assert_accessible(page)


def test_organisation_member_signs_in_without_a_code(
    page, live_server, sign_in, assert_accessible, member
):
    sign_in(member.email)
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("region", name="Organisasjonene dine", exact=True)).to_contain_text(
        "Drammen Frivilligsentral"
    )
    assert_accessible(page)
