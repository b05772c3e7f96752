"""What the coordinator's pages cost when nothing comes from a cache (issue #24): the start page
right after a change within the query budget, and the period report's table by organisation
built from grouped figures, not one model object (and one template loop) per organisation."""

import re

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.views import PANELS
from organizations.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")
REPORT = reverse("dashboard:report")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_start_page_right_after_a_change_stays_within_15_queries(coordinator, seeded):
    """The bench's "coordinator start page, right after a change": every panel computed anew.
    The referral figures bring their decline reasons, and the waiting requests for premises
    their count, in the same query (16 before, over the budget)."""
    client = Client()
    client.force_login(coordinator)
    client.get(DASHBOARD)  # the session's stamps, the cached roles
    cached = _queries(client, DASHBOARD)
    PANELS.new_version()
    fresh = _queries(client, DASHBOARD)
    assert fresh - cached == 10  # the panels: see tests/dashboard/test_panel_cache.py
    assert fresh <= 15


class Built:
    """Counts the Organization objects made while it is open."""

    def __enter__(self):
        self.count = 0
        post_init.connect(self._one, sender=Organization)
        return self

    def _one(self, **kwargs):
        self.count += 1

    def __exit__(self, *exc):
        post_init.disconnect(self._one, sender=Organization)


def test_the_report_builds_no_organisation_object_per_row(
    client, coordinator, municipality, seeded
):
    client.force_login(coordinator)
    client.get(REPORT)
    with Built() as few:
        client.get(REPORT)
    OrganizationFactory.create_batch(20, municipalities=[municipality])
    with Built() as many, CaptureQueriesContext(connection) as queries:
        content = client.get(REPORT).content.decode()
    assert many.count == few.count == 0
    # Nothing joins the organisations to all their referrals, nor counts attendance per row.
    for query in queries.captured_queries:
        sql = query["sql"]
        assert not ('FROM "organizations_organization"' in sql and "referrals_referral" in sql), sql
    assert content.count('<th scope="row">') >= 3 + 20


def test_the_reports_rows_are_written_as_the_template_wrote_them(
    english, client, coordinator, municipality, seeded
):
    OrganizationFactory(name="Bøler <Sjakk> & Co", municipalities=[municipality])
    client.force_login(coordinator)
    content = client.get(REPORT).content.decode()
    row = re.search(r'<tr><th scope="row">Drammen Røde Kors</th>.*?</tr>', content).group(0)
    figures = re.findall(r'<td class="u-text-end">(\d+)</td>', row)
    status = re.search(r"</th><td>([^<]*)</td>", row).group(1)
    assert status == "Verified"
    assert len(figures) == 4
    assert figures[0] == "11"  # received in the period
    assert figures[3] == "1"  # meetings attended
    assert '<th scope="row">Bøler &lt;Sjakk&gt; &amp; Co</th>' in content
