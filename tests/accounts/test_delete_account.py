"""A user deletes their own account (issue #20): asked first, told what goes and what must be
kept; a staff role or being an organisation's only admin has to be dealt with first."""

import pytest
from django.urls import reverse

from accounts.models import StaffAuditEvent, User
from tests.factories import ConsentFactory, ReferralFactory, person_of

pytestmark = pytest.mark.django_db

URL = reverse("accounts:delete_account")


def test_a_member_deletes_their_account_after_confirming(english, client, member, organization):
    email, name = member.email, member.full_name
    client.force_login(member)
    page = client.get(URL).content.decode()
    assert "What must be kept" in page
    assert "Referrals you made stay with the municipality" in page

    response = client.post(URL, {})  # not confirmed: nothing happens
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    member.refresh_from_db()
    assert member.deleted_at is None

    response = client.post(URL, {"confirm": "yes"}, follow=True)
    assert "Your account is deleted." in response.content.decode()
    member.refresh_from_db()
    assert member.deleted_at is not None
    assert not member.is_active
    assert not member.has_usable_password()
    assert not User.objects.filter(email=email).exists()
    assert not User.objects.filter(full_name=name).exists()
    assert not organization.memberships.filter(user=member).exists()
    assert str(member) == "Deleted account"
    assert not client.login(email=email, password="x")
    assert client.get(reverse("accounts:profile")).status_code == 302  # signed out


def test_what_they_did_stays_without_their_name(english, municipality, caseworker):
    from accounts.models import MunicipalityMembership
    from accounts.services import account_delete

    consent = ConsentFactory(person__municipality=municipality, municipality_chooses=True)
    referral = ReferralFactory(consent=consent, organization=None, created_by=caseworker)
    StaffAuditEvent.objects.create(
        municipality=municipality,
        action="role_removed",
        role="caseworker",
        user=caseworker,
        user_label=f"{caseworker.full_name} <{caseworker.email}>",
        at=referral.created_at,
    )
    MunicipalityMembership.objects.filter(user=caseworker).delete()  # the role was removed first

    account_delete(user=caseworker)

    referral.refresh_from_db()
    assert referral.created_by_id == caseworker.pk  # the referral stays with the municipality
    assert str(referral.created_by) == "Deleted account"
    assert StaffAuditEvent.objects.get().user_label == "Deleted account"


@pytest.mark.parametrize("who", ["caseworker", "coordinator"])
def test_staff_are_told_to_have_their_role_removed_first(english, client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "You hold a staff role in Drammen kommune" in page
    assert 'name="confirm"' not in page
    client.post(URL, {"confirm": "yes"})
    user.refresh_from_db()
    assert user.deleted_at is None
    assert user.is_active


def test_the_only_admin_of_an_organisation_is_told_what_to_do_first(
    english, client, organization_admin, organization
):
    client.force_login(organization_admin)
    page = client.get(URL).content.decode()
    assert f"You are the only admin of {organization.name}" in page
    client.post(URL, {"confirm": "yes"})
    organization_admin.refresh_from_db()
    assert organization_admin.deleted_at is None

    other_admin = person_of(organization, "admin")
    assert other_admin.pk != organization_admin.pk
    client.post(URL, {"confirm": "yes"})
    organization_admin.refresh_from_db()
    assert organization_admin.deleted_at is not None
    assert list(organization.memberships.filter(role="admin").values_list("user", flat=True)) == [
        other_admin.pk
    ]


def test_the_profile_links_to_deleting_the_account(english, client, plain_user):
    client.force_login(plain_user)
    assert URL in client.get(reverse("accounts:profile")).content.decode()
