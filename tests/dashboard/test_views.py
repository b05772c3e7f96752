import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from openpyxl import load_workbook

from accounts.models import MunicipalityMembership
from referrals.choices import DeclineCategory
from tests.dashboard.conftest import PERSON, REASON_NOTE, seed
from tests.factories import MunicipalityMembershipFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")
OVERVIEW = reverse("dashboard:overview")
REPORT = reverse("dashboard:report")
REPORT_CSV = reverse("dashboard:report_csv")
REPORT_XLSX = reverse("dashboard:report_xlsx")
MAX_QUERIES = 18  # the start page: the coordinator panels now include the waiting place requests


def decline_label(language: str = "nb") -> str:
    """The seeded decline category as the start page shows it (coordinators prefer Norwegian)."""
    with translation.override(language):
        return escape(str(DeclineCategory.NO_CAPACITY.label))


def figure(content: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}"[^>]*>([^<]*)<', content)
    assert match, name
    return match.group(1).strip()


def figure_link(content: str, name: str) -> str:
    match = re.search(rf'<a href="([^"]*)" data-figure="{name}"', content)
    assert match, name
    return match.group(1).replace("&amp;", "&")


def test_coordinator_start_page_shows_every_panel_with_its_figures(client, coordinator, seeded):
    client.force_login(coordinator)
    content = client.get(DASHBOARD).content.decode()

    expected = {
        "organisations-pending": "1",
        "organisations-verified": "1",
        "organisations-new": "2",
        "agreements-active": "2",
        "agreements-approval": "1",
        "agreements-review": "1",
        "meetings-upcoming": "1",
        "meetings-without-minutes": "1",
        "referrals-submitted": "2",
        "referrals-routed": "1",
        "referrals-accepted": "2",
        "referrals-overdue-answer": "2",
        "referrals-overdue-contact": "1",
        "referrals-declined": "2",
        "referrals-contact": "3",
    }
    assert {name: figure(content, name) for name in expected} == expected
    assert figure(content, "referrals-median") in {"4.0", "4,0"}
    assert figure(content, "referrals-p90") in {"8.8", "8,8"}
    assert decline_label() in content
    assert REASON_NOTE not in content
    assert 'id="panel-grants"' in content


def test_the_grants_panel_counts_deadlines_applications_and_the_amount_granted_this_year(
    english, client, coordinator, municipality
):
    """Private applications and other municipalities' organisations are left out."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from tests.factories import ApplicationFactory, OrganizationFactory, SchemeFactory

    today = timezone.localdate()
    soon = today + datetime.timedelta(days=20)
    scheme = SchemeFactory(name="Lokal integrering", deadline_rule=soon.isoformat())
    SchemeFactory(name="Far away", deadline_rule=(today + datetime.timedelta(days=90)).isoformat())
    mine = OrganizationFactory(verified=True, municipalities=[municipality])
    elsewhere = OrganizationFactory(verified=True)
    ApplicationFactory(organization=mine, scheme=scheme, status="submitted")
    ApplicationFactory(
        organization=mine,
        scheme=scheme,
        status="granted",
        amount_granted=Decimal("25000.00"),
        decided_on=today,
    )
    ApplicationFactory(
        organization=mine,
        scheme=scheme,
        status="granted",
        amount_granted=Decimal("99999.00"),
        decided_on=today - datetime.timedelta(days=400),
    )
    ApplicationFactory(organization=mine, scheme=scheme, status="submitted", is_private=True)
    ApplicationFactory(organization=elsewhere, scheme=scheme, status="submitted")
    client.force_login(coordinator)
    content = client.get("/dashboard/").content.decode()
    assert "Lokal integrering" in content
    assert "Far away" not in content
    assert figure(content, "grants-submitted") == "1"
    assert figure(content, "grants-granted") == "2"
    assert re.search(rf"Granted in {today.year}: kr\D?25\D?000<", content)  # NOK: "kr 25 000"


def test_each_figure_links_to_the_filtered_list(client, coordinator, seeded):
    client.force_login(coordinator)
    content = client.get(DASHBOARD).content.decode()
    assert figure_link(content, "organisations-pending") == (
        reverse("organizations:registry") + "?status=pending&municipality=drammen"
    )
    assert (
        figure_link(content, "agreements-approval")
        == reverse("agreements:list") + "?status=approval"
    )
    assert (
        figure_link(content, "agreements-review") == reverse("agreements:list") + "?review_due=on"
    )
    assert (
        figure_link(content, "referrals-routed") == "/referrals/?status=routed&municipality=drammen"
    )
    response = client.get(figure_link(content, "organisations-pending"))
    assert seeded.pending.name in response.content.decode()
    assert seeded.verified.name not in response.content.decode()


@pytest.mark.parametrize("role", ["caseworker", "contact_person", "member", "plain_user"])
def test_only_coordinators_see_the_coordinator_panels(client, request, seeded, role):
    client.force_login(request.getfixturevalue(role))
    content = client.get(DASHBOARD).content.decode()
    assert 'id="overview"' not in content
    assert ('id="caseworker-overview"' in content) == (role == "caseworker")
    assert ('id="organisation-overview"' in content) == (role in {"contact_person", "member"})


def test_referrals_waiting_are_shown_to_contact_persons_only(
    client, contact_person, member, organization
):
    client.force_login(contact_person)
    assert (
        f'data-figure="referrals-waiting-{organization.pk}"'
        in client.get(DASHBOARD).content.decode()
    )
    client.force_login(member)
    content = client.get(DASHBOARD).content.decode()
    assert f'data-figure="referrals-waiting-{organization.pk}"' not in content
    assert f'data-figure="missing-{organization.pk}"' in content


@pytest.mark.parametrize("url", [OVERVIEW, REPORT, REPORT_CSV, REPORT_XLSX])
@pytest.mark.parametrize(
    ("role", "status"), [("caseworker", 403), ("contact_person", 403), ("plain_user", 403)]
)
def test_the_overview_pages_are_for_coordinators(client, request, url, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == status


@pytest.mark.parametrize("url", [OVERVIEW, REPORT, REPORT_CSV, REPORT_XLSX])
def test_another_municipalitys_overview_does_not_exist(
    client, other_coordinator, municipality, url
):
    """The overview is the active municipality's (accounts.tenancy); Drammen cannot be made
    active by a coordinator of Asker, and a query parameter chooses nothing."""
    client.force_login(other_coordinator)
    switch = reverse("accounts:switch_municipality")
    assert client.post(switch, {"municipality": "drammen"}).status_code == 404
    response = client.get(url, {"municipality": "drammen"})
    assert response.status_code == 200
    if url != REPORT_XLSX:
        assert "Drammen" not in response.content.decode()


def test_a_coordinator_of_two_municipalities_chooses_one(
    client, coordinator, other_municipality, seeded
):
    MunicipalityMembershipFactory(
        user=coordinator,
        municipality=other_municipality,
        role=MunicipalityMembership.Role.COORDINATOR,
    )
    client.force_login(coordinator)
    client.post(reverse("accounts:switch_municipality"), {"municipality": "asker"})
    content = client.get(DASHBOARD).content.decode()
    assert "Overview for Asker kommune" in content or "Oversikt" in content
    assert figure(content, "agreements-active") == "1"
    content = client.get(REPORT).content.decode()
    assert "Asker kommune" in content


def test_the_overview_page_has_charts_with_tables(client, coordinator, seeded):
    client.force_login(coordinator)
    content = client.get(OVERVIEW).content.decode()
    assert content.count('role="img"') == 4
    assert 'aria-labelledby="chart-referrals-title chart-referrals-desc"' in content
    assert content.count("<table") == 3


def test_the_report_defaults_to_this_year_so_far(client, coordinator, municipality):
    client.force_login(coordinator)
    response = client.get(REPORT)
    today = timezone.localdate()
    assert response.context["report"].period.first == today.replace(month=1, day=1)
    assert response.context["report"].period.last == today


def test_a_period_that_ends_before_it_starts_is_refused(client, coordinator, municipality):
    client.force_login(coordinator)
    response = client.get(REPORT, {"start": "2025-03-01", "end": "2025-02-01"})
    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors["end"]
    assert client.get(REPORT_CSV, {"start": "2025-03-01", "end": "2025-02-01"}).status_code == 400


@pytest.mark.parametrize(
    ("start", "end", "wrong"),
    [
        ("9999-12-31", "9999-12-31", {"start", "end"}),
        ("9999-12-31", None, {"start", "end"}),
        ("0001-01-01", "0001-01-02", {"start", "end"}),
        ("0001-01-01", "2025-02-01", {"start"}),
    ],
)
def test_a_period_far_away_is_refused_next_to_its_field(
    english, client, coordinator, municipality, start, end, wrong
):
    client.force_login(coordinator)
    query = {"start": start} if end is None else {"start": start, "end": end}

    response = client.get(REPORT, query)

    assert response.status_code == 200
    assert response.context["report"] is None
    assert set(response.context["form"].errors) == wrong
    if end is not None:
        assert response.context["form"].errors["start"] == [
            "Choose a date in the years 2000 to 2099."
        ]
    assert client.get(REPORT_CSV, query).status_code == 400
    assert client.get(REPORT_XLSX, query).status_code == 400


def _period(seeded):
    today = timezone.localdate()
    return {"start": (today - timezone.timedelta(days=60)).isoformat(), "end": today.isoformat()}


def test_the_xlsx_report_has_the_figures(english, client, coordinator, seeded):
    client.force_login(coordinator)
    response = client.get(REPORT_XLSX, _period(seeded))
    assert response["Content-Disposition"].startswith('attachment; filename="brobygger-drammen-')
    workbook = load_workbook(io.BytesIO(response.content))
    figures = {
        row[1]: row[2] for row in workbook.worksheets[0].iter_rows(values_only=True) if len(row) > 2
    }
    assert figures["Submitted in the period"] == 11
    assert figures["Median days from submission to contact"] == 4.0
    assert figures["90th percentile of days from submission to contact"] == 8.8
    assert figures["Meetings held"] == 2
    organisations = {row[0]: row for row in workbook.worksheets[1].iter_rows(values_only=True)}
    assert organisations["Drammen Røde Kors"][2:] == (11, 3, 2, 1)


def test_the_csv_report_has_the_figures(english, client, coordinator, seeded):
    client.force_login(coordinator)
    response = client.get(REPORT_CSV, _period(seeded))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    figures = {row[1]: row[2] for row in rows if len(row) == 3}
    assert figures["Submitted in the period"] == "11"
    assert figures["Declined in the period"] == "2"


def test_no_personal_value_appears_anywhere(client, coordinator, seeded):
    client.force_login(coordinator)
    period = _period(seeded)
    texts = [
        client.get(DASHBOARD).content.decode(),
        client.get(OVERVIEW).content.decode(),
        client.get(REPORT, period).content.decode(),
        client.get(REPORT_CSV, period).content.decode("utf-8-sig"),
    ]
    workbook = load_workbook(io.BytesIO(client.get(REPORT_XLSX, period).content))
    texts.append(
        "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    )
    for text in texts:
        for value in PERSON.values():
            assert value not in text
        assert REASON_NOTE not in text


# -- query counts ------------------------------------------------------------------------------


def _count(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [DASHBOARD, OVERVIEW, REPORT])
def test_coordinator_pages_make_a_constant_number_of_queries(
    client, coordinator, municipality, other_municipality, url
):
    client.force_login(coordinator)
    seed(municipality, other_municipality, now=timezone.now())
    small = _count(client, url)
    seed(municipality, other_municipality, now=timezone.now(), extra=30)
    large = _count(client, url)
    assert small == large
    assert large <= MAX_QUERIES


@pytest.mark.parametrize("role", ["caseworker", "contact_person", "organization_admin"])
def test_other_start_pages_stay_within_the_budget(client, request, role, seeded):
    client.force_login(request.getfixturevalue(role))
    assert _count(client, DASHBOARD) <= MAX_QUERIES


def test_an_organisation_sees_the_next_deadlines_of_the_schemes_it_follows(
    english, client, organization, organization_admin
):
    import datetime

    from django.utils import timezone

    from tests.factories import FollowFactory, SchemeFactory

    soon = timezone.localdate() + datetime.timedelta(days=10)
    followed = SchemeFactory(name="Followed scheme", deadline_rule=soon.isoformat())
    SchemeFactory(name="Not followed", deadline_rule=soon.isoformat())
    FollowFactory(scheme=followed, organization=organization)
    client.force_login(organization_admin)
    content = client.get("/dashboard/").content.decode()
    assert "Followed scheme" in content
    assert "Not followed" not in content
    assert soon.isoformat() in content
