"""A municipality's own schemes (and its local round of a national scheme) reach the
organisations active there and that municipality's page of the catalogue, nobody else."""

import pytest
from django.urls import reverse

from tests.factories import SchemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schemes(municipality, other_municipality):
    return {
        "shared": SchemeFactory(name="Shared national scheme"),
        "ours": SchemeFactory(
            name="Our local round", administrator="municipality", municipality=municipality
        ),
        "theirs": SchemeFactory(
            name="Their local scheme",
            administrator="municipality",
            municipality=other_municipality,
        ),
    }


def _page(client, *args, **kwargs) -> str:
    return client.get(*args, **kwargs).content.decode()


def test_the_public_catalogue_shows_no_municipalitys_own_scheme_unless_filtered(
    client, schemes, municipality
):
    page = _page(client, reverse("grants:catalogue"))
    assert "Shared national scheme" in page
    assert "Our local round" not in page
    assert "Their local scheme" not in page
    page = _page(client, reverse("grants:catalogue"), {"municipality": municipality.slug})
    assert "Shared national scheme" in page
    assert "Our local round" in page
    assert "Their local scheme" not in page


def test_an_organisation_sees_the_schemes_of_the_municipality_it_is_active_in(
    client, schemes, organization_admin
):
    client.force_login(organization_admin)
    page = _page(client, reverse("grants:catalogue"))
    assert "Our local round" in page
    assert "Their local scheme" not in page
    calendar = _page(client, reverse("grants:deadlines"), {"view": "list"})
    assert "Their local scheme" not in calendar


def test_the_helper_never_proposes_another_municipalitys_local_scheme(
    client, schemes, municipality, organization_admin
):
    client.force_login(organization_admin)
    response = client.get(
        reverse("grants:helper"), {"asked": "1", "municipality": str(municipality.pk)}
    )
    found = [m.scheme.name for group in response.context["results"].values() for m in group]
    assert "Our local round" in found
    assert "Shared national scheme" in found
    assert "Their local scheme" not in found
    assert "Their local scheme" not in response.content.decode()


def test_the_helper_without_a_municipality_proposes_no_local_scheme(client, schemes):
    response = client.get(reverse("grants:helper"), {"asked": "1"})
    found = [m.scheme.name for group in response.context["results"].values() for m in group]
    assert "Shared national scheme" in found
    assert "Our local round" not in found
    assert "Their local scheme" not in found
    assert all(
        m.scheme.municipality_id is None for g in response.context["results"].values() for m in g
    )
