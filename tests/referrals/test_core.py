"""The rules that protect the person, proved on PostgreSQL."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from referrals import services
from referrals.models import AccessLogEntry, Consent, Referral
from tests.factories import (
    ConsentFactory,
    OrganizationFactory,
    PersonFactory,
    ReferralFactory,
    refer,
)
from tests.referrals.helpers import record_consent

pytestmark = pytest.mark.django_db


def test_the_whole_path_from_referral_to_contact_made(
    person, consent, caseworker, guide_organization, guide_contact
):
    referral = refer(person, consent, caseworker, guide_organization)
    assert referral.status == Referral.Status.SUBMITTED
    assert guide_contact.has_perm("referrals.view_referral_summary", referral)
    assert not guide_contact.has_perm("referrals.view_referral_contact", referral)
    services.referral_accept(referral=referral, by=guide_contact)
    referral.refresh_from_db()
    assert guide_contact.has_perm("referrals.view_referral_contact", referral)
    services.referral_record_contact(
        copies_deleted=True, handover="self", referral=referral, by=guide_contact, reached=True
    )
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
    referral = refer(person, consent, caseworker, guide_organization)
    services.referral_accept(referral=referral, by=guide_contact)
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=timezone.localdate())
    referral = Referral.objects.select_related("consent").get(pk=referral.pk)
    assert referral.status == Referral.Status.WITHDRAWN
    assert not guide_contact.has_perm("referrals.view_referral_contact", referral)
    assert not guide_contact.has_perm("referrals.view_referral_summary", referral)


def test_purge_leaves_no_personal_value(
    person, consent, caseworker, guide_organization, guide_contact
):
    referral = refer(person, consent, caseworker, guide_organization, note="Amina likes hiking")
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=timezone.localdate())
    values = [person.given_name, person.family_name, person.phone, person.email, "Amina likes"]
    later = timezone.now() + datetime.timedelta(days=31)
    # Kept far longer than a month (and no decline, announcement or role-less account here).
    nothing_else = {
        "access_log": 0,
        "offers": 0,
        "decline_reasons": 0,
        "audit_events": 0,
        "accounts": 0,
        "announcements": 0,
    }
    assert services.retention_purge(now=later) == {"referrals": 1, "persons": 1, **nothing_else}
    assert services.retention_purge(now=later) == {"referrals": 0, "persons": 0, **nothing_else}
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
    referral = refer(person, consent, caseworker, guide_organization)
    assert not guide_admin.has_perm("referrals.view_referral", referral)
    with pytest.raises(PermissionDenied):
        services.referral_accept(referral=referral, by=guide_admin)


def test_consent_without_confirmation_is_refused(person, caseworker, guide_organization):
    with pytest.raises(ValidationError) as error:
        record_consent(
            person,
            caseworker,
            guide_organization,
            "ar",
            shared_fields=["postal_area"],
            person_confirmed=False,
        )
    assert set(error.value.message_dict) == {
        "person_confirmed",
        "shared_fields",
        "information_language",
    }


# -- the database guards, bypassing the services ----------------------------------------------


def _raw_insert(*, person, consent, organization):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO referrals_referral (municipality_id, person_id, consent_id, "
            "organization_id, offer, note, status, created_at, decline_category, "
            "decline_reason) "
            "VALUES (%s, %s, %s, %s, 'refugee_guide', '', 'submitted', now(), '', '') "
            "RETURNING id",
            [
                person.municipality_id,
                person.pk,
                consent.pk,
                organization.pk if organization else None,
            ],
        )
        return cursor.fetchone()[0]


def _raw_update(referral, **columns):
    assignments = ", ".join(f"{column} = %s" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE referrals_referral SET {assignments} WHERE id = %s",  # noqa: S608 - ours
            [*columns.values(), referral.pk],
        )


def _withdraw(consent):
    """Withdrawn today, behind the services' back."""
    Consent.objects.filter(pk=consent.pk).update(
        withdrawn_at=timezone.now(), withdrawn_on=timezone.localdate()
    )


def _lapse(consent):
    today = timezone.localdate()
    Consent.objects.filter(pk=consent.pk).update(
        valid_from=today - datetime.timedelta(days=200),
        valid_until=today - datetime.timedelta(days=1),
    )


def test_a_raw_insert_under_a_valid_covering_consent_works(person, consent, guide_organization):
    """The guard lets the right rows through (so the refusals below are about the consent)."""
    assert _raw_insert(person=person, consent=consent, organization=guide_organization)
    assert _raw_insert(person=person, consent=consent, organization=None)


@pytest.mark.parametrize("problem", ["withdrawn", "lapsed", "other person", "not covering"])
def test_the_database_refuses_a_raw_insert(
    problem, person, consent, caseworker, guide_organization, municipality
):
    organization = guide_organization
    if problem == "withdrawn":
        _withdraw(consent)
    elif problem == "lapsed":
        _lapse(consent)
    elif problem == "other person":
        person = PersonFactory(municipality=municipality)
    else:
        organization = OrganizationFactory(verified=True, municipalities=[municipality])
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw_insert(person=person, consent=consent, organization=organization)
    assert not Referral.objects.exists()


@pytest.mark.parametrize("problem", ["withdrawn", "lapsed", "other person", "not covering"])
def test_the_database_refuses_a_raw_update_onto_a_consent_that_does_not_allow_it(
    problem, person, consent, guide_organization, municipality
):
    referral = ReferralFactory(consent=consent, organization=guide_organization)
    replacement = ConsentFactory(person=person, organizations=[guide_organization])
    if problem == "withdrawn":
        _withdraw(replacement)
    elif problem == "lapsed":
        _lapse(replacement)
    elif problem == "other person":
        replacement = ConsentFactory(
            person=PersonFactory(municipality=municipality), organizations=[guide_organization]
        )
    else:
        replacement = ConsentFactory(
            person=person,
            organizations=[OrganizationFactory(verified=True, municipalities=[municipality])],
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw_update(referral, consent_id=replacement.pk)
    assert Referral.objects.get(pk=referral.pk).consent_id == consent.pk


def test_the_database_refuses_routing_to_an_organisation_the_consent_does_not_cover(
    person, consent, municipality, guide_organization
):
    referral = ReferralFactory(consent=consent, organization=None)
    elsewhere = OrganizationFactory(verified=True, municipalities=[municipality])
    with pytest.raises(DatabaseError, match="does not cover"), transaction.atomic():
        _raw_update(referral, organization_id=elsewhere.pk, status="routed")
    with pytest.raises(DatabaseError, match="does not cover"), transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(organization=elsewhere)
    assert Referral.objects.get(pk=referral.pk).organization_id is None
    _raw_update(referral, organization_id=guide_organization.pk, status="routed")
    assert Referral.objects.get(pk=referral.pk).organization == guide_organization


def test_the_database_refuses_moving_a_referral_to_another_person(
    person, consent, municipality, guide_organization
):
    referral = ReferralFactory(consent=consent, organization=guide_organization)
    other = PersonFactory(municipality=municipality)
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw_update(referral, person_id=other.pk)


def test_the_access_log_refuses_raw_update_and_delete_but_takes_inserts(person, caseworker):
    entry = services.access_log_record(
        user=caseworker, person=person, reason="person_page", path="/x"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO referrals_accesslogentry (at, user_id, user_label, municipality_id, "
            "person_id, reason, path) VALUES (now(), %s, 'x', %s, %s, 'routing', '/y')",
            [caseworker.pk, person.municipality_id, person.pk],
        )
    for sql in (
        "UPDATE referrals_accesslogentry SET user_label = 'someone else' WHERE id = %s",
        "UPDATE referrals_accesslogentry SET person_id = 0 WHERE id = %s",
        "DELETE FROM referrals_accesslogentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    entry.user_label = "changed"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.save()
    assert AccessLogEntry.objects.count() == 2
    assert AccessLogEntry.objects.get(pk=entry.pk).user_label.startswith(caseworker.full_name)


def test_the_access_log_never_keeps_a_query_string(person, caseworker):
    """A search for a name in the address must not end up in a log nobody can clean."""
    entry = services.access_log_record(
        user=caseworker, person=person, reason="person_page", path="/referrals/persons/?q=Amina"
    )
    assert entry.path == "/referrals/persons/"
