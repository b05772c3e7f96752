"""What an evaluation found, kept with the agreement (R27, R36): the coordinator records for
each task of the responsibility matrix done / partly / not done with a comment; the parties and
the leaders read it on the agreement's page, and it is shown while the agreement is revised."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, Evaluation
from meetings.models import Kind, Meeting
from tests.factories import (
    AgreementFactory,
    MeetingFactory,
    MunicipalityMembershipFactory,
    PartyFactory,
    RowFactory,
)

pytestmark = pytest.mark.django_db


def content(response) -> str:
    return response.content.decode()


@pytest.fixture
def agreement(municipality, partner):
    agreement = AgreementFactory(
        municipality=municipality, title="Leksehjelp", status=Agreement.Status.ACTIVE
    )
    PartyFactory(agreement=agreement, organization=partner)
    RowFactory(
        agreement=agreement,
        task="Skaffe leksehjelpere",
        responsible="organization",
        organization=partner,
    )
    RowFactory(agreement=agreement, task="Låne ut biblioteket", responsible="municipality")
    return agreement


@pytest.fixture
def held(municipality):
    """The evaluation meeting, held last week."""
    start = timezone.now() - timedelta(days=7)
    return MeetingFactory(
        municipality=municipality,
        kind=Kind.EVALUATION,
        title="Evaluering: Leksehjelp",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )


def form_data(agreement, held=None, **results) -> dict:
    rows = list(agreement.rows.all())
    data = {
        "held_on": timezone.localdate().isoformat(),
        "meeting": held.pk if held else "",
        "note": "Vi fortsetter, og finner flere leksehjelpere til høsten.",
    }
    chosen = list(results.values()) or ["done", "partly"]
    for row, result in zip(rows, chosen, strict=False):
        data[f"result_{row.pk}"] = result
        data[f"comment_{row.pk}"] = f"Om {row.task}"
    return data


def test_the_coordinator_records_the_evaluation_and_every_party_reads_it(
    client, log_in, agreement, held, partner_contact
):
    log_in("coordinator")
    page = reverse("agreements:evaluation", args=[agreement.pk])
    assert "Skaffe leksehjelpere" in content(client.get(page))

    response = client.post(page, form_data(agreement, held))

    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.meeting == held
    assert [(i.task, i.responsible_name, i.result) for i in evaluation.items.all()] == [
        ("Skaffe leksehjelpere", "Røde Kors Drammen", "done"),
        ("Låne ut biblioteket", "The municipality", "partly"),
    ]
    log_in("partner_contact")
    detail = content(client.get(agreement.get_absolute_url()))
    assert "Skaffe leksehjelpere</strong> (Røde Kors Drammen): Done — Om Skaffe leksehjelpere" in (
        detail
    )
    assert "Partly done" in detail
    assert "finner flere leksehjelpere til høsten" in detail
    assert "Record the evaluation" not in detail  # a party reads, it does not record


def test_the_record_stays_as_it_was_when_the_matrix_is_revised(client, log_in, agreement):
    coordinator = log_in("coordinator")
    rows = list(agreement.rows.all())
    services.agreement_evaluation_record(
        by=coordinator,
        agreement=agreement,
        held_on=timezone.localdate(),
        results={rows[0].pk: ("not_done", "Ingen meldte seg"), rows[1].pk: ("done", "")},
    )
    rows[0].task = "Skaffe leksehjelpere og en koordinator"
    rows[0].save()
    agreement.status = Agreement.Status.REVISION
    agreement.save(update_fields=["status"])

    edit = content(client.get(reverse("agreements:edit", args=[agreement.pk])))

    assert "The latest evaluation" in edit
    assert "<strong>Skaffe leksehjelpere</strong>: Not done — Ingen meldte seg" in edit


def test_every_task_needs_a_result(client, log_in, agreement):
    log_in("coordinator")
    data = form_data(agreement)
    del data[f"result_{agreement.rows.first().pk}"]

    response = client.post(reverse("agreements:evaluation", args=[agreement.pk]), data)

    assert response.status_code == 200
    assert not Evaluation.objects.exists()


@pytest.mark.usefixtures("english")
def test_an_evaluation_in_the_future_or_of_a_draft_is_refused(agreement, coordinator):
    rows = {row.pk: ("done", "") for row in agreement.rows.all()}
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="not taken place"):
        services.agreement_evaluation_record(
            by=coordinator, agreement=agreement, held_on=tomorrow, results=rows
        )
    agreement.status = Agreement.Status.DRAFT
    agreement.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="in force"):
        services.agreement_evaluation_record(
            by=coordinator, agreement=agreement, held_on=timezone.localdate(), results=rows
        )
    assert not Evaluation.objects.exists()


def test_only_the_agreements_coordinators_record(
    client, log_in, agreement, partner_contact, other_coordinator, municipality
):
    leader = MunicipalityMembershipFactory(municipality=municipality, role="leader").user
    rows = {row.pk: ("done", "") for row in agreement.rows.all()}
    for person in (partner_contact, leader):
        with pytest.raises(PermissionDenied):
            services.agreement_evaluation_record(
                by=person, agreement=agreement, held_on=timezone.localdate(), results=rows
            )
    page = reverse("agreements:evaluation", args=[agreement.pk])
    log_in("partner_contact")
    assert client.post(page, form_data(agreement)).status_code == 403
    log_in("other_coordinator")
    assert client.post(page, form_data(agreement)).status_code == 404
    assert not Evaluation.objects.exists()


def test_only_held_evaluation_meetings_of_the_municipality_are_offered(
    client, log_in, agreement, held, other_municipality
):
    coming = MeetingFactory(
        municipality=agreement.municipality, kind=Kind.EVALUATION, title="Evaluering til våren"
    )
    elsewhere = MeetingFactory(
        municipality=other_municipality,
        kind=Kind.EVALUATION,
        title="Evaluering i en annen kommune",
        starts_at=held.starts_at,
        ends_at=held.ends_at,
    )
    log_in("coordinator")
    page = reverse("agreements:evaluation", args=[agreement.pk])

    form = content(client.get(page))

    assert held.title in form
    assert coming.title not in form
    assert elsewhere.title not in form
    client.post(page, form_data(agreement, elsewhere))
    assert not Evaluation.objects.exists()
    assert Meeting.objects.filter(pk=elsewhere.pk).exists()


# -- a framework agreement lists its initiative agreements (R26) ---------------------------------


def test_a_framework_lists_the_initiatives_under_it_that_the_reader_may_see(
    client, log_in, municipality, partner, partner_contact
):
    framework = AgreementFactory(
        municipality=municipality, kind="framework", title="Rammeavtale om frivillighet"
    )
    PartyFactory(agreement=framework, organization=partner)
    ours = AgreementFactory(municipality=municipality, framework=framework, title="Leksehjelp")
    PartyFactory(agreement=ours, organization=partner)
    AgreementFactory(municipality=municipality, framework=framework, title="Språkkafé for andre")

    log_in("coordinator")
    page = content(client.get(framework.get_absolute_url()))
    assert "Initiative agreements under this framework" in page
    assert "Leksehjelp" in page
    assert "Språkkafé for andre" in page

    log_in("partner_contact")  # a party to the framework, not to the other initiative
    page = content(client.get(framework.get_absolute_url()))
    assert "Leksehjelp" in page
    assert "Språkkafé for andre" not in page
