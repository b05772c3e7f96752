"""The quarterly follow-up of the staff who refer (R40, W13): "På den måde bliver de mindet om
tilbuddet". Once a quarter the caseworkers who made referrals in a municipality are invited to
follow up with its coordinator, by e-mail, with a link to their referral list and nothing about
any person. Time moves by passing `now`, never by sleeping."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import MunicipalityMembership
from core.time import OSLO
from notifications.kinds import NEVER_BY_SMS_GROUPS, group_of
from notifications.models import Notification
from notifications.services import notifications_send_due
from referrals import services, tasks
from tests.factories import MunicipalityMembershipFactory, ReferralFactory, UserFactory

pytestmark = pytest.mark.django_db

KIND = "referral_follow_up"


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=OSLO)


AUGUST = local(2026, 8, 14, 10)  # in the third quarter
NEW_QUARTER = local(2026, 10, 1, 9, 30)  # the fourth quarter has begun


def refer(consent, by, at):
    return ReferralFactory(consent=consent, created_by=by, created_at=at)


def caseworker_of(municipality, **user):
    person = UserFactory(**user)
    MunicipalityMembershipFactory(
        user=person, municipality=municipality, role=MunicipalityMembership.Role.CASEWORKER
    )
    return person


def follow_ups():
    return Notification.objects.filter(kind=KIND).order_by("pk")


def test_once_a_quarter_the_referring_caseworker_is_invited_to_follow_up(caseworker, consent):
    refer(consent, caseworker, AUGUST)
    refer(consent, caseworker, AUGUST + datetime.timedelta(days=20))

    # Before 09:00 on the quarter's first day: nothing yet.
    assert services.referral_follow_ups_schedule(now=local(2026, 10, 1, 8, 55)) == 0
    assert services.referral_follow_ups_schedule(now=NEW_QUARTER) == 1
    # However often it runs in that quarter: one.
    services.referral_follow_ups_schedule(now=NEW_QUARTER + datetime.timedelta(hours=2))
    services.referral_follow_ups_schedule(now=local(2026, 11, 20, 9, 30))
    assert [n.recipient for n in follow_ups()] == [caseworker]
    assert follow_ups().get().context["count"] == 2

    # No referral in the fourth quarter: no follow-up in January; one in it: one more.
    assert services.referral_follow_ups_schedule(now=local(2027, 1, 1, 9, 30)) == 0
    refer(consent, caseworker, local(2026, 12, 2, 13))
    assert services.referral_follow_ups_schedule(now=local(2027, 1, 1, 9, 30)) == 1
    assert follow_ups().count() == 2


def test_staff_who_left_or_did_not_refer_get_none(caseworker, consent, municipality):
    left = caseworker_of(municipality)
    closed = caseworker_of(municipality, is_active=False)
    caseworker_of(municipality)  # referred nothing
    refer(consent, left, AUGUST)
    refer(consent, closed, AUGUST)
    refer(consent, caseworker, local(2026, 6, 30, 15))  # the quarter before
    MunicipalityMembership.objects.filter(user=left).delete()

    assert services.referral_follow_ups_schedule(now=NEW_QUARTER) == 0
    assert not follow_ups().exists()


def test_the_email_links_to_the_referral_list_in_their_language_and_names_nobody(
    caseworker, consent, person, settings
):
    english = caseworker_of(person.municipality, preferred_language="en")
    refer(consent, caseworker, AUGUST)
    refer(consent, english, AUGUST)
    services.referral_follow_ups_schedule(now=NEW_QUARTER)

    assert notifications_send_due(now=NEW_QUARTER) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    norwegian, in_english = by_recipient[caseworker.email], by_recipient[english.email]
    assert norwegian.subject == "Oppfølging av henvisninger til frivillige i Drammen kommune"
    assert in_english.subject == "Follow-up on referrals to volunteers in Drammen kommune"
    assert (
        "You made 1 referral to a voluntary organisation in Drammen kommune in quarter 3 of 2026."
        in in_english.body
    )
    link = f"{settings.SITE_URL}{reverse('referrals:list')}"
    for message in mail.outbox:
        assert link in message.body  # the plain-text part
        html = message.alternatives[0][0]
        everything = f"{message.subject}\n{message.body}\n{html}"
        for value in [person.given_name, person.family_name, person.phone, person.email]:
            assert value not in everything
    assert all(
        n.context.keys() == {"municipality", "count", "quarter", "year"} for n in follow_ups()
    )
    # A referral reminder never goes by SMS, whatever anybody's settings say.
    assert group_of(KIND) in NEVER_BY_SMS_GROUPS


def test_the_beat_schedule_runs_it_at_the_start_of_each_quarter(caseworker, consent, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["referral-quarterly-follow-ups"]
    assert entry["task"] == "referrals.tasks.schedule_referral_follow_ups"
    assert entry["schedule"].month_of_year == {1, 4, 7, 10}
    assert entry["schedule"].day_of_month == {1}
    last_quarter = services._quarter_start(
        services._quarter_start(timezone.localdate()) - datetime.timedelta(days=1)
    )
    refer(consent, caseworker, local(last_quarter.year, last_quarter.month, 2, 12))

    assert tasks.schedule_referral_follow_ups() == 1
    assert follow_ups().get().recipient == caseworker
