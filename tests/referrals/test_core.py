"""The rules that protect the person, proved on PostgreSQL."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from referrals import services
from referrals.models import AccessLogEntry, Referral
from tests.factories import OrganizationFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_the_whole_path_from_referral_to_contact_made(
    person, consent, caseworker, guide_organization, guide_contact
):
    referral = services.referral_create(
        person=person, consent=consent, by=caseworker, organization=guide_organization
    )
    assert referral.status == Referral.Status.SUBMITTED
    assert guide_contact.has_perm("referrals.view_referral_summary", referral)
    assert not guide_contact.has_perm("referrals.view_referral_contact", referral)
    services.referral_accept(referral=referral, by=guide_contact)
    referral.refresh_from_db()
    assert guide_contact.has_perm("referrals.view_referral_contact", referral)
    services.referral_record_contact(referral=referral, by=guide_contact, reached=True)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CONTACT_MADE
    assert not guide_contact.has_perm("referrals.view_referral_contact", referral)
    assert not guide_contact.has_perm("referrals.view_referral_summary", referral)
    assert [e.status for e in referral.events.order_by("at", "pk")] == [
        "submitted",
        "accepted",
        "contact_made",
    ]


def test_the_database_refuses_a_referral_whose_consent_does_not_cover_the_organisation(
    person, consent, caseworker, municipality
):
    other = OrganizationFactory(verified=True, municipalities=[municipality])
    with pytest.raises(DatabaseError, match="does not cover"), transaction.atomic():
        ReferralFactory(consent=consent, organization=other)


def test_the_database_refuses_a_referral_under_a_withdrawn_consent(person, consent, caseworker):
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=timezone.localdate())
    with pytest.raises(DatabaseError, match="not valid"), transaction.atomic():
        ReferralFactory(consent=consent)


def test_the_access_log_refuses_update_and_delete(person, caseworker):
    entry = services.access_log_record(
        user=caseworker, person=person, reason="person_page", path="/x"
    )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(reason="routing")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).reason == "person_page"


def test_withdrawal_stops_open_referrals_and_access_at_once(
    person, consent, caseworker, guide_organization, guide_contact
):
    referral = services.referral_create(
        person=person, consent=consent, by=caseworker, organization=guide_organization
    )
    services.referral_accept(referral=referral, by=guide_contact)
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=timezone.localdate())
    referral = Referral.objects.select_related("consent").get(pk=referral.pk)
    assert referral.status == Referral.Status.WITHDRAWN
    assert not guide_contact.has_perm("referrals.view_referral_contact", referral)
    assert not guide_contact.has_perm("referrals.view_referral_summary", referral)


def test_purge_leaves_no_personal_value(
    person, consent, caseworker, guide_organization, guide_contact
):
    referral = services.referral_create(
        person=person,
        consent=consent,
        by=caseworker,
        organization=guide_organization,
        note="Amina likes hiking",
    )
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=timezone.localdate())
    values = [person.given_name, person.family_name, person.phone, person.email, "Amina likes"]
    later = timezone.now() + datetime.timedelta(days=31)
    assert services.retention_purge(now=later) == {"referrals": 1, "persons": 1}
    assert services.retention_purge(now=later) == {"referrals": 0, "persons": 0}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            dump = repr(cursor.fetchall())
            for value in values:
                assert value not in dump, (table, value)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    assert referral.organization == guide_organization


def test_a_member_or_admin_who_is_not_contact_person_sees_nothing(
    person, consent, caseworker, guide_organization, guide_admin, guide_contact
):
    referral = services.referral_create(
        person=person, consent=consent, by=caseworker, organization=guide_organization
    )
    assert not guide_admin.has_perm("referrals.view_referral", referral)
    with pytest.raises(PermissionDenied):
        services.referral_accept(referral=referral, by=guide_admin)


def test_consent_without_confirmation_is_refused(person, caseworker, guide_organization):
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            person=person,
            by=caseworker,
            informed_on=timezone.localdate(),
            information_language="ar",
            shared_fields=["postal_area"],
            offer="refugee_guide",
            signed_how="paper",
            person_confirmed=False,
            organizations=[guide_organization],
        )
    assert set(error.value.message_dict) == {
        "person_confirmed",
        "shared_fields",
        "information_language",
    }
