"""A referral with consent (issue #6): a caseworker registers a person, records the consent
with the English information, prints the consent form and refers the person to a verified
organisation. The organisation's contact person sees only the summary, accepts, sees the
contact details, records that contact was made and loses them again. A second person withdraws
their consent, and the organisation loses that referral at once. The coordinator routes a
referral sent to them, fills in the Arabic information sheet and reads the access log.

Every referral page is checked with axe. The referral pages are not translated into bokmål yet,
so everyone switches to English with the language switcher and the journey asserts English.
"""

import re
import time

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from referrals import services
from referrals.choices import SuitabilityCheck
from tests.e2e.helpers import enter_code, required_field, totp_code
from tests.factories import (
    SUITABLE,
    TEST_PASSWORD,
    TOTP_SECRET,
    ConsentFactory,
    PersonFactory,
    contact_agreement,
    person_of,
    refer,
    verified_in,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ORG_NAME = "Røde Kors Drammen"
ENGLISH_SHEET_TITLE = "About sharing your contact details with a voluntary organisation"
NOTE = "Would like to walk in the forest and practise Norwegian at weekends."

# The person the caseworker registers in the browser: distinctive values to look for.
GIVEN, FAMILY = "Leyla", "Karimi"
PHONE, EMAIL = "+47 912 34 567", "leyla.karimi@example.net"
POSTCODE, AREA = "3015", "Strømsø"

# The person whose consent is withdrawn, and the one the coordinator routes (set up directly).
WITHDRAWING = {
    "given_name": "Omid",
    "family_name": "Rahimi",
    "phone": "+47 987 65 432",
    "email": "omid.rahimi@example.net",
    "postal_code": "3048",
    "postal_area": "Gulskogen",
}
ROUTED = {
    "given_name": "Hana",
    "family_name": "Tesfaye",
    "phone": "+47 955 11 223",
    "email": "hana.tesfaye@example.net",
    "postal_code": "3029",
    "postal_area": "Fjell",
}

# The Arabic sheet as Brobygger ships it (a draft translation, referrals migration 0012).
ARABIC_TITLE = "عن مشاركة بيانات الاتصال الخاصة بك مع منظمة تطوعية"
ARABIC_CONSENT = "لقد حصلت على المعلومات أعلاه بلغة أفهمها."


@pytest.fixture
def guide_organization(municipality):
    """Verified, with an agreement in force that says how contact data is passed on."""
    organization = verified_in(municipality, ORG_NAME)
    contact_agreement(organization, municipality)
    return organization


@pytest.fixture
def guide_contact(guide_organization):
    """The organisation's contact person, with TOTP set up."""
    return person_of(guide_organization, "contact", totp=True)


def refer_to(organization, caseworker, **person_fields):
    """A person with a consent for `organization`, referred to it by the caseworker."""
    person = PersonFactory(
        municipality=caseworker.municipality_memberships.get().municipality,
        created_by=caseworker,
        **person_fields,
    )
    consent = ConsentFactory(person=person, organizations=[organization], recorded_by=caseworker)
    return refer(person, consent, caseworker, organization)


@pytest.fixture
def withdrawn_referral(caseworker, guide_organization, guide_contact):
    """A second person's referral to the same organisation; their consent will be withdrawn."""
    return refer_to(guide_organization, caseworker, **WITHDRAWING)


@pytest.fixture
def referral_to_route(municipality, caseworker):
    """A referral the caseworker left to the coordinator: the consent lets the municipality
    choose the organisation."""
    person = PersonFactory(
        municipality=municipality,
        created_by=caseworker,
        interests=["cooking"],
        languages=["ti"],
        **ROUTED,
    )
    consent = ConsentFactory(
        person=person, organizations=[], municipality_chooses=True, recorded_by=caseworker
    )
    return services.referral_create(
        suitability=SUITABLE, person=person, consent=consent, by=caseworker
    )


# -- what every person does ---------------------------------------------------------------------


class Authenticator:
    """The authenticator app: never hands the same user the same code twice (allauth refuses a
    used code), so a second sign-in in the same 30-s window waits for the next one."""

    def __init__(self):
        self.used: dict[str, str] = {}

    def code_for(self, email: str) -> str:
        code = totp_code(TOTP_SECRET)
        while code == self.used.get(email):
            time.sleep(1)  # the clock, not the page: the next window brings a new code
            code = totp_code(TOTP_SECRET)
        self.used[email] = code
        return code


@pytest.fixture
def authenticator():
    return Authenticator()


def sign_in_with_code(page: Page, live_server, email: str, code_for) -> None:
    """Password, then the code, then English."""
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Logg inn", level=1)).to_be_visible()
    required_field(page, "E-post").fill(email)
    required_field(page, "Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page.get_by_role("heading", name="Tofaktorautentisering", level=1)).to_be_visible()
    enter_code(page, live_server, code_for(email))
    switch_to_english(page)


def sign_in_on_another_computer(new_context, live_server, email: str, code_for) -> Page:
    """A new browser (someone else's computer), signed in with password, code and English."""
    other = new_context().new_page()
    sign_in_with_code(other, live_server, email, code_for)
    return other


def switch_to_english(page: Page) -> None:
    """Once chosen, the language is kept with the account: a second sign-in is in English."""
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if page.locator("html").get_attribute("lang") == "en":
        return
    header = page.get_by_role("banner")
    header.get_by_label("Språk", exact=True).select_option(label="English")
    header.get_by_role("button", name="Bytt språk").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def sign_out(page: Page, live_server) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/")
    page.context.clear_cookies()


def main_menu(page: Page):
    return page.get_by_role("navigation", name="Main")


def heading(page: Page, name, level: int = 1):
    return page.get_by_role("heading", name=name, level=level)


def expect_absent(page: Page, *values: str) -> None:
    content = page.content()
    for value in values:
        assert value not in content, f"{value!r} is on {page.url}"


# -- the journey --------------------------------------------------------------------------------


def test_referral_with_consent_from_registration_to_contact_withdrawal_and_routing(
    page,
    new_context,
    live_server,
    assert_accessible,
    authenticator,
    municipality,
    caseworker,
    coordinator,
    guide_organization,
    guide_contact,
    withdrawn_referral,
    referral_to_route,
):
    code_for = authenticator.code_for

    # -- the caseworker signs in with a code and registers the person
    sign_in_with_code(page, live_server, caseworker.email, code_for)
    main_menu(page).get_by_role("link", name="Persons and referrals").click()
    expect(heading(page, "Persons and referrals")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Register a person").click()
    expect(heading(page, "Register a person")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Given name", exact=True).fill(GIVEN)
    page.get_by_label("Family name", exact=True).fill(FAMILY)
    page.get_by_label("Phone", exact=True).fill(PHONE)
    page.get_by_label("E-mail", exact=True).fill(EMAIL)
    page.get_by_label("Postcode", exact=True).fill(POSTCODE)
    page.get_by_label("Postal area", exact=True).fill(AREA)
    page.get_by_label("Arabic", exact=True).check()
    page.get_by_label("English", exact=True).check()
    page.get_by_label("Practise Norwegian", exact=True).check()
    page.get_by_label("Outdoor life", exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()

    # -- the consent: first without the person's confirmation
    expect(heading(page, f"Record the consent of {GIVEN} {FAMILY}")).to_be_visible()
    expect(page.get_by_text("The person is registered. Now record the consent.")).to_be_visible()
    assert_accessible(page)
    # The consent comes in three steps: the information, what is shared, the confirmation.
    expect(page.get_by_text("Step 1 of 3: Information")).to_be_visible()
    expect(page.locator('[aria-current="step"]')).to_have_text("Information")
    required_field(page, "Language of the information").select_option(label="English")
    page.get_by_label("An interpreter was present", exact=True).check()
    next_step = page.get_by_role("button", name="Next", exact=True)
    next_step.click()
    expect(page.get_by_text("Step 2 of 3: What is shared")).to_be_visible()
    assert_accessible(page)
    for field in [
        "Name",
        "Phone",
        "E-mail",
        "Postal area",
        "Interests",
        "Preferred languages",
        "The caseworker's note to the organisation",
    ]:
        page.get_by_label(field, exact=True).check()
    page.get_by_label(ORG_NAME, exact=True).check()
    required_field(page, "For this offer").select_option(label="A refugee guide")
    page.get_by_label("The offer in the person's words", exact=True).fill(
        "someone to show me Drammen"
    )
    next_step.click()
    expect(page.get_by_text("Step 3 of 3: Confirmation")).to_be_visible()
    page.get_by_label("Confirmed on the caseworker's screen", exact=True).check()
    page.get_by_role("button", name="Record the consent").click()

    confirmed = page.get_by_label("The person confirmed the consent", exact=True)
    expect(confirmed).to_have_attribute("aria-invalid", "true")
    expect(confirmed).to_have_accessible_description(
        re.compile("Tick this box only when the person has confirmed the consent")
    )
    expect(page.get_by_text("Step 3 of 3")).to_be_visible()
    expect(page.get_by_label("Confirmed on the caseworker's screen", exact=True)).to_be_checked()
    expect(confirmed).not_to_be_checked()
    assert_accessible(page)
    # what was typed and ticked is kept: Back shows the earlier steps as they were left
    back = page.get_by_role("button", name="Back", exact=True)
    back.click()
    expect(page.get_by_text("Step 2 of 3")).to_be_visible()
    expect(page.get_by_label("Phone", exact=True)).to_be_checked()
    expect(page.get_by_label(ORG_NAME, exact=True)).to_be_checked()
    expect(required_field(page, "For this offer")).to_have_value("refugee_guide")
    back.click()
    expect(page.get_by_text("Step 1 of 3")).to_be_visible()
    expect(required_field(page, "Language of the information")).to_have_value("en")
    expect(page.get_by_label("An interpreter was present", exact=True)).to_be_checked()
    next_step.click()
    next_step.click()
    expect(page.get_by_label("Confirmed on the caseworker's screen", exact=True)).to_be_checked()

    confirmed.check()
    page.get_by_role("button", name="Record the consent").click()
    expect(heading(page, f"Consent of {GIVEN} {FAMILY}")).to_be_visible()
    expect(page.get_by_text("The consent is recorded.")).to_be_visible()
    assert_accessible(page)
    consent_url = page.url

    # -- the printable consent form with the English information
    page.get_by_role("link", name="Printable consent form").click()
    printable = page.get_by_role("article")
    expect(heading(page, ENGLISH_SHEET_TITLE)).to_be_visible()
    expect(printable).to_have_attribute("lang", "en")
    expect(printable).to_contain_text(f"{GIVEN} {FAMILY}")
    expect(printable).to_contain_text(ORG_NAME)
    expect(printable).to_contain_text("A refugee guide")
    expect(printable).to_contain_text("with an interpreter")
    assert_accessible(page)

    # -- the person's page, then the referral
    page.goto(consent_url)
    page.get_by_role("link", name=f"Back to {GIVEN} {FAMILY}").click()
    expect(heading(page, f"{GIVEN} {FAMILY}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Make a referral").click()
    expect(heading(page, f"Refer {GIVEN} {FAMILY}")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Organisation", exact=True).select_option(label=ORG_NAME)
    page.get_by_label("Note to the organisation", exact=True).fill(NOTE)
    with translation.override("en"):  # the page is in English
        checks = [str(label) for label in SuitabilityCheck.labels]
    for check in checks:
        page.get_by_label(check, exact=True).check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_text("The referral is sent.")).to_be_visible()
    expect(page.get_by_text("Status: Submitted").first).to_be_visible()
    referral_heading = page.get_by_role("heading", level=1)
    referral_name = referral_heading.inner_text()
    assert re.fullmatch(r"Referral #\d+", referral_name)
    assert_accessible(page)

    page.get_by_role("link", name="Back to the referrals").click()
    expect(heading(page, "Referrals")).to_be_visible()
    referrals = page.get_by_role("table")
    expect(referrals.get_by_role("link", name=referral_name)).to_be_visible()
    expect(referrals.get_by_role("link", name=f"{GIVEN} {FAMILY}")).to_be_visible()
    assert_accessible(page)
    sign_out(page, live_server)

    # -- the contact person signs in on the organisation's computer: the summary only
    contact = sign_in_on_another_computer(new_context, live_server, guide_contact.email, code_for)
    main_menu(contact).get_by_role("link", name="Referrals").click()
    expect(heading(contact, "Referrals")).to_be_visible()
    expect_absent(contact, GIVEN, FAMILY, WITHDRAWING["given_name"], ROUTED["given_name"])
    assert_accessible(contact)
    contact.get_by_role("link", name=referral_name, exact=True).click()
    expect(heading(contact, referral_name)).to_be_visible()
    summary = contact.get_by_role("region", name="Summary")
    expect(summary).to_contain_text("Practise Norwegian")
    expect(summary).to_contain_text("Outdoor life")
    expect(summary).to_contain_text("Arabic")
    expect(summary).to_contain_text(AREA)
    expect(summary).to_contain_text(NOTE)
    expect(contact.get_by_role("region", name="Contact details")).to_have_count(0)
    expect_absent(contact, GIVEN, FAMILY, PHONE, EMAIL, POSTCODE)
    assert_accessible(contact)

    # -- accepts: now the contact details
    contact.get_by_role("button", name="Accept", exact=True).click()
    expect(contact.get_by_text("You accepted the referral.")).to_be_visible()
    details = contact.get_by_role("region", name="Contact details")
    expect(details).to_contain_text(f"{GIVEN} {FAMILY}")
    expect(details).to_contain_text(PHONE)
    expect(details).to_contain_text(EMAIL)
    assert_accessible(contact)

    # -- contact made: handed over in person, copies deleted; the details are gone
    contact.get_by_label(
        "I gave the details to the volunteer in person or by phone", exact=True
    ).check()
    contact.get_by_label(
        "Every copy of the person's details outside Brobygger is deleted", exact=True
    ).check()
    contact.get_by_role("button", name="Contact made", exact=True).click()
    expect(contact.get_by_text("Contact made. Thank you!")).to_be_visible()
    expect(contact.get_by_role("region", name="Contact details")).to_have_count(0)
    expect(contact.get_by_role("region", name="Summary")).to_have_count(0)
    history = contact.get_by_role("region", name="Status history")
    expect(history).to_contain_text("Status: Accepted")
    expect(history).to_contain_text("Status: Contact made")
    expect_absent(contact, GIVEN, FAMILY, PHONE, EMAIL, AREA, "Practise Norwegian")
    assert_accessible(contact)

    # -- the second referral: the contact person sees its summary ...
    second_url = f"{live_server.url}/referrals/{withdrawn_referral.pk}/"
    contact.goto(second_url)
    expect(contact.get_by_role("region", name="Summary")).to_contain_text(
        WITHDRAWING["postal_area"]
    )

    # ... until the caseworker records that the person withdrew the consent
    sign_in_with_code(page, live_server, caseworker.email, code_for)
    page.goto(f"{live_server.url}/referrals/persons/{withdrawn_referral.person_id}/")
    withdrawing_name = f"{WITHDRAWING['given_name']} {WITHDRAWING['family_name']}"
    expect(heading(page, withdrawing_name)).to_be_visible()
    page.get_by_role("table", name="The person's consents").get_by_role(
        "link", name="A refugee guide"
    ).click()
    expect(heading(page, f"Consent of {withdrawing_name}")).to_be_visible()
    page.get_by_role("link", name="Withdraw the consent").click()
    expect(heading(page, "Withdraw the consent")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(f"Referral #{withdrawn_referral.pk}")
    withdrawn_on = required_field(page, "The person withdrew the consent on")
    expect(withdrawn_on).to_have_value(f"{timezone.localdate():%d/%m/%Y}")  # English, day first
    withdrawn_on.fill(timezone.localdate().isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw the consent now").click()
    expect(page.get_by_text("The consent is withdrawn.")).to_be_visible()
    expect(page.get_by_text(re.compile("^Withdrawn on"))).to_be_visible()

    # The contact person's page is from before the withdrawal: accepting now says what happened
    # (not a bare 403), on the referral's page, which no longer shows anything about the person.
    contact.get_by_role("button", name="Accept", exact=True).click()
    expect(contact.get_by_text("The caseworker stopped this referral on")).to_be_visible()
    expect(contact).to_have_url(second_url)
    expect(contact.get_by_role("region", name="Summary")).to_have_count(0)
    expect(contact.get_by_role("region", name="Contact details")).to_have_count(0)
    expect_absent(
        contact,
        *WITHDRAWING.values(),
        "Practise Norwegian",
        "Outdoor life",
    )
    expect(heading(contact, f"Referral #{withdrawn_referral.pk}")).to_be_visible()
    expect(contact.get_by_role("region", name="Status history")).to_be_visible()
    assert_accessible(contact)
    sign_out(page, live_server)

    # -- the coordinator routes the referral the caseworker left to them
    coord = sign_in_on_another_computer(new_context, live_server, coordinator.email, code_for)
    main_menu(coord).get_by_role("link", name="Referrals").click()
    expect(heading(coord, "Referrals")).to_be_visible()
    expect_absent(coord, GIVEN, FAMILY, PHONE, EMAIL)
    assert_accessible(coord)
    coord.get_by_role("link", name="Waiting for routing").click()
    expect(heading(coord, "Referrals waiting for routing")).to_be_visible()
    waiting = coord.get_by_role("article", name=re.compile(f"Referral #{referral_to_route.pk} "))
    expect(waiting).to_contain_text("Cooking and food")
    expect(waiting).to_contain_text(ROUTED["postal_area"])
    expect_absent(coord, ROUTED["given_name"], ROUTED["family_name"], ROUTED["phone"])
    assert_accessible(coord)
    waiting.get_by_role("link", name="Choose an organisation").click()
    expect(
        heading(coord, f"Choose an organisation for Referral #{referral_to_route.pk}")
    ).to_be_visible()
    assert_accessible(coord)
    required_field(coord, "Organisation").select_option(label=ORG_NAME)
    coord.get_by_role("button", name="Send to this organisation").click()
    expect(coord.get_by_text(f"The referral is sent to {ORG_NAME}.")).to_be_visible()
    expect(coord.get_by_text("No referral is waiting for routing.")).to_be_visible()

    contact.goto(f"{live_server.url}/referrals/{referral_to_route.pk}/")
    expect(contact.get_by_role("region", name="Summary")).to_contain_text("Cooking and food")
    expect_absent(contact, ROUTED["given_name"], ROUTED["phone"], ROUTED["email"])

    # -- the access log shows every display of personal data above
    coord.get_by_role("link", name="All referrals").click()
    coord.get_by_role("link", name="Access log").click()
    expect(heading(coord, "Access log")).to_be_visible()
    log = coord.get_by_role("table")
    for reason in [
        "Person page",
        "Consent form",
        "Referral summary",
        "Contact details after acceptance",
        "Routing by the coordinator",
    ]:
        expect(log.get_by_role("cell", name=reason, exact=True).first).to_be_visible()
    assert_accessible(coord)

    # -- the information sheets: the coordinator approves the draft Arabic translation, prints it
    coord.get_by_role("navigation", name="Main").get_by_role("link", name="Referrals").click()
    coord.get_by_role("link", name="Information sheets").click()
    expect(heading(coord, "Information sheets")).to_be_visible()
    arabic = coord.get_by_role("row").filter(has=coord.get_by_role("rowheader", name="Arabic"))
    expect(arabic).to_contain_text("Draft: to be checked and approved")
    expect(arabic.get_by_role("link", name="PDF with a blank consent form (Arabic)")).to_have_count(
        0
    )
    assert_accessible(coord)
    arabic.get_by_role("link", name="Approve the translation (Arabic)").click()
    expect(heading(coord, "Approve the translation: Arabic")).to_be_visible()
    expect(coord.get_by_role("article")).to_have_attribute("dir", "rtl")
    assert_accessible(coord)
    coord.get_by_label("I have had this translation checked").check()
    coord.get_by_role("button", name="Approve the translation").click()
    expect(
        coord.get_by_text(re.compile(r"The translation is approved as version \d+"))
    ).to_be_visible()
    expect(coord.get_by_text(re.compile(r"translation approved by .+ on"))).to_be_visible()
    assert_accessible(coord)

    coord.get_by_role("link", name="Back to the information sheets").click()
    arabic = coord.get_by_role("row").filter(has=coord.get_by_role("rowheader", name="Arabic"))
    expect(arabic).to_contain_text("Ready")
    arabic.get_by_role("link", name="Print (Arabic)").click()
    sheet = coord.get_by_role("article")
    expect(sheet).to_have_attribute("lang", "ar")
    expect(sheet).to_have_attribute("dir", "rtl")
    expect(heading(coord, ARABIC_TITLE)).to_be_visible()
    expect(sheet).to_contain_text(ARABIC_CONSENT)
    assert_accessible(coord)


def test_contact_person_without_two_factor_sets_it_up_before_any_referral(
    page, live_server, sign_in, assert_accessible, caseworker, guide_organization
):
    """Signing in needs no code, but the referrals wait until an authenticator is added."""
    user = person_of(guide_organization, "contact")
    referral = refer_to(guide_organization, caseworker, **WITHDRAWING)
    sign_in(user.email)
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    for path in ["/referrals/", f"/referrals/{referral.pk}/"]:
        page.goto(f"{live_server.url}{path}")
        expect(page).not_to_have_url(re.compile(r"/referrals/"))
        expect(page).to_have_url(re.compile(r"/accounts/(2fa|reauthenticate)/"))
        expect_absent(page, *WITHDRAWING.values(), "Practise Norwegian", "Outdoor life")
        assert_accessible(page)

    # allauth asks for the password once more, then the authenticator app is added
    expect(page.get_by_role("heading", name="Bekreft tilgang", level=1)).to_be_visible()
    required_field(page, "Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("heading", name="Aktiver autentiseringsapp", level=1)).to_be_visible()
    secret = page.get_by_label("Autentiseringshemmelighet").input_value()
    required_field(page, "Autentiseringskode").fill(totp_code(secret))
    page.get_by_role("button", name="Aktiver").click()
    expect(page.get_by_role("heading", name="Gjenopprettingskoder", level=1)).to_be_visible()

    # now the summary of the referral (still no contact details before accepting)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    switch_to_english(page)
    expect(page.get_by_role("region", name="Summary")).to_contain_text(WITHDRAWING["postal_area"])
    expect_absent(page, WITHDRAWING["given_name"], WITHDRAWING["phone"], WITHDRAWING["email"])
    assert_accessible(page)


def test_declining_with_a_note_that_names_the_person(
    page,
    new_context,
    live_server,
    assert_accessible,
    authenticator,
    caseworker,
    coordinator,
    guide_organization,
    guide_contact,
    withdrawn_referral,
):
    """The contact person declines with a reason from the list and a note that names the person
    with her phone: the note is held back until confirmed, then only the caseworker reads it; the
    coordinator's start page shows the reason, never the note."""
    code_for = authenticator.code_for
    name = WITHDRAWING["given_name"]
    note = f"{name} already comes to our Tuesday group, phone {WITHDRAWING['phone']}"

    sign_in_with_code(page, live_server, guide_contact.email, code_for)
    page.goto(f"{live_server.url}/referrals/{withdrawn_referral.pk}/")
    answer = page.get_by_role("region", name="Your answer")
    answer.get_by_label("The person is already in contact with us").check()
    answer.get_by_label("Note to the caseworker (optional)").fill(note)
    answer.get_by_role("button", name="Decline", exact=True).click()
    warning = page.get_by_role("alert").filter(has_text="This may be personal data")
    expect(warning).to_contain_text(WITHDRAWING["phone"])
    assert_accessible(page)
    answer = page.get_by_role("region", name="Your answer")
    expect(answer.get_by_label("The person is already in contact with us")).to_be_checked()
    answer.get_by_label("I confirm there is no personal data in this note").check()
    answer.get_by_role("button", name="Decline", exact=True).click()
    expect(page.get_by_text("You declined the referral.")).to_be_visible()
    expect(page.get_by_text("The person is already in contact with us")).to_be_visible()
    expect_absent(page, name, WITHDRAWING["phone"])
    assert_accessible(page)

    worker = sign_in_on_another_computer(new_context, live_server, caseworker.email, code_for)
    worker.goto(f"{live_server.url}/referrals/{withdrawn_referral.pk}/")
    expect(worker.get_by_text("The person is already in contact with us")).to_be_visible()
    expect(worker.get_by_text("Tuesday group")).to_be_visible()
    assert_accessible(worker)

    coord = sign_in_on_another_computer(new_context, live_server, coordinator.email, code_for)
    reasons = coord.get_by_role("table", name="The most frequent reasons for declining")
    expect(reasons).to_contain_text("The person is already in contact with us")
    expect_absent(coord, name, WITHDRAWING["phone"], "Tuesday group")
    coord.goto(f"{live_server.url}/referrals/{withdrawn_referral.pk}/")
    expect(coord.get_by_text("The person is already in contact with us")).to_be_visible()
    expect_absent(coord, name, WITHDRAWING["phone"], "Tuesday group")
    assert_accessible(coord)
