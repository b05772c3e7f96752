"""What the data protection officer asks for (issue #20): retention per data type in each
municipality, applied by the nightly purge (the access log included, once past its time), and
the record of processing (GDPR art. 30) generated from the system's own declarations."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from referrals import services
from referrals.models import (
    AccessLogEntry,
    OfferPresentation,
    Person,
    Referral,
    RetentionPolicy,
)
from tests.factories import ConsentFactory, PersonFactory, ReferralFactory, verified_in

pytestmark = pytest.mark.django_db


def days(n: float) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _ended_referral(municipality, *, ago: float):
    person = PersonFactory(municipality=municipality)
    consent = ConsentFactory(person=person, municipality_chooses=True)
    referral = ReferralFactory(consent=consent, organization=None, note="Kajakk på søndager")
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.CLOSED, ended_at=timezone.now() - days(ago)
    )
    return referral


def test_each_municipality_keeps_referral_notes_as_long_as_it_chose(
    municipality, other_municipality, coordinator
):
    services.retention_policy_save(municipality=municipality, by=coordinator, referral_days=7)
    short = _ended_referral(municipality, ago=8)
    default = _ended_referral(other_municipality, ago=8)  # the default: 30 days
    counts = services.retention_purge(now=timezone.now())
    assert counts["referrals"] == 1
    short.refresh_from_db()
    default.refresh_from_db()
    assert (short.note, short.personal_data_erased_at is not None) == ("", True)
    assert default.note == "Kajakk på søndager"


def _entry(person, *, ago: float) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        at=timezone.now() - days(ago),
        user_label="Saksbehandler <s@example.no>",
        municipality_id=person.municipality_id,
        person=person,
        reason=AccessLogEntry.Reason.PERSON_PAGE,
        path="/referrals/persons/",
    )


def test_the_access_log_is_deleted_after_its_retention_and_not_before(person, other_municipality):
    old = _entry(person, ago=731)  # past the default two years
    recent = _entry(person, ago=400)
    elsewhere = _entry(PersonFactory(municipality=other_municipality), ago=400)
    # The other municipality keeps its log one year only.
    RetentionPolicy.objects.create(municipality=other_municipality, access_log_days=365)

    counts = services.retention_purge(now=timezone.now())

    assert counts["access_log"] == 2
    remaining = set(AccessLogEntry.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk}
    assert old.pk not in remaining
    assert elsewhere.pk not in remaining
    assert services.retention_purge(now=timezone.now())["access_log"] == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def _raw_delete(entry, *, in_the_purge: bool) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if in_the_purge:
            cursor.execute("SET LOCAL brobygger.access_log_purge = 'on'")
        cursor.execute("DELETE FROM referrals_accesslogentry WHERE id = %s", [entry.pk])


def test_even_the_purge_cannot_delete_an_entry_younger_than_a_year(person):
    recent = _entry(person, ago=100)
    with pytest.raises(DatabaseError, match="append-only"):
        _raw_delete(recent, in_the_purge=True)
    old = _entry(person, ago=400)
    with pytest.raises(DatabaseError, match="append-only"):
        _raw_delete(old, in_the_purge=False)  # outside the purge: refused, however old
    assert AccessLogEntry.objects.count() == 2


def test_offers_presented_are_deleted_after_their_retention(person, caseworker):
    today = timezone.localdate()
    for ago in (800, 10):
        OfferPresentation.objects.create(
            municipality=person.municipality,
            person=person,
            offer="refugee_guide",
            presented_on=today - days(ago),
            answer="declined",
            presented_by=caseworker,
        )
    assert services.retention_purge(now=timezone.now())["offers"] == 1
    assert OfferPresentation.objects.get().presented_on == today - days(10)


@pytest.mark.parametrize(
    ("field", "value"),
    [("access_log_days", 364), ("access_log_days", 1826), ("referral_days", 366)],
)
def test_retention_stays_within_the_legal_bounds(municipality, coordinator, field, value):
    with pytest.raises(ValidationError) as refused:
        services.retention_policy_save(municipality=municipality, by=coordinator, **{field: value})
    assert field in refused.value.message_dict
    assert not RetentionPolicy.objects.exists()


def test_only_the_municipalitys_coordinators_set_retention(
    municipality, caseworker, other_coordinator
):
    for user in (caseworker, other_coordinator):
        with pytest.raises(PermissionDenied):
            services.retention_policy_save(municipality=municipality, by=user, person_days=10)


def test_the_coordinator_sets_the_retention_periods_on_a_page(english, client, coordinator):
    client.force_login(coordinator)
    url = reverse("referrals:retention")
    content = client.get(url).content.decode()
    assert 'value="730"' in content  # the default for the access log
    assert "Between 365 and 1825 days." in content
    data = {**RetentionPolicy.DEFAULTS, "referral_days": 14, "person_days": 20}
    data["access_log_days"] = 100
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'value="100"' in response.content.decode()  # kept, with the error beside it
    assert not RetentionPolicy.objects.exists()
    response = client.post(url, {**data, "access_log_days": 400})
    assert response.status_code == 302
    policy = RetentionPolicy.objects.get()
    assert (policy.referral_days, policy.access_log_days, policy.updated_by) == (
        14,
        400,
        coordinator,
    )


@pytest.mark.parametrize("page", ["retention", "record_of_processing", "dpia", "privacy_notice"])
@pytest.mark.parametrize("who", ["caseworker", "guide_contact", "plain_user"])
def test_the_dpo_pages_are_for_coordinators(english, client, request, page, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(f"referrals:{page}")).status_code == 403


def test_the_record_of_processing_is_generated_from_the_declarations(
    english, client, coordinator, municipality, guide_organization, person
):
    verified_in(municipality, "Uten Avtale")
    client.force_login(coordinator)
    response = client.get(reverse("referrals:record_of_processing"))
    content = response.content.decode()
    assert response.status_code == 200
    for name in Person.PERSONAL_FIELDS:
        label = str(Person._meta.get_field(name).verbose_name).replace("'", "&#x27;")
        assert label in content, name
    assert guide_organization.name in content  # a recipient: it has an agreement
    assert "Uten Avtale" not in content
    assert "The caseworker&#x27;s note to the organisation" in content
    assert "union membership" in content  # never recorded
    for value in (person.given_name, person.family_name, person.phone, person.email):
        assert value not in content  # about the processing, never about a person
    assert "print.css" in content


# -- every data type the purge applies a retention to (R76) -----------------------------------


def test_the_nightly_purge_covers_every_data_type_with_counts(
    municipality, other_municipality, coordinator, caseworker, person, guide_organization
):
    """One run of the purge over old and recent rows of each data type: what is past the
    municipality's period goes, what is not stays, and the counts say how many of each."""
    from accounts.models import StaffAuditEvent, User
    from announcements.models import Announcement
    from referrals.models import AuditEvent
    from tests.factories import (
        AnnouncementFactory,
        MunicipalityMembershipFactory,
        OrganizationMembershipFactory,
        UserFactory,
    )

    now = timezone.now()
    # Drammen keeps announcements 60 days and decline reasons 100; Asker keeps the defaults.
    services.retention_policy_save(
        municipality=municipality, by=coordinator, announcement_days=60, decline_days=100
    )
    AnnouncementFactory(municipality=municipality, sent_at=now - days(61))
    kept_announcement = AnnouncementFactory(municipality=municipality, sent_at=now - days(59))
    AnnouncementFactory(municipality=other_municipality, sent_at=now - days(366))
    kept_elsewhere = AnnouncementFactory(municipality=other_municipality, sent_at=now - days(100))

    declined_long_ago = _ended_referral(municipality, ago=200)
    declined_lately = _ended_referral(municipality, ago=50)
    for referral, ago in ((declined_long_ago, 101), (declined_lately, 50)):
        Referral.objects.filter(pk=referral.pk).update(
            status=Referral.Status.DECLINED,
            answered_at=now - days(ago),
            decline_category="no_capacity",
            decline_reason="Ingen ledige før mars",
            personal_data_erased_at=now,  # the note went already: only the reason is left
        )

    old_event = AuditEvent.objects.create(
        person=person, action=AuditEvent.Action.PERSON_UPDATED, at=now - days(1826)
    )
    recent_event = AuditEvent.objects.create(
        person=person, action=AuditEvent.Action.PERSON_UPDATED, at=now - days(1000)
    )
    StaffAuditEvent.objects.create(
        municipality=municipality,
        action="role_added",
        role="caseworker",
        user=caseworker,
        user_label="x",
        at=now - days(1826),
    )

    def account(ago: float, **kwargs) -> User:
        user = UserFactory(**kwargs)
        User.objects.filter(pk=user.pk).update(
            last_login=now - days(ago), date_joined=now - days(2000)
        )
        return user

    idle = account(731, full_name="Ida Inaktiv")
    never_signed_in = UserFactory(full_name="Aldri Innlogget")
    User.objects.filter(pk=never_signed_in.pk).update(last_login=None, date_joined=now - days(800))
    recent = account(100)
    idle_staff = account(900)
    MunicipalityMembershipFactory(user=idle_staff, municipality=municipality, role="caseworker")
    idle_member = account(900)
    OrganizationMembershipFactory(user=idle_member, organization=guide_organization, role="member")

    counts = services.retention_purge(now=now)

    assert counts["announcements"] == 2
    assert set(Announcement.objects.values_list("pk", flat=True)) == {
        kept_announcement.pk,
        kept_elsewhere.pk,
    }
    assert counts["decline_reasons"] == 1
    declined_long_ago.refresh_from_db()
    declined_lately.refresh_from_db()
    assert (declined_long_ago.status, declined_long_ago.decline_category) == ("declined", "")
    assert declined_long_ago.decline_reason == ""
    assert declined_lately.decline_reason == "Ingen ledige før mars"
    assert counts["audit_events"] == 2  # the person's old event and the old staff log line
    remaining = set(AuditEvent.objects.filter(person=person).values_list("pk", flat=True))
    assert old_event.pk not in remaining
    assert recent_event.pk in remaining
    assert not StaffAuditEvent.objects.filter(at__lt=now - days(1825)).exists()

    assert counts["accounts"] == 2
    deleted = User.objects.filter(deleted_at__isnull=False)
    assert set(deleted.values_list("pk", flat=True)) == {idle.pk, never_signed_in.pk}
    assert not User.objects.filter(full_name__in=["Ida Inaktiv", "Aldri Innlogget"]).exists()
    # An account with a role is never deleted here: its staff role lapses first, after a warning.
    for kept in (recent, idle_staff, idle_member):
        kept.refresh_from_db()
        assert kept.deleted_at is None
        assert kept.is_active

    again = services.retention_purge(now=now)
    assert [
        again[name] for name in ("announcements", "decline_reasons", "audit_events", "accounts")
    ] == [0, 0, 0, 0]


def test_the_new_retention_periods_stay_within_their_bounds(municipality, coordinator):
    for field, value in (("audit_days", 364), ("account_days", 179), ("decline_days", 1826)):
        with pytest.raises(ValidationError) as refused:
            services.retention_policy_save(
                municipality=municipality, by=coordinator, **{field: value}
            )
        assert field in refused.value.message_dict
