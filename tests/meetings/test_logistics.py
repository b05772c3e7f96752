"""The logistics checklist of a meeting (R39): room, coffee and food, the agenda, interpreter,
accessibility, childcare, materials — ticked by the organisers, with who takes each, shown on the
meeting's page to the organisers only."""

import pytest
from django.urls import reverse

from meetings.models import LogisticsItem
from tests.factories import (
    MeetingFactory,
    MunicipalityMembershipFactory,
    ParticipationFactory,
    person_of,
)
from tests.meetings.test_views import content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

KINDS = LogisticsItem.Kind.values


@pytest.fixture
def meeting(municipality, organization):
    meeting = MeetingFactory(municipality=municipality, title="Samarbeidsmøte i november")
    ParticipationFactory(meeting=meeting, organization=organization)
    return meeting


def checklist(**lines) -> dict:
    """Every line to do, unless given as kind=(status, taken_by pk, note)."""
    data = {}
    for kind in KINDS:
        status, who, note = lines.get(kind, ("to_do", "", ""))
        data |= {f"status_{kind}": status, f"taken_by_{kind}": who, f"note_{kind}": note}
    return data


def test_the_organiser_ticks_the_checklist_and_sees_it_on_the_meeting_page(
    client, coordinator, meeting, municipality
):
    colleague = MunicipalityMembershipFactory(municipality=municipality).user  # a coordinator
    client.force_login(coordinator)
    page = reverse("meetings:logistics", args=[meeting.pk])
    form = content(client.get(page))
    assert "Room booked" in form
    assert "Coffee and food ordered" in form
    assert "Interpreter booked" in form

    response = client.post(
        page,
        checklist(
            room=("done", "", "Biblioteket, møterom 2"),
            food=("to_do", str(colleague.pk), "Kaffe og kake til 20"),
            childcare=("not_needed", "", ""),
        ),
    )

    assert response.status_code == 302
    saved = {item.kind: item for item in meeting.logistics.all()}
    assert saved["room"].status == "done"
    assert saved["food"].taken_by == colleague
    assert saved["childcare"].status == "not_needed"
    detail = content(client.get(meeting.get_absolute_url()))
    assert "Biblioteket, møterom 2" in detail
    assert f"taken by {colleague}" in detail
    assert "Kaffe og kake til 20" in detail


def test_invitees_never_see_the_checklist(client, coordinator, meeting, organization):
    LogisticsItem.objects.create(meeting=meeting, kind="food", note="Kake fra bakeren")
    contact = person_of(organization, "contact")
    client.force_login(contact)

    detail = content(client.get(meeting.get_absolute_url()))

    assert "Kake fra bakeren" not in detail
    assert "Logistics" not in detail
    assert client.get(reverse("meetings:logistics", args=[meeting.pk])).status_code == 403


def test_only_an_organiser_can_take_a_line(client, coordinator, meeting, organization):
    outsider = person_of(organization, "contact")
    client.force_login(coordinator)

    response = client.post(
        reverse("meetings:logistics", args=[meeting.pk]),
        checklist(food=("done", str(outsider.pk), "")),
    )

    assert response.status_code == 200  # the form again: the contact person is no choice
    assert not LogisticsItem.objects.exists()
