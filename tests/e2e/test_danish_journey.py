"""Næstved Kommune works in Danish. An association registers with its CVR number (a recorded
look-up; a wrong check digit is refused with a clear message) and a Danish phone number; the
coordinator of Næstved (no language of their own: the municipality's Danish) verifies it and
finds it in the directory by another Danish word form; an agreement from the Danish template is
approved by both parties; a caseworker records consent on the Danish sheet and refers; the
coordinator invites to a meeting that avoids a Danish holiday, and an association answers.

Every page is checked for `<html lang="da">`, the Danish page frame, axe, and words that exist
only in Norwegian (bokmål or nynorsk), never in Danish (the checks and steps:
tests/e2e/nordic_journey.py).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.cvr_server import PASSWORD, USERNAME, RecordedCvr
from tests.e2e import nordic_journey as steps
from tests.factories import MunicipalityFactory, OrganizationFactory, UserFactory, verified_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


journey = steps.journey_fixture(steps.DANISH)


@pytest.fixture
def recorded_cvr(settings):
    with RecordedCvr() as url:
        settings.CVR_BASE_URL = url
        settings.CVR_USERNAME, settings.CVR_PASSWORD = USERNAME, PASSWORD
        yield url


@pytest.fixture
def naestved(db):
    municipality = MunicipalityFactory(
        name="Næstved Kommune", number="0370", slug="naestved", country="DK", default_language="da"
    )
    OrganizationFactory(
        name="Sprogcafé på biblioteket",
        description_da="Sprogcafé på biblioteket hver torsdag.",
        municipalities=[municipality],
        verified=True,
    )
    return municipality


@pytest.fixture
def coordinator(naestved):
    return steps.staff(naestved, "coordinator", "Mette Kjær")


@pytest.fixture
def caseworker(naestved):
    return steps.staff(naestved, "caseworker", "Jonas Friis")


@pytest.fixture
def association(naestved):
    return verified_in(naestved, "Dansk Flygtningehjælp Næstved")


@pytest.fixture
def contact(association):
    return steps.contact_person(association, "Kirsten Holm")  # Næstved's Danish


def test_the_word_list_catches_norwegian_and_lets_danish_through():
    assert steps.DANISH.foreign("Kommunen sin avtale er ikke lagret ennå. Hva vil dere gjøre?") == {
        "sin", "avtale", "lagret", "ennå", "hva", "gjøre",
    }  # fmt: skip
    assert not steps.DANISH.foreign(
        "Kommunens aftale er ikke gemt endnu. Hvad vil I gøre? Hvordan søger man tilskud?"
    )


def test_a_danish_association_registers_and_the_naestved_coordinator_verifies_and_finds_it(
    page, journey, recorded_cvr, naestved, coordinator
):
    registration = steps.Registration(
        municipality=naestved,
        scheme="DK-CVR",
        number="37001007",
        typo="37001008",
        typo_message=(
            "This is not a valid CVR number: the digits do not add up. Check for a typo."
        ),
        name="Foreningen Lektiehjælpen Næstved",  # as the recorded CVR answer spells it
        postal_city="Næstved",
        description="Frivillige lektiehjælpere hjælper familierne hver tirsdag.",
        phone="22 33 44 55",
        stored_phone="+4522334455",  # a Danish number, not +47
        description_label="Description in Danish",
    )
    steps.a_volunteer_registers_and_the_coordinator_verifies(
        journey,
        page,
        registration,
        volunteer=UserFactory(full_name="Lone Bech", preferred_language="da"),
        coordinator=coordinator,
        directory_query="lektiehjælp",  # finds "Lektiehjælpen": Danish stemming
        coordinator_pages=[
            ("accounts:municipality", [naestved.slug]),
            ("agreements:list", []),
            ("meetings:calendar", []),
            ("referrals:list", []),
        ],
    )


def test_the_naestved_coordinator_is_never_offered_a_danish_holiday_for_a_meeting(
    page, journey, naestved, coordinator
):
    """Grundlovsdag (5 June) is a day off in Denmark, not in Norway: the planner proposes the
    Friday evening and the Sunday around it, never the Saturday (2027-06-05)."""
    journey.sign_in(page, coordinator.email)
    journey.visit(page, "meetings:plan")
    expect(page.get_by_role("heading", name="Find et tidspunkt", level=1)).to_be_visible()
    page.locator('[name="kind"]').select_option("cooperation")
    page.locator('[name="first_day"]').fill("04.06.2027")
    page.locator('[name="last_day"]').fill("06.06.2027")
    page.get_by_role("button", name="Vis forslag").click()

    proposals = page.get_by_role("region", name=re.compile("forslag")).get_by_role(
        "heading", level=3
    )
    expect(proposals.first).to_be_visible()
    days = set(proposals.all_inner_texts())
    assert any("4. juni 2027" in day for day in days), days
    assert any("6. juni 2027" in day for day in days), days
    assert not any("5. juni 2027" in day for day in days), days
    journey.check(page)


def test_an_agreement_from_the_danish_template_is_approved_and_a_caseworker_refers_under_it(
    page, journey, naestved, coordinator, caseworker, association, contact
):
    steps.an_agreement_is_approved_and_a_caseworker_refers_under_it(
        journey,
        page,
        municipality=naestved,
        organisation=association,
        coordinator=coordinator,
        caseworker=caseworker,
        contact=contact,
        clause="børneattester",  # the guide's split of responsibilities, in its own words
        sheet_text="samtykke",
    )


def test_the_naestved_coordinator_invites_to_a_meeting_and_the_association_answers(
    page, journey, naestved, coordinator, association, contact
):
    steps.the_coordinator_invites_and_the_organisation_answers(
        journey,
        page,
        coordinator=coordinator,
        contact=contact,
        organisation=association,
        title="Dialogmøde om frivillighed",
    )
