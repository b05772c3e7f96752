"""The yearly "is the profile still correct?" e-mail (issue #18): each admin of an organisation
nobody has confirmed for a year gets a signed link of their own; opening it shows the profile,
and only the button confirms it."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from accounts.models import User
from notifications.models import Notification
from notifications.services import notifications_send_due
from organizations import confirm_links
from organizations.models import Organization
from organizations.services import organization_confirm_reminders_schedule
from tests.factories import OrganizationFactory, UserFactory, person_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LINK = re.compile(r"https?://[^\s\"<>]+/organisations/still-correct/\d+/\d+/[^\s\"<>?]+/")
KIND = "organization_confirm_due"


@pytest.fixture
def organization(municipality):
    """A profile made 400 days ago and never confirmed since."""
    organization = OrganizationFactory(
        name="Næstved Frivilligcenter", verified=True, municipalities=[municipality]
    )
    made = timezone.now() - timedelta(days=400)
    Organization.objects.filter(pk=organization.pk).update(created_at=made, confirmed_at=None)
    organization.refresh_from_db()
    return organization


@pytest.fixture
def admin(organization):
    return person_of(organization, "admin")


def reminders(organization) -> list[Notification]:
    return list(Notification.objects.filter(kind=KIND, subject_id=organization.pk))


def test_each_admin_gets_one_email_a_year_with_a_link_of_their_own(organization, admin, mailoutbox):
    other_admin = person_of(organization, "admin")
    person_of(organization, "member")  # members are not asked
    User.objects.filter(pk=other_admin.pk).update(preferred_language="nb")
    now = timezone.now()

    organization_confirm_reminders_schedule(now=now)
    organization_confirm_reminders_schedule(now=now + timedelta(days=1))  # the next day's run
    notifications_send_due(now=now + timedelta(days=1))

    assert {n.recipient_id for n in reminders(organization)} == {admin.pk, other_admin.pk}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([admin.email, other_admin.email])
    [to_admin] = [m for m in mailoutbox if m.to == [admin.email]]
    assert "Is the profile of Næstved Frivilligcenter still correct?" in to_admin.subject
    [html, _type] = to_admin.alternatives[0]
    text_link = LINK.search(to_admin.body).group(0)
    assert LINK.search(html).group(0) == text_link
    assert f"/{organization.pk}/{admin.pk}/" in text_link
    [to_other] = [m for m in mailoutbox if m.to == [other_admin.email]]
    assert LINK.search(to_other.body).group(0) != text_link
    assert "Er profilen til Næstved Frivilligcenter fortsatt riktig?" in to_other.subject

    # A year later, still unconfirmed: asked again, once.
    organization_confirm_reminders_schedule(now=now + timedelta(days=366))
    organization_confirm_reminders_schedule(now=now + timedelta(days=367))
    assert len(reminders(organization)) == 4


def test_recently_confirmed_and_closed_organisations_are_not_asked(municipality, organization):
    confirmed = OrganizationFactory(municipalities=[municipality])
    person_of(confirmed, "admin")
    Organization.objects.filter(pk=confirmed.pk).update(
        created_at=timezone.now() - timedelta(days=900),
        confirmed_at=timezone.now() - timedelta(days=100),
    )
    closed = OrganizationFactory(municipalities=[municipality])
    person_of(closed, "admin")
    Organization.objects.filter(pk=closed.pk).update(
        created_at=timezone.now() - timedelta(days=900), closed_at=timezone.now()
    )
    person_of(organization, "admin")

    organization_confirm_reminders_schedule(now=timezone.now())

    assert Notification.objects.filter(kind=KIND).count() == 1
    assert reminders(organization)


def test_opening_the_link_shows_the_profile_and_does_not_confirm_it(client, organization, admin):
    path = confirm_links.confirm_path(organization, admin)

    response = client.get(path)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Næstved Frivilligcenter" in page
    assert "Yes, it is still correct" in page
    assert "sign in to edit the profile" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    organization.refresh_from_db()
    assert organization.confirmed_at is None


def test_pressing_the_button_confirms_the_profile_without_signing_in(
    client, organization, admin, mailoutbox
):
    organization_confirm_reminders_schedule(now=timezone.now())
    notifications_send_due(now=timezone.now())
    [mail] = mailoutbox
    path = LINK.search(mail.body).group(0).split("://", 1)[1].split("/", 1)[1]

    response = client.post(f"/{path}")

    assert response.status_code == 200
    assert "The profile is marked as still correct" in response.content.decode()
    organization.refresh_from_db()
    assert organization.confirmed_at is not None
    # Confirmed: not asked again next year's run until the year has passed.
    organization_confirm_reminders_schedule(now=timezone.now() + timedelta(days=300))
    assert len(reminders(organization)) == 1


def test_a_changed_link_is_refused_and_confirms_nothing(client, organization, admin):
    signature = confirm_links.signature_for(organization, admin)
    someone_else = UserFactory()
    other = OrganizationFactory()
    for pk, person, sig in [
        (organization.pk, admin.pk, signature[:-2] + "xx"),
        (organization.pk, someone_else.pk, signature),
        (other.pk, admin.pk, signature),
    ]:
        response = client.post(f"/organisations/still-correct/{pk}/{person}/{sig}/")
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    organization.refresh_from_db()
    other.refresh_from_db()
    assert (organization.confirmed_at, other.confirmed_at) == (None, None)


def test_an_old_link_has_expired(client, organization, admin, monkeypatch):
    path = confirm_links.confirm_path(organization, admin)
    later = signing.time.time() + confirm_links.MAX_AGE.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = client.post(path)

    assert response.status_code == 410
    assert "too old" in response.content.decode()
    organization.refresh_from_db()
    assert organization.confirmed_at is None


def test_a_person_no_longer_admin_cannot_confirm_by_their_old_link(client, organization, admin):
    path = confirm_links.confirm_path(organization, admin)
    organization.memberships.filter(user=admin).update(role="member")

    response = client.post(path)

    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.confirmed_at is None
