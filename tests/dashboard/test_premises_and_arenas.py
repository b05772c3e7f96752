"""Premises the municipality lends at fixed times and the arenas where newcomers are (issue #18,
R16/R17, seed 002 §5.2): the coordinator lists them, and anyone sees them on the public page."""

from datetime import time

import pytest
from django.urls import reverse
from django.utils import translation

from dashboard.models import Arena, Premises, PremisesSlot
from tests.factories import weekly_premises

pytestmark = pytest.mark.django_db


def page_url(municipality) -> str:
    return reverse("public:municipality", args=[municipality.slug])


def edit_url(municipality) -> str:
    return reverse("public:edit", args=[municipality.slug])


def add_premises(client, municipality, **overrides):
    data = {
        "add_premises": "",
        "premises-name": "Fjell bydelshus, sal 2",
        "premises-address": "Fjellveien 1, 3022 Drammen",
        "premises-capacity": "40",
        "premises-note": "Nøkkel i resepsjonen.",
        "premises-weekdays": ["1", "3"],
        "premises-starts_at": "17:00",
        "premises-ends_at": "20:00",
    }
    data.update(overrides)
    return client.post(edit_url(municipality), data)


def test_the_coordinator_lists_premises_that_visitors_see_with_their_weekly_times(
    client, municipality, coordinator
):
    client.force_login(coordinator)

    assert add_premises(client, municipality).status_code == 302

    premises = Premises.objects.get()
    assert sorted(premises.slots.values_list("weekday", flat=True)) == [1, 3]
    client.logout()
    html = client.get(page_url(municipality)).content.decode()
    assert "Lokaler dere kan låne" in html
    assert "Fjell bydelshus, sal 2" in html
    assert "Fjellveien 1, 3022 Drammen" in html
    assert "Tirsdager og torsdager 17:00–20:00" in html
    assert "Plass til 40 personer" in html
    assert "Nøkkel i resepsjonen." in html


def test_the_times_read_as_a_person_would_say_them(municipality):
    premises = weekly_premises(
        municipality, name="Biblioteket", address="Grønland 32", weekdays=[3, 1]
    )
    PremisesSlot.objects.create(premises=premises, weekday=5, starts_at=time(10), ends_at=time(14))

    with translation.override("en"):
        assert premises.times() == ["Saturdays 10:00–14:00", "Tuesdays and Thursdays 17:00–20:00"]


def test_premises_that_end_before_they_start_are_refused_at_the_end_time(
    client, municipality, coordinator
):
    client.force_login(coordinator)

    response = add_premises(client, municipality, **{"premises-ends_at": "16:00"})

    assert response.status_code == 400
    assert response.context["premises_form"].errors["ends_at"]
    assert 'value="Fjell bydelshus, sal 2"' in response.content.decode()
    assert not Premises.objects.exists()


def test_premises_without_a_weekday_are_refused(client, municipality, coordinator):
    client.force_login(coordinator)

    response = add_premises(client, municipality, **{"premises-weekdays": []})

    assert response.status_code == 400
    assert response.context["premises_form"].errors["weekdays"]
    assert not Premises.objects.exists()


def test_the_coordinator_lists_arenas_that_visitors_see_with_how_to_get_access(
    client, municipality, coordinator
):
    client.force_login(coordinator)

    response = client.post(
        edit_url(municipality),
        {
            "add_arena": "",
            "arena-kind": "adult_education",
            "arena-name": "Drammen voksenopplæring",
            "arena-access": "Ring rektor; presenter dere første mandag i måneden.",
        },
    )

    assert response.status_code == 302
    client.logout()
    html = client.get(page_url(municipality)).content.decode()
    assert "Der du møter nyankomne" in html
    assert "Drammen voksenopplæring" in html
    assert "Voksenopplæring" in html
    assert "første mandag i måneden" in html


def test_an_arena_without_access_instructions_is_refused(client, municipality, coordinator):
    client.force_login(coordinator)

    response = client.post(
        edit_url(municipality),
        {"add_arena": "", "arena-kind": "school", "arena-name": "Fjell skole", "arena-access": ""},
    )

    assert response.status_code == 400
    assert response.context["arena_form"].errors["access"]
    assert not Arena.objects.exists()


def test_the_coordinator_removes_premises_and_an_arena_after_asking(
    client, municipality, coordinator
):
    premises = weekly_premises(
        municipality, name="Biblioteket", address="Grønland 32", weekdays=[1]
    )
    arena = Arena.objects.create(
        municipality=municipality, kind=Arena.Kind.SCHOOL, name="Fjell skole", access="Ring."
    )
    client.force_login(coordinator)

    for obj, name in ((premises, "premises_remove"), (arena, "arena_remove")):
        remove = reverse(f"public:{name}", args=[municipality.slug, obj.pk])
        assert "vises ikke lenger på den offentlige siden" in client.get(remove).content.decode()
        assert type(obj).objects.filter(pk=obj.pk).exists()  # asking removes nothing
        assert client.post(remove).status_code == 302
        assert not type(obj).objects.filter(pk=obj.pk).exists()

    client.logout()
    html = client.get(page_url(municipality)).content.decode()
    assert "Biblioteket" not in html
    assert "Fjell skole" not in html


def test_another_municipality_cannot_remove_or_add_to_this_page(
    client, municipality, other_municipality, other_coordinator
):
    premises = weekly_premises(
        municipality, name="Biblioteket", address="Grønland 32", weekdays=[1]
    )
    client.force_login(other_coordinator)

    remove = reverse("public:premises_remove", args=[municipality.slug, premises.pk])
    assert client.post(remove).status_code == 404
    # Its own page does not reach this municipality's premises either.
    own = reverse("public:premises_remove", args=[other_municipality.slug, premises.pk])
    assert client.post(own).status_code == 404
    assert add_premises(client, municipality).status_code == 404
    assert Premises.objects.get() == premises


def test_a_page_without_premises_or_arenas_says_so(client, municipality):
    html = client.get(page_url(municipality)).content.decode()

    assert "Kommunen har ikke publisert lokaler til utlån ennå." in html
    assert "Kommunen har ikke publisert arenaer ennå." in html
