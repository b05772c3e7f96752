"""Agreements that are followed up (issue #19): who owns and leads the work and what each party
contributes (R29), the contact persons and how contact data is passed on before approval (R19),
an organisation's own draft that the coordinator takes over (R22), and the evaluation in the
version's PDF and history (R27, R36)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, Party
from notifications.models import Notification
from tests.agreements.test_views import content, edit_data, url
from tests.factories import (
    AgreementFactory,
    MunicipalityMembershipFactory,
    OrganizationFactory,
    PartyFactory,
    RowFactory,
    person_of,
)
from tests.pdf import pdf_download

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(municipality, partner):
    agreement = AgreementFactory(municipality=municipality, title="Flyktningguide i Drammen")
    PartyFactory(agreement=agreement, organization=partner)
    RowFactory(
        agreement=agreement,
        task="Rekruttere guider",
        responsible="organization",
        organization=partner,
    )
    return agreement


@pytest.fixture
def leader(municipality):
    return MunicipalityMembershipFactory(municipality=municipality, role="leader").user


# -- R29: who owns and leads the work, what each party contributes --------------------------------


def test_lead_and_contributions_are_edited_and_approved_with_the_text(
    client, log_in, agreement, partner, coordinator
):
    log_in("coordinator")
    organisation_party = agreement.parties.get(organization=partner)
    data = edit_data(agreement, owner=organisation_party.pk, work_lead="Frivillighetskoordinator")
    index = list(agreement.parties.order_by("pk")).index(organisation_party)
    data[f"parties-{index}-contributes"] = "Tolv guider og en kaffekrok hver tirsdag"

    response = client.post(url("edit", agreement), data, follow=True)

    page = content(response)
    assert "owns and leads the work" in page
    assert "Frivillighetskoordinator" in page
    assert "Tolv guider og en kaffekrok hver tirsdag" in page
    version = services.agreement_send_for_approval(by=coordinator, agreement=agreement)
    assert version.snapshot["owner"] == "Røde Kors Drammen"
    assert version.snapshot["work_lead"] == "Frivillighetskoordinator"
    party = next(p for p in version.snapshot["parties"] if p["organization_id"] == partner.pk)
    assert party["contributes"] == "Tolv guider og en kaffekrok hver tirsdag"
    assert party["leads"] is True
    version_page = content(client.get(url("version", agreement, 1)))
    assert "Tolv guider og en kaffekrok hver tirsdag" in version_page
    assert "Frivillighetskoordinator" in version_page
    document = pdf_download(client.get(url("version_pdf", agreement, 1)))
    text = " ".join(document.text.split())
    assert "Røde Kors Drammen · led by Frivillighetskoordinator" in text
    assert "Tolv guider og en kaffekrok hver tirsdag" in text


def test_a_change_of_lead_during_approval_is_a_new_version_to_approve(
    coordinator, agreement, partner
):
    services.agreement_send_for_approval(by=coordinator, agreement=agreement)
    agreement.refresh_from_db()

    services.agreement_update(
        by=coordinator,
        agreement=agreement,
        revision=agreement.revision,
        fields={"work_lead": "Leder i Røde Kors"},
        sections=[],
        rows=[
            {"task": "Rekruttere guider", "responsible": "organization", "organization": partner}
        ],
    )

    assert agreement.versions.count() == 2
    assert agreement.versions.last().snapshot["work_lead"] == "Leder i Røde Kors"


def test_the_lead_is_one_of_the_agreements_parties(coordinator, agreement, municipality):
    stranger = PartyFactory(agreement=AgreementFactory(municipality=municipality))
    with pytest.raises(ValidationError) as error:
        services.agreement_update(
            by=coordinator,
            agreement=agreement,
            revision=agreement.revision,
            fields={"owner": stranger},
            sections=[],
            rows=[],
        )
    assert "owner" in error.value.error_dict


# -- R19: the contact persons and how contact data is passed on ------------------------------------


def test_sending_for_approval_names_every_missing_contact_field(
    english, coordinator, agreement, partner
):
    Party.objects.filter(agreement=agreement).update(contact_person="")
    Agreement.objects.filter(pk=agreement.pk).update(contact_sharing="  ")

    with pytest.raises(ValidationError) as error:
        services.agreement_send_for_approval(by=coordinator, agreement=agreement)

    message = error.value.messages[0]
    assert "the contact person of Drammen kommune" in message
    assert "the contact person of Røde Kors Drammen" in message
    assert "how contact data about refugees is passed on" in message
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT
    assert not agreement.versions.exists()


def test_the_agreement_page_lists_what_is_missing_before_approval(
    client, log_in, agreement, partner
):
    Party.objects.filter(agreement=agreement, organization=partner).update(contact_person="")
    log_in("coordinator")

    page = content(client.get(url("detail", agreement)))

    assert "Before it is sent for approval, fill in:" in page
    assert "the contact person of Røde Kors Drammen" in page
    response = client.post(url("send", agreement), follow=True)
    assert "the contact person of Røde Kors Drammen" in content(response)
    assert not agreement.versions.exists()


def test_a_new_agreement_starts_with_the_contact_persons_filled_in(
    coordinator, municipality, partner
):
    contact = person_of(partner, "contact")

    agreement = services.agreement_create(
        by=coordinator,
        municipality=municipality,
        template=None,
        organizations=[partner],
        title="Språkkafé",
        starts_on=timezone.localdate(),
    )

    names = dict(agreement.parties.values_list("organization", "contact_person"))
    assert names == {None: coordinator.full_name, partner.pk: contact.full_name}


# -- R22: an organisation drafts, the coordinator takes over ---------------------------------------


def _draft(client, municipality, partner, title="Vår egen avtale"):
    return client.post(
        reverse("agreements:organization_draft"),
        {
            "organization": partner.pk,
            "municipality": municipality.pk,
            "title": title,
            "starts_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )


def test_an_organisation_admin_drafts_and_the_coordinators_are_told(
    client, log_in, municipality, partner, coordinator
):
    log_in("partner_admin")
    assert "Draft an agreement with a municipality" in content(
        client.get(reverse("agreements:list"))
    )

    response = _draft(client, municipality, partner)

    agreement = Agreement.objects.get(title="Vår egen avtale")
    assert response.url == url("edit", agreement)
    assert agreement.drafted_by == partner
    assert agreement.is_organization_draft
    assert set(agreement.parties.values_list("organization", flat=True)) == {None, partner.pk}
    told = Notification.objects.get(kind="agreement_drafted")
    assert told.recipient == coordinator


@pytest.mark.parametrize("role", ["partner_member", "partner_contact", "coordinator"])
def test_only_an_organisations_admin_drafts(client, log_in, role):
    log_in(role)
    assert client.get(reverse("agreements:organization_draft")).status_code == 403


def test_no_draft_with_a_municipality_that_has_not_verified_the_organisation(
    partner_admin, partner, other_municipality
):
    with pytest.raises(ValidationError) as error:
        services.agreement_draft_by_organization(
            by=partner_admin,
            organization=partner,
            municipality=other_municipality,
            title="Avtale",
            starts_on=timezone.localdate(),
        )
    assert "municipality" in error.value.error_dict


@pytest.fixture
def organization_draft(partner_admin, partner, partner_contact, municipality):
    agreement = services.agreement_draft_by_organization(
        by=partner_admin,
        organization=partner,
        municipality=municipality,
        title="Vår egen avtale",
        starts_on=timezone.localdate(),
    )
    RowFactory(
        agreement=agreement,
        task="Guide hver familie",
        responsible="organization",
        organization=partner,
    )
    return agreement


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("partner_admin", 200),
        ("partner_member", 200),
        ("coordinator", 200),
        ("leader", 404),
        ("other_coordinator", 404),
        ("outsider_admin", 404),
    ],
)
def test_the_draft_is_the_organisations_and_the_coordinators_to_read(
    client, log_in, organization_draft, role, status
):
    log_in(role)
    assert client.get(url("detail", organization_draft)).status_code == status


def test_the_organisation_edits_its_draft_until_the_coordinator_takes_it_over(
    client, log_in, organization_draft, coordinator, partner_admin, partner
):
    log_in("coordinator")
    assert client.get(url("edit", organization_draft)).status_code == 403
    page = content(client.get(url("detail", organization_draft)))
    assert "Take over the draft" in page
    with pytest.raises(PermissionDenied):
        services.agreement_update(
            by=coordinator,
            agreement=organization_draft,
            revision=organization_draft.revision,
            fields={"title": "Kommunens tittel"},
            sections=[],
            rows=[],
        )

    log_in("partner_admin")
    assert "Take over the draft" not in content(client.get(url("detail", organization_draft)))
    response = client.post(
        url("edit", organization_draft),
        edit_data(
            organization_draft,
            purpose="Hver familie får en guide",
            contact_sharing="Saksbehandleren gir navn og telefon videre i Brobygger.",
        ),
    )
    assert response.status_code == 302
    organization_draft.refresh_from_db()
    assert organization_draft.purpose == "Hver familie får en guide"
    with pytest.raises(PermissionDenied):  # only the municipality sends it
        services.agreement_send_for_approval(by=partner_admin, agreement=organization_draft)

    log_in("coordinator")
    response = client.post(url("take_over", organization_draft), follow=True)
    assert "You have taken over the draft" in content(response)
    organization_draft.refresh_from_db()
    assert not organization_draft.is_organization_draft
    told = Notification.objects.filter(kind="agreement_taken_over")
    assert partner_admin in [n.recipient for n in told]
    assert client.get(url("edit", organization_draft)).status_code == 200

    log_in("partner_admin")
    assert client.get(url("edit", organization_draft)).status_code == 403
    client.post(url("send", organization_draft))
    organization_draft.refresh_from_db()
    assert organization_draft.status == Agreement.Status.DRAFT

    log_in("coordinator")
    client.post(url("send", organization_draft))
    organization_draft.refresh_from_db()
    assert organization_draft.status == Agreement.Status.APPROVAL


def test_the_organisation_sends_nothing_for_approval_and_adds_no_party(
    organization_draft, partner_admin, municipality
):
    other = OrganizationFactory(verified=True, municipalities=[municipality])
    with pytest.raises(PermissionDenied):
        services.party_add(by=partner_admin, agreement=organization_draft, organization=other)
    with pytest.raises(PermissionDenied):
        services.agreement_take_over(by=partner_admin, agreement=organization_draft)


def test_deleting_the_draft_asks_first(client, log_in, organization_draft):
    log_in("partner_admin")

    question = client.get(url("discard", organization_draft))

    assert "Discard the draft Vår egen avtale?" in content(question)
    assert Agreement.objects.filter(pk=organization_draft.pk).exists()
    response = client.post(url("discard", organization_draft))
    assert response.url == reverse("agreements:list")
    assert not Agreement.objects.filter(pk=organization_draft.pk).exists()


@pytest.mark.parametrize("role", ["coordinator", "partner_member"])
def test_only_the_organisations_admin_deletes_its_draft_before_take_over(
    client, log_in, organization_draft, role
):
    log_in(role)
    assert client.get(url("discard", organization_draft)).status_code == 403
    client.post(url("discard", organization_draft))
    assert Agreement.objects.filter(pk=organization_draft.pk).exists()


def test_a_taken_over_draft_is_no_longer_the_organisations_to_delete(
    client, log_in, organization_draft, coordinator
):
    services.agreement_take_over(by=coordinator, agreement=organization_draft)
    log_in("partner_admin")
    client.post(url("discard", organization_draft))
    assert Agreement.objects.filter(pk=organization_draft.pk).exists()


# -- the evaluation in the version's PDF and the history ------------------------------------------


@pytest.fixture
def evaluated(agreement, coordinator, partner):
    contact = person_of(partner, "contact")
    services.agreement_send_for_approval(by=coordinator, agreement=agreement)
    services.agreement_approve(by=contact, agreement=agreement, version_number=1)
    services.agreement_approve(by=coordinator, agreement=agreement, version_number=1)
    agreement.refresh_from_db()
    row = agreement.rows.get()
    services.agreement_evaluation_record(
        by=coordinator,
        agreement=agreement,
        held_on=timezone.localdate(),
        results={row.pk: ("partly", "Seks av tolv guider er på plass")},
        note="Ny vervekampanje i august",
    )
    return agreement


def test_the_version_pdf_holds_the_evaluation_of_that_version(client, log_in, evaluated):
    log_in("partner_member")

    document = pdf_download(client.get(url("version_pdf", evaluated, 1)))

    evaluation = document.text[document.text.index("Evaluations of this version") :]
    assert "Rekruttere guider" in evaluation
    assert "Partly done" in evaluation
    assert "Seks av tolv guider er på plass" in evaluation
    assert "Ny vervekampanje i august" in evaluation


def test_the_next_versions_pdf_does_not_claim_the_earlier_evaluation(
    client, log_in, evaluated, coordinator, partner
):
    services.agreement_start_revision(by=coordinator, agreement=evaluated)
    services.agreement_send_for_approval(by=coordinator, agreement=evaluated)
    log_in("coordinator")

    document = pdf_download(client.get(url("version_pdf", evaluated, 2)))

    assert "Evaluations of this version" not in document.text


def test_the_history_shows_the_evaluation_under_its_version(client, log_in, evaluated):
    log_in("coordinator")

    page = content(client.get(url("detail", evaluated)))

    history = page[page.index('id="versions-heading"') :]
    assert "Evaluated on" in history
    assert "Partly done 1" in history
    version_page = content(client.get(url("version", evaluated, 1)))
    assert "Seks av tolv guider er på plass" in version_page
