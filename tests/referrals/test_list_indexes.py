"""Two reads of a municipality's referrals that can be answered from an index alone (issue #24):
the referral list's organisation filter (which organisations its referrals went to) and the
overview's referrals per month by outcome. Each query names only columns its index holds (before
the indexes existed, a municipality's 15,000 referrals were read from the table: EXPLAIN at
national scale, bench/README.md). The tests do not read a plan: on a test database's few rows the
planner may pick any plan, which made such a test flaky."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ConsentFactory, OrganizationFactory, PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def _definition(index: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        (definition,) = cursor.fetchone()
    return definition


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
    inner = sql[sql.index('IN (SELECT U0."organization_id"') :]
    assert _definition("referral_muni_org").endswith("(municipality_id, organization_id)")
    assert set(re.findall(r'U0\."(\w+)"', inner)) == {"municipality_id", "organization_id"}


def test_the_overviews_referrals_per_month_come_from_an_index(client, coordinator, referred):
    """The query names only columns the index holds, so PostgreSQL can answer it from the index
    alone (an EXPLAIN on a test database's few rows may pick any other plan: it did, in a
    clean-clone run)."""
    client.force_login(coordinator)
    per_month = "DATE_TRUNC('month', \"referrals_referral\""
    sql = _query(client, reverse("dashboard:overview"), per_month)
    columns = set(re.findall(r'"referrals_referral"\."(\w+)"', sql))
    assert _definition("referral_muni_created_status").endswith(
        "(municipality_id, created_at) INCLUDE (status, id)"
    )
    assert columns == {"municipality_id", "created_at", "status", "id"}
