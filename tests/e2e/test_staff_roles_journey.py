"""A coordinator gives a colleague who has signed up the caseworker role on the municipality's
page; trying to give a role to themselves is refused next to the field. Axe on each page."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import MunicipalityMembership
from tests.e2e.helpers import required_field
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_coordinator_gives_a_colleague_the_caseworker_role(
    page, live_server, sign_in_with_code, assert_accessible, municipality, coordinator
):
    colleague = UserFactory(full_name="Kari Nordmann", email="kari@drammen.kommune.no")

    sign_in_with_code(coordinator.email, english=False)
    page.get_by_role("main").get_by_role("link", name=municipality.name).first.click()
    expect(page.get_by_role("heading", name=municipality.name, level=1)).to_be_visible()
    form = page.get_by_role("form", name="Gi noen en rolle")
    assert_accessible(page)

    # -- to themselves: refused, next to the field
    required_field(form, "E-postadresse").fill(coordinator.email)
    required_field(form, "Rolle").select_option(label="saksbehandler")
    form.get_by_role("button", name="Gi rollen").click()
    email = required_field(page.get_by_role("form", name="Gi noen en rolle"), "E-postadresse")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("Ingen kan gi seg selv en rolle"))
    assert_accessible(page)

    # -- to the colleague
    email.fill(colleague.email)
    required_field(page.get_by_role("form", name="Gi noen en rolle"), "Rolle").select_option(
        label="saksbehandler"
    )
    page.get_by_role("button", name="Gi rollen").click()
    expect(page.get_by_text("Kari Nordmann har nå rollen saksbehandler")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Kari Nordmann")).to_be_visible()
    assert_accessible(page)
    assert colleague.municipality_memberships.get().role == (MunicipalityMembership.Role.CASEWORKER)
