import pytest
from django.contrib.auth.models import AnonymousUser

from tests.accounts.conftest import ROLES

pytestmark = pytest.mark.django_db

# Who holds each permission on the Drammen municipality (the `municipality` fixture).
HOLDERS = {
    "accounts.view_municipality": {"caseworker", "coordinator", "platform_admin"},
    "accounts.add_staff_role": {"coordinator"},
}
SITE_HOLDERS = {
    "accounts.use_admin_site": {"platform_admin"},
}


@pytest.fixture
def user_for(request):
    def user(role: str):
        return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)

    return user


@pytest.mark.parametrize("perm", sorted(HOLDERS))
@pytest.mark.parametrize("role", ROLES)
def test_municipality_permissions_by_role(user_for, municipality, other_municipality, role, perm):
    user = user_for(role)

    assert user.has_perm(perm, municipality) is (role in HOLDERS[perm])


@pytest.mark.parametrize("perm", sorted(SITE_HOLDERS))
@pytest.mark.parametrize("role", ROLES)
def test_site_permissions_by_role(user_for, role, perm):
    user = user_for(role)

    assert user.has_perm(perm) is (role in SITE_HOLDERS[perm])


def test_another_municipalitys_coordinator_manages_their_own_municipality_only(
    other_coordinator, municipality, other_municipality
):
    assert other_coordinator.has_perm("accounts.add_staff_role", other_municipality)
    assert not other_coordinator.has_perm("accounts.view_municipality", municipality)


def test_a_deactivated_coordinator_loses_every_permission(coordinator, municipality):
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])

    assert not coordinator.has_perm("accounts.view_municipality", municipality)
    assert not coordinator.has_perm("accounts.add_staff_role", municipality)


def test_a_deactivated_platform_admin_cannot_use_the_admin_site(platform_admin):
    platform_admin.is_active = False
    platform_admin.save(update_fields=["is_active"])

    assert not platform_admin.has_perm("accounts.use_admin_site")


def test_no_permission_on_no_municipality(coordinator):
    assert not coordinator.has_perm("accounts.view_municipality", None)
    assert not coordinator.has_perm("accounts.add_staff_role", None)
