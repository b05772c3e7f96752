"""A caseworker of municipality A signs in through A's own OpenID Connect provider (a real one,
tests/sso/provider.mjs), lands with the role from the group claim and sees the persons; A's IT
department removes the group; at the next sign-in the caseworker has no role and sees no person.
Then A's coordinator tries the provider settings page's "try sign-in". Axe on our pages."""

import pytest
from playwright.sync_api import expect

from tests.factories import MunicipalityFactory, PersonFactory
from tests.sso.fixtures import CASEWORKERS_A, PASSWORD, configure, run_provider

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module")
def sso_provider():
    yield from run_provider()


def sign_in_at_a(page, live_server, assert_accessible, login, *, at_provider=True):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Din e-postadresse på jobben").fill(login)
    page.get_by_role("button", name="Fortsett").click()
    if not at_provider:  # still signed in at the provider: it answers at once
        return
    # A's own sign-in page (the provider's, not ours).
    expect(page.get_by_role("heading", name="Sign in at municipality A")).to_be_visible()
    page.get_by_label("E-mail").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_roles_follow_the_employers_groups(page, live_server, assert_accessible, sso_provider):
    a = MunicipalityFactory(name="A kommune", number="3301", slug="a-kommune")
    configure(a, sso_provider, "a")
    PersonFactory(municipality=a, given_name="Amina", family_name="Haddadi")
    login = "kari@a-kommune.no"
    sso_provider.change_user("a", login, groups=[CASEWORKERS_A])
    try:
        sign_in_at_a(page, live_server, assert_accessible, login)
        expect(page).to_have_url(f"{live_server.url}/dashboard/")
        # The caseworker's start page: the role the group claim gave, her referral figures.
        expect(page.get_by_text("Du er saksbehandler her.")).to_be_visible()
        expect(page.get_by_role("heading", name="Dine henvisninger og samtykker")).to_be_visible()
        assert_accessible(page)
        page.goto(f"{live_server.url}/referrals/persons/")
        expect(page.get_by_text("Haddadi")).to_be_visible()

        page.get_by_role("button", name="Logg ut").click()
        sso_provider.change_user("a", login, groups=[])  # IT removes her from the group

        # Still signed in at A's provider, which answers with the groups it has now.
        sign_in_at_a(page, live_server, assert_accessible, login, at_provider=False)
        expect(page).to_have_url(f"{live_server.url}/dashboard/")
        expect(page.get_by_text("Du er saksbehandler her.")).to_have_count(0)
        expect(page.get_by_role("heading", name="Dine henvisninger og samtykker")).to_have_count(0)
        response = page.goto(f"{live_server.url}/referrals/persons/")
        assert response.status in (403, 404)
        expect(page.get_by_text("Haddadi")).to_have_count(0)
    finally:
        sso_provider.change_user("a", login, groups=[CASEWORKERS_A])


def test_a_coordinator_tries_the_providers_settings(
    page, live_server, assert_accessible, sso_provider
):
    a = MunicipalityFactory(name="A kommune", number="3301", slug="a-kommune")
    configure(a, sso_provider, "a")
    sign_in_at_a(page, live_server, assert_accessible, "kristian@a-kommune.no")
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    page.goto(f"{live_server.url}/account/sign-in-settings/a-kommune/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("A kommune")
    assert_accessible(page)
    assert "secret-of-municipality-a" not in page.content()

    page.get_by_role("button", name="Prøv innlogging").click()
    # Still signed in at the provider: it answers at once.
    expect(page.get_by_role("heading", name="Dette svarte innloggingstjenesten")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="groups")).to_contain_text(
        "a-brobygger-coordinators"
    )
    assert "secret-of-municipality-a" not in page.content()
    assert_accessible(page)
