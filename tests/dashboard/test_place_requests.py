"""Organisations ask for the municipality's premises at fixed weekly times (R16, W22) or to present
their offer at an arena where newcomers are (R17, W21); a coordinator grants or declines with a
reason; each side is told through the outbox, and a time is never given to two organisations."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from dashboard.models import Arena, PlaceRequest
from dashboard.services import place_request_answer
from notifications.kinds import GROUPS
from notifications.models import Notification
from notifications.services import notifications_send_due
from tests.factories import OrganizationFactory, ask_for_place, person_of, staff_of, weekly_premises

pytestmark = pytest.mark.django_db


@pytest.fixture
def premises(municipality):
    """Fjell bydelshus on Tuesdays and Thursdays 17–20, not one of the municipality's venues."""
    return weekly_premises(municipality)


@pytest.fixture
def arena(municipality):
    return Arena.objects.create(
        municipality=municipality,
        kind="adult_education",
        name="Drammen voksenopplæring",
        access="-",
    )


def slots_of(premises):
    return list(premises.slots.order_by("weekday"))


def request_url(municipality, place_request):
    return reverse("public:request", args=[municipality.slug, place_request.pk])


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_an_organisation_asks_for_premises_and_the_coordinator_is_told_by_email(
    client, municipality, coordinator, club_admin, club, premises
):
    tuesday, thursday = slots_of(premises)
    client.force_login(club_admin)
    url = reverse("public:premises_request", args=[municipality.slug, premises.pk])
    assert "Fjell bydelshus, sal 2" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "organization": club.pk,
            "slots": [tuesday.pk, thursday.pk],
            "message": "Sjakk for barn, hele høsten.",
        },
    )

    place_request = PlaceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == request_url(municipality, place_request)
    assert set(place_request.slots.all()) == {tuesday, thursday}
    assert place_request.status == PlaceRequest.Status.WAITING
    assert kinds_for(coordinator) == ["place_requested"]
    notifications_send_due(now=timezone.now())
    (message,) = [m for m in mail.outbox if coordinator.email in m.to]
    assert "Drammen Sjakklubb" in message.subject
    assert "Drammen Sjakklubb" in message.body  # the plain-text part
    assert message.alternatives  # and the HTML part
    assert request_url(municipality, place_request) in message.body


def test_a_coordinator_who_turned_request_e_mails_off_is_told_on_the_site_only(
    client, municipality, coordinator, club_admin, club, premises
):
    client.force_login(coordinator)
    page = client.get(reverse("notifications:settings"))
    assert "group_places" in page.context["form"].fields
    data = {f"group_{group}": "immediate" for group in GROUPS} | {
        "group_places": "off",
        "preferred_language": "nb",
    }
    assert client.post(reverse("notifications:settings"), data).status_code == 302

    ask_for_place(
        club_admin,
        club,
        message="Sjakk",
        premises=premises,
        slots=slots_of(premises)[:1],
    )
    notifications_send_due(now=timezone.now())

    assert kinds_for(coordinator) == ["place_requested"]  # still in the notification list
    assert not [m for m in mail.outbox if coordinator.email in m.to]


def test_the_form_keeps_what_was_typed_and_names_the_missing_times(
    client, municipality, club_admin, club, premises
):
    client.force_login(club_admin)
    url = reverse("public:premises_request", args=[municipality.slug, premises.pk])

    response = client.post(url, {"organization": club.pk, "message": "Leksehjelp"})

    assert response.status_code == 400
    assert "Leksehjelp" in response.content.decode()
    assert "slots" in response.context["form"].errors
    assert not PlaceRequest.objects.exists()


def test_an_organisation_asks_to_present_its_offer_at_an_arena(
    client, municipality, coordinator, club_admin, club, arena
):
    client.force_login(club_admin)
    url = reverse("public:arena_request", args=[municipality.slug, arena.pk])

    response = client.post(url, {"organization": club.pk, "message": "Presentere klubben"})

    place_request = PlaceRequest.objects.get()
    assert response.status_code == 302
    assert place_request.arena == arena
    assert kinds_for(coordinator) == ["place_requested"]


def test_the_arenas_contact_person_is_told_by_email_and_the_coordinator_still_answers(
    client, municipality, coordinator, club_admin, club, arena
):
    arena.contact_name = "Kari Rektor"
    arena.contact_role = "Inspektør"
    arena.contact_email = "kari.rektor@voksenopplaering.example"
    arena.contact_phone = "+47 900 00 000"
    arena.save()
    client.force_login(club_admin)
    url = reverse("public:arena_request", args=[municipality.slug, arena.pk])

    client.post(url, {"organization": club.pk, "message": "Presentere sjakkurset"})
    notifications_send_due(now=timezone.now())

    (message,) = [m for m in mail.outbox if "kari.rektor@voksenopplaering.example" in m.to]
    assert "Drammen Sjakklubb" in message.subject
    assert "Drammen voksenopplæring" in message.subject
    assert "Presentere sjakkurset" in message.body
    assert "Kari Rektor" in message.body
    # No account of her own: the e-mail names the coordinator who answers the organisation.
    assert coordinator.email in message.body
    assert "/requests/" not in message.body
    place_request = PlaceRequest.objects.get()
    assert kinds_for(coordinator) == ["place_requested"]
    client.force_login(coordinator)
    detail = client.get(request_url(municipality, place_request)).content.decode()
    assert "Kari Rektor" in detail
    assert "kari.rektor@voksenopplaering.example" in detail
    response = client.post(
        request_url(municipality, place_request), {"status": "granted", "reply": "Kom tirsdag."}
    )
    assert response.status_code == 302
    place_request.refresh_from_db()
    assert place_request.status == PlaceRequest.Status.GRANTED


def test_no_email_to_an_arena_without_a_contact_person(
    municipality, coordinator, club_admin, club, arena
):
    ask_for_place(club_admin, club, arena=arena)
    notifications_send_due(now=timezone.now())

    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_an_arena_contact_person_needs_a_name_and_an_email_address(municipality):
    arena = Arena(
        municipality=municipality,
        kind="nav",
        name="NAV Drammen",
        access="-",
        contact_phone="+47 900 00 001",
    )

    with pytest.raises(ValidationError) as raised:
        arena.full_clean()

    assert set(raised.value.message_dict) == {"contact_name", "contact_email"}


def test_the_coordinator_adds_an_arena_with_its_contact_person_and_chooses_to_show_it(
    client, municipality, coordinator
):
    client.force_login(coordinator)

    response = client.post(
        reverse("public:edit", args=[municipality.slug]),
        {
            "add_arena": "",
            "arena-kind": "refugee_service",
            "arena-name": "Flyktningtjenesten",
            "arena-access": "Ring først",
            "arena-contact_name": "Per Veileder",
            "arena-contact_role": "Frivillighetskontakt",
            "arena-contact_email": "per.veileder@kommune.example",
            "arena-contact_public": "on",
        },
    )

    assert response.status_code == 302
    arena = Arena.objects.get(name="Flyktningtjenesten")
    assert (arena.contact_name, arena.contact_public) == ("Per Veileder", True)
    client.logout()
    public = client.get(reverse("public:municipality", args=[municipality.slug]))
    assert "per.veileder@kommune.example" in public.content.decode()


def test_the_coordinator_grants_and_the_organisation_sees_the_answer_and_is_told(
    client, municipality, coordinator, club_admin, club, premises
):
    place_request = ask_for_place(
        club_admin,
        club,
        message="Sjakk",
        premises=premises,
        slots=slots_of(premises)[:1],
    )
    client.force_login(coordinator)

    response = client.post(
        request_url(municipality, place_request), {"status": "granted", "reply": "Velkommen!"}
    )

    assert response.status_code == 302
    place_request.refresh_from_db()
    assert place_request.status == PlaceRequest.Status.GRANTED
    assert kinds_for(club_admin) == ["place_answered"]
    client.force_login(club_admin)
    html = client.get(request_url(municipality, place_request)).content.decode()
    assert "Velkommen!" in html
    listing = client.get(reverse("public:requests", args=[municipality.slug])).content.decode()
    assert "Fjell bydelshus, sal 2" in listing


def test_declining_needs_a_reason_next_to_the_field(
    client, municipality, coordinator, club_admin, club, arena
):
    place_request = ask_for_place(club_admin, club, arena=arena)
    client.force_login(coordinator)

    response = client.post(request_url(municipality, place_request), {"status": "declined"})

    assert response.status_code == 400
    assert "reply" in response.context["form"].errors
    place_request.refresh_from_db()
    assert place_request.status == PlaceRequest.Status.WAITING
    assert kinds_for(club_admin) == []


def test_a_time_given_to_one_organisation_is_refused_to_another_with_the_free_times(
    municipality, coordinator, club_admin, club, premises
):
    tuesday = slots_of(premises)[0]
    first = ask_for_place(club_admin, club, premises=premises, slots=[tuesday])
    place_request_answer(by=coordinator, place_request=first, status="granted", reply="")
    other = OrganizationFactory(verified=True, municipalities=[municipality])

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        ask_for_place(
            person_of(other, "admin"), other, message="y", premises=premises, slots=[tuesday]
        )

    (message,) = refused.value.message_dict["slots"]
    assert message == (
        "Tuesday 17:00–20:00 is already given to another organisation. "
        "Free times: Thursday 17:00–20:00."
    )
    assert PlaceRequest.objects.count() == 1


def test_two_waiting_requests_for_one_time_cannot_both_be_granted(
    municipality, coordinator, club_admin, club, premises
):
    tuesday = slots_of(premises)[0]
    other = OrganizationFactory(verified=True, municipalities=[municipality])
    first, second = (
        ask_for_place(by, org, premises=premises, slots=[tuesday])
        for by, org in ((club_admin, club), (person_of(other, "admin"), other))
    )
    place_request_answer(by=coordinator, place_request=first, status="granted", reply="")

    with pytest.raises(ValidationError) as refused:
        place_request_answer(by=coordinator, place_request=second, status="granted", reply="")

    assert "status" in refused.value.message_dict
    second.refresh_from_db()
    assert second.status == PlaceRequest.Status.WAITING


def test_withdrawing_asks_first_then_frees_the_time_and_tells_the_coordinator(
    client, municipality, coordinator, club_admin, club, premises
):
    place_request = ask_for_place(
        club_admin,
        club,
        premises=premises,
        slots=slots_of(premises)[:1],
    )
    place_request_answer(by=coordinator, place_request=place_request, status="granted", reply="")
    client.force_login(club_admin)
    url = reverse("public:request_withdraw", args=[municipality.slug, place_request.pk])

    assert client.get(url).status_code == 200
    place_request.refresh_from_db()
    assert place_request.status == PlaceRequest.Status.GRANTED  # opening the page changes nothing

    client.post(url)

    place_request.refresh_from_db()
    assert place_request.status == PlaceRequest.Status.WITHDRAWN
    assert "place_withdrawn" in kinds_for(coordinator)


def test_an_organisation_sees_only_its_own_requests_and_another_municipality_none(
    client, municipality, other_municipality, club_admin, club, arena
):
    own = ask_for_place(club_admin, club, arena=arena)
    other = OrganizationFactory(name="Annen forening", verified=True, municipalities=[municipality])
    theirs = ask_for_place(person_of(other, "admin"), other, message="y", arena=arena)
    client.force_login(club_admin)

    listing = client.get(reverse("public:requests", args=[municipality.slug]))

    assert list(listing.context["page_obj"].object_list) == [own]
    assert client.get(request_url(municipality, theirs)).status_code == 404
    coordinator_b = staff_of(other_municipality, "coordinator")
    client.force_login(coordinator_b)
    assert client.get(request_url(municipality, own)).status_code == 404


def test_the_coordinators_list_filters_by_status_kind_and_words(
    client, municipality, coordinator, club_admin, club, arena, premises
):
    on_arena = ask_for_place(club_admin, club, arena=arena)
    on_premises = ask_for_place(
        club_admin,
        club,
        premises=premises,
        slots=slots_of(premises),
    )
    place_request_answer(by=coordinator, place_request=on_premises, status="declined", reply="Nei")
    client.force_login(coordinator)
    url = reverse("public:requests", args=[municipality.slug])

    def found(**query):
        return list(client.get(url, query).context["page_obj"].object_list)

    assert found() == [on_premises, on_arena]
    assert found(kind="arena") == [on_arena]
    assert found(status="declined") == [on_premises]
    assert found(q="voksenopplæring") == [on_arena]
    assert found(q="ingen slik") == []


def test_an_organisation_not_verified_in_the_municipality_cannot_ask(municipality, premises):
    stranger = OrganizationFactory(verified=False, municipalities=[municipality])

    with pytest.raises(ValidationError) as refused:
        ask_for_place(
            person_of(stranger, "admin"), stranger, premises=premises, slots=slots_of(premises)
        )

    assert "organization" in refused.value.message_dict
    assert not PlaceRequest.objects.exists()


def test_the_public_page_offers_organisations_the_way_to_ask(
    client, municipality, club_admin, premises, arena
):
    page = reverse("public:municipality", args=[municipality.slug])
    assert (
        reverse("public:premises_request", args=[municipality.slug, premises.pk])
        not in client.get(page).content.decode()
    )
    client.force_login(club_admin)

    html = client.get(page).content.decode()

    assert reverse("public:premises_request", args=[municipality.slug, premises.pk]) in html
    assert reverse("public:arena_request", args=[municipality.slug, arena.pk]) in html
    assert reverse("public:requests", args=[municipality.slug]) in html


# -- the start pages' panels -------------------------------------------------------------------


def ask(club_admin, municipality, club, premises, message="Sjakk", slot=0):
    return ask_for_place(
        club_admin, club, message=message, premises=premises, slots=[slots_of(premises)[slot]]
    )


@pytest.mark.parametrize("rows", [1, 6])
def test_the_coordinators_start_page_counts_the_waiting_requests_and_shows_the_newest(
    client,
    municipality,
    coordinator,
    club_admin,
    club,
    premises,
    rows,
    django_assert_num_queries,
):
    for n in range(rows):
        ask(club_admin, municipality, club, premises, message=f"Forespørsel {n}")
    answered = ask(club_admin, municipality, club, premises)
    place_request_answer(by=coordinator, place_request=answered, status="declined", reply="Nei")
    client.force_login(coordinator)

    # The start page as in tests/accounts/test_views.py: the same count at 1 and 6 requests
    # (the count of the waiting requests comes with the newest ones, in one query).
    with django_assert_num_queries(13):
        response = client.get(reverse("dashboard"))

    panel = response.context["place_requests"]
    assert panel["count"] == rows  # the declined one waits for nothing
    assert len(panel["newest"]) == min(rows, 3)
    html = response.content.decode()
    assert reverse("public:requests", args=[municipality.slug]) in html
    assert reverse("public:request", args=[municipality.slug, panel["newest"][0]["pk"]]) in html


def test_a_new_request_shows_on_the_coordinators_cached_panel_at_once(
    client, municipality, coordinator, club_admin, club, premises
):
    client.force_login(coordinator)
    assert client.get(reverse("dashboard")).context["place_requests"]["count"] == 0

    ask(club_admin, municipality, club, premises)

    assert client.get(reverse("dashboard")).context["place_requests"]["count"] == 1


def test_the_organisations_start_page_shows_its_own_requests_and_their_status(
    client, municipality, coordinator, club_admin, club, premises
):
    mine = ask(club_admin, municipality, club, premises)
    place_request_answer(by=coordinator, place_request=mine, status="granted", reply="Velkommen")
    other = OrganizationFactory(name="Annet lag", verified=True, municipalities=[municipality])
    ask(person_of(other, "admin"), municipality, other, premises, message="Annet", slot=1)
    client.force_login(club_admin)

    response = client.get(reverse("dashboard"))

    shown = response.context["my_place_requests"]
    assert [(r.organization, r.status) for r in shown] == [(club, "granted")]
    assert "Fjell bydelshus, sal 2" in response.content.decode()
