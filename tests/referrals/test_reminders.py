"""Reminders, escalation and expiry: scheduled once per rule, whatever the number of runs, and
sent once each. Time moves by passing `now`, never by sleeping or freezing the clock."""

import datetime
import json

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notifications_send_due
from referrals import services, tasks
from referrals.models import Consent, Person, Referral
from tests.factories import SUITABLE, ConsentFactory, person_of, refer

pytestmark = pytest.mark.django_db

S = Referral.Status
REMINDER = "referral_reminder"
ESCALATION = "referral_escalation"
CONTACT_REMINDER = "referral_contact_reminder"


def days(n: float) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def second_contact(guide_organization):
    return person_of(guide_organization, "contact")


@pytest.fixture
def submitted(person, consent, caseworker, guide_organization, guide_contact, second_contact):
    return refer(person, consent, caseworker, guide_organization)


def _of(kind):
    return Notification.objects.filter(kind=kind)


def _recipients(kind):
    return set(_of(kind).values_list("recipient_id", flat=True))


def test_nothing_is_due_before_five_days(submitted, coordinator):
    assert (
        services.referral_reminders_schedule(
            now=submitted.created_at + days(5) - datetime.timedelta(minutes=1)
        )
        == 0
    )
    assert not _of(REMINDER).exists()
    assert not _of(ESCALATION).exists()


def test_after_five_days_each_contact_person_is_reminded_once(
    submitted, guide_contact, second_contact, coordinator, guide_admin
):
    services.referral_reminders_schedule(now=submitted.created_at + days(5))
    assert _recipients(REMINDER) == {guide_contact.pk, second_contact.pk}
    assert _of(REMINDER).count() == 2
    assert not _of(ESCALATION).exists()


def test_after_ten_days_the_coordinators_are_told(
    submitted, guide_contact, second_contact, coordinator, other_coordinator, caseworker
):
    services.referral_reminders_schedule(now=submitted.created_at + days(10))
    assert _recipients(ESCALATION) == {coordinator.pk}
    assert _of(REMINDER).count() == 2  # and the contact persons' reminder, once


def test_running_again_or_on_later_days_schedules_nothing_new(submitted, coordinator):
    start = submitted.created_at
    for offset in (5, 5, 6, 10, 10, 11, 30):
        services.referral_reminders_schedule(now=start + days(offset))
    assert _of(REMINDER).count() == 2
    assert _of(ESCALATION).count() == 1
    count = Notification.objects.count()
    services.referral_reminders_schedule(now=start + days(31))
    assert Notification.objects.count() == count


def test_a_routed_referral_counts_from_routing(
    person, caseworker, coordinator, guide_organization, guide_contact
):
    consent = ConsentFactory(person=person, municipality_chooses=True)
    referral = services.referral_create(
        suitability=SUITABLE, person=person, consent=consent, by=caseworker
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - days(8))
    services.referral_route(referral=referral, by=coordinator, organization=guide_organization)
    routed_at = Referral.objects.get(pk=referral.pk).routed_at
    services.referral_reminders_schedule(now=routed_at + days(4))
    assert not _of(REMINDER).exists()
    assert not _of(ESCALATION).exists()
    services.referral_reminders_schedule(now=routed_at + days(5))
    assert _recipients(REMINDER) == {guide_contact.pk}
    assert not _of(ESCALATION).exists()
    services.referral_reminders_schedule(now=routed_at + days(10))
    assert _recipients(ESCALATION) == {coordinator.pk}


def test_accepted_fourteen_days_without_contact_reminds_the_contact_persons(
    submitted, guide_contact, second_contact, coordinator
):
    services.referral_accept(referral=submitted, by=guide_contact)
    accepted_at = Referral.objects.get(pk=submitted.pk).accepted_at
    services.referral_reminders_schedule(now=accepted_at + days(13))
    assert not _of(CONTACT_REMINDER).exists()
    services.referral_reminders_schedule(now=accepted_at + days(14))
    services.referral_reminders_schedule(now=accepted_at + days(20))
    assert _recipients(CONTACT_REMINDER) == {guide_contact.pk, second_contact.pk}
    assert _of(CONTACT_REMINDER).count() == 2
    assert not _of(REMINDER).exists()
    assert not _of(ESCALATION).exists()


@pytest.mark.parametrize("answer", ["declined", "contact_made"])
def test_answered_referrals_get_nothing(submitted, guide_contact, coordinator, answer):
    if answer == "declined":
        services.referral_decline(referral=submitted, by=guide_contact, category="no_capacity")
    else:
        services.referral_accept(referral=submitted, by=guide_contact)
        services.referral_record_contact(
            copies_deleted=True, handover="self", referral=submitted, by=guide_contact, reached=True
        )
    before = Notification.objects.count()
    assert services.referral_reminders_schedule(now=timezone.now() + days(30)) == 0
    assert Notification.objects.count() == before


# -- expiry -----------------------------------------------------------------------------------


def test_open_referrals_under_a_lapsed_consent_expire_once(
    person, consent, caseworker, guide_organization, guide_contact, second_contact, municipality
):
    submitted = refer(person, consent, caseworker, guide_organization)
    unaffected = ConsentFactory(
        person=person, municipality_chooses=True, valid_until=consent.valid_until + days(60)
    )
    waiting = services.referral_create(
        suitability=SUITABLE, person=person, consent=unaffected, by=caseworker
    )
    last_day = timezone.make_aware(
        datetime.datetime.combine(consent.valid_until, datetime.time(12))
    )
    assert services.referrals_expire(now=last_day) == 0
    the_day_after = last_day + days(1)
    assert services.referrals_expire(now=the_day_after) == 1
    assert services.referrals_expire(now=the_day_after) == 0
    submitted.refresh_from_db()
    assert submitted.status == S.EXPIRED
    assert submitted.ended_at == the_day_after
    assert Referral.objects.get(pk=waiting.pk).status == S.SUBMITTED
    assert _of("referral_withdrawn").count() == 2


def test_expiry_leaves_ended_referrals_alone(
    person, consent, caseworker, guide_organization, guide_contact
):
    referral = refer(person, consent, caseworker, guide_organization)
    services.referral_decline(referral=referral, by=guide_contact, category="no_capacity")
    assert services.referrals_expire(now=timezone.now() + days(400)) == 0
    assert Referral.objects.get(pk=referral.pk).status == S.DECLINED


# -- sending ----------------------------------------------------------------------------------


def test_each_scheduled_message_is_sent_once_and_carries_no_personal_data(
    english, submitted, person, guide_contact, second_contact, coordinator
):
    start = submitted.created_at
    for offset in (5, 10, 10, 12):
        services.referral_reminders_schedule(now=start + days(offset))
    later = start + days(12)
    expected = Notification.objects.filter(due_at__lte=later).count()
    assert expected == 2 + 2 + 1  # received ×2, reminder ×2, escalation ×1
    mail.outbox.clear()
    assert notifications_send_due(now=later) == expected
    assert notifications_send_due(now=later) == 0
    assert len(mail.outbox) == expected
    sent = [(m.to[0], m.extra_headers["Message-ID"]) for m in mail.outbox]
    assert len(set(sent)) == expected
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [guide_contact.email] * 2 + [second_contact.email] * 2 + [coordinator.email]
    )
    secrets = [person.given_name, person.family_name, person.phone, person.email]
    for message in mail.outbox:
        text = message.subject + message.body + message.alternatives[0][0]
        assert f"#{submitted.pk}" in text
        for secret in secrets:
            assert secret not in text


# -- the Celery tasks -------------------------------------------------------------------------


def test_the_reminder_task_expires_and_schedules(
    person, consent, caseworker, guide_organization, guide_contact, coordinator
):
    waiting = refer(person, consent, caseworker, guide_organization)
    Referral.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - days(6))
    lapsed = ConsentFactory(person=person, municipality_chooses=True)
    stale = services.referral_create(
        suitability=SUITABLE, person=person, consent=lapsed, by=caseworker
    )
    today = timezone.localdate()
    Consent.objects.filter(pk=lapsed.pk).update(
        valid_from=today - days(100), valid_until=today - days(1)
    )
    assert tasks.schedule_referral_reminders() == 1
    assert tasks.schedule_referral_reminders() == 1  # counted again, stored once
    assert _of(REMINDER).count() == 1
    assert Referral.objects.get(pk=stale.pk).status == S.EXPIRED


def test_the_purge_task_erases_with_the_default_retention(person, consent, caseworker, settings):
    settings.REFERRALS_RETENTION_DAYS = 0
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=timezone.localdate())
    Person.objects.filter(pk=person.pk).update(created_at=timezone.now() - days(1))
    nothing_else = {
        "access_log": 0, "offers": 0,
        "decline_reasons": 0, "audit_events": 0, "accounts": 0, "announcements": 0,
    }  # fmt: skip
    assert tasks.purge_personal_data() == {"referrals": 0, "persons": 1, **nothing_else}
    assert Person.objects.get(pk=person.pk).is_erased
    assert json.dumps(tasks.purge_personal_data()) == json.dumps(
        {"referrals": 0, "persons": 0, **nothing_else}
    )
