"""The benchmark seed (bench/seed.py, command bench_seed) at a tiny scale, so that it cannot rot
unnoticed while the models change: every table gets rows, referrals in every status pass the
consent trigger, full-text search finds the seeded text, and the manifest's sessions sign in."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.utils import timezone

from accounts.models import Municipality, MunicipalityMembership, User
from agreements.models import Agreement, Party, Row, Section
from meetings.models import CalendarFeed, Meeting, MeetingSeries, Participation, Venue
from organizations.models import (
    Activity,
    ActivitySchedule,
    Organization,
    OrganizationMembership,
)
from organizations.selectors import text_search
from referrals.models import AuditEvent, Consent, Person, Referral

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="bench_seed needs PostgreSQL"),
]


def test_bench_seed_at_a_tiny_scale_fills_every_table(client, tmp_path):
    manifest = tmp_path / "manifest.json"
    out = io.StringIO()

    call_command("bench_seed", "--scale", "0.001", "--manifest", str(manifest), stdout=out)

    for model in (
        Municipality, MunicipalityMembership, User, Organization, OrganizationMembership,
        Activity, ActivitySchedule, Venue, MeetingSeries, Meeting, Participation, CalendarFeed,
        Person, Consent, Referral, AuditEvent, Agreement, Party, Row, Section,
    ):  # fmt: skip
        assert model.objects.exists(), model.__name__
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    assert Meeting.objects.filter(series__isnull=False).count() >= 10
    today = timezone.localdate()
    assert not Referral.objects.filter(status="withdrawn", consent__withdrawn_at__isnull=True)
    assert not Referral.objects.filter(status="expired", consent__valid_until__gte=today)
    organization = Organization.objects.order_by("pk").first()
    word = organization.description_nb.rstrip(".").split()[-1]  # a topic word, not filler
    assert text_search(Organization.objects.all(), word).filter(pk=organization.pk).exists()
    from grants.models import Scheme
    from grants.selectors import deadlines_between

    schemes = Scheme.objects.all()
    assert schemes.exists()
    assert all(scheme.rule for scheme in schemes)  # every seeded deadline rule parses
    assert deadlines_between(schemes, today, today.replace(year=today.year + 1))

    data = json.loads(manifest.read_text())
    client.cookies[settings.SESSION_COOKIE_NAME] = data["caseworker_session"]
    assert client.get("/referrals/").status_code == 200
    client.cookies[settings.SESSION_COOKIE_NAME] = data["coordinator_session"]
    assert client.get("/dashboard/").status_code == 200
    assert client.get(f"/calendar/feeds/{data['feed_token']}.ics").status_code == 200

    with pytest.raises(CommandError, match="already holds benchmark data"):
        call_command("bench_seed", "--scale", "0.001", stdout=io.StringIO())


def test_the_nordic_profile_seeds_erased_referrals_that_hold_together(client, tmp_path):
    """Issue #24: the Nordic scale (454 municipalities, a million referrals, most erased) at a
    tiny scale: the erased referrals written by generate_series keep to their municipality,
    their person is erased, their consent is their person's and ended, and the pages answer."""
    from accounts.models import Municipality as M
    from bench.seed import scaled_counts

    assert scaled_counts(1, "nordic")["municipalities"] == 454
    manifest = tmp_path / "manifest.json"

    call_command(
        "bench_seed", "--profile", "nordic", "--scale", "0.0005",
        "--manifest", str(manifest), stdout=io.StringIO(),
    )  # fmt: skip

    today = timezone.localdate()
    assert Referral.objects.count() == 500  # 1,000,000 × 0.0005
    erased = Referral.objects.filter(personal_data_erased_at__isnull=False)
    assert erased.count() == 450  # 90 %
    assert not erased.filter(person__erased_at__isnull=True).exists()
    assert not erased.exclude(person__given_name="").exists()
    assert not erased.exclude(note="").exists()
    assert not erased.exclude(person__municipality=models.F("municipality")).exists()
    assert not erased.exclude(consent__person=models.F("person")).exists()
    assert not erased.filter(consent__valid_until__gte=today).exists()
    assert not erased.exclude(status="closed").exists()
    linked = erased.filter(organization__municipalities=models.F("municipality")).distinct()
    assert linked.count() == 450  # each organisation works in the referral's municipality
    staff = set(MunicipalityMembership.objects.values_list("user_id", "municipality_id"))
    assert all(pair in staff for pair in erased.values_list("created_by_id", "municipality_id"))
    assert Person.objects.count() == Consent.objects.count()  # one consent each, as seeded
    assert M.objects.count() == 2  # the minimum at this scale
    assert not Referral.objects.filter(personal_data_erased_at__isnull=True, note="").exists()

    data = json.loads(manifest.read_text())
    assert data["profile"] == "nordic"
    client.cookies[settings.SESSION_COOKIE_NAME] = data["caseworker_session"]
    assert client.get("/referrals/").status_code == 200
    client.cookies[settings.SESSION_COOKIE_NAME] = data["coordinator_session"]
    for page in (
        "/dashboard/", "/overview/", "/overview/report/", "/registry/", "/agreements/",
        f"/agreements/{data['agreement_id']}/", f"/meetings/{data['meeting_id']}/",
        f"/m/{data['municipality']}/",
    ):  # fmt: skip
        assert client.get(page).status_code == 200, page
