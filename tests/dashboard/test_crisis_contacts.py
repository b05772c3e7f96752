"""Crisis contacts (R13, W23, issue #18): an organisation says on its profile that it may be
contacted at once in a crisis, with what it could do; the coordinator sees exactly those and
writes to all of them at once through the outbox."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from announcements.models import Announcement
from announcements.services import announcement_send
from notifications.models import Delivery, Notification
from notifications.services import notifications_send_due
from organizations.services import organization_update
from tests.factories import (
    NotificationSettingsFactory,
    OrganizationFactory,
    person_of,
    staff_of,
)
from tests.notifications.sms_server import sveve_for

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
    assert Notification.objects.filter(recipient=ready_contact, kind="announcement_crisis").exists()
    assert not Notification.objects.filter(recipient=other_contact).exists()


def test_other_municipalities_and_organisations_do_not_see_the_list(
    client, municipality, other_municipality, ready
):
    _organization, contact = ready
    client.force_login(contact)
    assert client.get(crisis_url(municipality)).status_code == 404
    client.force_login(staff_of(other_municipality, "coordinator"))
    assert client.get(crisis_url(municipality)).status_code == 404


@pytest.fixture
def gateway(settings):
    with sveve_for(settings) as recorded:
        yield recorded


CRISIS = ("Mange flyktninger kommer i morgen", "Kan dere hjelpe?")  # title, body


def send_and_deliver(municipality, coordinator, message, audience=None):
    """The coordinator sends an announcement (`message`: title, body) and the outbox delivers."""
    title, body = message
    announcement_send(
        municipality=municipality,
        author=coordinator,
        title=title,
        body=body,
        audience=audience or {},
        now=timezone.now(),
    )
    notifications_send_due(now=timezone.now())


def wants_sms(user, number, kinds):
    NotificationSettingsFactory(
        user=user,
        sms_kinds=list(kinds),
        mobile_number=number,
        mobile_verified_at=timezone.now() - timedelta(days=1),
    )


def test_a_crisis_message_also_goes_by_sms_to_the_contacts_who_chose_it(
    municipality, coordinator, gateway, ready
):
    organization, chose_sms = ready
    email_only = person_of(organization, "contact")
    wants_sms(chose_sms, "+4791234567", ["announcement_crisis"])
    wants_sms(email_only, "+4791234568", ["meeting_reminder"])

    send_and_deliver(municipality, coordinator, CRISIS, audience={"crisis_contacts": True})

    (received,) = gateway.requests
    assert received["to"] == "4791234567"
    assert "Mange flyktninger kommer i morgen" in received["msg"]
    assert len(received["msg"]) <= 160
    assert Delivery.objects.get().to == "+4791234567"
    # Both still get the e-mail, as before.
    assert {address for message in mail.outbox for address in message.to} >= {
        chose_sms.email,
        email_only.email,
    }


def test_an_announcement_to_everyone_never_goes_by_sms(municipality, coordinator, gateway, ready):
    _organization, contact = ready
    wants_sms(contact, "+4791234567", ["announcement_crisis"])

    send_and_deliver(municipality, coordinator, ("Nytt fra kommunen", "Et vanlig nyhetsbrev."))

    assert gateway.requests == []
    assert Notification.objects.get(recipient=contact).kind == "announcement"


@pytest.mark.parametrize("mode", ["digest", "off"])
def test_a_crisis_message_is_e_mailed_at_once_whatever_the_announcements_setting(
    municipality, coordinator, ready, mode
):
    """A crisis contact who reads the municipality's news in the evening digest, or not by
    e-mail at all, still gets a crisis message at once: it asks for help within hours."""
    _organization, contact = ready
    NotificationSettingsFactory(user=contact, email_modes={"announcements": mode})

    send_and_deliver(municipality, coordinator, CRISIS, audience={"crisis_contacts": True})

    assert [message.to for message in mail.outbox] == [[contact.email]]
    assert "Mange flyktninger kommer i morgen" in mail.outbox[0].subject
