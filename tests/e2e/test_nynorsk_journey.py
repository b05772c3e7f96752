"""Voss herad writes nynorsk. Its coordinator and caseworker (no language of their own: the
municipality's), a volunteer who chose nynorsk and the contact person of a volunteer centre
there walk through their main pages and the main steps: registering and verifying an
organisation, an agreement from the nynorsk template, consent and referral, a meeting. Every
page is in nynorsk (`<html lang="nn">`) and shows no word that exists only in bokmål; axe finds
nothing on any of them (the checks and steps: tests/e2e/nordic_journey.py).
"""

import pytest
from playwright.sync_api import expect

from tests.e2e import nordic_journey as steps
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    MeetingFactory,
    MunicipalityFactory,
    OrganizationFactory,
    ParticipationFactory,
    PartyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


journey = steps.journey_fixture(steps.NYNORSK)


@pytest.fixture
def voss(db):
    municipality = MunicipalityFactory(
        name="Voss herad", number="4621", slug="voss", default_language="nn"
    )
    organization = OrganizationFactory(
        name="Voss frivilligsentral",
        description_nn="Frivilligsentralen på Voss har språkkafé kvar onsdag.",
        municipalities=[municipality],
        verified=True,
    )
    ActivityFactory(
        organization=organization,
        municipality=municipality,
        title="Språkkafé på Voss",
        description_nn="Prat og kaffi kvar onsdag.",
        schedules=[(2, "18:00", "20:00")],
    )
    meeting = MeetingFactory(municipality=municipality, title="Dialogmøte på Voss")
    ParticipationFactory(meeting=meeting, organization=organization)
    agreement = AgreementFactory(municipality=municipality, title="Samarbeid om språkkafé")
    PartyFactory(agreement=agreement, organization=organization)
    return municipality, organization


@pytest.fixture
def coordinator(voss):
    return steps.staff(voss[0], "coordinator", "Sigrid Lid")


@pytest.fixture
def caseworker(voss):
    return steps.staff(voss[0], "caseworker", "Brita Hauge")


@pytest.fixture
def contact(voss):
    return steps.contact_person(voss[1], "Torleiv Rong", language="nn", admin=True)  # chose nynorsk


def test_the_bokmal_word_list_catches_bokmal():
    assert steps.NYNORSK.foreign("Du har ikke svart ennå. Hva vil dere gjøre?") == {
        "ikke", "ennå", "hva", "dere", "gjøre",
    }  # fmt: skip
    assert not steps.NYNORSK.foreign("Du har ikkje svart enno. Kva vil de gjere? Berre frå Voss.")
    # The members' page said "Medlemmer" (bokmål) until the journey scanned it.
    assert steps.NYNORSK.foreign("Medlemmer i Voss frivilligsentral") == {"medlemmer"}
    assert not steps.NYNORSK.foreign("Medlemer i Voss frivilligsentral")


def test_a_coordinator_of_voss_sees_nynorsk_everywhere(page, journey, voss, coordinator):
    municipality, organization = voss
    journey.sign_in(page, coordinator.email)
    expect(page.get_by_role("heading", name="Hei, Sigrid", level=1)).to_be_visible()
    journey.visit_all(
        page,
        [
            ("accounts:municipality", [municipality.slug]),
            ("dashboard:overview", []),
            ("organizations:registry", []),
            ("organizations:detail", [organization.pk]),
            ("agreements:list", []),
            ("meetings:calendar", []),
            ("referrals:list", []),
            ("meetings:municipality_calendar", [municipality.slug]),
            ("grants:deadlines", []),
            ("grants:catalogue", []),
            ("announcements:list", []),
            ("notifications:list", []),
            ("accounts:profile", []),
        ],
    )

    # The switcher still offers the other languages; the choice is the coordinator's own.
    page.get_by_role("banner").get_by_label("Språk", exact=True).select_option(label="English")
    page.get_by_role("banner").get_by_role("button", name="Byt språk").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    coordinator.refresh_from_db()
    assert coordinator.preferred_language == "en"


def test_a_contact_person_who_chose_nynorsk_sees_nynorsk_everywhere(page, journey, voss, contact):
    municipality, organization = voss
    journey.sign_in(page, contact.email)
    expect(page.get_by_role("heading", name="Hei, Torleiv", level=1)).to_be_visible()
    journey.visit_all(
        page,
        [
            ("organizations:detail", [organization.pk]),
            ("organizations:members", [organization.pk]),
            ("meetings:calendar", []),
            ("referrals:list", []),
            ("grants:catalogue", []),
            ("grants:helper", []),
            ("grants:applications", []),
            ("announcements:list", []),
            ("notifications:list", []),
            ("accounts:profile", []),
            ("organizations:activity_directory", []),
        ],
    )
    journey.visit(page, "organizations:directory", municipality=municipality.slug)


def test_a_visitor_to_the_directory_of_voss_reads_nynorsk(page, journey, voss):
    journey.visit(page, "organizations:directory", municipality=voss[0].slug)
    expect(page.get_by_role("link", name="Voss frivilligsentral")).to_be_visible()


def test_a_volunteer_registers_an_organisation_in_nynorsk_and_the_coordinator_verifies_it(
    page, journey, recorded_register, voss, coordinator
):
    municipality, _organization = voss
    registration = steps.Registration(
        municipality=municipality,
        number="864139442",  # a recorded Enhetsregisteret answer
        typo="864139443",
        typo_message=(
            "Not a valid organisation number: the last digit does not match. Check for typos."
        ),
        name="NORGES RØDE KORS",
        postal_city="Oslo",
        description="Frivillige gjev leksehjelp til familiar kvar tysdag.",
        phone="56 51 00 00",
        stored_phone="+4756510000",
        description_label="Description in Norwegian nynorsk",
    )
    steps.a_volunteer_registers_and_the_coordinator_verifies(
        journey,
        page,
        registration,
        volunteer=UserFactory(full_name="Ingrid Dale", preferred_language="nn"),
        coordinator=coordinator,
        directory_query="leksehjelpa",  # another word form: Norwegian stemming
    )


def test_an_agreement_from_the_nynorsk_template_is_approved_and_a_caseworker_refers_under_it(
    page, journey, voss, coordinator, caseworker, contact
):
    municipality, organization = voss
    steps.an_agreement_is_approved_and_a_caseworker_refers_under_it(
        journey,
        page,
        municipality=municipality,
        organisation=organization,
        coordinator=coordinator,
        caseworker=caseworker,
        contact=contact,
        clause="Teieplikt og samtykke",
        sheet_text="Kommunen har teieplikt.",
    )


def test_the_voss_coordinator_invites_to_a_meeting_and_the_volunteer_centre_answers(
    page, journey, voss, coordinator, contact
):
    steps.the_coordinator_invites_and_the_organisation_answers(
        journey,
        page,
        coordinator=coordinator,
        contact=contact,
        organisation=voss[1],
        title="Dialogmøte om frivilligheit",
    )
