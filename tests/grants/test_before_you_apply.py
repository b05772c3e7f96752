"""R60: the "Before you apply" page lists what schemes ask for, with the schemes that ask for
each; it is linked from the catalogue and the helper."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from grants import checklist
from tests.factories import SchemeFactory

pytestmark = pytest.mark.django_db


def test_each_need_lists_the_schemes_that_ask_for_it(
    english, client, django_assert_max_num_queries
):
    call_command("loaddata", "grant_schemes", verbosity=0)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("grants:before"))
    needs = response.context["needs"]
    slugs = {topic: {s.slug for s in schemes} for topic, schemes in needs.items()}
    assert "imdi-integration-national" in slugs[checklist.REGISTRATION]
    assert "vat-compensation" in slugs[checklist.REGISTRATION]
    assert "imdi-integration-national" in slugs[checklist.STATUTES]
    assert "imdi-integration-national" in slugs[checklist.ACCOUNTS]
    assert "vat-compensation" in slugs[checklist.ACCOUNTS]
    assert "bufdir-inclusion-children-youth" not in slugs[checklist.STATUTES]
    page = response.content.decode()
    assert "Frivillighetsregisteret" in page
    assert "CVR" in page
    assert "check with the grant manager" in page


def test_a_scheme_naming_a_document_is_listed_under_it():
    scheme = SchemeFactory.build(
        required_documents=["Kopi av vedtægter", "Bankkonto i foreningens navn", "Design sketch"]
    )
    assert checklist.asks_for(scheme, checklist.STATUTES)
    assert checklist.asks_for(scheme, checklist.BANK_ACCOUNT)
    assert not checklist.asks_for(scheme, checklist.SIGNING)
    assert not checklist.asks_for(scheme, checklist.REGISTRATION)


def test_another_municipalitys_scheme_is_not_listed(client, other_municipality):
    SchemeFactory(
        name="Their pool", municipality=other_municipality, required_documents=["Vedtekter"]
    )
    assert "Their pool" not in client.get(reverse("grants:before")).content.decode()


@pytest.mark.parametrize("name", ["grants:catalogue", "grants:helper"])
def test_the_page_is_linked_from_the_catalogue_and_the_helper(client, name):
    assert reverse("grants:before") in client.get(reverse(name)).content.decode()
