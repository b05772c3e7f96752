"""Approving is an act of a party (issue #15, hole 7): being a superuser approves for nobody."""

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import Approval
from tests.factories import (
    AgreementFactory,
    ConsentFactory,
    ParticipationFactory,
    PartyFactory,
    PersonFactory,
    ReferralFactory,
    RowFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(municipality, partner, coordinator):
    agreement = AgreementFactory(municipality=municipality)
    PartyFactory(agreement=agreement, organization=partner)
    RowFactory(agreement=agreement, responsible="municipality")
    services.agreement_send_for_approval(by=coordinator, agreement=agreement)
    agreement.refresh_from_db()
    return agreement


def test_a_platform_admin_approves_for_no_party_and_changes_nothing(client, platform_admin, sent):
    client.force_login(platform_admin)

    page = client.get(reverse("agreements:detail", args=[sent.pk])).content.decode()
    response = client.post(reverse("agreements:approve", args=[sent.pk]), {"version_number": 1})

    assert "Approve version 1" not in page
    assert response.status_code == 403
    assert not Approval.objects.exists()
    sent.refresh_from_db()
    assert sent.status == "approval"
    assert all(
        not platform_admin.has_perm("agreements.approve_for_party", party)
        for party in sent.parties.all()
    )


def test_the_parties_themselves_still_approve(client, sent, partner_contact, coordinator):
    for party_person in (partner_contact, coordinator):
        client.force_login(party_person)
        client.post(reverse("agreements:approve", args=[sent.pk]), {"version_number": 1})

    sent.refresh_from_db()
    assert sent.status == "active"
    assert Approval.objects.count() == 2


def test_a_platform_admin_who_coordinates_approves_only_for_their_municipality(
    client, platform_admin, sent, municipality
):
    """Their own municipal role counts; the superuser flag adds nothing to it."""
    from accounts.models import MunicipalityMembership

    MunicipalityMembership.objects.create(
        user=platform_admin, municipality=municipality, role="coordinator"
    )
    client.force_login(platform_admin)

    client.post(reverse("agreements:approve", args=[sent.pk]), {"version_number": 1})

    assert list(Approval.objects.values_list("party__organization", flat=True)) == [None]


def test_a_platform_admin_cannot_answer_someone_elses_meeting_invitation(
    platform_admin, partner, municipality
):
    participation = ParticipationFactory(meeting__municipality=municipality, organization=partner)

    assert not platform_admin.has_perm("meetings.answer_participation", participation)


@pytest.mark.parametrize(
    "perm", ["referrals.answer_referral", "referrals.record_contact", "referrals.close_referral"]
)
def test_a_platform_admin_cannot_answer_or_act_on_a_referral(
    platform_admin, partner, municipality, perm
):
    consent = ConsentFactory(
        person=PersonFactory(municipality=municipality), organizations=[partner]
    )
    referral = ReferralFactory(consent=consent)

    assert not platform_admin.has_perm(perm, referral)
    assert not platform_admin.has_perm("referrals.manage_person", consent.person)


def test_the_admin_site_stays_open_to_platform_admins(platform_admin):
    """The operator's tasks in the admin are declared rules; a tenant's agreement is not one of
    them (no superuser bypass: it is the municipality's own act)."""
    assert platform_admin.has_perm("accounts.change_user")
    assert platform_admin.has_perm("notifications.view_notification")
    assert not platform_admin.has_perm("agreements.change_agreement")
