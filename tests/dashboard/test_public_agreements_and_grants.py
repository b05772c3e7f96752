"""The municipality's public page also shows its public agreements (title, parties, period) and
its own grant schemes with their next deadline (issue #18), and stays at a fixed number of
queries whatever their number."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import AgreementFactory, OrganizationFactory, PartyFactory, SchemeFactory

pytestmark = pytest.mark.django_db


def page_url(municipality) -> str:
    return reverse("public:municipality", args=[municipality.slug])


def test_only_active_public_agreements_are_shown_with_their_parties(client, municipality):
    organization = OrganizationFactory(name="Drammen Røde Kors", municipalities=[municipality])
    shown = AgreementFactory(
        municipality=municipality, title="Leksehjelp i Fjell", is_public=True, status="active"
    )
    PartyFactory(agreement=shown, organization=organization)
    AgreementFactory(municipality=municipality, title="Hemmelig avtale", status="active")
    AgreementFactory(
        municipality=municipality, title="Utkast til avtale", is_public=True, status="draft"
    )

    html = client.get(page_url(municipality)).content.decode()

    assert "Leksehjelp i Fjell" in html
    assert "Drammen Røde Kors" in html
    assert "Hemmelig avtale" not in html
    assert "Utkast til avtale" not in html


def test_the_municipalitys_own_grant_schemes_are_shown_with_their_next_deadline(
    client, municipality, other_municipality
):
    SchemeFactory(
        municipality=municipality,
        slug="drammen-integrering",
        name="Integreringstilskudd Drammen",
        administrator="municipality",
    )
    SchemeFactory(
        municipality=other_municipality,
        slug="asker-tilskudd",
        name="Asker-tilskuddet",
        administrator="municipality",
    )
    SchemeFactory(
        municipality=municipality,
        slug="drammen-utkast",
        name="Utkast-ordning",
        administrator="municipality",
        status="draft",
    )

    response = client.get(page_url(municipality))

    [grant_round] = response.context["grant_rounds"]
    assert grant_round["scheme"].name == "Integreringstilskudd Drammen"
    assert isinstance(grant_round["date"], datetime.date)
    html = response.content.decode()
    assert reverse("grants:scheme", args=["drammen-integrering"]) in html
    assert "Asker-tilskuddet" not in html
    assert "Utkast-ordning" not in html


def test_agreements_and_grants_keep_the_page_at_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, municipality
):
    def add(count, start):
        for n in range(start, start + count):
            agreement = AgreementFactory(municipality=municipality, is_public=True, status="active")
            PartyFactory(
                agreement=agreement,
                organization=OrganizationFactory(municipalities=[municipality]),
            )
            SchemeFactory(
                municipality=municipality, slug=f"ordning-{n}", administrator="municipality"
            )

    add(1, 0)
    with django_assert_max_num_queries(15) as small:
        client.get(page_url(municipality))
    add(11, 1)
    with django_assert_max_num_queries(15) as large:
        response = client.get(page_url(municipality))

    assert len(response.context["agreements"]) == 12
    assert len(response.context["grant_rounds"]) == 12
    assert len(large) == len(small)


def test_the_agreements_panel_reads_only_the_columns_it_shows(client, municipality):
    """Title, period and the parties' names: not the agreements' purpose and terms nor the
    organisations' descriptions, which made whole rows a sixth of the page's time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agreement = AgreementFactory(
        municipality=municipality, title="Leksehjelp i Fjell", is_public=True, status="active"
    )
    PartyFactory(
        agreement=agreement,
        organization=OrganizationFactory(name="Drammen Røde Kors", municipalities=[municipality]),
    )

    with CaptureQueriesContext(connection) as asked:
        html = client.get(page_url(municipality), {"v": "columns"}).content.decode()

    assert "Leksehjelp i Fjell" in html
    assert "Drammen Røde Kors" in html
    [agreements] = [q["sql"] for q in asked if 'FROM "agreements_agreement"' in q["sql"]]
    [parties] = [q["sql"] for q in asked if 'FROM "agreements_party"' in q["sql"]]
    assert '"agreements_agreement"."purpose"' not in agreements
    assert '"organizations_organization"."description"' not in parties
    assert '"agreements_party"."contact_person"' not in parties


def test_the_stories_and_meetings_panels_read_only_the_columns_they_show(client, municipality):
    """A story's title, text and teller's name; a meeting's title, time and venue's name."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as asked:
        client.get(page_url(municipality), {"v": "panels"})

    [stories] = [q["sql"] for q in asked if 'FROM "dashboard_story"' in q["sql"]]
    [meetings] = [q["sql"] for q in asked if 'FROM "meetings_meeting"' in q["sql"]]
    assert '"organizations_organization"."description"' not in stories
    assert '"meetings_meeting"."minutes"' not in meetings
    assert '"meetings_meeting"."agenda"' not in meetings
