"""The needs board (issue #18): filterable on the municipality's public page, answered by an
organisation from its account, with a notification each way, and new needs told to the
organisations that asked; reachable from the coordinator's and the organisation's start pages."""

import pytest
from django.urls import reverse

from agreements.models import Need, NeedResponse
from agreements.services import need_save
from notifications.models import Notification
from tests.factories import NeedFactory, OrganizationFactory, person_of

pytestmark = pytest.mark.django_db


def page_url(municipality) -> str:
    return reverse("public:municipality", args=[municipality.slug])


def need_url(need) -> str:
    return reverse("agreements:need", args=[need.pk])


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.fixture
def organization(municipality):
    """Verified in the municipality: only a verified organisation answers a need."""
    return OrganizationFactory(
        name="Drammen Frivilligsentral", verified=True, municipalities=[municipality]
    )


@pytest.fixture
def needs(municipality):
    return [
        NeedFactory(
            municipality=municipality,
            title="Leksehjelp onsdager",
            target_group="Barn",
            help_wanted="Frivillige som kan matte",
        ),
        NeedFactory(municipality=municipality, title="Turvenner", target_group="Voksne"),
        NeedFactory(municipality=municipality, title="Språktrening", target_group="Voksne"),
    ]


def test_a_visitor_narrows_the_needs_by_a_word_and_by_target_group(client, municipality, needs):
    html = client.get(page_url(municipality), {"q": "matte"}).content.decode()
    assert "Leksehjelp onsdager" in html
    assert "Turvenner" not in html

    html = client.get(page_url(municipality), {"target_group": "Voksne"}).content.decode()
    assert "Turvenner" in html
    assert "Språktrening" in html
    assert "Leksehjelp onsdager" not in html

    html = client.get(page_url(municipality), {"q": "finnes ikke"}).content.decode()
    assert "Ingen behov passer til søket ditt." in html


def test_a_target_group_that_no_need_has_is_not_offered_and_shows_every_need(
    client, municipality, needs
):
    response = client.get(page_url(municipality), {"target_group": "Ukjent"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Turvenner" in html
    assert "Leksehjelp onsdager" in html


def test_an_organisation_answers_and_the_coordinator_is_notified(
    client, municipality, coordinator, organization, organization_admin
):
    need = NeedFactory(municipality=municipality)
    client.force_login(organization_admin)

    response = client.post(
        need_url(need), {"organization": organization.pk, "note": "Vi har tre frivillige."}
    )

    assert response.status_code == 302
    assert kinds_for(coordinator) == ["need_answered"]
    notification = Notification.objects.get(recipient=coordinator)
    assert notification.context["organization"] == organization.name


def test_the_coordinator_answers_the_offer_and_the_organisation_is_notified(
    client, municipality, coordinator, organization, organization_admin, contact_person
):
    need = NeedFactory(municipality=municipality)
    offer = NeedResponse.objects.create(need=need, organization=organization, note="Vi kan.")
    client.force_login(coordinator)
    assert "Svar Drammen Frivilligsentral" in client.get(need_url(need)).content.decode()

    response = client.post(
        need_url(need),
        {
            "reply": offer.pk,
            f"reply-{offer.pk}-status": "accepted",
            f"reply-{offer.pk}-reply": "Takk! Vi ringer deg.",
        },
    )

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == NeedResponse.Status.ACCEPTED
    assert kinds_for(organization_admin) == ["need_replied"]
    assert kinds_for(contact_person) == ["need_replied"]
    client.force_login(organization_admin)
    html = client.get(need_url(need)).content.decode()
    assert "Takk! Vi ringer deg." in html


def test_only_the_municipalitys_coordinator_answers_an_offer(
    client, municipality, other_coordinator, organization, organization_admin
):
    need = NeedFactory(municipality=municipality)
    offer = NeedResponse.objects.create(need=need, organization=organization, note="Vi kan.")
    data = {"reply": offer.pk, f"reply-{offer.pk}-status": "declined"}
    for user in (other_coordinator, organization_admin):
        client.force_login(user)
        assert client.post(need_url(need), data).status_code in (403, 404)
    offer.refresh_from_db()
    assert offer.status == NeedResponse.Status.WAITING


def test_closing_asks_first_takes_the_need_off_the_board_and_tells_who_answered(
    client, municipality, coordinator, organization, organization_admin
):
    need = NeedFactory(municipality=municipality, title="Leksehjelp onsdager")
    NeedResponse.objects.create(need=need, organization=organization, note="Vi kan.")
    close_url = reverse("agreements:need_close", args=[need.pk])
    client.force_login(coordinator)

    client.get(close_url)
    need.refresh_from_db()
    assert need.closed_at is None  # only asked

    assert client.post(close_url).status_code == 302
    need.refresh_from_db()
    assert need.closed_at is not None
    assert kinds_for(organization_admin) == ["need_closed"]
    assert "Leksehjelp onsdager" not in client.get(page_url(municipality)).content.decode()
    client.force_login(organization_admin)
    html = client.get(need_url(need)).content.decode()
    assert "Send svaret vårt" not in html  # a closed need takes no more answers


def test_a_new_need_is_told_to_the_organisations_active_there_that_asked(
    municipality, other_municipality, coordinator, organization, organization_admin
):
    organization.notify_of_needs = True
    organization.save()
    not_asking = person_of(
        OrganizationFactory(verified=True, municipalities=[municipality]), "admin"
    )
    elsewhere = person_of(
        OrganizationFactory(
            verified=True, municipalities=[other_municipality], notify_of_needs=True
        ),
        "admin",
    )
    pending = person_of(
        OrganizationFactory(municipalities=[municipality], notify_of_needs=True), "admin"
    )
    fields = {"title": "Turvenner", "description": "Vi trenger turvenner.", "is_published": True}

    need = need_save(by=coordinator, need=None, municipality=municipality, fields=fields)
    need_save(by=coordinator, need=need, municipality=municipality, fields={"title": "Turvenn"})

    assert kinds_for(organization_admin) == ["need_published"]  # once, not on every edit
    assert kinds_for(not_asking) == []
    assert kinds_for(elsewhere) == []
    assert kinds_for(pending) == []  # not verified there


def test_a_draft_need_is_told_only_when_it_is_published(
    municipality, coordinator, organization, organization_admin
):
    organization.notify_of_needs = True
    organization.save()
    fields = {"title": "Utkast", "description": "Ikke klart.", "is_published": False}

    need = need_save(by=coordinator, need=None, municipality=municipality, fields=fields)
    assert kinds_for(organization_admin) == []

    need_save(by=coordinator, need=need, municipality=municipality, fields={"is_published": True})
    assert kinds_for(organization_admin) == ["need_published"]
    assert Need.objects.get(pk=need.pk).announced_at is not None


def test_the_coordinators_start_page_lists_open_needs_with_answers_waiting(
    client, municipality, coordinator, organization
):
    need = NeedFactory(municipality=municipality, title="Leksehjelp onsdager")
    NeedResponse.objects.create(need=need, organization=organization, note="Vi kan.")
    client.force_login(coordinator)

    html = client.get("/dashboard/").content.decode()

    assert need_url(need) in html
    assert "1 svar venter på svaret ditt" in html


def test_a_new_answer_shows_on_the_coordinators_start_page_at_once(
    client, municipality, coordinator, organization
):
    need = NeedFactory(municipality=municipality, title="Leksehjelp onsdager")
    client.force_login(coordinator)
    assert "venter på svaret ditt" not in client.get("/dashboard/").content.decode()

    NeedResponse.objects.create(need=need, organization=organization, note="Vi kan.")

    assert "1 svar venter på svaret ditt" in client.get("/dashboard/").content.decode()


def test_the_organisations_start_page_shows_its_answers_and_leads_to_the_needs(
    client, municipality, organization, organization_admin
):
    need = NeedFactory(municipality=municipality, title="Leksehjelp onsdager")
    NeedResponse.objects.create(
        need=need, organization=organization, note="Vi kan.", status="accepted"
    )
    client.force_login(organization_admin)

    html = client.get("/dashboard/").content.decode()

    assert need_url(need) in html
    assert "Godtatt" in html
    assert reverse("agreements:needs") in html


def test_an_organisation_asks_to_be_told_of_new_needs_on_its_profile(
    client, organization, organization_admin
):
    client.force_login(organization_admin)
    form = client.get(reverse("organizations:edit", args=[organization.pk])).content.decode()
    assert 'name="notify_of_needs"' in form
