"""The public list of municipalities (issues #18 and #23): in the visitor's menu, searchable,
in pages, each leading to its page; the start page lists them, and a deployment of one
municipality opens on that municipality's page."""

import pytest
from django.urls import reverse

from dashboard.views import MUNICIPALITIES_PER_PAGE
from tests.factories import MunicipalityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LIST = "/m/"


def test_the_list_is_at_m():
    assert reverse("public:list") == LIST


def test_a_visitor_finds_a_municipality_by_name(client, municipality, other_municipality):
    response = client.get(LIST, {"q": "  dram "})

    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("public:municipality", args=["drammen"]) in html
    assert reverse("public:municipality", args=["asker"]) not in html
    assert "1 municipality" in html


def test_a_search_that_finds_nothing_says_so(client, municipality):
    html = client.get(LIST, {"q": "Tromsø"}).content.decode()

    assert "No municipality matches." in html


def test_the_list_comes_in_pages_by_name(client, db):
    for n in range(MUNICIPALITIES_PER_PAGE + 2):
        MunicipalityFactory(name=f"Kommune {n:03}")

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert [m.name for m in first.context["page_obj"]][:2] == ["Kommune 000", "Kommune 001"]
    assert len(first.context["page_obj"]) == MUNICIPALITIES_PER_PAGE
    assert [m.name for m in second.context["page_obj"]] == ["Kommune 024", "Kommune 025"]
    assert "Page 2 of 2" in second.content.decode()


def test_the_list_costs_the_same_queries_with_many_municipalities(
    client, db, django_assert_num_queries
):
    MunicipalityFactory(name="Aaa kommune")
    MunicipalityFactory(name="Bbb kommune")
    # the count and the page; the session and the language take none for a visitor
    with django_assert_num_queries(2):
        client.get(LIST, {"q": "kommune"})
    for n in range(60):
        MunicipalityFactory(name=f"Kommune {n:03}")
    with django_assert_num_queries(2):
        response = client.get(LIST, {"q": "kommune", "page": 2})
    assert len(response.context["page_obj"]) == MUNICIPALITIES_PER_PAGE


def test_the_visitors_menu_leads_to_the_municipalities(client, municipality, other_municipality):
    response = client.get(reverse("organizations:directory"))

    labels = [(item.label, item.url) for item in response.context["menus"].primary]
    assert labels[-1] == ("Municipalities", LIST)
    assert [label for label, _ in labels] == [
        "Directory",
        "Activities",
        "Events",
        "Grants",
        "Municipalities",
    ]


def test_on_a_municipalitys_page_the_municipalities_are_the_current_section(
    client, municipality, other_municipality
):
    response = client.get(reverse("public:municipality", args=[municipality.slug]))

    current = [item.label for item in response.context["menus"].primary if item.current]
    assert current == ["Municipalities"]


def test_the_start_page_lists_municipalities_and_leads_to_the_list(
    client, municipality, other_municipality
):
    html = client.get("/").content.decode()

    assert reverse("public:municipality", args=["drammen"]) in html
    assert reverse("public:municipality", args=["asker"]) in html
    assert f'href="{LIST}"' in html


def test_the_start_page_shows_a_dozen_and_leads_to_the_rest(client, db):
    for n in range(15):
        MunicipalityFactory(name=f"Kommune {n:03}")

    response = client.get("/")

    assert len(response.context["municipalities"]) == 12
    assert "All municipalities, with search" in response.content.decode()


def test_a_single_municipality_deployment_opens_on_its_page(client, municipality, settings):
    settings.SINGLE_MUNICIPALITY = municipality.slug

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("public:municipality", args=[municipality.slug])


def test_a_shared_deployment_with_one_municipality_so_far_keeps_its_own_start_page(
    client, municipality
):
    assert client.get("/").status_code == 200


def test_signed_in_people_still_get_the_start_page_with_one_municipality(
    client, log_in, municipality, settings
):
    settings.SINGLE_MUNICIPALITY = municipality.slug
    log_in("coordinator")

    assert client.get("/").status_code == 200
