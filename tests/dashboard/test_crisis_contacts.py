"""Crisis contacts (R13, W23, issue #18): an organisation says on its profile that it may be
contacted at once in a crisis, with what it could do; the coordinator sees exactly those and
writes to all of them at once through the outbox."""

import pytest
from django.urls import reverse

from announcements.models import Announcement
from notifications.models import Notification
from organizations.services import organization_update
from tests.factories import OrganizationFactory, person_of, staff_of

pytestmark = pytest.mark.django_db


def crisis_url(municipality) -> str:
    return reverse("public:crisis_contacts", args=[municipality.slug])


@pytest.fixture
def ready(municipality):
    organization = OrganizationFactory(
        name="Røde Kors Drammen",
        verified=True,
        municipalities=[municipality],
        crisis_contact=True,
        crisis_capacity="20 frivillige på et døgns varsel",
    )
    return organization, person_of(organization, "contact")


@pytest.fixture
def not_ready(municipality):
    organization = OrganizationFactory(
        name="Sjakklubben", verified=True, municipalities=[municipality]
    )
    return organization, person_of(organization, "contact")


def test_an_organisation_opts_in_on_its_profile(municipality):
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    admin = person_of(organization, "admin")

    organization_update(
        organization=organization,
        by=admin,
        fields={"crisis_contact": True, "crisis_capacity": "Hall for 100"},
        m2m={},
    )

    organization.refresh_from_db()
    assert organization.crisis_contact is True
    assert organization.crisis_capacity == "Hall for 100"


def test_the_coordinator_sees_exactly_the_crisis_contacts_with_what_they_could_do(
    client, municipality, coordinator, ready, not_ready
):
    client.force_login(coordinator)

    response = client.get(crisis_url(municipality))

    assert [o.name for o in response.context["page_obj"].object_list] == ["Røde Kors Drammen"]
    html = response.content.decode()
    assert "20 frivillige på et døgns varsel" in html
    assert "Sjakklubben" not in html
    searched = client.get(crisis_url(municipality), {"q": "ingen slik"})
    assert list(searched.context["page_obj"].object_list) == []


def test_writing_to_all_crisis_contacts_reaches_only_them(
    client, municipality, coordinator, ready, not_ready
):
    client.force_login(coordinator)
    write_url = client.get(crisis_url(municipality)).context["write_url"]
    form = client.get(write_url)
    assert form.context["audience"].form["crisis_contacts"].value() is True

    response = client.post(
        reverse("announcements:create"),
        {
            "title": "Mange flyktninger kommer i morgen",
            "body": "Kan dere hjelpe?",
            "audience-crisis_contacts": "on",
        },
    )

    assert response.status_code == 302
    announcement = Announcement.objects.get()
    _organization, ready_contact = ready
    _other, other_contact = not_ready
    assert list(announcement.recipients.all()) == [ready_contact]
    assert Notification.objects.filter(recipient=ready_contact, kind="announcement").exists()
    assert not Notification.objects.filter(recipient=other_contact).exists()


def test_other_municipalities_and_organisations_do_not_see_the_list(
    client, municipality, other_municipality, ready
):
    _organization, contact = ready
    client.force_login(contact)
    assert client.get(crisis_url(municipality)).status_code == 404
    client.force_login(staff_of(other_municipality, "coordinator"))
    assert client.get(crisis_url(municipality)).status_code == 404
