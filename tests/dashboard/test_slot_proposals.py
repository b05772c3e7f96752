"""A coordinator who cannot grant the asked weekly time proposes another instead of declining
(R16, W22): the organisation is told and sees the proposal; accepting grants the request with
the proposed time and books the venue exactly as a grant does (clash check included);
declining sends the request back to the coordinators as waiting, with the reason."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.time import OSLO
from dashboard.models import PlaceRequest, SlotProposal
from dashboard.services import (
    place_request_answer,
    place_request_proposal_accept,
    place_request_proposal_decline,
    place_request_propose,
    place_request_withdraw,
)
from meetings.models import Meeting
from notifications.models import Notification
from tests.factories import (
    MeetingFactory,
    OrganizationFactory,
    ask_for_place,
    person_of,
    weekly_premises,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TUESDAY, THURSDAY = 1, 3


def slot(premises, weekday):
    return premises.slots.get(weekday=weekday)


@pytest.fixture
def asked(club_admin, club, premises):
    """The club asks for Tuesdays."""
    return ask_for_place(
        club_admin,
        club,
        message="Sjakk for barn",
        premises=premises,
        slots=[slot(premises, TUESDAY)],
    )


def propose(coordinator, place_request, premises, weekday=THURSDAY, **kwargs):
    return place_request_propose(
        by=coordinator,
        place_request=place_request,
        slot=slot(premises, weekday),
        message="Tuesdays are taken by the choir.",
        **kwargs,
    )


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_proposal_tells_the_organisation_and_waits_for_its_answer(
    coordinator, club_admin, asked, premises
):
    proposal = propose(coordinator, asked, premises)

    asked.refresh_from_db()
    assert asked.status == PlaceRequest.Status.PROPOSED
    assert proposal.status == SlotProposal.Status.OPEN
    assert proposal.asked == "Fjell bydelshus, sal 2: Tuesday 17:00–20:00"
    assert "place_proposed" in kinds_for(club_admin)
    # A second proposal, or a grant, waits for the organisation's answer first.
    with pytest.raises(ValidationError):
        propose(coordinator, asked, premises)
    with pytest.raises(ValidationError):
        place_request_answer(by=coordinator, place_request=asked, status="granted", reply="")


def test_accepting_grants_the_proposed_time_and_books_the_venue_from_the_chosen_day(
    coordinator, club_admin, club, asked, premises, venue
):
    starts_on = timezone.localdate() + timedelta(weeks=2)
    propose(coordinator, asked, premises, starts_on=starts_on)

    place_request_proposal_accept(by=club_admin, place_request=asked)

    asked.refresh_from_db()
    assert asked.status == PlaceRequest.Status.GRANTED
    assert list(asked.slots.all()) == [slot(premises, THURSDAY)]
    booked = list(Meeting.objects.filter(venue=venue).order_by("starts_at"))
    assert booked
    assert asked.booked.count() == 1
    for meeting in booked:
        local = meeting.starts_at.astimezone(OSLO)
        assert local.weekday() == THURSDAY
        assert local.time() == time(17)
        assert local.date() >= starts_on
        assert meeting.organizer_organization == club
    assert asked.proposals.get().status == SlotProposal.Status.ACCEPTED
    assert "place_proposal_accepted" in kinds_for(coordinator)


def test_a_proposal_may_name_other_premises(coordinator, club_admin, municipality, asked, premises):
    library = weekly_premises(
        municipality,
        name="Biblioteket",
        address="Grønland 32",
        weekdays=[TUESDAY],
        starts_at=time(18),
    )
    propose(coordinator, asked, library, weekday=TUESDAY)

    place_request_proposal_accept(by=club_admin, place_request=asked)

    asked.refresh_from_db()
    assert asked.premises == library
    assert asked.status == PlaceRequest.Status.GRANTED


def test_a_clash_at_the_venue_refuses_the_acceptance_and_books_nothing(
    coordinator, club_admin, municipality, asked, premises, venue
):
    propose(coordinator, asked, premises)
    today = timezone.localdate()
    thursday = today + timedelta(days=(THURSDAY - today.weekday()) % 7 or 7)
    starts = datetime.combine(thursday + timedelta(weeks=1), time(18), tzinfo=OSLO)
    MeetingFactory(municipality=municipality, venue=venue, starts_at=starts)

    with pytest.raises(ValidationError) as refused:
        place_request_proposal_accept(by=club_admin, place_request=asked)

    assert "is already booked on" in " ".join(refused.value.messages)
    asked.refresh_from_db()
    assert asked.status == PlaceRequest.Status.PROPOSED
    assert asked.proposals.get().status == SlotProposal.Status.OPEN
    assert Meeting.objects.filter(venue=venue).count() == 1


def test_a_time_given_to_another_organisation_can_be_neither_proposed_nor_accepted(
    coordinator, club_admin, municipality, asked, premises
):
    other = OrganizationFactory(name="Fjell Vel", verified=True, municipalities=[municipality])
    propose(coordinator, asked, premises)
    theirs = ask_for_place(
        person_of(other, "admin"),
        other,
        message="Vel",
        premises=premises,
        slots=[slot(premises, THURSDAY)],
    )
    place_request_answer(by=coordinator, place_request=theirs, status="granted", reply="")

    with pytest.raises(ValidationError) as refused:
        place_request_proposal_accept(by=club_admin, place_request=asked)
    assert "already given to another organisation" in " ".join(refused.value.messages)

    place_request_proposal_decline(by=club_admin, place_request=asked, reason="Taken now")
    with pytest.raises(ValidationError):
        propose(coordinator, asked, premises)


def test_declining_sends_the_request_back_to_the_coordinators_with_the_reason(
    coordinator, club_admin, asked, premises
):
    propose(coordinator, asked, premises)
    with pytest.raises(ValidationError):
        place_request_proposal_decline(by=club_admin, place_request=asked, reason=" ")

    place_request_proposal_decline(
        by=club_admin, place_request=asked, reason="Thursday is choir day"
    )

    asked.refresh_from_db()
    assert asked.status == PlaceRequest.Status.WAITING
    proposal = asked.proposals.get()
    assert (proposal.status, proposal.reason) == (
        SlotProposal.Status.DECLINED,
        "Thursday is choir day",
    )
    notification = Notification.objects.get(recipient=coordinator, kind="place_proposal_declined")
    assert notification.context["reason"] == "Thursday is choir day"
    # Waiting again: the coordinator may grant what was asked, or propose again.
    propose(coordinator, asked, premises, weekday=TUESDAY)
    assert asked.proposals.count() == 2


def test_only_the_coordinators_propose_and_only_the_organisation_answers(
    coordinator, club_admin, club, municipality, asked, premises
):
    member = person_of(club, "member")
    with pytest.raises(PermissionDenied):
        propose(club_admin, asked, premises)
    propose(coordinator, asked, premises)
    with pytest.raises(PermissionDenied):
        place_request_proposal_accept(by=coordinator, place_request=asked)
    with pytest.raises(PermissionDenied):
        place_request_proposal_decline(by=member, place_request=asked, reason="No")


def test_withdrawing_closes_the_open_proposal(coordinator, club_admin, asked, premises):
    propose(coordinator, asked, premises)

    place_request_withdraw(by=club_admin, place_request=asked)

    assert asked.proposals.get().status == SlotProposal.Status.WITHDRAWN


# -- the pages ------------------------------------------------------------------------------------


def url(municipality, place_request, name="request"):
    return reverse(f"public:{name}", args=[municipality.slug, place_request.pk])


def test_the_coordinator_proposes_on_the_page_and_the_organisation_sees_it(
    client, municipality, coordinator, club_admin, asked, premises
):
    client.force_login(coordinator)
    assert "Propose another time" in client.get(url(municipality, asked)).content.decode()
    form = client.get(url(municipality, asked, "request_propose")).context["form"]
    assert "Fjell bydelshus, sal 2: Thursday 17:00–20:00" in [
        label for _, label in form.fields["slot"].choices
    ]

    response = client.post(
        url(municipality, asked, "request_propose"),
        {"slot": slot(premises, THURSDAY).pk, "message": "Tuesdays are taken."},
    )

    assert response.status_code == 302
    client.force_login(club_admin)
    page = client.get(url(municipality, asked)).content.decode()
    assert "The municipality proposes another time" in page
    assert "Tuesdays are taken." in page
    assert url(municipality, asked, "request_proposal_accept") in page
    start = client.get(reverse("dashboard")).content.decode()
    assert "Another time proposed" in start


def test_a_proposal_needs_a_word_next_to_the_field(
    client, municipality, coordinator, asked, premises
):
    client.force_login(coordinator)

    response = client.post(
        url(municipality, asked, "request_propose"), {"slot": slot(premises, THURSDAY).pk}
    )

    assert response.status_code == 400
    assert "message" in response.context["form"].errors


def test_accepting_asks_first_then_books(
    client, municipality, coordinator, club_admin, asked, premises
):
    propose(coordinator, asked, premises)
    client.force_login(club_admin)
    accept = url(municipality, asked, "request_proposal_accept")

    question = client.get(accept).content.decode()
    assert "every week until" in question
    asked.refresh_from_db()
    assert asked.status == PlaceRequest.Status.PROPOSED  # asking changed nothing

    response = client.post(accept)

    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == PlaceRequest.Status.GRANTED
    page = client.get(url(municipality, asked)).content.decode()
    assert "Accepted" in page
    assert client.get(accept).status_code == 404  # nothing open to accept any more


def test_a_refused_acceptance_says_why_on_the_request(
    client, municipality, coordinator, club_admin, asked, premises, venue
):
    propose(coordinator, asked, premises)
    today = timezone.localdate()
    thursday = today + timedelta(days=(THURSDAY - today.weekday()) % 7 or 7)
    MeetingFactory(
        municipality=municipality,
        venue=venue,
        starts_at=datetime.combine(thursday, time(18), tzinfo=OSLO),
    )
    client.force_login(club_admin)

    response = client.post(url(municipality, asked, "request_proposal_accept"), follow=True)

    assert "is already booked on" in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == PlaceRequest.Status.PROPOSED


def test_declining_on_the_page_needs_a_reason_and_the_coordinator_reads_it(
    client, municipality, coordinator, club_admin, asked, premises
):
    propose(coordinator, asked, premises)
    client.force_login(club_admin)
    decline = url(municipality, asked, "request_proposal_decline")

    assert client.post(decline, {"reason": ""}).status_code == 400
    assert client.post(decline, {"reason": "Thursday is choir day"}).status_code == 302

    client.force_login(coordinator)
    page = client.get(url(municipality, asked)).content.decode()
    assert "Thursday is choir day" in page
    assert "Declined by the organisation" in page
    assert "Waiting for the municipality" in page


def test_the_request_page_with_its_proposals_costs_the_same_queries_with_one_or_three(
    client, municipality, coordinator, club_admin, asked, premises
):
    client.force_login(coordinator)
    propose(coordinator, asked, premises)
    place_request_proposal_decline(by=club_admin, place_request=asked, reason="No")

    with CaptureQueriesContext(connection) as one:
        client.get(url(municipality, asked))
    for _ in range(2):
        propose(coordinator, asked, premises)
        place_request_proposal_decline(by=club_admin, place_request=asked, reason="No")
    with CaptureQueriesContext(connection) as three:
        client.get(url(municipality, asked))
    assert len(three) == len(one)
