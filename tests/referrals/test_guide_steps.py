"""The caseworker's steps from the Danish Red Cross guide (issue #20): offer, "not now" and
offer again (R52); interpreter (R53); the suitability check (R45); only under an agreement that
says how contact data is passed on (R47); contact made and copies deleted. Time moves by passing
`now`, never by sleeping."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from dashboard.reports import key_figures
from dashboard.selectors import Period, report_for
from notifications.models import Notification
from notifications.services import notifications_send_due
from referrals import services, tasks
from referrals.choices import OfferAnswer, SuitabilityCheck
from referrals.models import OfferPresentation, Referral
from tests.factories import (
    SUITABLE,
    ConsentFactory,
    MunicipalityMembershipFactory,
    OrganizationFactory,
    PersonFactory,
    contact_agreement,
    person_of,
    refer,
    verified_in,
)

pytestmark = pytest.mark.django_db


def at_eight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))


def personal_values(person) -> list[str]:
    return [person.given_name, person.family_name, person.phone, person.email, person.postal_area]


# -- offer, "not now", offer again (R52, W8) ----------------------------------------------------


def present_the_guide(person, caseworker, answer=OfferAnswer.NOT_NOW, on=None):
    """The caseworker presents the refugee guide to `person` (today unless `on`) and records
    the answer ("not now" unless told)."""
    return services.offer_present(
        person=person,
        by=caseworker,
        offer="refugee_guide",
        answer=answer,
        presented_on=on or timezone.localdate(),
    )


def test_not_now_reminds_the_caseworker_three_months_later_with_a_link_only(
    caseworker, person, settings
):
    today = timezone.localdate()
    presentation = present_the_guide(person, caseworker, on=today)
    again = today + relativedelta(months=3)
    assert presentation.offer_again_on == again

    # The day before, and on the day before 08:00: nothing yet.
    assert services.offer_reminders_schedule(now=at_eight(again) - datetime.timedelta(days=1)) == 0
    assert services.offer_reminders_schedule(now=at_eight(again) - datetime.timedelta(hours=1)) == 0
    assert not Notification.objects.filter(kind="referral_offer_again").exists()

    # Three months later (time moved): one reminder to that caseworker, however often it runs.
    later = at_eight(again) + datetime.timedelta(minutes=5)
    assert services.offer_reminders_schedule(now=later) == 1
    services.offer_reminders_schedule(now=later + datetime.timedelta(hours=3))
    reminders = Notification.objects.filter(kind="referral_offer_again")
    assert [n.recipient for n in reminders] == [caseworker]

    assert notifications_send_due(now=later + datetime.timedelta(hours=4)) == 1
    [message] = mail.outbox
    assert message.to == [caseworker.email]
    link = f"{settings.SITE_URL}{reverse('referrals:person', args=[person.pk])}"
    assert link in message.body
    html = message.alternatives[0][0]
    everything = f"{message.subject}\n{message.body}\n{html}\n{reminders.get().context}"
    for value in personal_values(person):
        assert value not in everything


def test_the_beat_task_schedules_the_reminder(caseworker, person, settings):
    # Recorded three months ago (a day to offer again in the past is refused when recording).
    OfferPresentation.objects.create(
        municipality=person.municipality,
        person=person,
        offer="refugee_guide",
        presented_on=timezone.localdate() - datetime.timedelta(days=90),
        answer=OfferAnswer.NOT_NOW,
        offer_again_on=timezone.localdate() - datetime.timedelta(days=1),
        presented_by=caseworker,
    )
    assert "referral-offer-again-reminders" in settings.CELERY_BEAT_SCHEDULE
    assert tasks.schedule_offer_reminders() == 1
    assert Notification.objects.get(kind="referral_offer_again").recipient == caseworker


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"presented_on": 1}, "presented_on"),
        ({"answer": OfferAnswer.NOT_NOW, "offer_again_on": 0}, "offer_again_on"),
        ({"answer": OfferAnswer.NOT_NOW, "offer_again_on": 400}, "offer_again_on"),
        ({"answer": "maybe"}, "answer"),
    ],
)
def test_an_offer_presented_is_checked(caseworker, person, fields, error):
    today = timezone.localdate()
    data = {"offer": "refugee_guide", "answer": OfferAnswer.ACCEPTED, "presented_on": today}
    for name, value in fields.items():
        data[name] = today + datetime.timedelta(days=value) if isinstance(value, int) else value
    with pytest.raises(ValidationError) as refused:
        services.offer_present(person=person, by=caseworker, **data)
    assert error in refused.value.message_dict
    assert not OfferPresentation.objects.exists()


def test_no_reminder_once_offered_again_referred_erased_or_left(
    caseworker, person, consent, guide_organization, guide_contact, municipality
):
    today = timezone.localdate()
    again = today + relativedelta(months=3)
    later = at_eight(again) + datetime.timedelta(hours=1)

    def not_now(who):
        return present_the_guide(who, caseworker, on=today)

    # Offered again and accepted since: the newest answer counts.
    not_now(person)
    present_the_guide(person, caseworker, OfferAnswer.ACCEPTED, on=today)
    # Referred since.
    referred = PersonFactory(municipality=municipality)
    not_now(referred)
    refer(
        referred,
        ConsentFactory(person=referred, organizations=[guide_organization]),
        caseworker,
        guide_organization,
    )
    # Erased since.
    erased = PersonFactory(municipality=municipality)
    not_now(erased)
    services.person_erase(person=erased, by=caseworker)
    assert services.offer_reminders_schedule(now=later) == 0

    # The caseworker left the municipality: the page would be a 404 for them, so no reminder.
    waiting = PersonFactory(municipality=municipality)
    not_now(waiting)
    caseworker.municipality_memberships.all().delete()
    assert services.offer_reminders_schedule(now=later) == 0


def test_the_caseworker_records_not_now_on_the_persons_page(english, client, caseworker, person):
    client.force_login(caseworker)
    url = reverse("referrals:offer_new", args=[person.pk])
    assert url in client.get(person.get_absolute_url()).content.decode()
    response = client.post(
        url,
        {
            "offer": "refugee_guide",
            "presented_on": timezone.localdate().isoformat(),
            "answer": "not_now",
            "offer_again_on": "",
        },
    )
    assert response.status_code == 302
    presentation = OfferPresentation.objects.get()
    assert presentation.offer_again_on == timezone.localdate() + relativedelta(months=3)
    content = client.get(person.get_absolute_url()).content.decode()
    assert "Not now: offer it again later" in content


def test_a_wrong_day_to_offer_again_is_an_error_next_to_the_field(
    english, client, caseworker, person
):
    client.force_login(caseworker)
    response = client.post(
        reverse("referrals:offer_new", args=[person.pk]),
        {
            "offer": "refugee_guide",
            "presented_on": timezone.localdate().isoformat(),
            "answer": "not_now",
            "offer_again_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Choose a day after today to offer it again." in response.content.decode()
    assert not OfferPresentation.objects.exists()


@pytest.mark.parametrize("who", ["other_coordinator", "coordinator", "guide_contact"])
def test_only_the_persons_caseworkers_record_an_offer(english, client, request, person, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("referrals:offer_new", args=[person.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"offer": "refugee_guide", "answer": "accepted"}).status_code == 404
    assert not OfferPresentation.objects.exists()


def test_offered_accepted_and_not_now_are_counted_in_the_report(english, caseworker, municipality):
    today = timezone.localdate()
    for answer in ("accepted", "accepted", "not_now", "declined"):
        present_the_guide(PersonFactory(municipality=municipality), caseworker, answer, on=today)
    report = report_for(municipality, Period(today - datetime.timedelta(days=30), today))
    r = report.referrals
    assert (r["offered"], r["offer_accepted"], r["offer_not_now"], r["offer_declined"]) == (
        4,
        2,
        1,
        1,
    )
    rows = dict(key_figures(report)[-1].rows)
    assert rows["Offers presented in the period"] == 4
    assert rows["of these “not now”"] == 1


# -- interpreter (R53) ----------------------------------------------------------------------------


def refer_needing_an_interpreter(person, consent, caseworker, organization, language):
    """The caseworker refers the person and says an interpreter is needed, in `language` ("" for
    none named)."""
    language = {"interpreter_language": language} if language else {}
    return refer(person, consent, caseworker, organization, interpreter_needed=True, **language)


def test_the_organisation_sees_that_an_interpreter_is_needed_and_the_language(
    english, client, caseworker, person, consent, guide_organization, guide_contact
):
    referral = refer_needing_an_interpreter(person, consent, caseworker, guide_organization, "ti")
    assert (referral.interpreter_needed, referral.interpreter_language) == (True, "ti")
    client.force_login(guide_contact)
    content = client.get(referral.get_absolute_url()).content.decode()
    assert "Interpreter for the first meeting" in content
    assert "Needed: Tigrinya" in content


def test_an_interpreter_language_needs_a_consent_that_shares_languages(
    caseworker, person, guide_organization, guide_contact
):
    consent = ConsentFactory(
        person=person, organizations=[guide_organization], shared_fields=["phone"]
    )
    with pytest.raises(ValidationError) as refused:
        refer_needing_an_interpreter(person, consent, caseworker, guide_organization, "ti")
    assert "interpreter_language" in refused.value.message_dict
    shares_languages = ConsentFactory(person=person, organizations=[guide_organization])
    with pytest.raises(ValidationError) as refused:  # needed, but in no language
        refer_needing_an_interpreter(person, shares_languages, caseworker, guide_organization, "")
    assert "interpreter_language" in refused.value.message_dict
    assert not Referral.objects.exists()


# -- suitability (R45, W9) ------------------------------------------------------------------------


def test_the_referral_form_lists_the_guides_checklist_and_requires_every_point(
    english, client, caseworker, person, consent, guide_organization, guide_contact
):
    client.force_login(caseworker)
    url = reverse("referrals:referral_new", args=[person.pk])
    content = client.get(url).content.decode()
    for label in SuitabilityCheck.labels:
        assert str(label).replace("'", "&#x27;") in content
    data = {"consent": consent.pk, "organization": guide_organization.pk, "note": "Kvelder"}
    response = client.post(url, {**data, "suitability": SUITABLE[:3]})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Confirm every point" in content
    assert "Kvelder" in content  # what was typed is kept
    assert not Referral.objects.exists()

    response = client.post(url, {**data, "suitability": SUITABLE})
    referral = Referral.objects.get()
    assert response["Location"] == referral.get_absolute_url()
    assert referral.suitability == SUITABLE
    content = client.get(referral.get_absolute_url()).content.decode()
    assert "Suitability confirmed by the caseworker" in content


def test_the_service_refuses_a_referral_without_the_whole_check(
    caseworker, person, consent, guide_organization, guide_contact
):
    for suitability in ([], SUITABLE[1:], [*SUITABLE[1:], "anything"]):
        with pytest.raises(ValidationError) as refused:
            services.referral_create(
                suitability=suitability,
                person=person,
                consent=consent,
                by=caseworker,
                organization=guide_organization,
            )
        assert "suitability" in refused.value.message_dict
    assert not Referral.objects.exists()


# -- only under an agreement (R47) ----------------------------------------------------------------


@pytest.fixture
def without_agreement(municipality):
    organization = verified_in(municipality, "Uten Avtale")
    person_of(organization, "contact")
    return organization


@pytest.mark.parametrize(
    "agreement",
    [
        None,
        {"status": Agreement.Status.DRAFT},
        {"status": Agreement.Status.ENDED},
        {"contact_sharing": "  "},
        {"ends_on_days": -1},
        {"starts_on_days": 1},
        {"other_municipality": True},
    ],
)
def test_only_organisations_with_an_agreement_in_force_that_says_how_contact_data_is_passed_on(
    english,
    client,
    caseworker,
    person,
    without_agreement,
    municipality,
    other_municipality,
    agreement,
):
    today = timezone.localdate()
    if agreement is not None:
        fields = dict(agreement)
        if "ends_on_days" in fields:
            fields["ends_on"] = today + datetime.timedelta(days=fields.pop("ends_on_days"))
        if "starts_on_days" in fields:
            fields["starts_on"] = today + datetime.timedelta(days=fields.pop("starts_on_days"))
        where = other_municipality if fields.pop("other_municipality", False) else municipality
        contact_agreement(without_agreement, where, **fields)
    consent = ConsentFactory(
        person=person, organizations=[without_agreement], organizations__agreement=False
    )
    client.force_login(caseworker)
    content = client.get(reverse("referrals:referral_new", args=[person.pk])).content.decode()
    assert "Uten Avtale" not in content
    with pytest.raises(ValidationError) as refused:
        refer(person, consent, caseworker, without_agreement)
    assert "no cooperation agreement in force" in refused.value.message_dict["organization"][0]


def test_an_agreement_being_revised_stays_in_force(caseworker, person, without_agreement):
    contact_agreement(without_agreement, person.municipality, status=Agreement.Status.REVISION)
    consent = ConsentFactory(
        person=person, organizations=[without_agreement], organizations__agreement=False
    )
    referral = refer(person, consent, caseworker, without_agreement)
    assert referral.organization == without_agreement


def test_routing_also_needs_the_agreement(
    caseworker, coordinator, person, without_agreement, guide_organization
):
    consent = ConsentFactory(person=person, municipality_chooses=True)
    referral = services.referral_create(
        suitability=SUITABLE, person=person, consent=consent, by=caseworker
    )
    with pytest.raises(ValidationError):
        services.referral_route(referral=referral, by=coordinator, organization=without_agreement)
    referral.refresh_from_db()
    assert referral.organization is None


@pytest.mark.parametrize("rows", [1, 6])
def test_the_coordinator_sees_the_organisations_missing_an_agreement(
    english,
    client,
    coordinator,
    municipality,
    guide_organization,
    django_assert_max_num_queries,
    rows,
):
    missing = [
        OrganizationFactory(name=f"Mangler {n}", verified=True, municipalities=[municipality])
        for n in range(rows)
    ]
    OrganizationFactory(name="Annen Kommune", verified=True)
    client.force_login(coordinator)
    url = reverse("referrals:missing_agreements")
    client.get(url)  # warm the session and the tenant
    with django_assert_max_num_queries(9):
        response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    for organization in missing:
        assert organization.name in content
    assert guide_organization.name not in content
    assert "Annen Kommune" not in content


@pytest.mark.parametrize("who", ["caseworker", "guide_contact", "other_coordinator"])
def test_the_missing_agreements_page_is_for_the_municipalitys_coordinators(
    english, client, request, municipality, who
):
    verified_in(municipality, "Mangler Avtale")
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("referrals:missing_agreements"))
    # Another municipality's coordinator sees their own list; everyone else is refused.
    assert response.status_code == (200 if who == "other_coordinator" else 403)
    assert "Mangler Avtale" not in response.content.decode()


# -- contact made, copies deleted ---------------------------------------------------------------


@pytest.fixture
def accepted(person, consent, caseworker, guide_organization, guide_contact):
    referral = refer(person, consent, caseworker, guide_organization)
    return services.referral_accept(referral=referral, by=guide_contact)


def test_the_contact_page_says_how_to_pass_the_details_on_and_to_delete_copies(
    english, client, guide_contact, accepted
):
    client.force_login(guide_contact)
    content = client.get(accepted.get_absolute_url()).content.decode()
    assert "Do not copy them elsewhere" not in content
    assert "give the details to the matched volunteer in person or by phone" in content
    assert "Every copy of the person&#x27;s details outside Brobygger is deleted" in content


def test_contact_made_needs_the_confirmation_that_copies_are_deleted(
    english, client, guide_contact, accepted
):
    client.force_login(guide_contact)
    url = reverse("referrals:contact", args=[accepted.pk])
    response = client.post(url, {"handover": "in_person"})
    assert response.status_code == 400
    assert "then confirm it here" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == Referral.Status.ACCEPTED
    assert accepted.copies_deleted_at is None

    response = client.post(url, {"copies_deleted": "on"})
    assert response.status_code == 400
    assert "Say how the contact details reached the volunteer." in response.content.decode()

    response = client.post(url, {"handover": "in_person", "copies_deleted": "on"})
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == Referral.Status.CONTACT_MADE
    assert accepted.handover == "in_person"
    assert accepted.copies_deleted_at is not None


def test_the_service_refuses_contact_made_without_the_confirmation(guide_contact, accepted):
    with pytest.raises(ValidationError) as refused:
        services.referral_record_contact(
            referral=accepted, by=guide_contact, reached=True, handover="self", copies_deleted=False
        )
    assert "copies_deleted" in refused.value.message_dict
    accepted.refresh_from_db()
    assert accepted.status == Referral.Status.ACCEPTED


def test_a_second_caseworker_in_the_municipality_gets_no_reminder_for_anothers_not_now(
    caseworker, person, municipality
):
    other = MunicipalityMembershipFactory(municipality=municipality, role="caseworker").user
    present_the_guide(person, caseworker)
    services.offer_reminders_schedule(
        now=at_eight(timezone.localdate() + relativedelta(months=3)) + datetime.timedelta(hours=1)
    )
    assert set(Notification.objects.values_list("recipient", flat=True)) == {caseworker.pk}
    assert other.pk != caseworker.pk


def test_the_persons_export_includes_the_offers_presented(english, client, caseworker, person):
    present_the_guide(person, caseworker)
    client.force_login(caseworker)
    data = client.get(reverse("referrals:person_export_json", args=[person.pk])).json()
    [offer] = data["offers"]
    assert (offer["answer"], offer["offer_again_on"]) == (
        "not_now",
        (timezone.localdate() + relativedelta(months=3)).isoformat(),
    )
    page = client.get(reverse("referrals:person_export", args=[person.pk])).content.decode()
    assert "Offers presented" in page
    assert "not_now" in page or "Not now" in page
