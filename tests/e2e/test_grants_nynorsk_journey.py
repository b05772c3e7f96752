"""Issue #22's nynorsk journey: an organisation in Voss herad (which writes nynorsk) opens the
grant helper, answers, and reads the schemes that may fit: every page is `lang="nn"`, the
helper's questions have no bokmål-only word, no Danish scheme and no other municipality's own
scheme is proposed, an unconfirmed scheme says to check with the grant manager, and axe finds
nothing on any page."""

import re

import pytest
from playwright.sync_api import expect

from organizations.models import OrganizationMembership
from tests.e2e.test_nynorsk_journey import BOKMAL_ONLY
from tests.factories import (
    MunicipalityFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    SchemeFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_voss_organisation_uses_the_grant_helper_in_nynorsk(
    page, live_server, sign_in, assert_accessible
):
    voss = MunicipalityFactory(name="Voss herad", number="4621", slug="voss", default_language="nn")
    bergen = MunicipalityFactory(name="Bergen kommune", number="4601", slug="bergen")
    SchemeFactory(name="Bergens eiga ordning", administrator="municipality", municipality=bergen)
    SchemeFactory(name="Voss sin lokale runde", administrator="municipality", municipality=voss)
    organization = OrganizationFactory(
        name="Voss kvinneforum", verified=True, municipalities=[voss]
    )
    admin = OrganizationMembershipFactory(
        organization=organization,
        role=OrganizationMembership.Role.ADMIN,
        user__preferred_language="",  # Voss's language
    ).user

    sign_in(admin.email)
    page.goto(f"{live_server.url}/grants/helper/")
    expect(page.get_by_role("heading", name="Kva for tilskot passar for oss?")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "nn"
    questions = page.get_by_role("form", name="Spørsmål om organisasjonen din").inner_text()
    words = set(re.findall(r"[a-zæøå]+", questions.lower()))
    assert not words & BOKMAL_ONLY, words & BOKMAL_ONLY
    assert "CVR" not in questions  # a Norwegian organisation gets the Norwegian questions
    assert_accessible(page)

    page.get_by_role("button", name="Vis tilskotsordningane").click()
    expect(page.get_by_role("heading", name="Passar kanskje")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "nn"
    results = page.locator("main").inner_text()
    assert "Voss sin lokale runde" in results
    assert "Bergens eiga ordning" not in results
    assert "§ 18-midler" not in results  # Danish schemes are for Danish organisations
    assert "Ikkje stadfesta" in results or "Vi har ikkje stadfesta" in results
    assert_accessible(page)

    page.get_by_role("link", name="Pilotordning for små og nyopprettede organisasjoner").click()
    expect(
        page.get_by_text("Nokre opplysningar om denne ordninga er ikkje stadfesta.")
    ).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "nn"
    assert_accessible(page)
