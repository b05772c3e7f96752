"""A platform admin's powers are rules like anyone's (accounts/permissions.py), granted for the
operator's tasks: being a Django superuser adds nothing to them."""

import pytest

from accounts.permissions import OPERATOR_ADMIN_PERMISSIONS
from tests.factories import (
    AgreementFactory,
    ConsentFactory,
    MeetingFactory,
    MunicipalityFactory,
    OrganizationFactory,
    PartyFactory,
    PersonFactory,
    ReferralFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def test_the_operator_holds_the_admin_sites_rules(platform_admin):
    assert all(platform_admin.has_perm(name) for name in OPERATOR_ADMIN_PERMISSIONS)
    assert platform_admin.has_perm("accounts.use_admin_site")
    assert platform_admin.has_module_perms("accounts")
    assert platform_admin.has_module_perms("mfa")  # a lost authenticator is removed there
    assert not platform_admin.has_module_perms("referrals")


def test_being_a_superuser_grants_nothing_undeclared(platform_admin):
    assert not platform_admin.has_perm("auth.change_group")
    assert not platform_admin.has_perm("referrals.view_informationsheet")
    assert not platform_admin.has_perm("grants.change_application")


def test_the_operator_does_not_act_for_a_municipality(platform_admin):
    municipality = MunicipalityFactory()
    organization = OrganizationFactory(municipalities=[municipality])
    agreement = AgreementFactory(municipality=municipality)
    meeting = MeetingFactory(municipality=municipality)

    assert not platform_admin.has_perm("agreements.create_agreement", municipality)
    assert not platform_admin.has_perm("agreements.change_agreement", agreement)
    assert not platform_admin.has_perm("meetings.change_meeting", meeting)
    assert not platform_admin.has_perm("meetings.manage_venue", VenueFactory())
    assert not platform_admin.has_perm("organizations.verify_organization", organization)
    assert not platform_admin.has_perm("organizations.import_organizations")


def test_the_operator_never_approves_consents_accepts_or_sees_persons(platform_admin):
    municipality = MunicipalityFactory()
    person = PersonFactory(municipality=municipality)
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    referral = ReferralFactory(consent=ConsentFactory(person=person, organizations=[organization]))
    party = PartyFactory(agreement=AgreementFactory(municipality=municipality))

    assert not platform_admin.has_perm("agreements.approve_for_party", party)
    assert not platform_admin.has_perm("referrals.view_person", person)
    assert not platform_admin.has_perm("referrals.add_person", municipality)
    assert not platform_admin.has_perm("referrals.view_referral", referral)
    assert not platform_admin.has_perm("referrals.answer_referral", referral)


def test_a_deactivated_operator_holds_nothing(platform_admin):
    platform_admin.is_active = False

    assert not platform_admin.has_perm("accounts.view_user")
    assert not platform_admin.has_module_perms("accounts")
