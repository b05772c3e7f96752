"""The coordinating group (R30): the municipality names people from its own staff and from the
organisations active there; the group is invited to a meeting as one (each member gets an
invitation), receives the minutes of the meetings it was invited to, and is shown on the
municipality's public page — roles and organisations, names only of those who agreed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import MunicipalityMembership
from meetings import services
from meetings.models import GroupMember, Kind, Meeting, Participation
from notifications.models import Notification
from organizations.models import OrganizationMembership
from tests.factories import (
    OrganizationFactory,
    OrganizationMembershipFactory,
    staff_of,
    verified_in,
)
from tests.meetings.helpers import staff_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def group_url(municipality) -> str:
    return reverse("meetings:group", args=[municipality.slug])


@pytest.fixture
def verified(municipality):
    return verified_in(municipality, "Røde Kors Drammen")


@pytest.fixture
def volunteer_leader(verified):
    return OrganizationMembershipFactory(
        organization=verified, role=OrganizationMembership.Role.MEMBER, user__full_name="Vera Leder"
    ).user


@pytest.fixture
def group(coordinator, municipality, caseworker, volunteer_leader, verified):
    services.group_member_add(
        by=coordinator,
        municipality=municipality,
        candidate=f"m{caseworker.pk}",
        role_title="Flyktningtjenesten",
    )
    services.group_member_add(
        by=coordinator,
        municipality=municipality,
        candidate=f"o{verified.pk}-{volunteer_leader.pk}",
        role_title="Leader of the volunteers",
        name_shown=True,
    )
    return GroupMember.objects.filter(municipality=municipality)


def test_the_coordinator_adds_staff_and_organisation_people_through_the_page(
    client, log_in, municipality, caseworker, verified, volunteer_leader
):
    log_in("coordinator")
    page = client.get(group_url(municipality))
    values = dict(page.context["form"].fields["candidate"].choices)
    assert f"m{caseworker.pk}" in values
    assert f"o{verified.pk}-{volunteer_leader.pk}" in values

    response = client.post(
        group_url(municipality),
        {
            "candidate": f"o{verified.pk}-{volunteer_leader.pk}",
            "role_title": "Leader of the volunteers",
            "name_shown": "on",
        },
    )

    assert response.status_code == 302
    member = GroupMember.objects.get(municipality=municipality)
    assert (member.user, member.organization, member.name_shown) == (
        volunteer_leader,
        verified,
        True,
    )
    page = client.get(group_url(municipality))
    assert "Vera Leder" in page.text
    assert f"o{verified.pk}-{volunteer_leader.pk}" not in dict(
        page.context["form"].fields["candidate"].choices
    )


def test_people_of_another_municipality_or_an_unverified_organisation_cannot_be_added(
    coordinator, municipality, other_municipality
):
    elsewhere = staff_of(other_municipality, MunicipalityMembership.Role.CASEWORKER)
    pending = OrganizationFactory(municipalities=[municipality])
    pending_person = OrganizationMembershipFactory(organization=pending).user

    for candidate in (f"m{elsewhere.pk}", f"o{pending.pk}-{pending_person.pk}"):
        with pytest.raises(ValidationError):
            services.group_member_add(
                by=coordinator, municipality=municipality, candidate=candidate, role_title="X"
            )
    assert not GroupMember.objects.exists()


def test_only_the_municipalitys_coordinators_keep_the_group(
    other_coordinator, municipality, caseworker
):
    with pytest.raises(PermissionDenied):
        services.group_member_add(
            by=other_coordinator,
            municipality=municipality,
            candidate=f"m{caseworker.pk}",
            role_title="X",
        )


def test_removing_a_member_asks_first(client, log_in, municipality, group, caseworker):
    log_in("coordinator")
    member = group.get(user=caseworker)
    url = reverse("meetings:group_member_remove", args=[municipality.slug, member.pk])

    asked = client.get(url)
    assert asked.status_code == 200
    assert GroupMember.objects.filter(pk=member.pk).exists()

    client.post(url)
    assert not GroupMember.objects.filter(pk=member.pk).exists()


def test_the_group_page_costs_the_same_queries_with_one_or_many_members(
    client, log_in, municipality, coordinator, django_assert_num_queries, verified
):
    log_in("coordinator")

    def add(count):
        for n in range(count):
            user = OrganizationMembershipFactory(organization=verified).user
            GroupMember.objects.create(
                municipality=municipality, user=user, organization=verified, role_title=f"R{n}"
            )

    add(1)
    client.get(group_url(municipality))  # warm the session and the roles
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(group_url(municipality))
    add(15)
    with django_assert_num_queries(len(small)):
        response = client.get(group_url(municipality))
    assert len(response.context["members"]) == 16


def test_inviting_the_group_invites_each_member_once_and_they_get_the_minutes(
    coordinator, municipality, group, caseworker, volunteer_leader, verified
):
    start = timezone.now() + timedelta(days=3)
    meeting = staff_meeting(
        coordinator,
        municipality,
        Kind.COOPERATION,
        "Samarbeidsmøte",
        start,
        hours=2,
        details={"working_hours_reason": "x"},
        people=[caseworker],
        invite_group=True,
    )

    invited = set(Participation.objects.filter(meeting=meeting).values_list("user_id", flat=True))
    assert invited == {caseworker.pk, volunteer_leader.pk}
    assert meeting.group_invited
    assert set(
        Notification.objects.filter(kind="meeting_invitation").values_list(
            "recipient_id", flat=True
        )
    ) == {caseworker.pk, volunteer_leader.pk}

    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    meeting.refresh_from_db()
    services.meeting_save_minutes(by=coordinator, meeting=meeting, agenda="", minutes="Referat.")

    assert set(
        Notification.objects.filter(kind="meeting_minutes_group").values_list(
            "recipient_id", flat=True
        )
    ) == {caseworker.pk, volunteer_leader.pk}


def test_minutes_of_a_meeting_the_group_was_not_invited_to_do_not_go_to_it(
    coordinator, municipality, group
):
    start = timezone.now() + timedelta(days=3)
    meeting = staff_meeting(coordinator, municipality, Kind.INTERNAL_FOLLOW_UP, "Internt", start)
    services.meeting_save_minutes(by=coordinator, meeting=meeting, agenda="", minutes="Referat.")
    assert not Notification.objects.filter(kind="meeting_minutes_group").exists()


def test_an_empty_group_cannot_be_invited(coordinator, municipality):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError):
        staff_meeting(
            coordinator, municipality, Kind.COOPERATION, "Samarbeidsmøte", start, invite_group=True
        )
    assert not Meeting.objects.exists()


def test_the_public_page_shows_roles_and_organisations_and_only_agreed_names(
    client, municipality, group, caseworker
):
    page = client.get(reverse("public:municipality", args=[municipality.slug]))

    assert page.status_code == 200
    text = page.text
    assert "Flyktningtjenesten" in text
    assert "Leader of the volunteers" in text
    assert "Røde Kors Drammen" in text
    assert "Vera Leder" in text  # agreed
    assert caseworker.full_name not in text  # did not


# -- a member's own consent to be named ----------------------------------------------------------


def own_name_url(municipality) -> str:
    return reverse("meetings:group_own_name", args=[municipality.slug])


def test_a_member_sees_their_group_on_their_profile_and_shows_their_name(
    client, municipality, group, caseworker
):
    public = reverse("public:municipality", args=[municipality.slug])
    assert caseworker.full_name not in client.get(public).text  # the page is now in the cache

    client.force_login(caseworker)
    profile = client.get(reverse("accounts:profile"))
    assert "Flyktningtjenesten" in profile.text
    assert "Your name is not shown on the municipality's public page." in profile.text
    assert own_name_url(municipality) in profile.text

    response = client.post(own_name_url(municipality), {"name_shown": "on"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    member = group.get(user=caseworker)
    assert (member.name_shown, member.name_set_by) == (True, caseworker)
    client.logout()
    assert caseworker.full_name in client.get(public).text  # at once, despite the cache

    client.force_login(caseworker)
    client.post(own_name_url(municipality))  # hide it again
    client.logout()
    assert caseworker.full_name not in client.get(public).text


def test_only_the_member_sets_their_own_name(
    client, municipality, group, caseworker, volunteer_leader, coordinator
):
    # Someone else in the group, or a coordinator, cannot use the member's own switch: it is
    # always about the person signed in.
    member = group.get(user=caseworker)
    with pytest.raises(PermissionDenied):
        services.group_member_set_name_shown(by=volunteer_leader, member=member, shown=True)

    client.force_login(OrganizationMembershipFactory().user)  # in no group
    assert client.post(own_name_url(municipality), {"name_shown": "on"}).status_code == 404
    client.force_login(coordinator)  # not in the group themselves
    assert client.post(own_name_url(municipality), {"name_shown": "on"}).status_code == 404
    client.force_login(volunteer_leader)  # their own row, not the caseworker's
    client.post(own_name_url(municipality))
    member.refresh_from_db()
    assert member.name_shown is False
    assert group.get(user=volunteer_leader).name_shown is False


def test_the_coordinator_records_consent_and_the_last_one_wins(
    client, log_in, municipality, group, caseworker, coordinator
):
    member = group.get(user=caseworker)
    log_in("coordinator")
    url = reverse("meetings:group_member_name", args=[municipality.slug, member.pk])
    assert client.get(url).status_code == 405

    client.post(url, {"name_shown": "on"})

    member.refresh_from_db()
    assert (member.name_shown, member.name_set_by) == (True, coordinator)
    page = client.get(group_url(municipality))
    assert f"Recorded by {coordinator}" in page.text

    services.group_member_set_name_shown(by=caseworker, member=member, shown=False)

    member.refresh_from_db()
    assert (member.name_shown, member.name_set_by) == (False, caseworker)
    assert "Set by the member on" in client.get(group_url(municipality)).text
    public = client.get(reverse("public:municipality", args=[municipality.slug])).text
    assert caseworker.full_name not in public


def test_a_coordinator_of_another_municipality_cannot_record_consent(
    client, municipality, group, caseworker, other_coordinator
):
    member = group.get(user=caseworker)
    client.force_login(other_coordinator)
    url = reverse("meetings:group_member_name", args=[municipality.slug, member.pk])
    assert client.post(url, {"name_shown": "on"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.group_member_set_name_shown(by=other_coordinator, member=member, shown=True)
    member.refresh_from_db()
    assert member.name_shown is False
