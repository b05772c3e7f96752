"""Storage limitation: personal data is erased on schedule and leaves nothing behind, anywhere.

`retention_purge(now=..., days=...)` runs with a `now` in the future instead of a frozen clock.
"""

import contextlib
import datetime
import os
import pickle
import uuid
import zlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from referrals import services
from referrals.models import AccessLogEntry, AuditEvent, Consent, Person, Referral
from tests.factories import ActivityFactory, ConsentFactory, refer
from tests.referrals.conftest import REFERRAL_NOTE
from tests.referrals.helpers import record_consent

pytestmark = pytest.mark.django_db

S = Referral.Status
N = 30
# The data types the purge also looks at (tests/referrals/test_dpo_pages.py): none here.
NOTHING_OF_THE_OTHER_TYPES = {
    "decline_reasons": 0,
    "audit_events": 0,
    "accounts": 0,
    "announcements": 0,
}


def days(n: float) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def end_of(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` (local time): when a consent valid until `day` has ended."""
    return timezone.make_aware(datetime.datetime.combine(day + days(1), datetime.time()))


def assert_erased(person: Person) -> None:
    person.refresh_from_db()
    assert person.erased_at is not None
    for name in Person.PERSONAL_FIELDS:
        assert getattr(person, name) == Person._meta.get_field(name).get_default(), name


def assert_untouched(person: Person) -> None:
    person.refresh_from_db()
    assert person.erased_at is None
    assert person.given_name.startswith("Amina")
    assert person.phone


# -- referrals --------------------------------------------------------------------------------


def test_an_ended_referral_loses_its_notes_after_the_retention_period(referral, guide_contact):
    services.referral_decline(
        referral=referral, by=guide_contact, category="no_capacity", note="Amina starts in May"
    )
    ended_at = Referral.objects.get(pk=referral.pk).ended_at
    assert services.retention_purge(now=ended_at + days(N) - days(0.01), days=N)["referrals"] == 0
    kept = Referral.objects.get(pk=referral.pk)
    assert (kept.note, kept.decline_reason) == (REFERRAL_NOTE, "Amina starts in May")
    assert services.retention_purge(now=ended_at + days(N + 1), days=N)["referrals"] == 1
    referral.refresh_from_db()
    assert (referral.note, referral.decline_reason) == ("", "")
    assert referral.personal_data_erased_at == ended_at + days(N + 1)
    # What the statistics need stays: the decline's category, never its free text.
    assert (referral.status, referral.offer, referral.decline_category) == (
        S.DECLINED,
        "refugee_guide",
        "no_capacity",
    )
    assert referral.events.filter(action=AuditEvent.Action.REFERRAL_ERASED).count() == 1


def test_an_open_referral_keeps_its_note(referral):
    services.retention_purge(now=timezone.now() + days(N + 1), days=N)
    assert Referral.objects.get(pk=referral.pk).note == REFERRAL_NOTE


# -- persons ----------------------------------------------------------------------------------


def test_a_person_is_erased_n_days_after_withdrawal(person, consent, caseworker, referral):
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=timezone.localdate())
    withdrawn_at = Consent.objects.get(pk=consent.pk).withdrawn_at
    assert services.retention_purge(now=withdrawn_at + days(N - 1), days=N)["persons"] == 0
    assert_untouched(person)
    assert services.retention_purge(now=withdrawn_at + days(N + 1), days=N) == {
        "referrals": 1,
        "persons": 1,
        "access_log": 0,
        "offers": 0,
        **NOTHING_OF_THE_OTHER_TYPES,
    }
    assert_erased(person)
    assert Referral.objects.get(pk=referral.pk).note == ""


def test_a_person_is_erased_n_days_after_the_consent_expired(person, consent, referral):
    """The nightly jobs at the time: expiry first, then the purge, both with the same `now`."""
    ended = end_of(consent.valid_until)
    services.referrals_expire(now=ended)
    assert Referral.objects.get(pk=referral.pk).status == S.EXPIRED
    assert services.retention_purge(now=ended + days(N - 1), days=N)["persons"] == 0
    assert_untouched(person)
    assert services.retention_purge(now=ended + days(N + 1), days=N)["persons"] == 1
    assert_erased(person)


def test_after_contact_made_the_note_goes_at_once_and_the_person_when_the_consent_ends(
    person, consent, referral, guide_contact
):
    """Contact made ends the referral; the consent may still allow another referral, so the
    person stays until the consent has ended too (then N days)."""
    services.referral_accept(referral=referral, by=guide_contact)
    services.referral_record_contact(
        copies_deleted=True, handover="self", referral=referral, by=guide_contact, reached=True
    )
    contact_at = Referral.objects.get(pk=referral.pk).ended_at
    assert services.retention_purge(now=contact_at + days(N + 1), days=N) == {
        "referrals": 1,
        "persons": 0,
        "access_log": 0,
        "offers": 0,
        **NOTHING_OF_THE_OTHER_TYPES,
    }
    assert_untouched(person)
    assert services.retention_purge(now=end_of(consent.valid_until) + days(N + 1), days=N) == {
        "referrals": 0,
        "persons": 1,
        "access_log": 0,
        "offers": 0,
        **NOTHING_OF_THE_OTHER_TYPES,
    }
    assert_erased(person)


def test_a_valid_consent_keeps_the_person(person, consent):
    Person.objects.filter(pk=person.pk).update(created_at=timezone.now() - days(400))
    services.retention_purge(now=timezone.now(), days=N)
    assert_untouched(person)


def test_an_open_referral_keeps_the_person_even_after_the_consent_lapsed(person, consent, referral):
    """Until the expiry job has run, the referral is open: the purge waits for it."""
    today = timezone.localdate()
    Consent.objects.filter(pk=consent.pk).update(
        valid_from=today - days(300), valid_until=today - days(N + 5)
    )
    Person.objects.filter(pk=person.pk).update(created_at=timezone.now() - days(400))
    assert services.retention_purge(now=timezone.now(), days=N)["persons"] == 0
    assert_untouched(person)


def test_a_person_without_any_consent_is_erased_n_days_after_registration(person):
    assert services.retention_purge(now=person.created_at + days(N - 1), days=N)["persons"] == 0
    assert services.retention_purge(now=person.created_at + days(N + 1), days=N)["persons"] == 1
    assert_erased(person)


def test_the_last_relevant_moment_counts(person, consent, caseworker, guide_organization):
    """An old withdrawal does not erase a person whose later referral ended recently."""
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=timezone.localdate())
    second = ConsentFactory(person=person, organizations=[guide_organization])
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now() - days(90))
    services.consent_withdraw(consent=second, by=caseworker, withdrawn_on=timezone.localdate())
    assert services.retention_purge(now=timezone.now() + days(N - 1), days=N)["persons"] == 0
    assert_untouched(person)


def test_running_the_purge_twice_changes_nothing_more(person, consent, caseworker, referral):
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=timezone.localdate())
    later = timezone.now() + days(N + 1)
    nothing_else = {"access_log": 0, "offers": 0, **NOTHING_OF_THE_OTHER_TYPES}
    assert services.retention_purge(now=later, days=N) == {
        "referrals": 1,
        "persons": 1,
        **nothing_else,
    }
    snapshot = _dump()
    assert services.retention_purge(now=later + days(1), days=N) == {
        "referrals": 0,
        "persons": 0,
        **nothing_else,
    }
    assert _dump() == snapshot


def test_the_retention_setting_is_the_default(person, consent, caseworker, settings):
    settings.REFERRALS_RETENTION_DAYS = 7
    services.consent_withdraw(consent=consent, by=caseworker, withdrawn_on=timezone.localdate())
    assert services.retention_purge(now=timezone.now() + days(6))["persons"] == 0
    assert services.retention_purge(now=timezone.now() + days(8))["persons"] == 1
    assert_erased(person)


# -- nothing left anywhere --------------------------------------------------------------------

DISTINCT = {
    "given_name": "Zephyrine",
    "family_name": "Quonsetti",
    "phone": "+4798765432",  # as stored: E.164
    "email": "zephyrine.q@example.org",
    "postal_code": "9QZ7",
    "postal_area": "Xylobakken",
    "street_address": "Vrimlegata 77B",
    "languages": ["ti", "uk"],
    "interests": ["cooking", "homework"],
    "interests_other": "Kvernsteinhugging",
    "household": "family",
    "wants_family_offer": True,
    "children_age_bands": ["0-5", "13-17"],
}
FREE_TEXT = [
    "Zephyrine",
    "Quonsetti",
    "98765432",
    "zephyrine.q@example.org",
    "9QZ7",
    "Xylobakken",
    "Vrimlegata",
    "Kvernsteinhugging",
    "Loves kayaking in Lier",  # the referral's note
    "guide for Zephyr",  # the consent's offer note
    "Tirsdagstreff",  # the organisation's note when it declined
]
# What a contact person wrote when declining, against the form's advice (and confirmed).
DECLINE_NOTE = "Zephyrine Quonsetti is already with us at Tirsdagstreff, her phone +47 98765432"


def _dump() -> dict[str, str]:
    """Every row of every table as text."""
    dump = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 - introspected
            dump[table] = repr(
                [
                    [bytes(v) if isinstance(v, memoryview) else v for v in row]
                    for row in cursor.fetchall()
                ]
            )
    return dump


def _leftovers() -> list[tuple[str, str]]:
    return [
        (table, value) for table, text in _dump().items() for value in FREE_TEXT if value in text
    ]


def _the_whole_path(municipality, caseworker, coordinator, guide_organization, guide_contact):
    person = services.person_register(by=caseworker, municipality=municipality, **DISTINCT)
    services.person_update(person=person, by=caseworker, **DISTINCT)
    services.access_log_record(
        user=caseworker, person=person, reason=AccessLogEntry.Reason.PERSON_PAGE, path="/p/"
    )
    consent = record_consent(
        person,
        caseworker,
        guide_organization,
        shared_fields=["name", "phone", "email", "address", "postal_area", "interests", "note"],
        offer_note="guide for Zephyr",
        valid_until=timezone.localdate() + days(20),
    )
    declined = refer(person, consent, caseworker, guide_organization)
    services.referral_decline(
        referral=declined,
        by=guide_contact,
        category="already_in_contact",
        note=DECLINE_NOTE,
        personal_data_confirmed=True,
    )
    activity = ActivityFactory(organization=guide_organization)
    referral = refer(
        person,
        consent,
        caseworker,
        guide_organization,
        activity=activity,
        note="Loves kayaking in Lier",
    )
    services.referral_reminders_schedule(now=timezone.now() + days(11))
    services.referral_accept(referral=referral, by=guide_contact)
    services.access_log_record(
        user=guide_contact,
        person=person,
        referral=referral,
        reason=AccessLogEntry.Reason.REFERRAL_CONTACT,
        path=f"/referrals/{referral.pk}/",
    )
    services.referral_record_contact(
        copies_deleted=True, handover="self", referral=referral, by=guide_contact, reached=True
    )
    services.person_export(person=person, by=caseworker, path="/export/")
    assert _leftovers(), "the scan must be able to find the values"
    return person, consent, referral


# -- and nothing in the cache ------------------------------------------------------------------


@pytest.fixture
def redis_cache(settings):
    """The real Redis cache of production (accounts.cache.RedisCache), under a key prefix of this
    test's own, so that the coordinator's start-page panels land where they do in production."""
    prefix = f"scan-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "accounts.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": prefix,
        }
    }
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    yield client
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def _decoded(value, seen=None) -> list[bytes]:
    """The bytes of a cached value and of everything inside it, decompressed where compressed
    (organizations/public_cache.py stores zlib-compressed pages)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, bytes | bytearray):
        found = [bytes(value)]
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(value))
        return found
    if isinstance(value, str):
        return [value.encode()]
    if isinstance(value, dict):
        return [b for item in value.items() for b in _decoded(item, seen)]
    if isinstance(value, list | tuple | set | frozenset):
        return [b for item in value for b in _decoded(item, seen)]
    if hasattr(value, "__dict__"):
        return _decoded(vars(value), seen)
    return [repr(value).encode()]


def _cache_leftovers(client) -> list[tuple[str, str]]:
    """Every key of the Redis server (scanned, not guessed), its value unpickled as Django's
    serializer stored it, searched for every personal value."""
    found = []
    for key in client.scan_iter("*"):
        raw = client.get(key)
        if raw is None:  # expired meanwhile
            continue
        texts = [raw]
        # An integer (stored as digits) or another writer's format: the raw bytes only.
        with contextlib.suppress(pickle.UnpicklingError, ValueError, EOFError, TypeError):
            texts += _decoded(pickle.loads(raw))  # noqa: S301 - our own test server's values
        found += [
            (key.decode(), value)
            for value in FREE_TEXT
            if any(value.encode() in text for text in texts)
        ]
    return found


def _start_pages(client, coordinator, caseworker) -> None:
    """The pages that fill the cache: the coordinator's and the caseworker's start pages."""
    for user in (coordinator, caseworker):
        client.force_login(user)
        assert client.get(reverse("dashboard")).status_code == 200


def test_after_the_purge_no_personal_value_remains_in_any_table(
    client, redis_cache, municipality, caseworker, coordinator, guide_organization, guide_contact
):
    person, consent, _referral = _the_whole_path(
        municipality, caseworker, coordinator, guide_organization, guide_contact
    )
    _start_pages(client, coordinator, caseworker)
    assert redis_cache.dbsize() > 0
    assert _cache_leftovers(redis_cache) == []  # the start page never caches the decline note
    now = end_of(consent.valid_until)
    services.referrals_expire(now=now)
    assert services.retention_purge(now=now + days(N + 1), days=N) == {
        "referrals": 2,
        "persons": 1,
        "access_log": 0,
        "offers": 0,
        **NOTHING_OF_THE_OTHER_TYPES,
    }
    _start_pages(client, coordinator, caseworker)
    assert _leftovers() == []
    assert _cache_leftovers(redis_cache) == []
    assert_erased(person)
    assert Notification.objects.exists()
    assert AccessLogEntry.objects.filter(person=person).count() == 3


def test_person_erase_does_it_at_once(
    client, redis_cache, municipality, caseworker, coordinator, guide_organization, guide_contact
):
    person, _consent, referral = _the_whole_path(
        municipality, caseworker, coordinator, guide_organization, guide_contact
    )
    _start_pages(client, coordinator, caseworker)
    second = refer(person, ConsentFactory(person=person, municipality_chooses=True), caseworker)
    services.person_erase(person=person, by=caseworker)
    _start_pages(client, coordinator, caseworker)
    assert _leftovers() == []
    assert _cache_leftovers(redis_cache) == []
    assert_erased(person)
    assert not person.consents.filter(withdrawn_at__isnull=True).exists()
    assert Referral.objects.get(pk=second.pk).status == S.WITHDRAWN
    assert Referral.objects.get(pk=referral.pk).status == S.CONTACT_MADE
    assert person.events.filter(action=AuditEvent.Action.PERSON_ERASED).count() == 1


def test_only_the_persons_caseworkers_erase(person, coordinator, guide_contact, other_coordinator):
    for user in (coordinator, guide_contact, other_coordinator):
        with pytest.raises(PermissionDenied):
            services.person_erase(person=person, by=user)
    assert_untouched(person)


# -- export -----------------------------------------------------------------------------------


def test_person_export_returns_everything_and_is_logged(
    municipality, caseworker, coordinator, guide_organization, guide_contact
):
    person, consent, referral = _the_whole_path(
        municipality, caseworker, coordinator, guide_organization, guide_contact
    )
    logged = AccessLogEntry.objects.filter(person=person).count()
    export = services.person_export(person=person, by=caseworker, path="/export/")
    assert AccessLogEntry.objects.filter(person=person).count() == logged + 1
    entry = AccessLogEntry.objects.filter(person=person).order_by("-pk").first()
    assert (entry.user_id, entry.reason) == (caseworker.pk, AccessLogEntry.Reason.PERSON_EXPORT)

    for name, value in DISTINCT.items():
        assert export["person"][name] == value, name
    assert export["person"]["municipality"] == municipality.name
    [exported_consent] = export["consents"]
    assert exported_consent["offer_note"] == "guide for Zephyr"
    assert exported_consent["organizations"] == [guide_organization.name]
    assert exported_consent["information_language"] == "nb"
    assert exported_consent["information_sheet_version"] == consent.information_sheet.version
    assert exported_consent["shared_fields"] == consent.shared_fields
    exported_referral, exported_decline = export["referrals"]
    assert (exported_decline["decline_category"], exported_decline["decline_note"]) == (
        "already_in_contact",
        DECLINE_NOTE,
    )
    assert exported_referral["note"] == "Loves kayaking in Lier"
    assert exported_referral["organization"] == guide_organization.name
    assert exported_referral["activity"] == referral.activity.title
    assert exported_referral["status"] == S.CONTACT_MADE
    assert [event["status"] for event in exported_referral["history"]] == [
        "submitted",
        "accepted",
        "contact_made",
    ]
    assert [row["why"] for row in export["access_log"]] == [
        "person_page",
        "referral_contact",
        "person_export",
        "person_export",
    ]


def test_only_the_persons_caseworkers_export(person, coordinator, guide_contact):
    for user in (coordinator, guide_contact):
        with pytest.raises(PermissionDenied):
            services.person_export(person=person, by=user, path="/x/")
    assert not AccessLogEntry.objects.exists()


# -- what was kept before decline notes were erased -------------------------------------------


def _legacy_decline_migration():
    """The data migration that erases what earlier versions kept (found by name, whatever its
    number)."""
    import importlib
    from pathlib import Path

    import referrals.migrations

    [path] = Path(referrals.migrations.__path__[0]).glob("*_erase_legacy_decline_texts.py")
    return importlib.import_module(f"referrals.migrations.{path.stem}")


def test_the_migration_erases_decline_texts_kept_by_earlier_versions(
    person, caseworker, guide_contact, referral
):
    """Earlier versions copied the free-text reason into the time line, and kept it on the
    referral after erasure. The migration removes both and leaves a live referral's note."""
    from django.apps import apps

    services.referral_decline(referral=referral, by=guide_contact, category="no_capacity")
    legacy = "Amina is with us already, phone +47 912 34 567"
    Referral.objects.filter(pk=referral.pk).update(decline_reason=legacy)
    referral.events.filter(status=S.DECLINED).update(note=legacy)
    live = refer(person, ConsentFactory(person=person, municipality_chooses=True), caseworker)
    Referral.objects.filter(pk=live.pk).update(decline_reason="Kept until erased")
    Referral.objects.filter(pk=referral.pk).update(personal_data_erased_at=timezone.now())
    renewed = AuditEvent.objects.create(
        person=person, action=AuditEvent.Action.CONSENT_RENEWED, note="2027-01-31"
    )

    _legacy_decline_migration().erase(apps, None)

    assert Referral.objects.get(pk=referral.pk).decline_reason == ""
    assert not AuditEvent.objects.filter(note__contains="Amina").exists()
    assert Referral.objects.get(pk=live.pk).decline_reason == "Kept until erased"
    assert AuditEvent.objects.get(pk=renewed.pk).note == "2027-01-31"
