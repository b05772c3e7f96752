"""Time polls (R33): the coordinator offers 3–6 times, the invited organisations mark each one
yes / if need be / no (signed in, or through the e-mailed link without signing in), and the
coordinator fixes one, which becomes the meeting with its invitations."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.time import OSLO
from meetings import answer_links, services
from meetings.models import Meeting, TimePoll, TimePollVote
from meetings.selectors import time_poll_tally
from notifications.models import Notification
from notifications.services import notifications_send_due
from organizations.models import OrganizationMembership
from tests.factories import OrganizationFactory, person_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

POLL_LINK = re.compile(r"https?://[^\s\"<>]+/meetings/answers/\d+/\d+/[^\s\"<>/]+/times/")


def local(days: int, hour: int, *, weekday: int | None = None) -> datetime:
    """A local Oslo time `days` ahead (moved on to `weekday`), away from Christmas and Easter."""
    day = timezone.localdate() + timedelta(days=days)
    while (weekday is not None and day.weekday() != weekday) or day.month in (12, 1, 4):
        day += timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=OSLO)


@pytest.fixture
def organizations(municipality):
    made = []
    for name in ("Drammen Frivilligsentral", "Røde Kors Drammen", "Kirkens Bymisjon"):
        organization = OrganizationFactory(name=name, verified=True, municipalities=[municipality])
        person_of(organization, "contact")
        made.append(organization)
    return made


def contact_of(organization):
    return organization.memberships.get(role=OrganizationMembership.Role.CONTACT).user


@pytest.fixture
def poll(coordinator, municipality, organizations):
    return services.time_poll_create(
        by=coordinator,
        municipality=municipality,
        fields={"kind": "cooperation", "title": "Samarbeidsmøte", "agenda": "1. Nytt fra lagene"},
        duration=timedelta(hours=2),
        starts=[local(20, 18, weekday=1), local(20, 10, weekday=2), local(20, 11, weekday=5)],
        organizations=organizations,
    )


def answer(poll, organization, marks: list[str]):
    invitee = poll.invitees.get(organization=organization)
    options = list(poll.options.all())
    return services.time_poll_answer(
        by=contact_of(organization),
        invitee=invitee,
        answers={o.pk: mark for o, mark in zip(options, marks, strict=True)},
    )


def test_each_organisation_contact_gets_a_link_for_their_organisation_only(
    poll, organizations, mailoutbox
):
    notifications_send_due(now=timezone.now())
    for organization in organizations:
        [mail] = [m for m in mailoutbox if m.to == [contact_of(organization).email]]
        assert "Samarbeidsmøte" in mail.subject
        assert "Nytt fra lagene" in mail.body  # the agenda, in the plain-text part
        [link] = POLL_LINK.findall(mail.body)
        invitee = poll.invitees.get(organization=organization)
        assert f"/meetings/answers/{invitee.pk}/{contact_of(organization).pk}/" in link
        assert link in mail.alternatives[0][0]


@pytest.mark.parametrize("count", [1, 2, 7])
def test_a_poll_offers_three_to_six_times(coordinator, municipality, organizations, count):
    with pytest.raises(ValidationError):
        services.time_poll_create(
            by=coordinator,
            municipality=municipality,
            fields={"kind": "cooperation", "title": "Møte"},
            duration=timedelta(hours=1),
            starts=distinct_times(count),
            organizations=organizations,
        )
    assert not TimePoll.objects.exists()


def distinct_times(count: int) -> list[datetime]:
    """`count` different times on one Saturday, from 11:00 an hour apart."""
    return [local(20, 11 + n, weekday=5) for n in range(count)]


def form_data(organizations, count: int) -> dict:
    data = {
        "kind": "cooperation",
        "title": "Samarbeidsmøte",
        "agenda": "",
        "duration": "120",
        "organizations": [o.pk for o in organizations],
    }
    for n, start in enumerate(distinct_times(count), start=1):
        data[f"time_{n}"] = f"{start:%Y-%m-%dT%H:%M}"
    return data


@pytest.mark.parametrize("count", [3, 6])
def test_the_form_sends_three_to_six_times(client, coordinator, organizations, count):
    client.force_login(coordinator)
    form = client.get(reverse("meetings:poll_create")).context["form"]
    assert [name for name in form.fields if name.startswith("time_")] == [
        f"time_{n}" for n in range(1, 7)
    ]

    response = client.post(reverse("meetings:poll_create"), form_data(organizations, count))

    poll = TimePoll.objects.get()
    assert response.status_code == 302
    assert poll.options.count() == count


def test_two_times_are_refused_next_to_the_third_in_the_users_language(
    client, coordinator, organizations
):
    client.force_login(coordinator)
    response = client.post(reverse("meetings:poll_create"), form_data(organizations, 2))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "time_3": ["Offer at least 3 times: fill in this one too."]
    }
    assert not TimePoll.objects.exists()

    type(coordinator).objects.filter(pk=coordinator.pk).update(preferred_language="nb")
    response = client.post(reverse("meetings:poll_create"), form_data(organizations, 2))
    assert response.context["form"].errors == {
        "time_3": ["Foreslå minst 3 tidspunkter: fyll ut dette også."]
    }


def test_a_time_offered_twice_is_refused_next_to_the_repeat(client, coordinator, organizations):
    client.force_login(coordinator)
    data = form_data(organizations, 4)
    data["time_4"] = data["time_2"]
    response = client.post(reverse("meetings:poll_create"), data)
    assert response.context["form"].errors == {
        "time_4": ["This time is offered already. Choose another, or leave this one empty."]
    }
    assert not TimePoll.objects.exists()


def test_a_contact_person_cannot_start_a_poll_for_the_municipality(municipality, organizations):
    with pytest.raises(PermissionDenied):
        services.time_poll_create(
            by=contact_of(organizations[0]),
            municipality=municipality,
            fields={"kind": "cooperation", "title": "Møte"},
            duration=timedelta(hours=1),
            starts=[local(10, 18), local(12, 18)],
            organizations=organizations,
        )


def test_the_tally_counts_answers_and_puts_times_outside_working_hours_first(poll, organizations):
    evening, tuesday_morning, saturday = poll.options.all().order_by("starts_at")
    # Everyone can come to the weekday morning and to the Saturday: equal counts.
    answer(poll, organizations[0], ["no", "yes", "yes"])
    answer(poll, organizations[1], ["if_need_be", "yes", "yes"])
    rows = time_poll_tally(poll)
    assert [r.option for r in rows] == [saturday, tuesday_morning, evening]
    assert [r.in_working_hours for r in rows] == [False, True, False]
    assert (rows[2].yes, rows[2].if_need_be, rows[2].no, rows[2].unanswered) == (0, 1, 1, 1)


def test_answering_again_replaces_the_answer_and_another_organisation_cannot_answer(
    poll, organizations
):
    answer(poll, organizations[0], ["yes", "no", "no"])
    answer(poll, organizations[0], ["no", "yes", "if_need_be"])
    invitee = poll.invitees.get(organization=organizations[0])
    assert sorted(invitee.votes.values_list("answer", flat=True)) == ["if_need_be", "no", "yes"]
    with pytest.raises(PermissionDenied):
        services.time_poll_answer(
            by=contact_of(organizations[1]),
            invitee=invitee,
            answers={o.pk: "yes" for o in poll.options.all()},
        )


def test_fixing_a_time_makes_the_meeting_and_sends_the_invitations_with_the_agenda(
    poll, coordinator, organizations, mailoutbox
):
    notifications_send_due(now=timezone.now())
    mailoutbox.clear()
    saturday = poll.options.order_by("starts_at").last()
    meeting = services.time_poll_decide(by=coordinator, poll=poll, option=saturday)
    assert meeting.starts_at == saturday.starts_at
    assert meeting.duration == timedelta(hours=2)
    assert (meeting.kind, meeting.title) == ("cooperation", "Samarbeidsmøte")
    assert {p.organization for p in meeting.participations.all()} == set(organizations)
    poll.refresh_from_db()
    assert (poll.status, poll.meeting) == (TimePoll.Status.DECIDED, meeting)
    notifications_send_due(now=timezone.now())
    invited = {m.to[0] for m in mailoutbox if "Nytt fra lagene" in m.body}
    assert invited == {contact_of(o).email for o in organizations}
    with pytest.raises(ValidationError):  # fixed once
        services.time_poll_decide(by=coordinator, poll=poll, option=saturday)
    with pytest.raises(ValidationError):
        answer(poll, organizations[0], ["yes", "yes", "yes"])


def test_a_time_in_working_hours_needs_a_reason_that_invitees_see(poll, coordinator):
    morning = next(o for o in poll.options.all() if timezone.localtime(o.starts_at).hour == 10)
    with pytest.raises(ValidationError) as refused:
        services.time_poll_decide(by=coordinator, poll=poll, option=morning)
    assert "working_hours_reason" in refused.value.message_dict
    assert not Meeting.objects.exists()
    meeting = services.time_poll_decide(
        by=coordinator, poll=poll, option=morning, working_hours_reason="Tolken er ledig da."
    )
    assert meeting.working_hours_reason == "Tolken er ledig da."


def test_the_link_answers_without_signing_in_and_refuses_another_person(
    client, poll, organizations
):
    organization = organizations[0]
    invitee = poll.invitees.get(organization=organization)
    path = answer_links.poll_path(invitee, contact_of(organization))
    page = client.get(path)
    assert page.status_code == 200
    assert "Samarbeidsmøte" in page.content.decode()
    assert not TimePollVote.objects.exists()  # opening the link answers nothing
    marks = {f"option_{o.pk}": "yes" for o in poll.options.all()}
    response = client.post(path, marks)
    assert "Your answer is saved" in response.content.decode()
    assert invitee.votes.filter(answer="yes").count() == 3
    # The signature of one person does not open the page for another, nor an invitation.
    other = contact_of(organizations[1])
    forged = path.replace(f"/{contact_of(organization).pk}/", f"/{other.pk}/")
    assert client.get(forged).status_code == 400
    assert client.get(path.replace("/times/", "/")).status_code == 400
    assert client.get(path[:-12] + "x" + path[-11:]).status_code == 400


def test_the_coordinator_sees_the_tally_and_fixes_the_time_on_the_page(
    client, poll, coordinator, organizations
):
    answer(poll, organizations[0], ["yes", "no", "yes"])
    client.force_login(coordinator)
    page = client.get(reverse("meetings:poll", args=[poll.pk])).content.decode()
    assert "In working hours" in page
    assert "not answered yet" in page
    evening = poll.options.order_by("starts_at").first()
    response = client.post(reverse("meetings:poll_decide", args=[poll.pk]), {"option": evening.pk})
    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    assert Notification.objects.filter(kind="meeting_invitation").count() == 3


def test_a_signed_in_contact_answers_on_the_poll_page_and_does_not_see_the_tally(
    client, poll, organizations
):
    organization = organizations[1]
    invitee = poll.invitees.get(organization=organization)
    client.force_login(contact_of(organization))
    page = client.get(reverse("meetings:poll", args=[poll.pk])).content.decode()
    assert "Fix the time" not in page
    data = {"invitee": invitee.pk}
    data |= {f"i{invitee.pk}-option_{o.pk}": "if_need_be" for o in poll.options.all()}
    client.post(reverse("meetings:poll", args=[poll.pk]), data)
    assert invitee.votes.filter(answer="if_need_be").count() == 3
    assert client.post(reverse("meetings:poll_decide", args=[poll.pk])).status_code == 403
