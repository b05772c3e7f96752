"""The steps that the Danish and the nynorsk journeys share (issues #16 and #17), each taking
the language the journey is in. A journey then reads as a short script: who is where, and which
steps they walk.

Every page a step opens is checked by `Journey.check`: `<html lang>` is the journey's language,
the page frame (main menu, language switch) is in it, axe finds nothing, and the text the page
presents in that language holds no word of a neighbouring language. The words are whole words
that the journey's language spells otherwise (docs/glossary.md): an untranslated entry falls
back to bokmål, the site's default language, and shows up as one of them. The seeded names and
texts contain none of them.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import holidays
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Page, expect

from agreements.models import Agreement, Template
from core.countries import format_phone
from organizations.models import Organization
from referrals.choices import SuitabilityCheck
from tests.e2e.helpers import enter_code, password_step, required_field, totp_code
from tests.factories import (
    TOTP_SECRET,
    MunicipalityMembershipFactory,
    OrganizationMembershipFactory,
    PersonFactory,
    UserFactory,
    with_totp,
)

# Bokmål spellings whose nynorsk words differ: a nynorsk page shows none of them.
BOKMAL_ONLY = frozenset({
    "ikke", "jeg", "hva", "hvordan", "hvilke", "hvilken", "hvem", "hvor", "hvorfor", "noen",
    "noe", "mye", "hjem", "hjemme", "vennligst", "bare", "også", "fra", "ble", "være", "gjøre",
    "dere", "deres", "ennå", "allerede", "navn", "navnet", "uke", "uken", "måned", "måneder",
    "henvisning", "henvisninger", "tilskudd", "saksbehandler", "beskrivelse", "bekreft",
    "bekreftet", "lagret", "endret", "opprettet", "avsluttet", "fortsatt", "tidligere",
    "logget", "innlogget", "glemt", "nåværende",
    # Found by a wider scan of every page the journeys visit (only "medlemmer" was shown; the
    # catalogue now says "medlemer" everywhere, as it already did in six messages):
    "medlemmer", "hvis", "disse", "selv", "mer", "hver", "hvert", "vært", "følgende", "hele",
    "uten", "dager", "organisasjoner", "kommuner", "avtaler", "personer", "kontaktpersoner",
    "brukere", "innstillinger", "meldinger", "endringer", "tjenester", "gjelder", "finnes",
})  # fmt: skip

# Norwegian spellings whose Danish words differ (Danish in the comments). Words the two share
# ("ikke", "hvordan", "også", "bare") cannot tell them apart, so they are not on the list.
NORWEGIAN_ONLY = frozenset({
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
})  # fmt: skip

# The visible text that the page presents in a language: every text node whose nearest `lang`
# is it. Content written in another language (a shared grant scheme's bokmål texts) carries its
# own `lang`, so a screen reader reads it in that language (WCAG 3.1.2), and is not the
# interface's.
TEXT_IN_LANGUAGE = """(code) => {
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest("script, style, template")) continue;
    const lang = (element.closest("[lang]") || document.documentElement).getAttribute("lang");
    if ((lang || "").startsWith(code) && element.checkVisibility()) {
      parts.push(walker.currentNode.textContent);
    }
  }
  return parts.join(" ");
}"""


@dataclass(frozen=True)
class Language:
    code: str
    foreign_words: frozenset[str]
    # The page frame's words, written out (not from the catalogue): an English page, a
    # catalogue not compiled, fails on them.
    main_menu: str
    switch_language: str

    def t(self, message: str, **values) -> str:
        """The catalogue's text of a message in this language (the page's words)."""
        with translation.override(self.code):
            text = gettext(message)
        return text % values if values else text

    def tn(self, singular: str, plural: str, count: int, **values) -> str:
        with translation.override(self.code):
            text = ngettext(singular, plural, count)
        return text % {"counter": count, **values}

    def foreign(self, text: str) -> set[str]:
        """The words of `text` that this language never writes."""
        return {w for w in re.findall(r"[a-zæøåéò]+", text.lower()) if w in self.foreign_words}


NYNORSK = Language("nn", BOKMAL_ONLY, main_menu="Hovudmeny", switch_language="Byt språk")
DANISH = Language("da", NORWEGIAN_ONLY, main_menu="Hovedmenu", switch_language="Skift sprog")


@dataclass
class Journey:
    """A journey in one language: its checks, its sign-in, its pages."""

    language: Language
    live_server: Any
    assert_accessible: Callable[[Page], None]
    new_context: Callable[[], Any]

    def t(self, message: str, **values) -> str:
        return self.language.t(message, **values)

    def label(self, lazy) -> str:
        """A lazily translated label (a choice's), in the journey's language."""
        with translation.override(self.language.code):
            return str(lazy)

    def check(self, page: Page) -> None:
        """The page is in the journey's language, with no neighbouring word, and axe-clean."""
        expect(page.locator("html")).to_have_attribute("lang", self.language.code)
        expect(page.locator("h1").first).to_be_visible()
        banner = page.get_by_role("banner")
        expect(banner.get_by_role("button", name=self.language.switch_language)).to_be_visible()
        found = self.language.foreign(page.evaluate(TEXT_IN_LANGUAGE, self.language.code))
        assert not found, f"not {self.language.code} on {page.url}: {sorted(found)}"
        self.assert_accessible(page)

    def check_signed_in(self, page: Page) -> None:
        expect(page.get_by_role("navigation", name=self.language.main_menu)).to_be_visible()
        self.check(page)

    def url(self, name: str, *args, **query) -> str:
        url = self.live_server.url + reverse(name, args=args)
        return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")

    def visit(self, page: Page, name: str, *args, **query) -> None:
        response = page.goto(self.url(name, *args, **query))
        assert response is not None, (name, args)
        assert response.status == 200, (name, args)
        self.check(page)

    def visit_all(self, page: Page, pages: list[tuple[str, list]]) -> None:
        for name, args in pages:
            self.visit(page, name, *args)

    def sign_in(self, page: Page, email: str, *, code: bool = True) -> None:
        """Sign in on the (bokmål: nobody is known yet) sign-in page; land on the start page."""
        password_step(page, self.live_server, email)
        if code:
            enter_code(page, self.live_server, totp_code(TOTP_SECRET))
        else:
            expect(page).to_have_url(f"{self.live_server.url}/dashboard/")
        self.check_signed_in(page)

    def another_computer(self, email: str) -> Page:
        """A page of its own for another person, signed in with a code."""
        page = self.new_context().new_page()
        self.sign_in(page, email)
        return page

    def sign_out(self, page: Page) -> None:
        page.get_by_role("button", name=self.t("Log out")).click()
        page.context.clear_cookies()


def journey_fixture(language: Language):
    """A test module's `journey` fixture: `journey = journey_fixture(NYNORSK)`."""

    @pytest.fixture
    def journey(live_server, assert_accessible, new_context) -> Journey:
        return Journey(language, live_server, assert_accessible, new_context)

    return journey


def staff(municipality, role: str, full_name: str):
    """A coordinator or caseworker with no language of their own (the municipality's), with a
    code."""
    user = UserFactory(full_name=full_name, preferred_language="")
    MunicipalityMembershipFactory(user=user, municipality=municipality, role=role)
    return with_totp(user)


def contact_person(organisation, full_name: str, *, language: str = "", admin: bool = False):
    """The organisation's contact person (and administrator if `admin`), with a code; no
    language of their own unless `language`."""
    user = UserFactory(full_name=full_name, preferred_language=language)
    for role in ("contact", "admin") if admin else ("contact",):
        OrganizationMembershipFactory(user=user, organization=organisation, role=role)
    return with_totp(user)


# -- an organisation registers (the stepped form) and the coordinator verifies it --------------


@dataclass(frozen=True)
class Registration:
    """What a volunteer types and what the register answers."""

    municipality: Any
    number: str
    typo: str  # a wrong check digit
    typo_message: str  # the message it gets (msgid)
    name: str  # as the register spells it
    postal_city: str
    description: str
    phone: str  # as typed
    stored_phone: str
    description_label: str  # msgid of the first description box: the reader's language
    scheme: str = ""  # the number scheme to choose; "" keeps the country's


def register_organisation(journey: Journey, page: Page, registration: Registration) -> str:
    """The volunteer registers the organisation in four steps, with a register look-up that
    first refuses a typo. Returns the organisation's page."""
    t, r = journey.t, registration
    journey.visit(page, "organizations:register")
    expect(page.get_by_role("heading", name=t("Register an organisation"), level=1)).to_be_visible()
    if r.scheme:
        page.locator('[name="number_scheme"]').select_option(r.scheme)
    org_number = page.locator('[name="org_number"]')
    look_up = page.get_by_role("button", name=t("Look up in the business register"))
    org_number.fill(r.typo)
    look_up.click()
    expect(page.get_by_role("alert")).to_contain_text(t(r.typo_message))
    expect(org_number).to_have_value(r.typo)  # kept as typed
    journey.check(page)

    org_number.fill(r.number)
    look_up.click()
    expect(required_field(page, t("Name"))).to_have_value(r.name)
    expect(page.locator('[name="postal_city"]')).to_have_value(r.postal_city)
    journey.check(page)
    page.get_by_role("group", name=t("Municipalities where you are active")).get_by_label(
        r.municipality.name
    ).check()

    next_step = page.get_by_role("button", name=t("Next"), exact=True)
    next_step.click()
    expect(page.get_by_text(t("Step %(number)s of %(total)s", number=2, total=4))).to_be_visible()
    journey.check(page)
    page.get_by_role("group", name=t("Categories")).get_by_label(t("Other")).check()
    # The description boxes: one per language, the reader's first.
    boxes = page.get_by_role("group", name=t("Description")).get_by_role("textbox")
    expect(boxes.first).to_have_accessible_name(t(r.description_label))
    boxes.first.fill(r.description)
    next_step.click()
    expect(page.get_by_text(t("Step %(number)s of %(total)s", number=3, total=4))).to_be_visible()
    journey.check(page)
    page.locator('[name="phone"]').fill(r.phone)
    next_step.click()
    expect(page.get_by_text(t("Step %(number)s of %(total)s", number=4, total=4))).to_be_visible()
    journey.check(page)
    page.get_by_role("button", name=t("Register"), exact=True).click()

    expect(page).to_have_url(re.compile(rf"{journey.live_server.url}/organisations/\d+/$"))
    expect(page.get_by_role("heading", name=r.name, level=1)).to_be_visible()
    expect(page.get_by_text(t("Awaiting verification"), exact=True)).to_be_visible()
    journey.check(page)
    # The description is shown as the page's own language (no `lang` of its own).
    expect(page.locator("p.ds-paragraph[data-size=lg]:not([lang])")).to_have_text(r.description)

    organisation = Organization.objects.get(name=r.name)
    assert organisation.org_number == r.number
    # Stored as what it is, in the writer's language, never as bokmål.
    assert getattr(organisation, f"description_{journey.language.code}") == r.description
    assert organisation.description_nb == ""
    assert organisation.phone == r.stored_phone
    return page.url


def verify_organisation(
    journey: Journey, page: Page, *, municipality, name: str, url: str, phone: str
) -> None:
    """The coordinator finds the new organisation in the registry, awaiting verification, and
    verifies it."""
    t = journey.t
    page.get_by_role("navigation", name=journey.language.main_menu).get_by_role(
        "link", name=t("Organisations")
    ).click()
    expect(
        page.get_by_role("heading", name=t("Registry of organisations"), level=1)
    ).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=name))
    expect(row).to_contain_text(t("Awaiting verification"))
    journey.check(page)

    row.get_by_role("link", name=name).click()
    expect(page).to_have_url(url)
    expect(page.get_by_role("main")).to_contain_text(format_phone(phone))
    journey.check(page)
    verification = page.get_by_role("region", name=t("Verification"))
    verification.get_by_role("button", name=t("Verify")).click()
    expect(verification).to_have_count(0)
    expect(page.get_by_text(t("Awaiting verification"), exact=True)).to_have_count(0)
    journey.check(page)
    assert Organization.objects.verified_in(municipality).filter(name=name).exists()


def find_in_directory(journey: Journey, page: Page, query: str, name: str) -> None:
    """The directory finds the organisation by another word form of its description."""
    t = journey.t
    journey.visit(page, "organizations:directory")
    expect(
        page.get_by_role("heading", name=t("Directory of organisations"), level=1)
    ).to_be_visible()
    page.locator('[name="q"]').fill(query)
    page.get_by_role("button", name=t("Show results")).click()
    results = page.get_by_role("main").get_by_role("heading", level=3)
    expect(results).to_have_count(1)
    expect(results).to_have_text(name)
    journey.check(page)


# -- an agreement from the language's template, approved by both parties ------------------------


def approve_agreement(
    journey: Journey, page: Page, contact: Page, *, municipality, organisation, clause: str
) -> Agreement:
    """The coordinator (on `page`) makes a draft from the shipped template in the journey's
    language, whose text says `clause`, and sends it; the organisation's contact person (on
    `contact`) approves, then the coordinator: the agreement is in force from today."""
    t = journey.t
    template = Template.objects.get(municipality=None, language=journey.language.code)
    journey.visit(page, "agreements:create")
    page.get_by_label(t("Template"), exact=True).select_option(value=str(template.pk))
    page.get_by_label(organisation.name, exact=True).check()
    required_field(page, t("Starts")).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name=t("Make the draft")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(template.title)
    journey.check(page)
    agreement = Agreement.objects.get(municipality=municipality, title=template.title)
    agreement_url = journey.url("agreements:detail", agreement.pk)
    page.goto(agreement_url)
    expect(page.get_by_role("heading", name=template.title, level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(clause)
    page.get_by_role("button", name=t("Send for approval")).click()
    expect(
        page.get_by_text(t("The agreement is sent to the parties for approval."))
    ).to_be_visible()
    journey.check(page)

    approved = t("You approved version %(number)s.", number=1)
    for approver, party in ((contact, organisation.name), (page, municipality.name)):
        if approver is page:
            page.reload()
        else:
            approver.goto(agreement_url)
            journey.check(approver)
        approver.get_by_role(
            "button", name=t("Approve version %(number)s for %(party)s", number=1, party=party)
        ).click()
        expect(approver.get_by_text(approved)).to_be_visible()
        journey.check(approver)

    active = f"{t('Status:')} {journey.label(Agreement.Status.ACTIVE.label)}"
    expect(page.get_by_text(active)).to_be_visible()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    assert agreement.contact_sharing  # how contact data is passed on: the template's text
    return agreement


# -- consent on the language's sheet, a referral, and the organisation accepts ------------------


def consent_and_refer(
    journey: Journey, page: Page, contact: Page, *, person, organisation, sheet_text: str
) -> None:
    """The caseworker (on `page`) records the person's consent on the information sheet in the
    journey's language (whose printable form says `sheet_text`), refers her to `organisation`,
    and its contact person (on `contact`) accepts."""
    t, code = journey.t, journey.language.code
    full_name = f"{person.given_name} {person.family_name}"
    journey.visit(page, "referrals:person", person.pk)
    journey.visit(page, "referrals:consent_new", person.pk)
    # The municipality's language decides the sheet the consent starts on.
    expect(required_field(page, t("Language of the information"))).to_have_value(code)
    # The consent comes in three steps (issue #23): information, what is shared, confirmation.
    page.get_by_role("button", name=t("Next")).click()
    journey.check(page)
    for field in ("Name", "Phone", "E-mail", "Postal area"):
        page.get_by_label(t(field), exact=True).check()
    page.get_by_label(organisation.name, exact=True).check()
    required_field(page, t("For this offer")).select_option(index=1)
    page.get_by_role("button", name=t("Next")).click()
    page.get_by_label(t("Confirmed on the caseworker's screen"), exact=True).check()
    page.get_by_label(t("The person confirmed the consent"), exact=True).check()
    page.get_by_role("button", name=t("Record the consent")).click()
    expect(
        page.get_by_text(t("The consent is recorded. Print it for the person if they want a copy."))
    ).to_be_visible()
    journey.check(page)

    page.get_by_role("link", name=t("Printable consent form")).click()
    printable = page.get_by_role("article")
    expect(printable).to_have_attribute("lang", code)
    expect(printable).to_contain_text(sheet_text)
    expect(printable).to_contain_text(full_name)
    expect(printable).to_contain_text(organisation.name)
    journey.check(page)

    journey.visit(page, "referrals:referral_new", person.pk)
    page.get_by_label(t("Organisation"), exact=True).select_option(label=organisation.name)
    for check in SuitabilityCheck.labels:
        page.get_by_label(journey.label(check), exact=True).check()
    page.get_by_role("button", name=t("Send the referral")).click()
    expect(page.get_by_text(t("The referral is sent."))).to_be_visible()
    journey.check(page)
    referral_url = page.url

    journey.visit(contact, "referrals:list")
    contact.goto(referral_url)
    journey.check(contact)
    contact.get_by_role("button", name=t("Accept"), exact=True).click()
    expect(
        contact.get_by_text(
            t("You accepted the referral. Contact the person soon, then record how it went.")
        )
    ).to_be_visible()
    expect(contact.get_by_role("region", name=t("Contact details"))).to_contain_text(full_name)
    journey.check(contact)


# -- a meeting: the coordinator invites, the organisation's contact person answers -------------


def a_working_day_evening(country: str) -> date:
    """A Wednesday two weeks or more ahead that is no public holiday in `country`."""
    day = timezone.localdate() + timedelta(days=14)
    days_off = holidays.country_holidays(country, years={day.year, day.year + 1})
    while day.weekday() != 2 or day in days_off:
        day += timedelta(days=1)
    return day


def meeting_and_answer(
    journey: Journey, page: Page, contact: Page, *, country: str, organisation, title: str
) -> None:
    """The coordinator (on `page`) creates a dialogue meeting one evening and invites the
    organisation; its contact person (on `contact`) answers yes for two; the coordinator sees
    the answer."""
    t = journey.t
    journey.visit(page, "meetings:create")
    expect(page.get_by_role("heading", name=t("New meeting"), level=1)).to_be_visible()
    required_field(page, t("Kind of meeting")).select_option("dialogue")
    required_field(page, t("Title")).fill(title)
    required_field(page, t("Date")).fill(a_working_day_evening(country).isoformat())
    required_field(page, t("Starts at")).fill("18:00")
    required_field(page, t("Ends at")).fill("19:30")
    page.get_by_label(t("Online link"), exact=True).fill("https://meet.example.org/dialog")
    page.get_by_label(organisation.name, exact=True).check()
    page.get_by_role("button", name=t("Save meeting")).click()

    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    journey.check(page)
    meeting_url = page.url
    answers = page.get_by_role("region", name=t("Invitations and answers"))
    invited = re.compile(re.escape(organisation.name))
    expect(answers.get_by_role("row", name=invited)).to_be_visible()

    contact.goto(meeting_url)
    expect(contact.get_by_role("heading", name=title, level=1)).to_be_visible()
    answer = contact.get_by_role("region", name=t("Answer for %(name)s", name=organisation.name))
    expect(answer).to_contain_text(t("Not answered yet."))
    journey.check(contact)
    answer.get_by_role("radio", name=t("Yes"), exact=True).check()
    required_field(contact, t("How many come")).fill("2")
    answer.get_by_role("button", name=t("Save answer")).click()
    expect(contact.get_by_role("status")).to_contain_text(t("Your answer is saved."))
    expect(answer).to_contain_text(
        journey.language.tn(
            "Answered: %(answer)s (%(counter)s person).",
            "Answered: %(answer)s (%(counter)s people).",
            2,
            answer=t("Yes"),
        )
    )
    journey.check(contact)

    page.goto(meeting_url)
    row = page.get_by_role("region", name=t("Invitations and answers")).get_by_role(
        "row", name=invited
    )
    expect(row.get_by_role("cell").first).to_have_text(t("Yes"))
    journey.check(page)


# -- the journeys' scripts: who signs in where, and which steps they walk ----------------------


def a_volunteer_registers_and_the_coordinator_verifies(
    journey: Journey,
    page: Page,
    registration: Registration,
    *,
    volunteer,
    coordinator,
    directory_query: str,
    coordinator_pages: tuple = (),
) -> None:
    """A volunteer (no code) registers the organisation; the coordinator signs in, looks at
    `coordinator_pages`, verifies it, and finds it in the directory by `directory_query`."""
    journey.sign_in(page, volunteer.email, code=False)
    url = register_organisation(journey, page, registration)
    journey.sign_out(page)
    journey.sign_in(page, coordinator.email)
    journey.visit_all(page, list(coordinator_pages))
    verify_organisation(
        journey,
        page,
        municipality=registration.municipality,
        name=registration.name,
        url=url,
        phone=registration.stored_phone,
    )
    find_in_directory(journey, page, directory_query, registration.name)


def an_agreement_is_approved_and_a_caseworker_refers_under_it(
    journey: Journey,
    page: Page,
    *,
    municipality,
    organisation,
    coordinator,
    caseworker,
    contact,
    clause: str,
    sheet_text: str,
) -> None:
    """The coordinator and the organisation's contact person (on their own computer) approve an
    agreement from the language's template; then the caseworker records a consent and refers
    a person, and the contact person accepts."""
    journey.sign_in(page, coordinator.email)
    contact_page = journey.another_computer(contact.email)
    approve_agreement(
        journey,
        page,
        contact_page,
        municipality=municipality,
        organisation=organisation,
        clause=clause,
    )
    journey.sign_out(page)
    journey.sign_in(page, caseworker.email)
    person = PersonFactory(
        municipality=municipality, created_by=caseworker, given_name="Amina", family_name="Haddad"
    )
    consent_and_refer(
        journey, page, contact_page, person=person, organisation=organisation, sheet_text=sheet_text
    )


def the_coordinator_invites_and_the_organisation_answers(
    journey: Journey, page: Page, *, coordinator, contact, organisation, title: str
) -> None:
    journey.sign_in(page, coordinator.email)
    meeting_and_answer(
        journey,
        page,
        journey.another_computer(contact.email),
        country=organisation.municipalities.get().country,
        organisation=organisation,
        title=title,
    )
