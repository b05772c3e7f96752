"""The guide's steps in the browser (issue #20): on an approved Tigrinya sheet, a caseworker
presents the offer and the person says "not now"; three months later (time moved) the
caseworker is reminded, follows the link and refers with "interpreter needed: Tigrinya" after
ticking the suitability check; only the organisation with an agreement that says how contact
data is passed on is offered. The contact person accepts, sees the interpreter in the summary,
hands the details over in person and confirms that copies are deleted. The coordinator sees the
organisation that has no agreement. Every page is checked with axe."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect

from notifications.services import notifications_send_due
from referrals import services
from referrals.choices import SuitabilityCheck
from tests.e2e.helpers import required_field
from tests.e2e.test_referrals_journey import (
    authenticator,  # noqa: F401 - a fixture
    guide_contact,  # noqa: F401 - a fixture
    guide_organization,  # noqa: F401 - a fixture
    heading,
    sign_in_on_another_computer,
    sign_in_with_code,
    sign_out,
)
from tests.factories import (
    ConsentFactory,
    PersonFactory,
    person_of,
    verified_in,
)
from tests.pdf import read_pdf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ORG_NAME = "Røde Kors Drammen"
NO_AGREEMENT = "Uten Avtale Drammen"
GIVEN, FAMILY, PHONE = "Hiwet", "Tesfamariam", "+47 934 56 781"


@pytest.fixture(autouse=True)
def _accept_a_code_from_the_previous_window(settings):
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def without_agreement(municipality):
    organization = verified_in(municipality, NO_AGREEMENT)
    person_of(organization, "contact")
    return organization


@pytest.fixture
def person(municipality, caseworker, coordinator, guide_organization, without_agreement):  # noqa: F811
    # The person was informed on the Tigrinya sheet, which the coordinator approved first.
    tigrinya = services.information_sheet_approve(
        municipality=municipality, language="ti", by=coordinator
    )
    person = PersonFactory(
        municipality=municipality,
        created_by=caseworker,
        given_name=GIVEN,
        family_name=FAMILY,
        phone=PHONE,
        languages=["ti"],
    )
    ConsentFactory(
        person=person,
        organizations=[guide_organization, without_agreement],
        organizations__agreement=False,
        recorded_by=caseworker,
        information_language="ti",
        information_sheet=tigrinya,
    )
    return person


def test_not_now_then_reminded_then_referred_with_an_interpreter_then_copies_deleted(
    page,
    new_context,
    live_server,
    assert_accessible,
    authenticator,  # noqa: F811
    caseworker,
    coordinator,
    guide_organization,  # noqa: F811
    guide_contact,  # noqa: F811
    without_agreement,
    person,
):
    code_for = authenticator.code_for

    # -- the consent is on the Tigrinya sheet the coordinator approved (version 2, the
    # municipality's own; the shipped draft is version 1)
    sign_in_with_code(page, live_server, caseworker.email, code_for)
    consent = person.consents.get()
    assert consent.information_sheet.approved_by == coordinator
    page.goto(f"{live_server.url}{consent.get_absolute_url()}")
    expect(page.get_by_text("Tigrinya (information sheet version 2)")).to_be_visible()

    # -- the caseworker presents the offer; the person says "not now"
    page.goto(f"{live_server.url}/referrals/persons/{person.pk}/")
    expect(heading(page, f"{GIVEN} {FAMILY}")).to_be_visible()
    page.get_by_role("link", name="Record an offer presented").click()
    expect(heading(page, f"Offer presented to {GIVEN} {FAMILY}")).to_be_visible()
    assert_accessible(page)
    required_field(page, "The offer presented").select_option(label="A refugee guide")
    page.get_by_label("Not now: offer it again later", exact=True).check()
    page.get_by_role("button", name="Record the answer").click()
    reminded = page.get_by_text(re.compile("You will be reminded to offer it again on"))
    expect(reminded).to_be_visible()
    offers = page.get_by_role("table", name="Offers presented to the person")
    expect(offers).to_contain_text("Not now: offer it again later")
    assert_accessible(page)
    sign_out(page, live_server)

    # -- three months later (time moved): the reminder, with a link and nothing about the person
    day = timezone.localdate() + relativedelta(months=3)
    later = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    assert services.offer_reminders_schedule(now=later) == 1
    assert notifications_send_due(now=later) == 1
    [message] = mail.outbox
    assert message.to == [caseworker.email]
    for value in (GIVEN, FAMILY, PHONE):
        assert value not in message.body
    link = re.search(r"https?://\S+/referrals/persons/\d+/", message.body).group()
    path = link.split("/referrals/", 1)[1]

    # -- the caseworker follows the link and refers with an interpreter
    sign_in_with_code(page, live_server, caseworker.email, code_for)
    page.goto(f"{live_server.url}/referrals/{path}")
    expect(heading(page, f"{GIVEN} {FAMILY}")).to_be_visible()
    page.get_by_role("link", name="Make a referral").click()
    expect(heading(page, f"Refer {GIVEN} {FAMILY}")).to_be_visible()
    organisation = page.get_by_label("Organisation", exact=True)
    expect(organisation.locator("option", has_text=ORG_NAME)).to_have_count(1)
    expect(organisation.locator("option", has_text=NO_AGREEMENT)).to_have_count(0)
    organisation.select_option(label=ORG_NAME)
    page.get_by_label("The first meeting needs an interpreter", exact=True).check()
    page.get_by_label("The interpreter's language", exact=True).select_option(label="Tigrinya")
    page.get_by_role("button", name="Send the referral").click()
    # Not sent without the suitability check; what was chosen is kept.
    expect(page.get_by_text(re.compile("^Confirm every point"))).to_be_visible()
    expect(page.get_by_label("The interpreter's language", exact=True)).to_have_value("ti")
    assert_accessible(page)
    with translation.override("en"):  # the page is in English
        checks = [str(label) for label in SuitabilityCheck.labels]
    for check in checks:
        page.get_by_label(check, exact=True).check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_text("The referral is sent.")).to_be_visible()
    referral_name = page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)
    sign_out(page, live_server)

    # -- the contact person sees the interpreter, accepts, hands over and deletes copies
    contact = sign_in_on_another_computer(new_context, live_server, guide_contact.email, code_for)
    contact.goto(f"{live_server.url}/referrals/")
    contact.get_by_role("link", name=referral_name, exact=True).click()
    summary = contact.get_by_role("region", name="Summary")
    expect(summary).to_contain_text("Needed: Tigrinya")
    contact.get_by_role("button", name="Accept", exact=True).click()
    expect(contact.get_by_role("region", name="Contact details")).to_contain_text(PHONE)
    expect(contact.get_by_role("main")).not_to_contain_text("Do not copy them elsewhere")
    assert_accessible(contact)
    contact.get_by_label(
        "I gave the details to the volunteer in person or by phone", exact=True
    ).check()
    contact.get_by_role("button", name="Contact made", exact=True).click()
    copies = contact.get_by_label(
        "Every copy of the person's details outside Brobygger is deleted", exact=True
    )
    expect(copies).to_have_attribute("aria-invalid", "true")
    assert_accessible(contact)
    copies.check()
    contact.get_by_role("button", name="Contact made", exact=True).click()
    expect(contact.get_by_text("Contact made. Thank you!")).to_be_visible()
    expect(contact.get_by_role("region", name="Contact details")).to_have_count(0)
    expect(contact.get_by_text(re.compile("confirmed that every copy"))).to_be_visible()
    assert_accessible(contact)

    # -- the coordinator sees the organisation that cannot receive referrals
    coord = sign_in_on_another_computer(new_context, live_server, coordinator.email, code_for)
    coord.goto(f"{live_server.url}/referrals/")
    coord.get_by_role("link", name="Organisations without an agreement").click()
    expect(heading(coord, "Organisations without an agreement")).to_be_visible()
    table = coord.get_by_role("table")
    expect(table).to_contain_text(NO_AGREEMENT)
    expect(table).not_to_contain_text(ORG_NAME)
    assert_accessible(coord)

    # -- what the data protection officer asks for: the record of processing, the retention
    coord.get_by_role("link", name="Back to the referrals").click()
    coord.get_by_role("link", name="Record of processing").click()
    expect(heading(coord, "Record of processing")).to_be_visible()
    expect(coord.get_by_role("main")).to_contain_text(ORG_NAME)  # a recipient
    assert_accessible(coord)
    coord.emulate_media(media="print")
    expect(coord.get_by_role("link", name="Retention periods")).to_be_hidden()
    coord.emulate_media(media="screen")
    coord.get_by_role("link", name="Retention periods").click()
    expect(heading(coord, "Retention periods")).to_be_visible()
    assert_accessible(coord)
    access_log = required_field(coord, "The access log, days")
    access_log.fill("100")
    coord.get_by_role("button", name="Save the retention periods").click()
    expect(access_log).to_have_attribute("aria-invalid", "true")
    access_log.fill("400")
    coord.get_by_role("button", name="Save the retention periods").click()
    expect(coord.get_by_text("The retention periods are saved.")).to_be_visible()

    # (4) The data protection officer's pages print as PDF: the retention periods just saved,
    # the record of processing and the impact assessment, each downloaded from its page.
    main = coord.get_by_role("main")

    def pdf_from() -> str:
        with coord.expect_download() as download:
            main.get_by_role("link", name="Download as PDF").click()
        with open(download.value.path(), "rb") as handle:
            document = read_pdf(handle.read())
        assert document.tagged
        assert document.language == "en"
        return " ".join(document.text.split())

    retention = pdf_from()
    assert "Retention periods – Drammen kommune" in retention
    assert re.search(r"The access log, days .*? 400 365–1825 days", retention)
    main.get_by_role("link", name="Record of processing").click()
    assert ORG_NAME in pdf_from()  # a recipient
    main.get_by_role("link", name="Data protection impact assessment").click()
    assert "Data protection impact assessment" in pdf_from()
