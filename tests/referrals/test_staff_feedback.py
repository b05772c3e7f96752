"""The answers to the quarterly follow-up (R40, W13): a referring caseworker answers three short
questions in the portal — what works, what is hard, how many they offered — about the quarter that
ended; the coordinator (and the leaders) read the answers together, without who wrote what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import MunicipalityMembership
from core.time import OSLO
from referrals import services
from referrals.models import StaffFeedback
from tests.factories import MunicipalityMembershipFactory, UserFactory, staff_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PAGE = reverse("referrals:staff_feedback")
SUMMARY = reverse("referrals:staff_feedback_summary")


def answer(**fields) -> dict:
    return {"what_works": "", "what_is_hard": "", "offered": "3"} | fields


def test_a_caseworker_answers_and_the_coordinator_reads_the_answers_together(
    client, caseworker, coordinator, municipality
):
    client.force_login(caseworker)
    assert "How many people did you offer" in client.get(PAGE).content.decode()

    response = client.post(
        PAGE,
        answer(what_works="Frivilligsentralen svarer raskt", what_is_hard="Lite tid i samtalen"),
    )

    assert response.status_code == 302
    colleague = staff_of(municipality, "caseworker")  # with two-factor set up, like staff
    colleague.full_name = "Kari Saksbehandler"
    colleague.save(update_fields=["full_name"])
    client.force_login(colleague)
    client.post(PAGE, answer(what_is_hard="Tolk mangler", offered="5"))

    client.force_login(coordinator)
    page = client.get(SUMMARY).content.decode()
    assert "2 answers; 8 people offered a volunteer contact in all." in page
    assert "Frivilligsentralen svarer raskt" in page
    assert "Tolk mangler" in page
    assert "Kari Saksbehandler" not in page  # who wrote what is not shown
    assert str(caseworker) not in page


def test_answering_again_corrects_the_answer_for_the_quarter(client, caseworker):
    client.force_login(caseworker)
    client.post(PAGE, answer(what_works="Bra", offered="2"))
    client.post(PAGE, answer(what_works="Bra, men sent svar", offered="4"))

    feedback = StaffFeedback.objects.get()
    assert (feedback.what_works, feedback.offered) == ("Bra, men sent svar", 4)
    assert "You have answered for this quarter" in client.get(PAGE).content.decode()


def test_the_answer_is_about_the_quarter_that_ended(caseworker, municipality):
    now = datetime.datetime(2026, 10, 2, 9, tzinfo=OSLO)
    feedback = services.staff_feedback_save(
        by=caseworker,
        municipality=municipality,
        what_works="",
        what_is_hard="Vanskelig å nå frivillige",
        offered=1,
        now=now,
    )
    assert (feedback.year, feedback.quarter) == (2026, 3)


def test_a_phone_number_needs_a_confirmation_and_an_empty_answer_is_refused(client, caseworker):
    client.force_login(caseworker)
    with_number = answer(what_is_hard="Ring meg på 912 34 567")

    refused = client.post(PAGE, with_number)
    empty = client.post(PAGE, answer())

    assert refused.status_code == 200
    assert "912 34 567" in refused.content.decode()  # shown back as what looks like a number
    assert empty.status_code == 200
    assert "Tell us what works or what is hard" in empty.content.decode()
    assert not StaffFeedback.objects.exists()
    client.post(PAGE, with_number | {"confirm_no_personal_data": "on"})
    assert StaffFeedback.objects.count() == 1


def test_only_caseworkers_answer_and_only_coordinators_and_leaders_read(
    client, coordinator, caseworker, organization_admin, municipality
):
    with pytest.raises(PermissionDenied):
        services.staff_feedback_save(
            by=coordinator, municipality=municipality, what_works="x", what_is_hard="", offered=0
        )
    leader = UserFactory()
    MunicipalityMembershipFactory(
        user=leader, municipality=municipality, role=MunicipalityMembership.Role.LEADER
    )
    client.force_login(organization_admin)
    assert client.get(PAGE).status_code == 403
    assert client.get(SUMMARY).status_code == 403
    client.force_login(caseworker)
    assert client.get(SUMMARY).status_code == 403
    client.force_login(leader)
    assert client.get(SUMMARY).status_code == 200
