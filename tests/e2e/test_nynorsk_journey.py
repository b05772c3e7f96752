"""Voss herad writes nynorsk. Its coordinator (no language of their own: the municipality's) and
the contact person of a volunteer centre there (who chose nynorsk) sign in and walk through
their main pages. Every page is in nynorsk (`<html lang="nn">`) and shows no word that exists
only in bokmål; axe finds nothing on any of them.

The bokmål words are whole words that nynorsk spells otherwise (docs/glossary.md); the seeded
names and texts contain none of them, so a hit is an interface string that is not nynorsk (an
untranslated entry falls back to bokmål, the site's default language).
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import MunicipalityMembership
from accounts.services import user_enable_totp
from organizations.models import OrganizationMembership
from tests.e2e.helpers import required_field, totp_code
from tests.factories import (
    TOTP_SECRET,
    ActivityFactory,
    AgreementFactory,
    MeetingFactory,
    MunicipalityFactory,
    MunicipalityMembershipFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    ParticipationFactory,
    PartyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BOKMAL_ONLY = {
    "ikke", "jeg", "hva", "hvordan", "hvilke", "hvilken", "hvem", "hvor", "hvorfor", "noen",
    "noe", "mye", "hjem", "hjemme", "vennligst", "bare", "også", "fra", "ble", "være", "gjøre",
    "dere", "deres", "ennå", "allerede", "navn", "navnet", "uke", "uken", "måned", "måneder",
    "henvisning", "henvisninger", "tilskudd", "saksbehandler", "beskrivelse", "bekreft",
    "bekreftet", "lagret", "endret", "opprettet", "avsluttet", "fortsatt", "tidligere",
    "logget", "innlogget", "glemt", "nåværende",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _accept_a_code_from_the_previous_window(settings):
    settings.MFA_TOTP_TOLERANCE = 1


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
        description="Prat og kaffi kvar onsdag.",
        schedules=[(2, "18:00", "20:00")],
    )
    meeting = MeetingFactory(municipality=municipality, title="Dialogmøte på Voss")
    ParticipationFactory(meeting=meeting, organization=organization)
    agreement = AgreementFactory(municipality=municipality, title="Samarbeid om språkkafé")
    PartyFactory(agreement=agreement, organization=organization)
    return municipality, organization


@pytest.fixture
def coordinator(voss):
    municipality, _organization = voss
    user = UserFactory(full_name="Sigrid Lid", preferred_language="")  # Voss's language
    MunicipalityMembershipFactory(
        user=user, municipality=municipality, role=MunicipalityMembership.Role.COORDINATOR
    )
    user_enable_totp(user=user, secret=TOTP_SECRET)
    return user


@pytest.fixture
def contact_person(voss):
    _municipality, organization = voss
    user = UserFactory(full_name="Torleiv Rong", preferred_language="nn")  # chose nynorsk
    for role in (OrganizationMembership.Role.CONTACT, OrganizationMembership.Role.ADMIN):
        OrganizationMembershipFactory(user=user, organization=organization, role=role)
    user_enable_totp(user=user, secret=TOTP_SECRET)
    return user


def sign_in_with_code(page: Page, sign_in, live_server, email: str) -> None:
    sign_in(email)  # the sign-in page is the site's (bokmål): nobody is known yet
    required_field(page, "Kode").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")


def bokmal_words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-zæøåéò]+", text.lower()) if word in BOKMAL_ONLY}


# The visible text that the page presents as nynorsk: every text node whose nearest `lang` is nn.
# Content written in another language (a shared grant scheme's bokmål texts) carries its own
# `lang`, so a screen reader reads it in that language (WCAG 3.1.2), and is not the interface's.
NYNORSK_TEXT = """() => {
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest("script, style, template")) continue;
    const lang = (element.closest("[lang]") || document.documentElement).getAttribute("lang");
    if ((lang || "").startsWith("nn") && element.checkVisibility()) {
      parts.push(walker.currentNode.textContent);
    }
  }
  return parts.join(" ");
}"""


def assert_nynorsk(page: Page, assert_accessible) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.locator("h1").first).to_be_visible()
    text = page.evaluate(NYNORSK_TEXT)
    found = bokmal_words(text)
    assert not found, f"bokmål on {page.url}: {sorted(found)}"
    assert_accessible(page)


def visit(page: Page, live_server, assert_accessible, name: str, *args, **query) -> None:
    url = live_server.url + reverse(name, args=args)
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    response = page.goto(url)
    assert response is not None, url
    assert response.status == 200, url
    assert_nynorsk(page, assert_accessible)


def test_the_bokmal_word_list_catches_bokmal():
    assert bokmal_words("Du har ikke svart ennå. Hva vil dere gjøre?") == {
        "ikke", "ennå", "hva", "dere", "gjøre",
    }  # fmt: skip
    assert not bokmal_words("Du har ikkje svart enno. Kva vil de gjere? Berre frå Voss.")


def test_a_coordinator_of_voss_sees_nynorsk_everywhere(
    page, live_server, sign_in, assert_accessible, voss, coordinator
):
    municipality, organization = voss
    sign_in_with_code(page, sign_in, live_server, coordinator.email)
    expect(page.get_by_role("heading", name="Hei, Sigrid", level=1)).to_be_visible()
    assert_nynorsk(page, assert_accessible)

    for name, args in [
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
    ]:
        visit(page, live_server, assert_accessible, name, *args)

    # The switcher still offers the other languages; the choice is the coordinator's own.
    page.get_by_role("banner").get_by_label("Språk", exact=True).select_option(label="English")
    page.get_by_role("banner").get_by_role("button", name="Byt språk").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    coordinator.refresh_from_db()
    assert coordinator.preferred_language == "en"


def test_a_contact_person_who_chose_nynorsk_sees_nynorsk_everywhere(
    page, live_server, sign_in, assert_accessible, voss, contact_person
):
    municipality, organization = voss
    sign_in_with_code(page, sign_in, live_server, contact_person.email)
    expect(page.get_by_role("heading", name="Hei, Torleiv", level=1)).to_be_visible()
    assert_nynorsk(page, assert_accessible)

    for name, args in [
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
    ]:
        visit(page, live_server, assert_accessible, name, *args)
    visit(
        page,
        live_server,
        assert_accessible,
        "organizations:directory",
        municipality=municipality.slug,
    )
    visit(page, live_server, assert_accessible, "organizations:activity_directory")


def test_a_visitor_to_the_directory_of_voss_reads_nynorsk(
    page, live_server, assert_accessible, voss
):
    municipality, _organization = voss
    visit(
        page,
        live_server,
        assert_accessible,
        "organizations:directory",
        municipality=municipality.slug,
    )
    expect(page.get_by_role("link", name="Voss frivilligsentral")).to_be_visible()
