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
