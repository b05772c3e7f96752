from datetime import datetime, timedelta

import pytest
from django.core import mail

from agreements.services import agreement_reminders_schedule
from core.time import OSLO
from notifications.models import Notification
from notifications.services import notifications_send_due
from organizations.models import OrganizationMembership
from tests.factories import (
    AgreementFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=OSLO)
TODAY = NOW.date()


@pytest.fixture
def people(coordinator, caseworker, partner):
    """Who hears about the agreement (coordinator, the party's admin and contact person) and who
    does not (a caseworker, a member of the party, the admin of an organisation not a party)."""
    role = OrganizationMembership.Role
    outsider = OrganizationFactory(verified=True)
    return {
        "told": {
            coordinator,
            OrganizationMembershipFactory(organization=partner, role=role.ADMIN).user,
            OrganizationMembershipFactory(organization=partner, role=role.CONTACT).user,
        },
        "not told": {
            caseworker,
            OrganizationMembershipFactory(organization=partner, role=role.MEMBER).user,
            OrganizationMembershipFactory(organization=outsider, role=role.ADMIN).user,
        },
    }


def agreement(municipality, partner, **fields):
    made = AgreementFactory(
        municipality=municipality, starts_on=TODAY - timedelta(days=365), **fields
    )
    PartyFactory(agreement=made, organization=partner)
    return made


def notices(kind):
    return Notification.objects.filter(kind=kind)


@pytest.mark.parametrize("days", [30, 7])
@pytest.mark.parametrize(
    ("date_field", "kind"),
    [("review_on", "agreement_review_due"), ("ends_on", "agreement_ending")],
)
def test_active_agreements_get_notices_30_and_7_days_ahead_once(
    municipality, partner, people, days, date_field, kind
):
    active = agreement(
        municipality, partner, status="active", **{date_field: TODAY + timedelta(days=days)}
    )

    agreement_reminders_schedule(now=NOW)
    agreement_reminders_schedule(now=NOW + timedelta(hours=3))  # a second run the same day

    assert notices(kind).count() == len(people["told"])
    assert {n.recipient for n in notices(kind)} == people["told"]
    assert {n.subject_id for n in notices(kind)} == {active.pk}


@pytest.mark.parametrize("days", [31, 8, 6, 0])
def test_no_notice_on_other_days(municipality, partner, people, days):
    agreement(
        municipality,
        partner,
        status="active",
        review_on=TODAY + timedelta(days=days),
        ends_on=TODAY + timedelta(days=days),
    )

    agreement_reminders_schedule(now=NOW)

    assert not Notification.objects.exists()


@pytest.mark.parametrize("status", ["draft", "approval", "revision", "ended"])
def test_only_active_agreements_get_review_and_ending_notices(
    municipality, partner, people, status
):
    agreement(
        municipality,
        partner,
        status=status,
        review_on=TODAY + timedelta(days=7),
        ends_on=TODAY + timedelta(days=30),
        approval_requested_at=NOW,
    )

    agreement_reminders_schedule(now=NOW)

    assert not Notification.objects.exists()


def test_review_notices_30_and_7_days_ahead_are_two_notices(municipality, partner, people):
    agreement(municipality, partner, status="active", review_on=TODAY + timedelta(days=30))

    for day in range(30):
        agreement_reminders_schedule(now=NOW + timedelta(days=day))
        agreement_reminders_schedule(now=NOW + timedelta(days=day, hours=1))

    assert notices("agreement_review_due").count() == 2 * len(people["told"])


def test_an_approval_waiting_more_than_7_days_gets_one_pending_notice(
    municipality, partner, people
):
    waiting = agreement(
        municipality, partner, status="approval", approval_requested_at=NOW - timedelta(days=6)
    )
    agreement_reminders_schedule(now=NOW)
    assert not notices("agreement_approval_pending").exists()

    for day in [2, 2, 3, 10]:  # twice on one day, and on later days
        agreement_reminders_schedule(now=NOW + timedelta(days=day))

    assert notices("agreement_approval_pending").count() == len(people["told"])
    assert {n.recipient for n in notices("agreement_approval_pending")} == people["told"]
    assert {n.subject_id for n in notices("agreement_approval_pending")} == {waiting.pk}


def test_notices_are_sent_with_text_and_html_to_the_parties_only(municipality, partner, people):
    active = agreement(
        municipality,
        partner,
        status="active",
        title="Nettverk for nyankomne",
        review_on=TODAY + timedelta(days=7),
    )
    agreement_reminders_schedule(now=NOW)

    sent = notifications_send_due(now=NOW)

    assert sent == len(people["told"]) == len(mail.outbox)
    assert {m.to[0] for m in mail.outbox} == {u.email for u in people["told"]}
    assert not {m.to[0] for m in mail.outbox} & {u.email for u in people["not told"]}
    for message in mail.outbox:
        assert "Nettverk for nyankomne" in message.subject
        assert "Nettverk for nyankomne" in message.body
        assert active.get_absolute_url() in message.body
        ((html, mimetype),) = message.alternatives
        assert mimetype == "text/html"
        assert "Nettverk for nyankomne" in html
    assert notifications_send_due(now=NOW + timedelta(hours=1)) == 0
