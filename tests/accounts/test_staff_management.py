"""A municipality's coordinators manage its staff: last sign-in, change role, remove; manual
roles of staff who stopped signing in lapse after a warning; every change is logged and the
coordinators are told."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import MunicipalityMembership, StaffAuditEvent
from accounts.staff.services import (
    municipality_membership_change_role,
    municipality_membership_remove,
    staff_roles_lapse_inactive,
)
from notifications.models import Notification
from tests.factories import MunicipalityMembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def staff_url(municipality):
    return reverse("accounts:staff", args=[municipality.slug])


def test_the_coordinator_removes_a_caseworker_who_then_sees_no_person(
    client, municipality, coordinator, caseworker
):
    PersonFactory(municipality=municipality, family_name="Haddadi")
    client.force_login(caseworker)
    assert "Haddadi" in client.get(reverse("referrals:persons")).content.decode()

    client.force_login(coordinator)
    membership = caseworker.municipality_memberships.get()
    remove_url = reverse("accounts:staff_remove", args=[municipality.slug, membership.pk])
    ask = client.get(remove_url)  # asks first
    assert ask.status_code == 200
    assert MunicipalityMembership.objects.filter(pk=membership.pk).exists()
    assert client.post(remove_url).status_code == 302
    assert not MunicipalityMembership.objects.filter(pk=membership.pk).exists()
    event = StaffAuditEvent.objects.get()
    assert (event.action, event.role, event.user, event.by) == (
        "role_removed",
        "caseworker",
        caseworker,
        coordinator,
    )

    client.force_login(caseworker)
    assert client.get(reverse("referrals:persons")).status_code in (403, 404)


def test_the_other_coordinators_are_told(municipality, coordinator, caseworker):
    colleague = MunicipalityMembershipFactory(municipality=municipality, role="coordinator").user
    municipality_membership_remove(
        membership=caseworker.municipality_memberships.get(), by=coordinator
    )
    told = Notification.objects.get(kind="staff_changed")
    assert told.recipient == colleague
    assert told.context["action"] == "role_removed"


def test_nobody_removes_their_own_role_nor_one_in_another_municipality(
    municipality, coordinator, other_coordinator, caseworker
):
    with pytest.raises(ValidationError):
        municipality_membership_remove(
            membership=coordinator.municipality_memberships.get(), by=coordinator
        )
    with pytest.raises(PermissionDenied):
        municipality_membership_remove(
            membership=caseworker.municipality_memberships.get(), by=other_coordinator
        )


def test_changing_a_role(municipality, coordinator, caseworker):
    membership = caseworker.municipality_memberships.get()
    new = municipality_membership_change_role(
        membership=membership, role="coordinator", by=coordinator
    )
    assert new.role == "coordinator"
    assert new.manual
    assert list(caseworker.municipality_memberships.values_list("role", flat=True)) == [
        "coordinator"
    ]
    assert list(StaffAuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "role_removed",
        "role_added",
    ]


def test_the_staff_page_shows_last_sign_in_and_who_gave_the_role(
    client, municipality, coordinator, caseworker, django_assert_max_num_queries
):
    caseworker.last_login = timezone.now() - timedelta(days=3)
    caseworker.save(update_fields=["last_login"])
    for _ in range(5):
        MunicipalityMembershipFactory(municipality=municipality, role="caseworker")
    client.force_login(coordinator)
    client.get(staff_url(municipality))
    with django_assert_max_num_queries(14):
        page = client.get(staff_url(municipality))
    text = page.content.decode()
    assert caseworker.email in text
    assert "never" in text or "aldri" in text


@pytest.mark.parametrize("who", ["caseworker", "other_coordinator"])
def test_nobody_else_sees_the_staff_page(client, municipality, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(staff_url(municipality)).status_code == 404


def test_manual_roles_of_staff_who_stopped_signing_in_lapse_after_a_warning(
    municipality, caseworker, coordinator, settings
):
    now = timezone.now()
    membership = caseworker.municipality_memberships.get()
    caseworker.last_login = now - timedelta(days=settings.STAFF_INACTIVE_DAYS + 1)
    caseworker.save(update_fields=["last_login"])
    sso = MunicipalityMembershipFactory(municipality=municipality, role="caseworker", manual=False)
    sso.user.last_login = now - timedelta(days=400)
    sso.user.save(update_fields=["last_login"])

    assert staff_roles_lapse_inactive(now=now)["warned"] == 1
    assert Notification.objects.get(kind="staff_role_lapse_warning").recipient == caseworker
    assert staff_roles_lapse_inactive(now=now)["warned"] == 0  # safe to run twice
    membership.refresh_from_db()
    assert membership.lapse_warned_at == now

    later = now + timedelta(days=settings.STAFF_LAPSE_WARNING_DAYS)
    assert staff_roles_lapse_inactive(now=later)["lapsed"] == 1
    assert not MunicipalityMembership.objects.filter(pk=membership.pk).exists()
    assert MunicipalityMembership.objects.filter(pk=sso.pk).exists()  # the provider's to decide
    assert StaffAuditEvent.objects.filter(action="role_lapsed", user=caseworker).exists()
    # The coordinators are told of the lapse (not of the warning, which goes to the holder).
    [told] = Notification.objects.filter(kind="staff_changed")
    assert (told.recipient, told.context["action"]) == (coordinator, "role_lapsed")


def test_a_sign_in_after_the_warning_keeps_the_role(municipality, caseworker, settings):
    now = timezone.now()
    membership = caseworker.municipality_memberships.get()
    caseworker.last_login = now - timedelta(days=settings.STAFF_INACTIVE_DAYS + 1)
    caseworker.save(update_fields=["last_login"])
    staff_roles_lapse_inactive(now=now)
    caseworker.last_login = now + timedelta(days=1)
    caseworker.save(update_fields=["last_login"])
    later = now + timedelta(days=settings.STAFF_LAPSE_WARNING_DAYS + 1)
    counts = staff_roles_lapse_inactive(now=later)
    assert counts == {"warned": 0, "lapsed": 0, "cleared": 1}
    membership.refresh_from_db()
    assert membership.lapse_warned_at is None
