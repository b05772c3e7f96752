"""The referral pages: who sees what, the access log behind every personal display, two-factor
for contact persons, no-store, the printable forms and the e-mails that never name the person."""

import datetime
import json

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape

from notifications.services import notification_schedule, notifications_send_due
from referrals import services
from referrals.models import AccessLogEntry, Consent, InformationSheet, Person, Referral
from tests.factories import (
    SUITABLE,
    ConsentFactory,
    OrganizationFactory,
    PersonFactory,
    contact_agreement,
    person_of,
    refer,
    verified_in,
)
from tests.referrals.helpers import NOT_THE_PERSONS_CASEWORKERS, consent_data

pytestmark = pytest.mark.django_db

Reason = AccessLogEntry.Reason


@pytest.fixture(autouse=True)
def _english(english):
    """Every user created in these tests prefers English; assertions read English text."""


@pytest.fixture
def other_contact(municipality):
    """The contact person of another verified organisation in the same municipality."""
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    return person_of(organization, "contact", totp=True)


@pytest.fixture
def contact_without_totp(guide_organization):
    return person_of(guide_organization, "contact")


@pytest.fixture
def routed_referral(person, caseworker, guide_organization, guide_contact, coordinator):
    """A referral to the coordinator, under a consent that lets the municipality choose."""
    consent = ConsentFactory(person=person, municipality_chooses=True, recorded_by=caseworker)
    return services.referral_create(
        suitability=SUITABLE, person=person, consent=consent, by=caseworker
    )


def personal_values(person):
    return [person.given_name, person.family_name, person.phone, person.email]


def assert_no_personal_value(response, person):
    content = response.content.decode()
    for value in personal_values(person):
        assert value not in content


def log_count(user=None, reason=None):
    entries = AccessLogEntry.objects.all()
    if user is not None:
        entries = entries.filter(user=user)
    if reason is not None:
        entries = entries.filter(reason=reason)
    return entries.count()


# -- anonymous and the wrong people ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "needs_pk"),
    [
        ("referrals:list", False),
        ("referrals:persons", False),
        ("referrals:person_new", False),
        ("referrals:routing", False),
        ("referrals:sheets", False),
        ("referrals:access_log", False),
        ("referrals:person", True),
        ("referrals:person_edit", True),
        ("referrals:person_export", True),
        ("referrals:person_export_json", True),
        ("referrals:person_erase", True),
        ("referrals:consent_new", True),
        ("referrals:referral_new", True),
        ("referrals:consent", True),
        ("referrals:consent_print", True),
        ("referrals:consent_renew", True),
        ("referrals:consent_withdraw", True),
        ("referrals:referral", True),
        ("referrals:route", True),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, name, needs_pk):
    url = reverse(name, args=[1] if needs_pk else [])
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("name", ["accept", "decline", "contact", "unreachable", "close"])
def test_anonymous_posts_are_sent_to_sign_in_and_change_nothing(client, referral, name):
    response = client.post(reverse(f"referrals:{name}", args=[referral.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED


@pytest.mark.parametrize(
    "role", ["plain_user", "member", "guide_admin", "guide_contact", "coordinator"]
)
def test_only_caseworkers_have_a_person_list(client, request, person, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("referrals:persons")).status_code == 403
    assert client.get(reverse("referrals:person_new")).status_code == 403


@pytest.mark.parametrize("role", NOT_THE_PERSONS_CASEWORKERS)
@pytest.mark.parametrize(
    "name",
    [
        "person",
        "person_edit",
        "person_export",
        "person_export_json",
        "person_erase",
        "consent_new",
        "referral_new",
    ],
)
def test_person_pages_do_not_exist_outside_the_caseworkers_municipality(
    client, request, person, consent, role, name
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(reverse(f"referrals:{name}", args=[person.pk])).status_code == 404
    assert log_count() == 0


@pytest.mark.parametrize(
    "role", ["plain_user", "member", "guide_admin", "coordinator", "other_caseworker"]
)
@pytest.mark.parametrize("name", ["consent", "consent_print", "consent_renew", "consent_withdraw"])
def test_consent_pages_are_for_the_persons_caseworkers_only(client, request, consent, role, name):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(f"referrals:{name}", args=[consent.pk])).status_code == 404
    assert log_count() == 0


@pytest.mark.parametrize(
    "role", ["plain_user", "member", "guide_admin", "other_contact", "other_caseworker"]
)
def test_a_referral_does_not_exist_for_anyone_outside_it(client, request, referral, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(referral.get_absolute_url()).status_code == 404
    for name in ("accept", "decline", "contact", "unreachable", "close"):
        assert client.post(reverse(f"referrals:{name}", args=[referral.pk])).status_code == 404
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    assert log_count() == 0


@pytest.mark.parametrize("role", ["plain_user", "member", "guide_admin"])
def test_organisation_people_who_are_not_contact_persons_have_no_referral_list(
    client, request, referral, role
):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("referrals:list")).status_code == 403


# -- persons ------------------------------------------------------------------------------------


def test_the_caseworker_lists_names_without_contact_details(client, caseworker, person):
    client.force_login(caseworker)
    response = client.get(reverse("referrals:persons"))
    assert response.status_code == 200
    assert person.given_name in response.content.decode()
    assert person.phone not in response.content.decode()
    assert person.email not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_person_list_searches_by_name(client, caseworker, person, municipality):
    other = PersonFactory(municipality=municipality, given_name="Yusuf", family_name="Omari")
    client.force_login(caseworker)
    content = client.get(reverse("referrals:persons"), {"q": "yusuf"}).content.decode()
    assert other.given_name in content
    assert person.given_name not in content


def _logged(user, reason) -> list[tuple]:
    return sorted(
        AccessLogEntry.objects.filter(user=user, reason=reason).values_list(
            "person_id", "referral_id", "path"
        )
    )


def test_the_person_list_logs_exactly_the_persons_on_the_page(client, caseworker, municipality):
    """One entry per name shown (not one per page): the log is read per person. Written in one
    query, with the path only."""
    persons = [
        PersonFactory(municipality=municipality, family_name=f"Lind{index:02}")
        for index in range(30)
    ]
    erased = PersonFactory(municipality=municipality, family_name="Lind99")
    services.person_erase(person=erased, by=caseworker)
    url = reverse("referrals:persons")
    client.force_login(caseworker)

    assert client.get(url).status_code == 200
    assert _logged(caseworker, Reason.PERSON_LIST) == [(p.pk, None, url) for p in persons[:25]]
    client.get(url, {"page": 2})
    assert _logged(caseworker, Reason.PERSON_LIST) == [(p.pk, None, url) for p in persons]


def test_a_name_search_logs_the_persons_found_and_never_the_search(
    client, caseworker, person, municipality
):
    found = PersonFactory(municipality=municipality, given_name="Yusuf", family_name="Omari")
    url = reverse("referrals:persons")
    client.force_login(caseworker)

    assert "Omari" in client.get(url, {"q": "omari"}).content.decode()
    assert _logged(caseworker, Reason.PERSON_SEARCH) == [(found.pk, None, url)]
    assert "No persons match." in client.get(url, {"q": "Zzyzx"}).content.decode()
    assert log_count() == 1  # nothing shown, nothing logged
    assert not AccessLogEntry.objects.filter(path__contains="omari").exists()


def test_the_referral_list_logs_the_persons_a_caseworker_sees_by_name(
    client, caseworker, coordinator, guide_contact, referral, municipality, guide_organization
):
    other = PersonFactory(municipality=municipality)
    second = refer(
        other,
        ConsentFactory(person=other, organizations=[guide_organization]),
        caseworker,
        guide_organization,
    )
    url = reverse("referrals:list")
    client.force_login(caseworker)

    content = client.get(url).content.decode()
    assert referral.person.given_name in content
    assert other.given_name in content
    assert _logged(caseworker, Reason.REFERRAL_LIST) == sorted(
        [(referral.person_id, referral.pk, url), (other.pk, second.pk, url)]
    )
    client.get(url, {"status": "declined"})  # no referral shown
    assert log_count() == 2

    for user in (coordinator, guide_contact):  # they see no names: nothing to log
        client.force_login(user)
        assert str(referral) in client.get(url).content.decode()
    assert log_count() == 2


def test_a_caseworker_sees_no_person_of_another_municipality_in_the_list(
    client, other_caseworker, person
):
    client.force_login(other_caseworker)
    assert person.given_name not in client.get(reverse("referrals:persons")).content.decode()


def test_the_person_page_shows_the_details_and_is_logged(client, caseworker, person, consent):
    client.force_login(caseworker)
    url = reverse("referrals:person", args=[person.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert person.phone in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.person_id, entry.reason, entry.path) == (
        caseworker,
        person.pk,
        Reason.PERSON_PAGE,
        url,
    )


def test_registering_a_person_leads_to_the_consent(client, caseworker, municipality):
    client.force_login(caseworker)
    response = client.post(
        reverse("referrals:person_new"),
        {
            "given_name": "Layla",
            "family_name": "Karimi",
            "phone": "+47 40000001",
            "postal_code": "3015",
            "postal_area": "Strømsø",
            "languages": ["ar", "nb"],
            "interests": ["sports"],
            "household": "single",
        },
    )
    person = Person.objects.get(given_name="Layla")
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:consent_new", args=[person.pk])
    assert person.municipality == municipality
    assert person.languages == ["ar", "nb"]


def test_the_person_form_keeps_the_input_and_explains_a_missing_contact(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("referrals:person_new"), {"given_name": "Layla", "postal_code": "30a"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Layla"' in content
    assert "A Norwegian postcode has 4 digits" in content
    response = client.post(reverse("referrals:person_new"), {"given_name": "Layla"})
    content = response.content.decode()
    assert 'value="Layla"' in content
    assert "Give a phone number or an e-mail address" in content
    assert not Person.objects.exists()


def test_both_free_text_fields_warn_against_sensitive_information(client, caseworker, person):
    client.force_login(caseworker)
    content = client.get(reverse("referrals:person_new")).content.decode()
    assert content.count("Never write anything about: health; ethnic origin") >= 2
    ConsentFactory(person=person, organizations=[])
    content = client.get(reverse("referrals:referral_new", args=[person.pk])).content.decode()
    assert content.count("Never write anything about: health; ethnic origin") >= 2


def test_editing_a_person_saves_and_is_logged(client, caseworker, person):
    client.force_login(caseworker)
    url = reverse("referrals:person_edit", args=[person.pk])
    assert person.phone in client.get(url).content.decode()
    assert log_count(caseworker, Reason.PERSON_PAGE) == 1
    data = {
        "given_name": "Changed",
        "family_name": person.family_name,
        "email": person.email,
        "household": "single",
    }
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.given_name == "Changed"
    assert person.phone == ""


# -- consent ------------------------------------------------------------------------------------


def test_the_consent_form_refuses_without_the_persons_confirmation_and_keeps_the_input(
    client, caseworker, person, guide_organization
):
    client.force_login(caseworker)
    url = reverse("referrals:consent_new", args=[person.pk])
    response = client.post(url, consent_data(guide_organization, person_confirmed=None))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Tick this box only when the person has confirmed" in content
    assert 'value="A guide to get to know Drammen"' in content
    assert not Consent.objects.exists()


def test_a_confirmed_consent_is_recorded(client, caseworker, person, guide_organization):
    client.force_login(caseworker)
    url = reverse("referrals:consent_new", args=[person.pk])
    response = client.post(url, consent_data(guide_organization))
    consent = Consent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == consent.get_absolute_url()
    assert list(consent.organizations.all()) == [guide_organization]
    assert consent.offer_note == "A guide to get to know Drammen"


def test_the_service_errors_appear_next_to_the_fields(
    client, caseworker, person, guide_organization
):
    client.force_login(caseworker)
    url = reverse("referrals:consent_new", args=[person.pk])
    response = client.post(
        url, consent_data(guide_organization, shared_fields=["name"], valid_until="2020-01-01")
    )
    # The form comes in steps: the first step with an error is shown, with that error.
    content = response.content.decode()
    assert "Allow at least the phone number or the e-mail address" in content
    response = client.post(url, consent_data(guide_organization, valid_until="2020-01-01"))
    content = response.content.decode()
    assert "The consent must be valid until today or later." in content
    assert not Consent.objects.exists()


def test_the_consent_form_offers_only_verified_organisations_of_the_municipality(
    client, caseworker, person, guide_organization, municipality, other_municipality
):
    pending = OrganizationFactory(name="Pending Lag", municipalities=[municipality])
    elsewhere = verified_in(other_municipality, "Asker Lag")
    client.force_login(caseworker)
    # The organisations are the consent form's second step.
    first_step = {"step": "0", "informed_on": "2026-12-07", "information_language": "en"}
    response = client.post(reverse("referrals:consent_new", args=[person.pk]), first_step)
    content = response.content.decode()
    assert "Step 2 of 3" in content
    assert guide_organization.name in content
    assert pending.name not in content
    assert elsewhere.name not in content


def test_the_printable_consent_form_is_logged(client, caseworker, consent):
    client.force_login(caseworker)
    response = client.get(reverse("referrals:consent_print", args=[consent.pk]))
    assert response.status_code == 200
    assert consent.person.given_name in response.content.decode()
    assert 'lang="en" dir="ltr"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert log_count(caseworker, Reason.CONSENT_FORM) == 1


def test_the_printable_consent_form_in_arabic_reads_right_to_left(
    client, caseworker, person, municipality, guide_organization
):
    sheet = InformationSheet.objects.create(
        municipality=municipality,
        language="ar",
        version=2,
        title="معلومات",
        body="نص المعلومات",
        consent_text="أوافق",
    )
    consent = ConsentFactory(
        person=person,
        information_language="ar",
        information_sheet=sheet,
        organizations=[guide_organization],
    )
    client.force_login(caseworker)
    content = client.get(reverse("referrals:consent_print", args=[consent.pk])).content.decode()
    assert 'lang="ar" dir="rtl"' in content
    assert "نص المعلومات" in content


def test_renewing_a_consent(client, caseworker, consent):
    client.force_login(caseworker)
    url = reverse("referrals:consent_renew", args=[consent.pk])
    assert client.get(url).status_code == 200
    too_late = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    response = client.post(url, {"valid_until": too_late})
    assert "at most a year" in response.content.decode()
    new_end = (timezone.localdate() + datetime.timedelta(days=300)).isoformat()
    assert client.post(url, {"valid_until": new_end}).status_code == 302
    consent.refresh_from_db()
    assert consent.valid_until.isoformat() == new_end


def test_withdrawal_asks_first_then_stops_every_open_referral(
    client, caseworker, consent, referral, guide_contact
):
    client.force_login(caseworker)
    url = reverse("referrals:consent_withdraw", args=[consent.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert str(referral) in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    response = client.post(url, {"withdrawn_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    client.force_login(guide_contact)
    response = client.get(referral.get_absolute_url())
    assert response.status_code == 200
    assert_no_personal_value(response, referral.person)
    assert "Consent withdrawn" in response.content.decode()
    assert log_count(guide_contact) == 0


def test_a_withdrawal_date_in_the_future_is_refused_next_to_the_field(client, caseworker, consent):
    client.force_login(caseworker)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("referrals:consent_withdraw", args=[consent.pk]), {"withdrawn_on": tomorrow}
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


# -- export and erasure -------------------------------------------------------------------------


def test_the_export_is_a_json_download_and_a_readable_page(client, caseworker, person, referral):
    client.force_login(caseworker)
    response = client.get(reverse("referrals:person_export_json", args=[person.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["person"]["phone"] == person.phone
    assert [r["id"] for r in data["referrals"]] == [referral.pk]
    response = client.get(reverse("referrals:person_export", args=[person.pk]))
    assert person.phone in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert log_count(caseworker, Reason.PERSON_EXPORT) == 2


def test_erasure_asks_first_then_erases_at_once(client, caseworker, person, referral):
    client.force_login(caseworker)
    url = reverse("referrals:person_erase", args=[person.pk])
    assert client.get(url).status_code == 200
    person.refresh_from_db()
    assert not person.is_erased
    phone = person.phone
    assert client.post(url).status_code == 302
    person.refresh_from_db()
    referral.refresh_from_db()
    assert person.is_erased
    assert referral.status == Referral.Status.WITHDRAWN
    response = client.get(reverse("referrals:person", args=[person.pk]))
    assert phone not in response.content.decode()
    assert client.get(url).status_code == 404


# -- making a referral --------------------------------------------------------------------------


def test_a_referral_form_offers_only_valid_consents_and_covered_organisations(
    client, caseworker, person, consent, guide_organization, guide_contact, municipality
):
    uncovered = verified_in(municipality, "Ikke Dekket")
    client.force_login(caseworker)
    url = reverse("referrals:referral_new", args=[person.pk])
    content = client.get(url).content.decode()
    assert guide_organization.name in content
    assert uncovered.name not in content
    response = client.post(
        url,
        {
            "consent": consent.pk,
            "organization": guide_organization.pk,
            "note": "Evenings",
            "suitability": SUITABLE,
        },
    )
    referral = Referral.objects.get()
    assert response["Location"] == referral.get_absolute_url()
    assert referral.organization == guide_organization
    response = client.post(
        url,
        {"consent": consent.pk, "organization": guide_organization.pk, "suitability": SUITABLE},
    )
    assert "There is already an open referral to this organisation." in response.content.decode()
    assert Referral.objects.count() == 1


def test_without_a_valid_consent_the_caseworker_is_sent_to_record_one(client, caseworker, person):
    client.force_login(caseworker)
    response = client.get(reverse("referrals:referral_new", args=[person.pk]))
    assert response["Location"] == reverse("referrals:consent_new", args=[person.pk])


# -- the contact person -------------------------------------------------------------------------


def test_the_contact_person_sees_the_summary_then_the_contact_then_nothing(
    client, guide_contact, referral
):
    person = referral.person
    client.force_login(guide_contact)
    url = referral.get_absolute_url()

    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Practise Norwegian" in content
    assert person.postal_area in content
    assert_no_personal_value(response, person)
    assert "no-store" in response["Cache-Control"]
    assert log_count(guide_contact, Reason.REFERRAL_SUMMARY) == 1

    assert client.post(reverse("referrals:accept", args=[referral.pk])).status_code == 302
    response = client.get(url)
    content = response.content.decode()
    assert person.phone in content
    assert person.email in content
    assert person.given_name in content
    assert log_count(guide_contact, Reason.REFERRAL_CONTACT) == 1

    assert (
        client.post(
            reverse("referrals:contact", args=[referral.pk]),
            {"handover": "in_person", "copies_deleted": "on"},
        ).status_code
        == 302
    )
    response = client.get(url)
    assert_no_personal_value(response, person)
    assert person.postal_area not in response.content.decode()
    assert "Contact made" in response.content.decode()
    assert log_count(guide_contact) == 2


def test_the_contact_person_sees_only_what_the_consent_allows(
    client, guide_contact, caseworker, person, guide_organization
):
    consent = ConsentFactory(
        person=person, organizations=[guide_organization], shared_fields=["phone", "interests"]
    )
    referral = refer(person, consent, caseworker, guide_organization)
    client.force_login(guide_contact)
    content = client.get(referral.get_absolute_url()).content.decode()
    assert "Practise Norwegian" in content
    assert person.postal_area not in content
    services.referral_accept(referral=referral, by=guide_contact)
    content = client.get(referral.get_absolute_url()).content.decode()
    assert person.phone in content
    assert person.email not in content
    assert person.given_name not in content


def test_could_not_reach_also_ends_the_access(client, guide_contact, referral):
    services.referral_accept(referral=referral, by=guide_contact)
    client.force_login(guide_contact)
    assert (
        client.post(
            reverse("referrals:unreachable", args=[referral.pk]), {"copies_deleted": "on"}
        ).status_code
        == 302
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.UNREACHABLE
    assert_no_personal_value(client.get(referral.get_absolute_url()), referral.person)


def test_declining_needs_a_reason_from_the_list_and_keeps_the_form(client, guide_contact, referral):
    client.force_login(guide_contact)
    url = reverse("referrals:decline", args=[referral.pk])
    response = client.post(url, {"note": "We start a new group in May"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert "We start a new group in May" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    response = client.post(url, {"category": "no_capacity", "note": "We start a group in May"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED
    assert (referral.decline_category, referral.decline_reason) == (
        "no_capacity",
        "We start a group in May",
    )
    assert_no_personal_value(client.get(referral.get_absolute_url()), referral.person)


def test_a_decline_note_with_a_phone_number_is_held_back_until_confirmed(
    client, guide_contact, referral
):
    """As announcements are checked: the note is refused with what was found, and the box to
    confirm that it is not personal data appears only then."""
    client.force_login(guide_contact)
    url = reverse("referrals:decline", args=[referral.pk])
    form = client.get(referral.get_absolute_url()).content.decode()
    assert 'name="category"' in form
    assert "confirm_no_personal_data" not in form
    note = "Amina is with us already, ring +47 912 34 567"
    response = client.post(url, {"category": "already_in_contact", "note": note})
    content = response.content.decode()
    assert response.status_code == 400
    assert "This may be personal data" in content
    assert "+47 912 34 567" in content
    assert "Remove the phone number or e-mail address" in content
    assert 'name="confirm_no_personal_data"' in content
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    response = client.post(
        url, {"category": "already_in_contact", "note": note, "confirm_no_personal_data": "on"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (Referral.Status.DECLINED, note)


def test_only_the_caseworker_sees_the_decline_note_and_everyone_the_category(
    client, caseworker, coordinator, guide_contact, referral
):
    services.referral_decline(
        referral=referral,
        by=guide_contact,
        category="already_in_contact",
        note="Try Amina's cousin Leyla instead",
    )
    seen = {}
    for user in (caseworker, coordinator, guide_contact):
        client.force_login(user)
        seen[user] = client.get(referral.get_absolute_url()).content.decode()
    for content in seen.values():
        assert "The person is already in contact with us" in content
    assert "Try Amina&#x27;s cousin Leyla instead" in seen[caseworker]
    assert "Leyla" not in seen[coordinator]
    assert "Leyla" not in seen[guide_contact]


def test_actions_only_by_get_are_refused(client, guide_contact, referral):
    client.force_login(guide_contact)
    for name in ("accept", "decline", "contact", "unreachable", "close"):
        assert client.get(reverse(f"referrals:{name}", args=[referral.pk])).status_code == 405


def test_an_action_of_another_role_is_a_403_not_a_500(client, guide_contact, caseworker, referral):
    client.force_login(guide_contact)
    assert client.post(reverse("referrals:close", args=[referral.pk])).status_code == 403
    client.force_login(caseworker)
    for name in ("accept", "decline", "contact", "unreachable"):
        response = client.post(
            reverse(f"referrals:{name}", args=[referral.pk]), {"category": "other"}
        )
        assert response.status_code == 403, name
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED


# -- acting on a referral that has moved on -------------------------------------------------------


def _moved(referral, to, *, caseworker, guide_contact):
    """Bring the referral to state `to` the way people do."""
    if to in ("accepted", "accepted_consent_lapsed", "contact_made", "unreachable"):
        services.referral_accept(referral=referral, by=guide_contact)
    if to in ("contact_made", "unreachable"):
        services.referral_record_contact(
            copies_deleted=True,
            handover="self",
            referral=referral,
            by=guide_contact,
            reached=to == "contact_made",
        )
    if to in ("declined", "closed"):
        services.referral_decline(referral=referral, by=guide_contact, category="no_capacity")
    if to == "closed":
        services.referral_close(referral=referral, by=caseworker)
    if to == "withdrawn":
        services.consent_withdraw(
            consent=referral.consent, by=caseworker, withdrawn_on=timezone.localdate()
        )
    if to == "expired":
        services.referrals_expire(now=timezone.now() + datetime.timedelta(days=400))
    if to.endswith("consent_lapsed"):  # the consent ran out; the nightly job has not run yet
        Consent.objects.filter(pk=referral.consent_id).update(
            valid_from=timezone.localdate() - datetime.timedelta(days=30),
            valid_until=timezone.localdate() - datetime.timedelta(days=1),
        )
    referral.refresh_from_db()


MOVED_ON = [
    # (state the referral is in, what the user tries, what they are told)
    ("declined", "accept", "This referral was declined on"),
    ("declined", "decline", "This referral was declined on"),
    ("declined", "contact", "This referral was declined on"),
    ("withdrawn", "accept", "The caseworker stopped this referral on"),
    ("withdrawn", "decline", "The caseworker stopped this referral on"),
    ("withdrawn", "contact", "The caseworker stopped this referral on"),
    ("withdrawn", "unreachable", "The caseworker stopped this referral on"),
    ("expired", "accept", "The person's consent ran out, so this referral ended on"),
    ("expired", "contact", "The person's consent ran out, so this referral ended on"),
    ("consent_lapsed", "accept", "The person's consent no longer covers this referral."),
    ("accepted_consent_lapsed", "contact", "The person's consent no longer covers this referral."),
    ("accepted", "accept", "This referral was already accepted on"),
    ("accepted", "decline", "This referral was already accepted on"),
    ("contact_made", "contact", "How the contact went was already recorded on"),
    ("contact_made", "unreachable", "How the contact went was already recorded on"),
    ("unreachable", "accept", "How the contact went was already recorded on"),
    ("closed", "contact", "The caseworker closed this referral on"),
    ("submitted", "contact", "This referral has not been accepted yet. Accept it first"),
    ("submitted", "unreachable", "This referral has not been accepted yet. Accept it first"),
]


@pytest.mark.parametrize(("state", "action", "told"), MOVED_ON)
def test_the_contact_person_is_told_what_happened_instead_of_a_403(
    client, caseworker, guide_contact, referral, state, action, told
):
    _moved(referral, state, caseworker=caseworker, guide_contact=guide_contact)
    before = (referral.status, referral.events.count())
    client.force_login(guide_contact)

    response = client.post(
        reverse(f"referrals:{action}", args=[referral.pk]), {"category": "other"}
    )

    assert response.status_code == 302
    assert response["Location"] == referral.get_absolute_url()
    page = client.get(response["Location"])
    content = page.content.decode()
    assert escape(told) in content
    if "on" in told.split():  # the date it happened, as the page writes dates
        moment = referral.ended_at or referral.accepted_at
        assert date_format(timezone.localtime(moment), "DATE_FORMAT") in content
    referral.refresh_from_db()
    assert (referral.status, referral.events.count()) == before
    if state not in ("accepted",):
        assert_no_personal_value(page, referral.person)


@pytest.mark.parametrize(
    ("state", "told"),
    [
        ("closed", "The caseworker closed this referral on"),
        ("withdrawn", "The caseworker stopped this referral on"),
        ("expired", "The person's consent ran out"),
    ],
)
def test_the_caseworker_closing_an_ended_referral_is_told_what_happened(
    client, caseworker, guide_contact, referral, state, told
):
    _moved(referral, state, caseworker=caseworker, guide_contact=guide_contact)
    client.force_login(caseworker)
    response = client.post(reverse("referrals:close", args=[referral.pk]), follow=True)
    assert response.redirect_chain[-1][0] == referral.get_absolute_url()
    assert escape(told) in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == state


def test_a_contact_person_without_two_factor_is_sent_to_set_it_up(
    client, contact_without_totp, referral
):
    client.force_login(contact_without_totp)
    for url in (referral.get_absolute_url(), reverse("referrals:list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    response = client.post(reverse("referrals:accept", args=[referral.pk]))
    assert response["Location"] == reverse("mfa_activate_totp")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    assert log_count() == 0
    response = client.get(referral.get_absolute_url(), follow=True)
    assert "Set up two-factor authentication first" in response.content.decode()


def test_the_contact_persons_list_shows_their_referrals_without_names(
    client, guide_contact, other_contact, referral
):
    client.force_login(guide_contact)
    response = client.get(reverse("referrals:list"))
    assert str(referral) in response.content.decode()
    assert_no_personal_value(response, referral.person)
    client.force_login(other_contact)
    assert str(referral) not in client.get(reverse("referrals:list")).content.decode()


# -- the caseworker and the coordinator on a referral -------------------------------------------


def test_the_caseworker_follows_the_referral_with_a_time_line(
    client, caseworker, guide_contact, referral
):
    services.referral_decline(
        referral=referral, by=guide_contact, category="no_capacity", note="Full until March"
    )
    client.force_login(caseworker)
    response = client.get(referral.get_absolute_url())
    content = response.content.decode()
    assert referral.person.given_name in content
    assert "Status: Submitted" in content
    assert "Status: Declined" in content
    assert "Full until March" in content
    assert log_count(caseworker, Reason.REFERRAL_SUMMARY) == 1
    assert client.post(reverse("referrals:close", args=[referral.pk])).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED


def test_the_coordinator_sees_statuses_only(client, coordinator, referral):
    client.force_login(coordinator)
    for url in (referral.get_absolute_url(), reverse("referrals:list")):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_personal_value(response, referral.person)
        assert referral.person.postal_area not in response.content.decode()
        assert "Submitted" in response.content.decode()
    assert log_count() == 0


def test_the_other_municipalitys_coordinator_sees_no_referral(client, other_coordinator, referral):
    client.force_login(other_coordinator)
    assert client.get(referral.get_absolute_url()).status_code == 404
    assert str(referral) not in client.get(reverse("referrals:list")).content.decode()


def test_the_referral_list_filters_by_status_and_organisation(
    client, caseworker, referral, guide_organization
):
    client.force_login(caseworker)
    url = reverse("referrals:list")
    assert str(referral) in client.get(url, {"status": "submitted"}).content.decode()
    assert str(referral) not in client.get(url, {"status": "accepted"}).content.decode()
    content = client.get(url, {"organization": guide_organization.pk}).content.decode()
    assert str(referral) in content


# -- routing ------------------------------------------------------------------------------------


def test_the_routing_page_shows_the_summary_without_name_and_logs_it(
    client, coordinator, routed_referral
):
    client.force_login(coordinator)
    response = client.get(reverse("referrals:routing"))
    content = response.content.decode()
    assert str(routed_referral) in content
    assert "Practise Norwegian" in content
    assert_no_personal_value(response, routed_referral.person)
    assert "no-store" in response["Cache-Control"]
    assert log_count(coordinator, Reason.ROUTING) == 1


def test_the_coordinator_routes_to_a_covered_organisation(
    client, coordinator, routed_referral, guide_organization
):
    client.force_login(coordinator)
    url = reverse("referrals:route", args=[routed_referral.pk])
    response = client.get(url)
    assert guide_organization.name in response.content.decode()
    assert_no_personal_value(response, routed_referral.person)
    assert log_count(coordinator, Reason.ROUTING) == 1
    response = client.post(url, {"organization": guide_organization.pk})
    assert response.status_code == 302
    routed_referral.refresh_from_db()
    assert routed_referral.status == Referral.Status.ROUTED
    assert routed_referral.organization == guide_organization
    assert client.get(url).status_code == 302  # no longer waiting


def test_a_routing_choice_the_service_refuses_is_a_form_error(
    client, coordinator, routed_referral, municipality
):
    no_contact = verified_in(municipality, "Uten Kontakt")
    contact_agreement(no_contact, municipality)
    client.force_login(coordinator)
    response = client.post(
        reverse("referrals:route", args=[routed_referral.pk]), {"organization": no_contact.pk}
    )
    assert response.status_code == 200
    assert "no contact person in Brobygger" in response.content.decode()


@pytest.mark.parametrize("role", ["caseworker", "guide_contact", "plain_user"])
def test_routing_is_for_coordinators(client, request, routed_referral, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("referrals:routing")).status_code == 403
    response = client.post(
        reverse("referrals:route", args=[routed_referral.pk]), {"organization": 1}
    )
    assert response.status_code == 404
    routed_referral.refresh_from_db()
    assert routed_referral.status == Referral.Status.SUBMITTED


# -- information sheets -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["caseworker", "coordinator"])
def test_municipal_staff_print_the_sheet_and_arabic_reads_right_to_left(
    client, request, role, municipality
):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("referrals:sheets")).status_code == 200
    InformationSheet.objects.create(
        municipality=municipality, language="ar", version=2, body="نص", consent_text="أوافق"
    )
    content = client.get(reverse("referrals:sheet_print", args=["ar"])).content.decode()
    assert 'lang="ar" dir="rtl"' in content
    content = client.get(reverse("referrals:sheet_print", args=["nb"])).content.decode()
    assert 'lang="nb" dir="ltr"' in content
    assert "Kommunen har taushetsplikt" in content


@pytest.mark.parametrize("role", ["plain_user", "guide_contact", "member"])
def test_information_sheets_are_for_municipalstaff_of(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("referrals:sheets")).status_code == 403
    assert client.get(reverse("referrals:sheet_print", args=["en"])).status_code == 403


def test_the_coordinator_edits_a_sheet_and_each_save_is_a_version(
    client, coordinator, municipality
):
    client.force_login(coordinator)
    url = reverse("referrals:sheet_edit", args=["ar"])
    assert 'dir="rtl"' in client.get(url).content.decode()
    data = {"title": "معلومات", "body": "نص", "consent_text": "أوافق"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "body": "نص جديد"}).status_code == 302
    versions = InformationSheet.objects.filter(municipality=municipality, language="ar")
    assert sorted(versions.values_list("version", flat=True)) == [2, 3]
    content = client.get(url).content.decode()
    assert "Version 3" in content
    assert "Version 1" in content
    old = client.get(reverse("referrals:sheet_print", args=["ar"]), {"version": 2})
    assert "نص جديد" not in old.content.decode()


def test_caseworkers_do_not_edit_sheets(client, caseworker):
    client.force_login(caseworker)
    url = reverse("referrals:sheet_edit", args=["en"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x", "body": "y", "consent_text": "z"}).status_code == 403


# -- the access log -----------------------------------------------------------------------------


def test_the_coordinator_reads_the_access_log_and_filters_it(
    client, coordinator, caseworker, person, municipality
):
    other_person = PersonFactory(municipality=municipality)
    for who in (person, other_person):
        services.access_log_record(
            user=caseworker, person=who, reason=Reason.PERSON_PAGE, path="/referrals/x/"
        )
    client.force_login(coordinator)
    response = client.get(reverse("referrals:access_log"), {"person": person.pk})
    content = response.content.decode()
    assert response.status_code == 200
    assert caseworker.email in content
    assert "1 entry" in content
    assert person.given_name not in content
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["caseworker", "guide_contact", "plain_user"])
def test_only_coordinators_read_the_access_log(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("referrals:access_log")).status_code == 403


def test_another_municipalitys_coordinator_sees_none_of_its_entries(
    client, other_coordinator, caseworker, person
):
    services.access_log_record(user=caseworker, person=person, reason="person_page", path="/x")
    client.force_login(other_coordinator)
    assert caseworker.email not in client.get(reverse("referrals:access_log")).content.decode()


# -- e-mails ------------------------------------------------------------------------------------

EMAIL_KINDS = [
    "referral_received",
    "referral_to_route",
    "referral_reminder",
    "referral_escalation",
    "referral_contact_reminder",
    "referral_answered",
    "referral_withdrawn",
]


@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_no_email_names_the_person(kind, referral, guide_contact):
    from referrals.services import _context

    mail.outbox.clear()
    notification_schedule(
        recipient=guide_contact,
        kind=kind,
        subject=referral,
        due_at=timezone.now().replace(microsecond=0),
        context=_context(referral),
    )
    assert notifications_send_due(now=timezone.now()) >= 1
    message = [m for m in mail.outbox if m.to == [guide_contact.email]][-1]
    texts = [message.subject, message.body, message.alternatives[0][0]]
    for text in texts:
        for value in [*personal_values(referral.person), referral.person.postal_area]:
            assert value not in text
        assert referral.note not in text
    assert f"#{referral.pk}" in message.subject
    assert "A refugee guide" in message.body
    assert "Change your profile and language" in message.alternatives[0][0]


# -- dashboard and navigation -------------------------------------------------------------------


def test_the_dashboard_counts_open_and_waiting_referrals(
    client, caseworker, guide_contact, referral
):
    client.force_login(caseworker)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Open referrals in your municipality" in content
    assert reverse("referrals:persons") in content
    client.force_login(guide_contact)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Referrals waiting for your answer" in content
    assert reverse("referrals:list") in content


def test_organisation_admins_get_no_referral_link(client, guide_admin):
    client.force_login(guide_admin)
    content = client.get(reverse("dashboard")).content.decode()
    assert reverse("referrals:list") not in content


# -- query counts -------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_person_list_costs_the_same_for_1_and_30_persons(
    client, caseworker, municipality, django_assert_max_num_queries
):
    client.force_login(caseworker)
    url = reverse("referrals:persons")
    PersonFactory(municipality=municipality)
    few = _queries(client, url)
    PersonFactory.create_batch(29, municipality=municipality)
    with django_assert_max_num_queries(15):
        assert _queries(client, url) == few
    assert log_count(caseworker, Reason.PERSON_LIST) == 1 + 25  # one insert, a page of entries


@pytest.mark.parametrize("role", ["caseworker", "coordinator", "guide_contact"])
def test_the_referral_list_costs_the_same_for_1_and_30_referrals(
    client,
    request,
    role,
    caseworker,
    guide_organization,
    guide_contact,
    municipality,
    django_assert_max_num_queries,
):
    def make():
        person = PersonFactory(municipality=municipality)
        consent = ConsentFactory(person=person, organizations=[guide_organization])
        refer(person, consent, caseworker, guide_organization)

    make()
    client.force_login(request.getfixturevalue(role))
    url = reverse("referrals:list")
    few = _queries(client, url)
    for _ in range(29):
        make()
    with django_assert_max_num_queries(15):
        assert _queries(client, url) == few
    assert Referral.objects.count() == 30
    # Only the caseworker sees names: one insert per page, a page of entries.
    assert log_count(reason=Reason.REFERRAL_LIST) == (1 + 25 if role == "caseworker" else 0)


def test_the_referral_lists_organisation_filter_loads_names_only(
    client, caseworker, guide_organization, guide_contact, municipality
):
    """A large municipality's filter lists some 1,400 organisations: loading each whole profile
    took most of the page's time (issue #24). The <option>s need the id and the name."""
    person = PersonFactory(municipality=municipality)
    consent = ConsentFactory(person=person, organizations=[guide_organization])
    services.referral_create(
        suitability=SUITABLE,
        person=person,
        consent=consent,
        by=caseworker,
        organization=guide_organization,
    )
    client.force_login(caseworker)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("referrals:list")).content.decode()

    options = [
        q["sql"]
        for q in queries.captured_queries
        if 'organizations_organization"."id" IN (SELECT' in q["sql"]
    ]
    assert options, [q["sql"][:300] for q in queries.captured_queries]
    for sql in options:
        selected = sql[: sql.index(" FROM ")]
        assert selected.count(", ") == 1, sql  # the id and the name
    assert (
        f'<option value="{guide_organization.pk}">{escape(guide_organization.name)}</option>'
        in page
    )


def test_the_referral_lists_organisation_filter_builds_no_organisation_objects(
    caseworker, municipality
):
    """The <option>s come from the id and the name as values: no Organization is built per
    option (issue #24); the one chosen is still looked up, so an id outside the list is refused."""
    from django.db.models.signals import post_init

    from organizations.models import Organization
    from referrals.filters import ReferralFilter

    names = [f"Filterlag {n}" for n in range(5)]
    for name in names:
        OrganizationFactory(name=name, verified=True, municipalities=[municipality])
    outsider = OrganizationFactory(name="Utenfor", verified=True, municipalities=[municipality])
    listed = Organization.objects.filter(name__in=names).only("pk", "name").order_by("name")
    built = []

    def count(**kwargs):
        built.append(kwargs["instance"])

    post_init.connect(count, sender=Organization)
    try:
        html = str(ReferralFilter(organizations=listed).form["organization"])
    finally:
        post_init.disconnect(count, sender=Organization)
    assert built == []
    assert [n for n in names if f">{n}</option>" in html] == names
    assert "Utenfor" not in html

    form = ReferralFilter({"organization": str(outsider.pk)}, organizations=listed).form
    assert not form.is_valid()
    chosen = Organization.objects.get(name=names[2])
    form = ReferralFilter({"organization": str(chosen.pk)}, organizations=listed).form
    assert form.is_valid()
    assert form.cleaned_data["organization"] == chosen


def test_the_access_log_list_costs_the_same_for_1_and_30_entries(
    client, coordinator, caseworker, person, django_assert_max_num_queries
):
    services.access_log_record(user=caseworker, person=person, reason="person_page", path="/x")
    client.force_login(coordinator)
    url = reverse("referrals:access_log")
    few = _queries(client, url)
    for _ in range(29):
        services.access_log_record(user=caseworker, person=person, reason="person_page", path="/x")
    with django_assert_max_num_queries(15):
        assert _queries(client, url) == few


def test_the_routing_list_costs_the_same_for_1_and_20_referrals_and_logs_each(
    client, coordinator, caseworker, municipality, django_assert_max_num_queries
):
    def make():
        person = PersonFactory(municipality=municipality)
        consent = ConsentFactory(person=person, municipality_chooses=True)
        services.referral_create(
            suitability=SUITABLE, person=person, consent=consent, by=caseworker
        )

    make()
    client.force_login(coordinator)
    url = reverse("referrals:routing")
    few = _queries(client, url)
    for _ in range(19):
        make()
    with django_assert_max_num_queries(15):
        assert _queries(client, url) == few
    assert log_count(coordinator, Reason.ROUTING) == 1 + 20


def test_the_start_pages_overdue_and_mine_links_filter_the_list(
    client, caseworker, coordinator, referral, municipality
):
    """The figures on the start page link here with `overdue`, `mine` and `municipality`."""
    from datetime import timedelta

    from django.utils import timezone

    url = reverse("referrals:list")
    client.force_login(coordinator)
    assert str(referral) not in client.get(url, {"overdue": "answer"}).content.decode()
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - timedelta(days=6))
    content = client.get(url, {"overdue": "answer", "municipality": municipality.slug}).content
    assert str(referral) in content.decode()
    assert str(referral) not in client.get(url, {"overdue": "contact"}).content.decode()
    assert str(referral) not in client.get(url, {"municipality": "asker"}).content.decode()
    client.force_login(caseworker)
    assert str(referral) in client.get(url, {"mine": "true"}).content.decode()
