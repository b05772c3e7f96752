"""Consent and referrals through the services: what is refused, what each step changes, and who
is told (never with the person's name, phone or e-mail)."""

import datetime
import json

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.models import Notification
from referrals import services
from referrals.models import AuditEvent, Consent, InformationSheet, Person, Referral
from tests.factories import (
    SUITABLE,
    ActivityFactory,
    ConsentFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    PersonFactory,
    ReferralFactory,
    contact_agreement,
    person_of,
    refer,
)

pytestmark = pytest.mark.django_db

S = Referral.Status
TODAY = timezone.localdate


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


# -- consent ----------------------------------------------------------------------------------


@pytest.fixture
def consent_input(person, caseworker, guide_organization):
    return {
        "person": person,
        "by": caseworker,
        "informed_on": TODAY(),
        "information_language": "en",
        "shared_fields": ["name", "phone", "postal_area", "interests"],
        "offer": "refugee_guide",
        "signed_how": "paper",
        "person_confirmed": True,
        "organizations": [guide_organization],
    }


def test_a_consent_is_recorded_on_the_current_sheet_for_six_months_by_default(consent_input):
    consent = services.consent_record(**consent_input)
    assert consent.valid_from == TODAY()
    assert consent.valid_until == TODAY() + relativedelta(months=6)
    assert consent.information_sheet == InformationSheet.objects.get(
        municipality=None, country="NO", language="en", version=1
    )
    assert consent.is_valid()
    assert AuditEvent.objects.filter(
        consent=consent, action=AuditEvent.Action.CONSENT_RECORDED
    ).exists()


def test_municipality_chooses_alone_is_enough(consent_input):
    consent_input.update(organizations=[], municipality_chooses=True)
    assert services.consent_record(**consent_input).municipality_chooses


def _not_active_here(municipality, other_municipality):
    return [OrganizationFactory(verified=True, municipalities=[other_municipality])]


CONSENT_REFUSALS = {
    "not confirmed by the person": ("person_confirmed", {"person_confirmed": False}),
    "neither phone nor e-mail shared": (
        "shared_fields",
        {"shared_fields": ["name", "postal_area", "interests"]},
    ),
    "a field that does not exist": ("shared_fields", {"shared_fields": ["phone", "religion"]}),
    "no organisation and not municipality chooses": ("organizations", {"organizations": []}),
    "an organisation not active in the municipality": ("organizations", _not_active_here),
    "informed tomorrow": ("informed_on", {"informed_on": lambda: TODAY() + days(1)}),
    "valid until yesterday": ("valid_until", {"valid_until": lambda: TODAY() - days(1)}),
    "valid for more than a year": ("valid_until", {"valid_until": lambda: TODAY() + days(367)}),
    "a draft information sheet (Arabic is shipped as a draft translation)": (
        "information_language",
        {"information_language": "ar"},
    ),
}


@pytest.mark.parametrize("case", CONSENT_REFUSALS)
def test_consent_record_refuses_and_saves_nothing(
    case, consent_input, municipality, other_municipality
):
    field, change = CONSENT_REFUSALS[case]
    if callable(change):
        change = {"organizations": change(municipality, other_municipality)}
    consent_input.update({k: v() if callable(v) else v for k, v in change.items()})
    before = (Consent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        services.consent_record(**consent_input)
    assert field in error.value.message_dict
    assert (Consent.objects.count(), AuditEvent.objects.count()) == before


def test_a_consent_may_last_a_year_exactly(consent_input):
    consent_input["valid_until"] = TODAY() + relativedelta(years=1)
    assert services.consent_record(**consent_input).valid_until == TODAY() + relativedelta(years=1)


def test_consent_for_an_erased_person_is_refused(consent_input, person, caseworker):
    services.person_erase(person=person, by=caseworker)
    consent_input["person"] = Person.objects.get(pk=person.pk)
    with pytest.raises(ValidationError):
        services.consent_record(**consent_input)


def test_only_the_persons_caseworkers_record_consent(consent_input, coordinator, guide_contact):
    for user in (coordinator, guide_contact):
        consent_input["by"] = user
        with pytest.raises(PermissionDenied):
            services.consent_record(**consent_input)
    assert not Consent.objects.exists()


def test_renewal_extends_a_consent(consent, caseworker):
    renewed = services.consent_renew(
        consent=consent, by=caseworker, valid_until=consent.valid_until + days(30)
    )
    assert renewed.valid_until == consent.valid_until + days(30)
    assert AuditEvent.objects.filter(
        consent=consent, action=AuditEvent.Action.CONSENT_RENEWED
    ).exists()


def test_a_lapsed_consent_can_be_renewed(consent, caseworker):
    Consent.objects.filter(pk=consent.pk).update(
        valid_from=TODAY() - days(200), valid_until=TODAY() - days(1)
    )
    renewed = services.consent_renew(consent=consent, by=caseworker, valid_until=TODAY() + days(30))
    assert renewed.is_valid()


@pytest.mark.parametrize(
    "valid_until",
    [
        pytest.param(lambda c: c.valid_until, id="not after the current end"),
        pytest.param(lambda c: c.valid_until - days(1), id="earlier than the current end"),
        pytest.param(lambda c: TODAY() + days(367), id="more than a year from today"),
    ],
)
def test_renewal_refuses_a_date_that_does_not_extend_within_a_year(
    consent, caseworker, valid_until
):
    end = consent.valid_until
    with pytest.raises(ValidationError):
        services.consent_renew(consent=consent, by=caseworker, valid_until=valid_until(consent))
    assert Consent.objects.get(pk=consent.pk).valid_until == end


def test_a_withdrawn_consent_cannot_be_renewed(consent, caseworker):
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=TODAY())
    with pytest.raises(ValidationError):
        services.consent_renew(
            consent=consent, by=caseworker, valid_until=consent.valid_until + days(1)
        )


def test_withdrawal_with_a_future_date_is_refused(consent, caseworker):
    with pytest.raises(ValidationError) as error:
        services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=TODAY() + days(1))
    assert "withdrawn_on" in error.value.message_dict
    assert Consent.objects.get(pk=consent.pk).is_valid()


def test_withdrawing_twice_is_refused(consent, caseworker):
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=TODAY() - days(1))
    with pytest.raises(ValidationError):
        services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=TODAY())
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY() - days(1)
    assert consent.events.filter(action=AuditEvent.Action.CONSENT_WITHDRAWN).count() == 1


# -- creating a referral ----------------------------------------------------------------------


@pytest.fixture
def another_verified(municipality):
    """A verified organisation of the municipality, with a contact person, not in the consent."""
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    person_of(organization, "contact")
    contact_agreement(organization, municipality)
    return organization


def _withdrawn(consent, caseworker, **_):
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=TODAY())
    return {}


def _lapsed(consent, **_):
    Consent.objects.filter(pk=consent.pk).update(
        valid_from=TODAY() - days(200), valid_until=TODAY() - days(1)
    )
    return {}


def _not_yet_valid(consent, **_):
    Consent.objects.filter(pk=consent.pk).update(
        valid_from=TODAY() + days(1), valid_until=TODAY() + days(100)
    )
    return {}


def _another_persons_consent(person, guide_organization, **_):
    other = PersonFactory(municipality=person.municipality)
    return {"consent": ConsentFactory(person=other, organizations=[guide_organization])}


def _uncovered(another_verified, **_):
    return {"organization": another_verified}


def _unverified(consent, municipality, **_):
    organization = OrganizationFactory(municipalities=[municipality])  # registered, not verified
    person_of(organization, "contact")
    consent.organizations.add(organization)
    return {"organization": organization}


def _no_contact_person(consent, municipality, **_):
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    person_of(organization, "admin")
    consent.organizations.add(organization)
    return {"organization": organization}


def _other_organisations_activity(another_verified, **_):
    return {"activity": ActivityFactory(organization=another_verified)}


def _duplicate(person, consent, caseworker, guide_organization, **_):
    refer(person, consent, caseworker, guide_organization)
    return {}


REFERRAL_REFUSALS = {
    "withdrawn consent": ("consent", _withdrawn),
    "lapsed consent": ("consent", _lapsed),
    "consent not yet valid": ("consent", _not_yet_valid),
    "another person's consent": ("consent", _another_persons_consent),
    "organisation not covered by the consent": ("organization", _uncovered),
    "unverified organisation": ("organization", _unverified),
    "organisation without a contact person": ("organization", _no_contact_person),
    "activity of another organisation": ("activity", _other_organisations_activity),
    "an open referral to the same organisation": ("organization", _duplicate),
}


@pytest.mark.parametrize("case", REFERRAL_REFUSALS)
def test_referral_create_refuses(
    case,
    person,
    consent,
    caseworker,
    guide_organization,
    guide_contact,
    municipality,
    another_verified,
):
    field, arrange = REFERRAL_REFUSALS[case]
    kwargs = {
        "person": person,
        "consent": consent,
        "by": caseworker,
        "organization": guide_organization,
    }
    kwargs |= arrange(
        person=person,
        consent=consent,
        caseworker=caseworker,
        guide_organization=guide_organization,
        municipality=municipality,
        another_verified=another_verified,
    )
    before = Referral.objects.count()
    with pytest.raises(ValidationError) as error:
        services.referral_create(suitability=SUITABLE, **kwargs)
    assert field in error.value.message_dict
    assert Referral.objects.count() == before


def test_referral_create_refuses_an_erased_person(person, consent, caseworker, guide_organization):
    services.person_erase(person=person, by=caseworker)
    with pytest.raises(ValidationError):
        refer(person, consent, caseworker, guide_organization)
    assert not Referral.objects.exists()


def test_an_activity_of_the_organisation_is_accepted(
    person, consent, caseworker, guide_organization, guide_contact
):
    activity = ActivityFactory(organization=guide_organization)
    referral = refer(person, consent, caseworker, guide_organization, activity=activity)
    assert referral.activity == activity
    assert referral.offer == consent.offer


def test_a_new_referral_may_follow_an_ended_one(
    person, consent, caseworker, guide_organization, guide_contact
):
    first = refer(person, consent, caseworker, guide_organization)
    services.referral_decline(
        referral=first, by=guide_contact, category="no_capacity", note="Full until March"
    )
    second = refer(person, consent, caseworker, guide_organization)
    assert second.status == S.SUBMITTED


# -- routing ----------------------------------------------------------------------------------


def test_municipality_chooses_lets_the_coordinator_route_to_any_organisation(
    person, caseworker, coordinator, another_verified
):
    consent = ConsentFactory(person=person, municipality_chooses=True)
    referral = services.referral_create(
        suitability=SUITABLE, person=person, consent=consent, by=caseworker
    )
    assert referral.is_waiting_for_routing
    services.referral_route(referral=referral, by=coordinator, organization=another_verified)
    referral.refresh_from_db()
    assert (referral.status, referral.organization) == (S.ROUTED, another_verified)
    assert referral.routed_at is not None


def test_routing_is_limited_to_the_organisations_of_the_consent(
    person, consent, caseworker, coordinator, guide_organization, guide_contact, another_verified
):
    referral = services.referral_create(
        suitability=SUITABLE, person=person, consent=consent, by=caseworker
    )
    with pytest.raises(ValidationError):
        services.referral_route(referral=referral, by=coordinator, organization=another_verified)
    referral.refresh_from_db()
    assert referral.is_waiting_for_routing
    services.referral_route(referral=referral, by=coordinator, organization=guide_organization)
    assert Referral.objects.get(pk=referral.pk).organization == guide_organization


def test_a_referral_without_organisation_needs_a_consent_that_allows_routing(
    person, caseworker, municipality
):
    """A consent naming no organisation and not letting the municipality choose cannot be
    recorded through the service; should one exist, it allows no referral for routing."""
    consent = ConsentFactory(person=person)
    with pytest.raises(ValidationError):
        services.referral_create(
            suitability=SUITABLE, person=person, consent=consent, by=caseworker
        )


# -- the status table -------------------------------------------------------------------------

ALL = list(S)


def _act(target, referral, *, caseworker, coordinator, contact, organization):
    if target == S.ROUTED:
        services.referral_route(referral=referral, by=coordinator, organization=organization)
    elif target == S.ACCEPTED:
        services.referral_accept(referral=referral, by=contact)
    elif target == S.DECLINED:
        services.referral_decline(referral=referral, by=contact, category="no_capacity")
    elif target in (S.CONTACT_MADE, S.UNREACHABLE):
        services.referral_record_contact(
            copies_deleted=True,
            handover="self",
            referral=referral,
            by=contact,
            reached=target == S.CONTACT_MADE,
        )
    elif target == S.CLOSED:
        services.referral_close(referral=referral, by=caseworker)
    elif target == S.WITHDRAWN:
        services.consent_withdraw(consent=referral.consent, by=caseworker, withdrawn_on=TODAY())
    elif target == S.EXPIRED:
        services.referrals_expire(now=timezone.now() + days(400))


@pytest.mark.parametrize("target", [s for s in ALL if s != S.SUBMITTED])
@pytest.mark.parametrize("current", ALL)
def test_every_transition_through_the_services(
    current, target, consent, caseworker, coordinator, guide_contact, guide_organization
):
    """Allowed by `Referral.TRANSITIONS`: the service moves the referral and writes the time
    line. Anything else: refused (or, for withdrawal and expiry, the referral is left alone)."""
    routing = target == S.ROUTED
    referral = ReferralFactory(
        consent=consent, organization=None if routing else guide_organization
    )
    Referral.objects.filter(pk=referral.pk).update(status=current)
    referral = Referral.objects.get(pk=referral.pk)
    events = referral.events.count()
    allowed = target in Referral.TRANSITIONS[current]
    try:
        _act(
            target,
            referral,
            caseworker=caseworker,
            coordinator=coordinator,
            contact=guide_contact,
            organization=guide_organization,
        )
    except (ValidationError, PermissionDenied):
        assert not allowed, f"{current} → {target} should be allowed"
    referral.refresh_from_db()
    if allowed:
        assert referral.status == target
        assert referral.events.filter(status=target).count() == 1
        assert (referral.ended_at is None) == (target in Referral.OPEN)
    else:
        assert referral.status == current
        assert referral.events.count() == events


@pytest.mark.parametrize("target", ALL)
@pytest.mark.parametrize("current", ALL)
def test_the_status_table_refuses_with_a_validation_error(current, target, consent):
    """The one place that moves a status raises ValidationError for every pair not in the table
    (the services' permission checks refuse most of them earlier)."""
    referral = ReferralFactory(consent=consent)
    Referral.objects.filter(pk=referral.pk).update(status=current)
    referral = Referral.objects.get(pk=referral.pk)
    if target in Referral.TRANSITIONS[current]:
        services._move(referral, target, by=None, now=timezone.now())
        assert Referral.objects.get(pk=referral.pk).status == target
    else:
        with pytest.raises(ValidationError):
            services._move(referral, target, by=None, now=timezone.now())
        assert Referral.objects.get(pk=referral.pk).status == current


@pytest.mark.parametrize("category", ["", "   ", "because"])
def test_decline_needs_a_reason_from_the_list(
    person, consent, caseworker, guide_organization, guide_contact, category
):
    referral = refer(person, consent, caseworker, guide_organization)
    with pytest.raises(ValidationError) as error:
        services.referral_decline(
            referral=referral, by=guide_contact, category=category, note="Full until May"
        )
    assert "category" in error.value.message_dict
    assert Referral.objects.get(pk=referral.pk).status == S.SUBMITTED


@pytest.mark.parametrize(
    "note", ["Amina is with us already, phone +47 912 34 567", "Write to amina@example.net"]
)
def test_a_decline_note_with_a_phone_or_email_needs_confirmation_as_announcements_do(
    person, consent, caseworker, guide_organization, guide_contact, note
):
    referral = refer(person, consent, caseworker, guide_organization)
    with pytest.raises(ValidationError) as error:
        services.referral_decline(
            referral=referral, by=guide_contact, category="already_in_contact", note=note
        )
    assert "confirm_no_personal_data" in error.value.message_dict
    assert Referral.objects.get(pk=referral.pk).status == S.SUBMITTED

    services.referral_decline(
        referral=referral,
        by=guide_contact,
        category="already_in_contact",
        note=note,
        personal_data_confirmed=True,
    )
    referral.refresh_from_db()
    assert (referral.status, referral.decline_category, referral.decline_reason) == (
        S.DECLINED,
        "already_in_contact",
        note,
    )


def test_the_decline_note_never_goes_into_the_time_line(
    person, consent, caseworker, guide_organization, guide_contact
):
    """The time line is shown to coordinators and contact persons and kept after erasure: the
    category and the note stay on the referral, the event says only "declined"."""
    referral = refer(person, consent, caseworker, guide_organization)
    services.referral_decline(
        referral=referral, by=guide_contact, category="other", note="Ring Amina's brother instead"
    )
    event = referral.events.get(status=S.DECLINED)
    assert event.note == ""
    assert not AuditEvent.objects.filter(note__contains="Amina").exists()


def test_accepting_under_a_lapsed_consent_is_refused(
    person, consent, caseworker, guide_organization, guide_contact
):
    referral = refer(person, consent, caseworker, guide_organization)
    _lapsed(consent)
    with pytest.raises((ValidationError, PermissionDenied)):
        services.referral_accept(referral=referral, by=guide_contact)
    assert Referral.objects.get(pk=referral.pk).status == S.SUBMITTED


# -- notifications ----------------------------------------------------------------------------


@pytest.fixture
def second_contact(guide_organization):
    return person_of(guide_organization, "contact")


def _recipients(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_a_referral_is_announced_to_the_organisations_contact_persons_only(
    person, consent, caseworker, guide_organization, guide_contact, second_contact, guide_admin
):
    OrganizationMembershipFactory(organization=guide_organization)  # a member
    refer(person, consent, caseworker, guide_organization)
    assert _recipients("referral_received") == {guide_contact.pk, second_contact.pk}
    assert Notification.objects.count() == 2


def test_a_referral_to_route_is_announced_to_the_coordinators(
    person, caseworker, coordinator, other_coordinator
):
    consent = ConsentFactory(person=person, municipality_chooses=True)
    services.referral_create(suitability=SUITABLE, person=person, consent=consent, by=caseworker)
    assert _recipients("referral_to_route") == {coordinator.pk}


def test_routing_announces_to_the_contact_persons(
    person, caseworker, coordinator, guide_organization, guide_contact, guide_admin
):
    consent = ConsentFactory(person=person, municipality_chooses=True)
    referral = services.referral_create(
        suitability=SUITABLE, person=person, consent=consent, by=caseworker
    )
    services.referral_route(referral=referral, by=coordinator, organization=guide_organization)
    assert _recipients("referral_received") == {guide_contact.pk}


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_the_answer_is_announced_to_the_caseworker(
    answer, person, consent, caseworker, guide_organization, guide_contact
):
    referral = refer(person, consent, caseworker, guide_organization)
    if answer == "accept":
        services.referral_accept(referral=referral, by=guide_contact)
    else:
        services.referral_decline(referral=referral, by=guide_contact, category="no_capacity")
    assert _recipients("referral_answered") == {caseworker.pk}


def test_withdrawal_is_announced_to_the_contact_persons(
    person, consent, caseworker, guide_organization, guide_contact, second_contact, guide_admin
):
    refer(person, consent, caseworker, guide_organization)
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=TODAY())
    assert _recipients("referral_withdrawn") == {guide_contact.pk, second_contact.pk}


def _rendered(notification):
    """The e-mail as `notifications_send_due` would render it; None while a template is missing."""
    context = {
        **notification.context,
        "recipient": notification.recipient,
        "notification": notification,
        "site_url": settings.SITE_URL,
        "settings_url": settings.SITE_URL,
    }
    try:
        return "".join(
            render_to_string(f"emails/{notification.kind}{suffix}", context)
            for suffix in ("_subject.txt", ".txt", ".html")
        )
    except TemplateDoesNotExist:
        return None


def test_no_notification_carries_the_persons_name_phone_or_email(
    person, caseworker, coordinator, guide_organization, guide_contact, second_contact
):
    """Every kind the whole path schedules: context always, and the rendered e-mail once the
    templates exist."""
    named = ConsentFactory(person=person, organizations=[guide_organization])
    routing = ConsentFactory(person=person, municipality_chooses=True)
    accepted = refer(
        person, named, caseworker, guide_organization, note=f"{person.given_name} would like walks"
    )
    services.referral_accept(referral=accepted, by=guide_contact)
    services.referral_record_contact(
        copies_deleted=True, handover="self", referral=accepted, by=guide_contact, reached=True
    )
    waiting = services.referral_create(
        suitability=SUITABLE, person=person, consent=routing, by=caseworker
    )
    services.referral_route(referral=waiting, by=coordinator, organization=guide_organization)
    services.referral_decline(referral=waiting, by=guide_contact, category="no_capacity")
    again = refer(person, named, caseworker, guide_organization)
    services.referral_reminders_schedule(now=timezone.now() + days(11))
    services.consent_withdraw(consent=named, by=caseworker, withdrawn_on=TODAY())
    assert Referral.objects.get(pk=again.pk).status == S.WITHDRAWN
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds >= {
        "referral_received",
        "referral_to_route",
        "referral_answered",
        "referral_withdrawn",
        "referral_reminder",
        "referral_escalation",
    }
    secrets = [person.given_name, person.family_name, person.phone, person.email]
    for notification in Notification.objects.select_related("recipient"):
        text = json.dumps(notification.context, ensure_ascii=False)
        rendered = _rendered(notification)
        for secret in secrets:
            assert secret not in text, (notification.kind, secret)
            if rendered is not None:
                assert secret not in rendered, (notification.kind, secret)
