"""Announcement pages: who may send and read, the personal-data warning, and the e-mail."""

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from announcements.models import Announcement
from notifications.models import Notification
from notifications.services import notifications_send_due
from tests.factories import AnnouncementFactory, MeetingFactory

pytestmark = pytest.mark.django_db

LIST = reverse("announcements:list")
PHONE_TEXT = "Spørsmål? Ring Kari på 912 34 567 etter kl. 16."


def create_url(municipality):
    """The form writes for the active municipality (accounts.tenancy); for these users, their
    only one."""
    return reverse("announcements:create")


def form_data(**extra):
    return {"title": "Tilskudd til integreringsarbeid", "body": "Frist 1. mars.", **extra}


@pytest.fixture
def sent(municipality, verified_organization, contact_person):
    return AnnouncementFactory(
        municipality=municipality, title="Søknadsfrist nærmer seg", recipients=[contact_person]
    )


# -- who may do what --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "detail", "create"])
def test_anonymous_visitors_are_sent_to_sign_in(client, sent, municipality, name):
    url = {
        "list": LIST,
        "detail": sent.get_absolute_url(),
        "create": create_url(municipality),
    }[name]

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("contact_person", 200),
        ("organization_admin", 404),
        ("member", 404),
        ("caseworker", 404),
        ("other_coordinator", 404),
        ("plain_user", 404),
    ],
)
def test_a_sent_announcement_is_read_by_its_municipalitys_coordinators_and_recipients(
    log_in, client, sent, role, status
):
    log_in(role)

    assert client.get(sent.get_absolute_url()).status_code == status


@pytest.mark.parametrize(
    ("role", "listed"),
    [
        ("coordinator", True),
        ("contact_person", True),
        ("organization_admin", False),
        ("member", False),
        ("other_coordinator", False),
    ],
)
def test_the_list_holds_what_the_user_may_read(log_in, client, sent, role, listed):
    log_in(role)

    page = client.get(LIST).content.decode()

    assert (sent.title in page) is listed


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("contact_person", 404),
        ("organization_admin", 404),
        ("plain_user", 404),
        ("caseworker", 403),  # acts in the municipality, may not send
        ("platform_admin", 404),  # acts in no municipality, is no coordinator
    ],
)
def test_only_the_municipalitys_coordinator_may_write_an_announcement(
    log_in, client, municipality, role, status
):
    log_in(role)

    assert client.get(create_url(municipality)).status_code == status
    assert client.post(create_url(municipality), form_data()).status_code == status
    assert not Announcement.objects.exists()


def test_only_coordinators_see_who_received_it(log_in, client, sent):
    log_in("coordinator")
    assert "Sent to" in client.get(sent.get_absolute_url()).content.decode()
    log_in("contact_person")
    assert "Sent to" not in client.get(sent.get_absolute_url()).content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_costs_a_fixed_number_of_queries(
    log_in, client, municipality, contact_person, django_assert_num_queries, rows
):
    meeting = MeetingFactory(municipality=municipality)
    for _ in range(rows):
        AnnouncementFactory(municipality=municipality, meeting=meeting, recipients=[contact_person])
    log_in("coordinator")

    # session, user (TOTP, roles from the cache), count, page, the coordinator's
    # municipalities (the active one to send for and the header's, one query: accounts.tenancy)
    with django_assert_num_queries(5):
        client.get(LIST)


# -- writing and sending ----------------------------------------------------------------------


def test_the_form_has_no_confirmation_box_until_personal_data_shows_up(
    log_in, client, municipality
):
    log_in("coordinator")

    response = client.get(create_url(municipality))

    assert "confirm_no_personal_data" not in response.content.decode()


def test_a_phone_number_is_warned_about_and_nothing_is_sent_or_lost(
    log_in, client, municipality, verified_organization, contact_person
):
    log_in("coordinator")

    response = client.post(
        create_url(municipality), form_data(body=PHONE_TEXT, **{"audience-category": ["other"]})
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "This may be personal data" in page
    assert "912 34 567" in page
    assert 'name="confirm_no_personal_data"' in page
    form = response.context["form"]
    assert form["body"].value() == PHONE_TEXT
    assert form["title"].value() == "Tilskudd til integreringsarbeid"
    assert response.context["audience"].form["category"].value() == ["other"]
    assert not Announcement.objects.exists()
    assert not Notification.objects.filter(kind="announcement").exists()


def test_an_e_mail_address_is_warned_about_too(log_in, client, municipality, verified_organization):
    log_in("coordinator")

    response = client.post(create_url(municipality), form_data(title="Skriv til ola@gmail.com"))

    assert "ola@gmail.com" in response.content.decode()
    assert not Announcement.objects.exists()


def test_once_confirmed_the_announcement_is_sent(
    log_in, client, municipality, verified_organization, contact_person
):
    log_in("coordinator")

    response = client.post(
        create_url(municipality), form_data(body=PHONE_TEXT, confirm_no_personal_data="on")
    )

    announcement = Announcement.objects.get()
    assert response.status_code == 302
    assert response.url == announcement.get_absolute_url()
    assert announcement.personal_data_confirmed
    assert list(announcement.recipients.all()) == [contact_person]
    assert Notification.objects.filter(recipient=contact_person, kind="announcement").exists()


def test_a_clean_text_is_sent_at_once_with_its_links(
    english, log_in, client, municipality, verified_organization, contact_person
):
    meeting = MeetingFactory(municipality=municipality, title="Tilskuddsmøte")
    log_in("coordinator")

    response = client.post(
        create_url(municipality),
        form_data(meeting=meeting.pk, link="https://www.imdi.no/tilskudd/"),
        follow=True,
    )

    assert "The announcement is sent to 1 contact person." in response.content.decode()
    announcement = Announcement.objects.get()
    assert announcement.meeting == meeting
    assert announcement.link == "https://www.imdi.no/tilskudd/"
    assert not announcement.personal_data_confirmed


def test_an_audience_nobody_matches_is_an_error_on_the_form(
    english, log_in, client, municipality, verified_organization, contact_person
):
    log_in("coordinator")

    response = client.post(create_url(municipality), form_data(**{"audience-category": ["faith"]}))

    assert response.status_code == 200
    assert "No contact person matches these choices" in response.content.decode()
    assert not Announcement.objects.exists()


def test_the_recipient_gets_an_e_mail_with_text_html_and_the_settings_link(
    log_in, client, municipality, verified_organization, contact_person
):
    log_in("coordinator")
    client.post(create_url(municipality), form_data(body="Frist 1. mars & mer."))

    notifications_send_due(now=timezone.now())

    (message,) = mail.outbox
    assert message.to == [contact_person.email]
    assert "Tilskudd til integreringsarbeid" in message.subject
    assert "Frist 1. mars & mer." in message.body
    html, _mimetype = message.alternatives[0]
    assert "Frist 1. mars &amp; mer." in html
    settings_url = django_settings.SITE_URL + reverse("notifications:settings")
    assert settings_url in message.body
    assert settings_url in html


def test_an_oversized_announcement_is_refused_next_to_the_field_and_nothing_is_sent(
    english, log_in, client, municipality, verified_organization, contact_person
):
    """A 4.5 MB announcement was once accepted and e-mailed to every contact person."""
    log_in("coordinator")

    page = client.get(create_url(municipality)).content.decode()
    response = client.post(create_url(municipality), form_data(body="Frist 1. mars. " * 300_000))

    assert 'maxlength="5000"' in page
    assert "At most 5,000 characters." in page
    assert response.status_code == 200
    assert "at most 5000 characters" in " ".join(response.context["form"].errors["body"])
    assert 'id="id_body_error"' in response.content.decode()
    assert not Announcement.objects.exists()
    assert not Notification.objects.exists()
    notifications_send_due(now=timezone.now())
    assert not mail.outbox
