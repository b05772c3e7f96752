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
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from accounts.models import MunicipalityMembership
from accounts.services import user_enable_totp
from agreements.models import Agreement, Template
from organizations.models import OrganizationMembership
from referrals.choices import SuitabilityCheck
from tests.e2e.helpers import required_field, totp_code
from tests.factories import (
    TEST_PASSWORD,
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
    PersonFactory,
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


# -- the agreement from the nynorsk template, approved by both; consent and referral -----------


def nn(message: str, **values) -> str:
    """The nynorsk catalogue's text of a message (the page's words, not hand-copied)."""
    with translation.override("nn"):
        text = gettext(message)
    return text % values if values else text


@pytest.fixture
def caseworker(voss):
    municipality, _organization = voss
    user = UserFactory(full_name="Brita Hauge", preferred_language="")  # Voss's nynorsk
    MunicipalityMembershipFactory(
        user=user, municipality=municipality, role=MunicipalityMembership.Role.CASEWORKER
    )
    user_enable_totp(user=user, secret=TOTP_SECRET)
    return user


def test_an_agreement_from_the_nynorsk_template_is_approved_and_a_caseworker_refers_under_it(
    page,
    new_context,
    live_server,
    sign_in,
    assert_accessible,
    voss,
    coordinator,
    caseworker,
    contact_person,
):
    municipality, organization = voss
    template = Template.objects.get(municipality=None, language="nn")
    starts_on = timezone.localdate()  # in force from today: referrals may go under it

    # -- the coordinator makes a draft from the nynorsk template and sends it for approval ------
    sign_in_with_code(page, sign_in, live_server, coordinator.email)
    visit(page, live_server, assert_accessible, "agreements:create")
    page.get_by_label(nn("Template"), exact=True).select_option(value=str(template.pk))
    page.get_by_label(organization.name, exact=True).check()
    required_field(page, nn("Starts")).fill(starts_on.isoformat())
    page.get_by_role("button", name=nn("Make the draft")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(template.title)
    assert_nynorsk(page, assert_accessible)
    agreement = Agreement.objects.get(title=template.title)
    agreement_url = live_server.url + reverse("agreements:detail", args=[agreement.pk])
    page.goto(agreement_url)
    expect(page.get_by_role("heading", name=template.title, level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Teieplikt og samtykke")
    page.get_by_role("button", name=nn("Send for approval")).click()
    expect(
        page.get_by_text(nn("The agreement is sent to the parties for approval."))
    ).to_be_visible()
    assert_nynorsk(page, assert_accessible)

    # -- the volunteer centre's contact person approves it (another computer) -------------------
    contact = new_context().new_page()
    contact.goto(f"{live_server.url}/accounts/login/")
    required_field(contact, "E-post").fill(contact_person.email)
    required_field(contact, "Passord").fill(TEST_PASSWORD)
    contact.get_by_role("button", name="Logg inn", exact=True).click()
    required_field(contact, "Kode").fill(totp_code(TOTP_SECRET))
    contact.get_by_role("button", name="Logg inn", exact=True).click()
    expect(contact).to_have_url(f"{live_server.url}/dashboard/")
    contact.goto(agreement_url)
    assert_nynorsk(contact, assert_accessible)
    contact.get_by_role(
        "button",
        name=nn("Approve version %(number)s for %(party)s", number=1, party=organization.name),
    ).click()
    expect(contact.get_by_text(nn("You approved version %(number)s.", number=1))).to_be_visible()
    assert_nynorsk(contact, assert_accessible)

    # -- the coordinator approves for Voss: the agreement is in force ---------------------------
    page.reload()
    page.get_by_role(
        "button",
        name=nn("Approve version %(number)s for %(party)s", number=1, party=municipality.name),
    ).click()
    expect(page.get_by_text(nn("You approved version %(number)s.", number=1))).to_be_visible()
    with translation.override("nn"):
        active = f"{gettext('Status:')} {Agreement.Status.ACTIVE.label}"
    expect(page.get_by_text(active)).to_be_visible()
    assert_nynorsk(page, assert_accessible)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    page.context.clear_cookies()

    # -- the caseworker records the consent and refers under the agreement ----------------------
    person = PersonFactory(
        municipality=municipality, created_by=caseworker, given_name="Amina", family_name="Haddad"
    )
    sign_in_with_code(page, sign_in, live_server, caseworker.email)
    assert_nynorsk(page, assert_accessible)
    visit(page, live_server, assert_accessible, "referrals:person", person.pk)
    visit(page, live_server, assert_accessible, "referrals:consent_new", person.pk)
    # Voss writes nynorsk: the consent form starts on the nynorsk information sheet.
    expect(required_field(page, nn("Language of the information"))).to_have_value("nn")
    # The consent comes in three steps (issue #23): information, what is shared, confirmation.
    page.get_by_role("button", name=nn("Next")).click()
    assert_nynorsk(page, assert_accessible)
    for field in ("Name", "Phone", "E-mail", "Postal area"):
        page.get_by_label(nn(field), exact=True).check()
    page.get_by_label(organization.name, exact=True).check()
    required_field(page, nn("For this offer")).select_option(index=1)
    page.get_by_role("button", name=nn("Next")).click()
    page.get_by_label(nn("Confirmed on the caseworker's screen"), exact=True).check()
    page.get_by_label(nn("The person confirmed the consent"), exact=True).check()
    page.get_by_role("button", name=nn("Record the consent")).click()
    expect(
        page.get_by_text(
            nn("The consent is recorded. Print it for the person if they want a copy.")
        )
    ).to_be_visible()
    assert_nynorsk(page, assert_accessible)
    page.get_by_role("link", name=nn("Printable consent form")).click()
    printable = page.get_by_role("article")
    expect(printable).to_have_attribute("lang", "nn")
    expect(printable).to_contain_text("Kommunen har teieplikt.")
    expect(printable).to_contain_text(organization.name)
    assert_nynorsk(page, assert_accessible)

    visit(page, live_server, assert_accessible, "referrals:referral_new", person.pk)
    page.get_by_label(nn("Organisation"), exact=True).select_option(label=organization.name)
    with translation.override("nn"):
        checks = [str(label) for label in SuitabilityCheck.labels]
    for check in checks:
        page.get_by_label(check, exact=True).check()
    page.get_by_role("button", name=nn("Send the referral")).click()
    expect(page.get_by_text(nn("The referral is sent."))).to_be_visible()
    assert_nynorsk(page, assert_accessible)
    referral_url = page.url

    # -- the contact person accepts it ----------------------------------------------------------
    contact.goto(referral_url)
    assert_nynorsk(contact, assert_accessible)
    contact.get_by_role("button", name=nn("Accept"), exact=True).click()
    expect(
        contact.get_by_text(
            nn("You accepted the referral. Contact the person soon, then record how it went.")
        )
    ).to_be_visible()
    expect(contact.get_by_role("region", name=nn("Contact details"))).to_contain_text(
        "Amina Haddad"
    )
    assert_nynorsk(contact, assert_accessible)
