"""Næstved Kommune works in Danish. An association registers with its CVR number (a recorded
look-up; a wrong check digit is refused with a clear message) and a Danish phone number; the
coordinator of Næstved (no language of their own: the municipality's Danish) sees every page in
Danish, verifies the association, and finds it in the directory by another Danish word form.
axe finds nothing on any page.

Every page is checked for `<html lang="da">` and for words that exist only in Norwegian (bokmål
or nynorsk), never in Danish: an untranslated entry falls back to bokmål, the site's default
language, and shows up as one of them. Words the two languages share ("ikke", "hvordan",
"også", "bare") cannot tell them apart, so they are not on the list.
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
from organizations.models import Organization, OrganizationMembership
from referrals.choices import SuitabilityCheck
from tests.cvr_server import PASSWORD, USERNAME, RecordedCvr
from tests.e2e.helpers import required_field, totp_code
from tests.factories import (
    TEST_PASSWORD,
    TOTP_SECRET,
    MunicipalityFactory,
    MunicipalityMembershipFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Norwegian spellings whose Danish words differ (Danish in brackets in the comments).
NORWEGIAN_ONLY = {
    "hva",  # hvad
    "noen", "noe",  # nogen, noget
    "mye",  # meget
    "gjøre",  # gøre
    "uke", "uken", "ukene",  # uge
    "tilskudd",  # tilskud
    "saksbehandler", "saksbehandlere",  # sagsbehandler
    "bekreft", "bekreftet",  # bekræft
    "lagret", "lagre",  # gemt, gem
    "endret", "endre",  # ændret, ændre
    "opprettet", "opprett",  # oprettet
    "avsluttet",  # afsluttet
    "fortsatt",  # fortsat
    "nåværende",  # nuværende
    "samarbeidsavtale", "avtale", "avtaler",  # samarbejdsaftale, aftale
    "organisasjon", "organisasjoner", "organisasjonen",  # organisation
    "opplysninger",  # oplysninger
    "møte", "møter", "møtet",  # møde
    "språk",  # sprog
    "hjelp",  # hjælp
    "tilbake",  # tilbage
    "ennå",  # endnu
    "etter",  # efter
    "mellom",  # mellem
    "gjennom",  # gennem
    "uten",  # uden
    "bruker", "brukere",  # bruger
    "søk",  # søg
    "ble", "blir",  # blev, bliver
    "nei",  # nej
    "takk",  # tak
    "sin", "sitt", "sine",  # "kommunen sin": not Danish grammar
    "ikkje", "kva", "korleis", "eit", "berre",  # nynorsk
    "innstillinger",  # indstillinger
}  # fmt: skip

CVR_NUMBER = "37001007"
NAME = "Foreningen Lektiehjælpen Næstved"  # as the recorded CVR answer spells it


@pytest.fixture(autouse=True)
def _accept_a_code_from_the_previous_window(settings):
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def recorded_cvr(settings):
    with RecordedCvr() as url:
        settings.CVR_BASE_URL = url
        settings.CVR_USERNAME, settings.CVR_PASSWORD = USERNAME, PASSWORD
        yield url


@pytest.fixture
def naestved(db):
    municipality = MunicipalityFactory(
        name="Næstved Kommune",
        number="0370",
        slug="naestved",
        country="DK",
        default_language="da",
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
    user = UserFactory(full_name="Mette Kjær", preferred_language="")  # Næstved's Danish
    MunicipalityMembershipFactory(
        user=user, municipality=naestved, role=MunicipalityMembership.Role.COORDINATOR
    )
    user_enable_totp(user=user, secret=TOTP_SECRET)
    return user


@pytest.fixture
def volunteer(db):
    return UserFactory(full_name="Lone Bech", preferred_language="da")


def norwegian_words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-zæøåé]+", text.lower()) if word in NORWEGIAN_ONLY}


def assert_danish(page: Page, assert_accessible) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator("h1").first).to_be_visible()
    # Danish words of the page frame: an English page (a catalogue not compiled) fails here.
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_be_visible()
    expect(page.get_by_role("button", name="Skift sprog")).to_be_visible()
    found = norwegian_words(page.locator("body").inner_text())
    assert not found, f"Norwegian on {page.url}: {sorted(found)}"
    assert_accessible(page)


def test_the_word_list_catches_norwegian_and_lets_danish_through():
    assert norwegian_words("Kommunen sin avtale er ikke lagret ennå. Hva vil dere gjøre?") == {
        "sin", "avtale", "lagret", "ennå", "hva", "gjøre",
    }  # fmt: skip
    assert not norwegian_words(
        "Kommunens aftale er ikke gemt endnu. Hvad vil I gøre? Hvordan søger man tilskud?"
    )


def test_a_danish_association_registers_and_the_naestved_coordinator_verifies_and_finds_it(
    page, live_server, sign_in, assert_accessible, recorded_cvr, naestved, coordinator, volunteer
):
    # -- a volunteer of the association registers it, with a look-up in CVR --------------------
    sign_in(volunteer.email)  # the sign-in page is the site's (bokmål): nobody is known yet
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    assert_danish(page, assert_accessible)
    page.goto(live_server.url + reverse("organizations:register"))
    expect(page.get_by_role("heading", name="Registrér en organisation", level=1)).to_be_visible()
    assert_danish(page, assert_accessible)

    page.locator('[name="number_scheme"]').select_option("DK-CVR")
    org_number = page.locator('[name="org_number"]')
    look_up = page.get_by_role("button", name="Slå op i virksomhedsregistret")
    org_number.fill("37001008")  # a typo in the check digit
    look_up.click()
    message = (
        "Dette er ikke et gyldigt CVR-nummer: cifrene passer ikke sammen. Tjek for en tastefejl."
    )
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(org_number).to_have_value("37001008")  # kept as typed
    assert_danish(page, assert_accessible)

    org_number.fill(CVR_NUMBER)
    look_up.click()
    expect(required_field(page, "Navn")).to_have_value(NAME)
    expect(page.locator('[name="postal_city"]')).to_have_value("Næstved")
    assert_danish(page, assert_accessible)

    page.get_by_role("group", name="Kommuner, hvor I er aktive").get_by_label(
        "Næstved Kommune"
    ).check()
    # In steps (trin): the organisation, what it does, contact, safety and logo.
    next_step = page.get_by_role("button", name="Næste", exact=True)
    next_step.click()
    expect(page.get_by_text("Trin 2 af 4")).to_be_visible()
    assert_danish(page, assert_accessible)
    page.get_by_role("group", name="Kategorier").get_by_label("Andet").check()
    # The description boxes: one per language, the reader's (Danish) first.
    boxes = page.get_by_role("group", name="Beskrivelse").get_by_role("textbox")
    expect(boxes.first).to_have_accessible_name("Beskrivelse på dansk")
    boxes.first.fill("Frivillige lektiehjælpere hjælper familierne hver tirsdag.")
    next_step.click()
    expect(page.get_by_text("Trin 3 af 4")).to_be_visible()
    page.locator('[name="phone"]').fill("22 33 44 55")
    next_step.click()
    expect(page.get_by_text("Trin 4 af 4")).to_be_visible()
    assert_danish(page, assert_accessible)
    page.get_by_role("button", name="Registrér", exact=True).click()
    expect(page).to_have_url(re.compile(rf"{live_server.url}/organisations/\d+/$"))
    organisation_url = page.url
    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()
    expect(page.get_by_text("Venter på verificering", exact=True)).to_be_visible()
    assert_danish(page, assert_accessible)

    expect(page.locator("p.ds-paragraph[data-size=lg]:not([lang])")).to_have_text(
        "Frivillige lektiehjælpere hjælper familierne hver tirsdag."
    )
    association = Organization.objects.get(name=NAME)
    assert (association.number_scheme, association.org_number) == ("DK-CVR", CVR_NUMBER)
    assert (association.description_da, association.description_nb) == (
        "Frivillige lektiehjælpere hjælper familierne hver tirsdag.",
        "",
    )
    assert association.phone == "+4522334455"  # a Danish number, not +47
    page.get_by_role("button", name="Log ud").click()
    page.context.clear_cookies()

    # -- the coordinator of Næstved signs in and sees Danish -------------------------------------
    sign_in(coordinator.email)
    required_field(page, "Kode").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    assert_danish(page, assert_accessible)

    for name, args in [
        ("accounts:municipality", [naestved.slug]),
        ("agreements:list", []),
        ("meetings:calendar", []),
        ("referrals:list", []),
    ]:
        response = page.goto(live_server.url + reverse(name, args=args))
        assert response is not None, name
        assert response.status == 200, name
        assert_danish(page, assert_accessible)

    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Organisationer"
    ).click()
    expect(
        page.get_by_role("heading", name="Register over organisationer", level=1)
    ).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=NAME))
    expect(row).to_contain_text("Venter på verificering")
    assert_danish(page, assert_accessible)

    row.get_by_role("link", name=NAME).click()
    expect(page).to_have_url(organisation_url)
    expect(page.get_by_role("main")).to_contain_text("+45 22 33 44 55")
    assert_danish(page, assert_accessible)
    page.get_by_role("region", name="Verificering").get_by_role("button", name="Verificér").click()
    expect(page.get_by_role("region", name="Verificering")).to_have_count(0)
    expect(page.get_by_text("Venter på verificering", exact=True)).to_have_count(0)
    assert_danish(page, assert_accessible)

    # -- the directory finds it by another Danish word form ("lektiehjælp" → "Lektiehjælpen") --
    page.goto(f"{live_server.url}/directory/")
    expect(
        page.get_by_role("heading", name="Oversigt over organisationer", level=1)
    ).to_be_visible()
    assert_danish(page, assert_accessible)
    page.locator('[name="q"]').fill("lektiehjælp")
    page.get_by_role("button", name="Vis resultater").click()
    results = page.get_by_role("main").get_by_role("heading", level=3)
    expect(results).to_have_count(1)
    expect(results).to_have_text(NAME)
    assert_danish(page, assert_accessible)


def test_the_naestved_coordinator_is_never_offered_a_danish_holiday_for_a_meeting(
    page, live_server, sign_in, assert_accessible, naestved, coordinator
):
    """Grundlovsdag (5 June) is a day off in Denmark, not in Norway: the planner proposes the
    Friday evening and the Sunday around it, never the Saturday (2027-06-05)."""
    sign_in(coordinator.email)
    required_field(page, "Kode").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")

    page.goto(live_server.url + reverse("meetings:plan"))
    expect(page.get_by_role("heading", name="Find et tidspunkt", level=1)).to_be_visible()
    assert_danish(page, assert_accessible)
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
    assert_danish(page, assert_accessible)


# -- the agreement from the Danish template, approved by both; consent and referral ------------


def da(message: str, **values) -> str:
    """The Danish catalogue's text of a message (the page's words, not hand-copied)."""
    with translation.override("da"):
        text = gettext(message)
    return text % values if values else text


@pytest.fixture
def association(naestved):
    return OrganizationFactory(
        name="Dansk Flygtningehjælp Næstved", verified=True, municipalities=[naestved]
    )


@pytest.fixture
def association_contact(association):
    """The association's contact person: no language of their own (Næstved's Danish)."""
    user = UserFactory(full_name="Kirsten Holm", preferred_language="")
    OrganizationMembershipFactory(
        user=user, organization=association, role=OrganizationMembership.Role.CONTACT
    )
    user_enable_totp(user=user, secret=TOTP_SECRET)
    return user


@pytest.fixture
def caseworker(naestved):
    user = UserFactory(full_name="Jonas Friis", preferred_language="")
    MunicipalityMembershipFactory(
        user=user, municipality=naestved, role=MunicipalityMembership.Role.CASEWORKER
    )
    user_enable_totp(user=user, secret=TOTP_SECRET)
    return user


def sign_in_with_code(page: Page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    required_field(page, "E-post").fill(email)
    required_field(page, "Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    required_field(page, "Kode").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")


def test_an_agreement_from_the_danish_template_is_approved_and_a_caseworker_refers_under_it(
    page,
    new_context,
    live_server,
    assert_accessible,
    naestved,
    coordinator,
    caseworker,
    association,
    association_contact,
):
    template = Template.objects.get(municipality=None, language="da")
    starts_on = timezone.localdate()  # in force from today: referrals may go under it

    # -- the coordinator makes a draft from the Danish template and sends it for approval -------
    sign_in_with_code(page, live_server, coordinator.email)
    page.goto(live_server.url + reverse("agreements:create"))
    assert_danish(page, assert_accessible)
    page.get_by_label(da("Template"), exact=True).select_option(value=str(template.pk))
    page.get_by_label(association.name, exact=True).check()
    required_field(page, da("Starts")).fill(starts_on.isoformat())
    page.get_by_role("button", name=da("Make the draft")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(template.title)
    assert_danish(page, assert_accessible)
    agreement = Agreement.objects.get(title=template.title)
    agreement_url = live_server.url + reverse("agreements:detail", args=[agreement.pk])
    page.goto(agreement_url)
    expect(page.get_by_role("heading", name=template.title, level=1)).to_be_visible()
    # The guide's split of responsibilities, in its own Danish words.
    expect(page.get_by_role("main")).to_contain_text("børneattester")
    page.get_by_role("button", name=da("Send for approval")).click()
    expect(
        page.get_by_text(da("The agreement is sent to the parties for approval."))
    ).to_be_visible()
    assert_danish(page, assert_accessible)

    # -- the association's contact person approves it (their own computer, in Danish) ---------
    contact = new_context().new_page()
    sign_in_with_code(contact, live_server, association_contact.email)
    assert_danish(contact, assert_accessible)
    contact.goto(agreement_url)
    assert_danish(contact, assert_accessible)
    contact.get_by_role(
        "button",
        name=da("Approve version %(number)s for %(party)s", number=1, party=association.name),
    ).click()
    expect(contact.get_by_text(da("You approved version %(number)s.", number=1))).to_be_visible()
    assert_danish(contact, assert_accessible)

    # -- the coordinator approves for Næstved: the agreement is in force ------------------------
    page.reload()
    page.get_by_role(
        "button", name=da("Approve version %(number)s for %(party)s", number=1, party=naestved.name)
    ).click()
    expect(page.get_by_text(da("You approved version %(number)s.", number=1))).to_be_visible()
    with translation.override("da"):
        active = f"{gettext('Status:')} {Agreement.Status.ACTIVE.label}"
    expect(page.get_by_text(active)).to_be_visible()
    assert_danish(page, assert_accessible)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    assert agreement.contact_sharing  # how contact data is passed on: the template's text
    page.get_by_role("button", name="Log ud").click()
    page.context.clear_cookies()

    # -- the caseworker records the consent on the Danish sheet ---------------------------------
    person = PersonFactory(
        municipality=naestved, created_by=caseworker, given_name="Amina", family_name="Haddad"
    )
    sign_in_with_code(page, live_server, caseworker.email)
    assert_danish(page, assert_accessible)
    page.goto(live_server.url + reverse("referrals:person", args=[person.pk]))
    assert_danish(page, assert_accessible)
    page.goto(live_server.url + reverse("referrals:consent_new", args=[person.pk]))
    assert_danish(page, assert_accessible)
    language = required_field(page, da("Language of the information"))
    expect(language).to_have_value("da")  # a Danish municipality starts on the Danish sheet
    # The consent comes in three steps (issue #23): information, what is shared, confirmation.
    page.get_by_role("button", name=da("Next")).click()
    assert_danish(page, assert_accessible)
    for field in ("Name", "Phone", "E-mail", "Postal area"):
        page.get_by_label(da(field), exact=True).check()
    page.get_by_label(association.name, exact=True).check()
    required_field(page, da("For this offer")).select_option(index=1)
    page.get_by_role("button", name=da("Next")).click()
    page.get_by_label(da("Confirmed on the caseworker's screen"), exact=True).check()
    page.get_by_label(da("The person confirmed the consent"), exact=True).check()
    page.get_by_role("button", name=da("Record the consent")).click()
    expect(
        page.get_by_text(
            da("The consent is recorded. Print it for the person if they want a copy.")
        )
    ).to_be_visible()
    assert_danish(page, assert_accessible)
    consent_url = page.url

    page.get_by_role("link", name=da("Printable consent form")).click()
    printable = page.get_by_role("article")
    expect(printable).to_have_attribute("lang", "da")
    expect(printable).to_contain_text("Amina Haddad")
    expect(printable).to_contain_text(association.name)
    expect(printable).to_contain_text("samtykke")
    assert_danish(page, assert_accessible)

    # -- and refers her to the association under the agreement -----------------------------------
    page.goto(consent_url)
    page.goto(live_server.url + reverse("referrals:referral_new", args=[person.pk]))
    assert_danish(page, assert_accessible)
    page.get_by_label(da("Organisation"), exact=True).select_option(label=association.name)
    with translation.override("da"):
        checks = [str(label) for label in SuitabilityCheck.labels]
    for check in checks:
        page.get_by_label(check, exact=True).check()
    page.get_by_role("button", name=da("Send the referral")).click()
    expect(page.get_by_text(da("The referral is sent."))).to_be_visible()
    assert_danish(page, assert_accessible)
    referral_url = page.url

    # -- the association's contact person accepts it --------------------------------------------
    contact.goto(live_server.url + reverse("referrals:list"))
    assert_danish(contact, assert_accessible)
    contact.goto(referral_url)
    assert_danish(contact, assert_accessible)
    contact.get_by_role("button", name=da("Accept"), exact=True).click()
    expect(
        contact.get_by_text(
            da("You accepted the referral. Contact the person soon, then record how it went.")
        )
    ).to_be_visible()
    expect(contact.get_by_role("region", name=da("Contact details"))).to_contain_text(
        "Amina Haddad"
    )
    assert_danish(contact, assert_accessible)
