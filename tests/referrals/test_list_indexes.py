"""Two reads of a municipality's referrals that can be answered from an index alone (issue #24):
the referral list's organisation filter (which organisations its referrals went to) and the
overview's referrals per month by outcome. With sequential and bitmap scans made as dear as
PostgreSQL allows, the plan must read the new index (before it existed, a municipality's 15,000
referrals were read from the table). Index scans stay allowed: with every kind of scan made
dear, a test database's few rows let the planner pick any of them, which made the test flaky."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ConsentFactory, OrganizationFactory, PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def _index_plan(sql: str) -> str:
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def _query(client, url: str, needle: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    (sql,) = [q["sql"] for q in queries.captured_queries if needle in q["sql"]]
    return sql


@pytest.fixture
def referred(municipality):
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    consent = ConsentFactory(
        person=PersonFactory(municipality=municipality),
        organizations=[organization],
        organizations__agreement=False,
    )
    return ReferralFactory(consent=consent)


def test_the_referral_lists_organisations_come_from_an_index(client, caseworker, referred):
    client.force_login(caseworker)
    sql = _query(client, reverse("referrals:list"), 'IN (SELECT U0."organization_id"')
    assert "using referral_muni_org " in _index_plan(sql)


def test_the_overviews_referrals_per_month_come_from_an_index(client, coordinator, referred):
    client.force_login(coordinator)
    per_month = "DATE_TRUNC('month', \"referrals_referral\""
    sql = _query(client, reverse("dashboard:overview"), per_month)
    assert "using referral_muni_created_status " in _index_plan(sql)
