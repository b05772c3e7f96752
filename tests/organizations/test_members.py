"""Members of an organisation: invitations, roles, leaving, requests to join, who may manage."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notification_send_now, notifications_send_due
from organizations import services
from organizations.models import Invitation, JoinRequest, OrganizationMembership
from tests.factories import (
    InvitationFactory,
    OrganizationMembershipFactory,
    UserFactory,
    set_organization_status,
)

pytestmark = pytest.mark.django_db

Role = OrganizationMembership.Role


def sign_in(client, user):
    """Sign in with English pages, so that the assertions read the English messages."""
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    return user


def roles_of(user, organization) -> set[str]:
    return set(
        OrganizationMembership.objects.filter(user=user, organization=organization).values_list(
            "role", flat=True
        )
    )


def members_url(organization) -> str:
    return reverse("organizations:members", args=[organization.pk])


def roles_url(organization, user) -> str:
    return reverse("organizations:member_roles", args=[organization.pk, user.pk])


@pytest.fixture
def invitee(db):
    return UserFactory(email="ny.person@example.no")


# -- invitations --------------------------------------------------------------------------------


def test_the_admin_invites_by_email_and_one_mail_with_text_and_html_is_sent(
    client, organization, organization_admin, django_capture_on_commit_callbacks
):
    sign_in(client, organization_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            members_url(organization), {"email": "Ny.Person@Example.no", "role": Role.CONTACT}
        )

    invitation = Invitation.objects.get(organization=organization)
    assert response.status_code == 302
    assert (invitation.email, invitation.role) == ("ny.person@example.no", Role.CONTACT)
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    accept_url = settings.SITE_URL + invitation.get_absolute_url()
    assert message.to == ["ny.person@example.no"]
    assert organization.name in message.subject
    assert accept_url in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert accept_url in html


def test_sending_the_same_invitation_again_sends_nothing(organization, organization_admin):
    """The invitation's e-mail is an outbox row: sent once, however often it is asked for."""
    invitation = services.invitation_create(
        organization=organization, by=organization_admin, email="ny@example.no", role=Role.MEMBER
    )
    (row,) = Notification.objects.filter(kind="organization_invitation", subject_id=invitation.pk)
    now = timezone.now()

    first = notification_send_now(notification_id=row.pk, now=now)
    second = notification_send_now(notification_id=row.pk, now=now)

    assert (first, second) == (True, False)
    assert notifications_send_due(now=now) == 0
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at == now


def test_the_open_invitation_is_listed_on_the_members_page(
    client, organization, organization_admin
):
    InvitationFactory(organization=organization, email="venter@example.no", role=Role.MEMBER)
    sign_in(client, organization_admin)

    html = client.get(members_url(organization)).content.decode()

    assert "venter@example.no" in html


def test_inviting_someone_to_a_role_they_already_have_is_refused_next_to_the_field(
    client, organization, organization_admin, member
):
    sign_in(client, organization_admin)

    response = client.post(members_url(organization), {"email": member.email, "role": Role.MEMBER})

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["This person already has this role."]
    assert not Invitation.objects.exists()


def test_the_invitation_link_asks_an_anonymous_visitor_to_sign_in(client, organization):
    invitation = InvitationFactory(organization=organization)

    response = client.post(invitation.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not OrganizationMembership.objects.filter(role=Role.MEMBER).exists()


def test_the_invited_person_accepts_and_gets_the_role(client, organization, invitee):
    invitation = InvitationFactory(
        organization=organization, email="ny.person@example.no", role=Role.CONTACT
    )
    sign_in(client, invitee)

    response = client.post(invitation.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    assert roles_of(invitee, organization) == {Role.CONTACT}
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_the_invitation_does_not_work_for_someone_signed_in_with_another_address(
    client, organization, plain_user
):
    invitation = InvitationFactory(organization=organization, email="ny.person@example.no")
    sign_in(client, plain_user)

    response = client.post(invitation.get_absolute_url(), follow=True)

    assert "This invitation was sent to ny.person@example.no" in response.content.decode()
    assert roles_of(plain_user, organization) == set()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_the_invitation_does_not_work_for_an_unverified_address(client, organization):
    user = UserFactory(email="ny.person@example.no", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    invitation = InvitationFactory(organization=organization, email="ny.person@example.no")
    sign_in(client, user)

    client.post(invitation.get_absolute_url())

    assert roles_of(user, organization) == set()


def test_the_invitation_link_works_only_once(client, organization, invitee):
    invitation = InvitationFactory(organization=organization, email="ny.person@example.no")
    sign_in(client, invitee)
    client.post(invitation.get_absolute_url())
    services.member_leave(organization=organization, member=invitee)

    response = client.post(invitation.get_absolute_url(), follow=True)

    assert "has expired or has already been used" in response.content.decode()
    assert roles_of(invitee, organization) == set()


def test_an_expired_invitation_link_does_not_work(client, organization, invitee):
    invitation = InvitationFactory(organization=organization, email="ny.person@example.no")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=invitation.created_at - timedelta(minutes=1)
    )
    sign_in(client, invitee)

    page = client.get(invitation.get_absolute_url())
    client.post(invitation.get_absolute_url())

    assert "has expired or has already been used" in page.content.decode()
    assert roles_of(invitee, organization) == set()


def test_an_invitation_works_until_the_moment_it_expires(organization, invitee):
    invitation = InvitationFactory(organization=organization, email="ny.person@example.no")
    expires_at = invitation.expires_at

    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, by=invitee, now=expires_at)
    services.invitation_accept(
        invitation=invitation, by=invitee, now=expires_at - timedelta(seconds=1)
    )

    assert roles_of(invitee, organization) == {Role.MEMBER}


# -- the members page and roles -----------------------------------------------------------------


def test_the_members_page_lists_each_person_once_with_all_their_roles(
    client, organization, organization_admin, contact_person, member
):
    OrganizationMembershipFactory(organization=organization, user=contact_person, role=Role.ADMIN)
    sign_in(client, organization_admin)

    response = client.get(members_url(organization))

    listed = {entry["user"]: set(entry["roles"]) for entry in response.context["members"]}
    assert listed == {
        organization_admin: {"organisation admin"},
        contact_person: {"organisation admin", "contact person"},
        member: {"member"},
    }
    html = response.content.decode()
    for person in (organization_admin, contact_person, member):
        assert roles_url(organization, person) in html


def test_the_admin_changes_roles_and_the_contact_persons_phone(
    client, organization, organization_admin, member
):
    sign_in(client, organization_admin)

    response = client.post(
        roles_url(organization, member),
        {"roles": [Role.MEMBER, Role.CONTACT], "phone": "912 34 567"},
    )

    assert response.status_code == 302
    assert roles_of(member, organization) == {Role.MEMBER, Role.CONTACT}
    contact = OrganizationMembership.objects.get(
        user=member, organization=organization, role=Role.CONTACT
    )
    assert contact.phone == "+4791234567"
    assert "+47 912 34 567" in client.get(members_url(organization)).content.decode()  # as read


def test_taking_a_role_away_removes_it(client, organization, organization_admin, member):
    OrganizationMembershipFactory(
        organization=organization, user=member, role=Role.CONTACT, phone="+4791234567"
    )
    sign_in(client, organization_admin)

    client.post(roles_url(organization, member), {"roles": [Role.MEMBER], "phone": ""})

    assert roles_of(member, organization) == {Role.MEMBER}


def test_the_last_admin_cannot_be_demoted(client, organization, organization_admin):
    sign_in(client, organization_admin)

    response = client.post(
        roles_url(organization, organization_admin), {"roles": [Role.MEMBER], "phone": ""}
    )

    assert response.status_code == 200
    assert "An organisation needs at least one admin." in response.content.decode()
    assert roles_of(organization_admin, organization) == {Role.ADMIN}


def test_an_admin_may_step_down_when_there_is_another_admin(
    client, organization, organization_admin, member
):
    OrganizationMembershipFactory(organization=organization, user=member, role=Role.ADMIN)
    sign_in(client, organization_admin)

    client.post(roles_url(organization, organization_admin), {"roles": [Role.MEMBER]})

    assert roles_of(organization_admin, organization) == {Role.MEMBER}


def test_the_last_admin_cannot_leave(client, organization, organization_admin):
    sign_in(client, organization_admin)

    response = client.post(reverse("organizations:leave", args=[organization.pk]), follow=True)

    assert "You are the last admin. Make someone else admin before you leave." in (
        response.content.decode()
    )
    assert roles_of(organization_admin, organization) == {Role.ADMIN}


def test_a_member_can_leave(client, organization, organization_admin, member):
    sign_in(client, member)

    response = client.post(reverse("organizations:leave", args=[organization.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert roles_of(member, organization) == set()


def test_an_admin_can_leave_when_there_is_another_admin(
    client, organization, organization_admin, contact_person
):
    OrganizationMembershipFactory(organization=organization, user=contact_person, role=Role.ADMIN)
    sign_in(client, organization_admin)

    client.post(reverse("organizations:leave", args=[organization.pk]))

    assert roles_of(organization_admin, organization) == set()


def test_leaving_an_organisation_one_does_not_belong_to_is_404(client, organization, plain_user):
    sign_in(client, plain_user)

    response = client.post(reverse("organizations:leave", args=[organization.pk]))

    assert response.status_code == 404


# -- requests to join ---------------------------------------------------------------------------


def test_a_signed_in_person_asks_to_join_and_the_admin_sees_the_request(
    client, public_organization, organization_admin, plain_user
):
    sign_in(client, plain_user)

    client.post(
        reverse("organizations:join", args=[public_organization.pk]),
        {"message": "Jeg vil gjerne hjelpe til på språkkafeen."},
    )

    request = JoinRequest.objects.get(organization=public_organization)
    assert (request.user, request.answered_at) == (plain_user, None)
    sign_in(client, organization_admin)
    html = client.get(members_url(public_organization)).content.decode()
    assert "Jeg vil gjerne hjelpe til på språkkafeen." in html
    accept = reverse("organizations:answer_join_request", args=[request.pk, "accept"])
    assert accept in html


def test_a_person_cannot_ask_to_join_an_organisation_that_is_not_public(
    client, organization, plain_user
):
    sign_in(client, plain_user)

    response = client.post(reverse("organizations:join", args=[organization.pk]), {"message": ""})

    assert response.status_code == 404
    assert not JoinRequest.objects.exists()


def test_a_member_asking_to_join_is_told_they_already_belong(client, public_organization, member):
    sign_in(client, member)

    response = client.post(
        reverse("organizations:join", args=[public_organization.pk]), {"message": ""}, follow=True
    )

    assert "You already belong to this organisation." in response.content.decode()
    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize(("answer", "roles"), [("accept", {Role.MEMBER}), ("decline", set())])
def test_the_admin_answers_a_request_to_join(
    client, public_organization, organization_admin, plain_user, answer, roles
):
    request = services.join_request_create(organization=public_organization, by=plain_user)
    sign_in(client, organization_admin)

    response = client.post(reverse("organizations:answer_join_request", args=[request.pk, answer]))

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answered_at is not None
    assert request.accepted is (answer == "accept")
    assert roles_of(plain_user, public_organization) == roles


def test_a_request_to_join_is_answered_by_post_only(
    client, public_organization, organization_admin, plain_user
):
    request = services.join_request_create(organization=public_organization, by=plain_user)
    sign_in(client, organization_admin)

    response = client.get(reverse("organizations:answer_join_request", args=[request.pk, "accept"]))

    assert response.status_code == 405
    request.refresh_from_db()
    assert request.answered_at is None


@pytest.mark.parametrize("who", ["member", "contact_person", "other_admin", "plain_user"])
def test_only_the_admin_can_answer_a_request_to_join(
    client, request, public_organization, organization_admin, who
):
    asker = UserFactory()
    join_request = services.join_request_create(organization=public_organization, by=asker)
    sign_in(client, request.getfixturevalue(who))

    response = client.post(
        reverse("organizations:answer_join_request", args=[join_request.pk, "accept"])
    )

    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.answered_at is None
    assert roles_of(asker, public_organization) == set()


# -- who may open the members views -------------------------------------------------------------

ACCESS = [
    ("anonymous", "pending", 302),
    ("anonymous", "verified", 302),
    ("member", "pending", 403),
    ("member", "verified", 403),
    ("contact_person", "pending", 403),
    ("contact_person", "verified", 403),
    ("organization_admin", "pending", 200),
    ("organization_admin", "verified", 200),
    # Another organisation's admin cannot see a pending organisation at all; a public one they
    # can see, but not manage.
    ("other_admin", "pending", 404),
    ("other_admin", "verified", 403),
]


@pytest.mark.parametrize("view", ["members", "member_roles"])
@pytest.mark.parametrize(("who", "status", "expected"), ACCESS)
def test_members_pages_are_for_the_organisations_admin_only(
    client, request, organization, member, view, who, status, expected
):
    set_organization_status(organization, status)
    if who != "anonymous":
        sign_in(client, request.getfixturevalue(who))
    url = members_url(organization) if view == "members" else roles_url(organization, member)

    response = client.get(url)

    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("who", "status", "expected"), ACCESS)
def test_only_the_admin_can_invite(client, request, organization, who, status, expected):
    set_organization_status(organization, status)
    if who != "anonymous":
        sign_in(client, request.getfixturevalue(who))

    response = client.post(members_url(organization), {"email": "x@example.no", "role": "admin"})

    assert response.status_code == (302 if expected == 200 else expected)
    assert Invitation.objects.exists() is (expected == 200)


@pytest.mark.parametrize(("who", "status", "expected"), ACCESS)
def test_only_the_admin_can_change_roles(
    client, request, organization, member, who, status, expected
):
    set_organization_status(organization, status)
    if who != "anonymous":
        sign_in(client, request.getfixturevalue(who))

    response = client.post(roles_url(organization, member), {"roles": [Role.ADMIN], "phone": ""})

    assert response.status_code == (302 if expected == 200 else expected)
    assert roles_of(member, organization) == ({Role.ADMIN} if expected == 200 else {Role.MEMBER})


def test_the_roles_page_of_someone_outside_the_organisation_is_404(
    client, organization, organization_admin, plain_user
):
    sign_in(client, organization_admin)

    response = client.get(roles_url(organization, plain_user))

    assert response.status_code == 404
