"""The municipality's own template library, and the link to a recurring meeting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, Template
from tests.factories import (
    AgreementFactory,
    MeetingFactory,
    OrganizationFactory,
    PartyFactory,
    RowFactory,
    SectionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def agreement(municipality):
    agreement = AgreementFactory(municipality=municipality, title="Språkvenner")
    PartyFactory(
        agreement=agreement,
        organization=OrganizationFactory(verified=True, municipalities=[municipality]),
    )
    SectionFactory(agreement=agreement, heading="Taushetsplikt", body="Ingen deling.")
    RowFactory(agreement=agreement, task="Melde behov", responsible="municipality")
    return agreement


def test_a_coordinator_saves_an_agreement_as_the_municipalitys_template(
    client, coordinator, agreement, municipality
):
    client.force_login(coordinator)

    response = client.post(
        reverse("agreements:save_as_template", args=[agreement.pk]), {"name": "Språkvenn-mal"}
    )

    template = Template.objects.get(name="Språkvenn-mal")
    assert response.status_code == 302
    assert template.municipality == municipality
    assert template.sections == [{"heading": "Taushetsplikt", "body": "Ingen deling."}]
    assert [row["task"] for row in template.matrix] == ["Melde behov"]
    listing = client.get(reverse("agreements:templates")).content.decode()
    assert "Språkvenn-mal" in listing


def test_a_new_agreement_from_the_saved_template_copies_it(client, coordinator, agreement):
    client.force_login(coordinator)
    client.post(reverse("agreements:save_as_template", args=[agreement.pk]), {"name": "Mal"})
    template = Template.objects.get(name="Mal")
    organization = agreement.parties.exclude(organization=None).get().organization

    client.post(
        reverse("agreements:create"),
        {
            "template": template.pk,
            "organizations": [organization.pk],
            "title": "Nye språkvenner",
            "starts_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )

    copy = Agreement.objects.get(title="Nye språkvenner")
    assert [r.task for r in copy.rows.all()] == ["Melde behov"]


def test_a_template_needs_a_name(client, coordinator, agreement):
    client.force_login(coordinator)

    client.post(reverse("agreements:save_as_template", args=[agreement.pk]), {"name": "  "})

    assert not Template.objects.filter(municipality=agreement.municipality).exists()


@pytest.mark.parametrize("who", ["organization_admin", "caseworker", "other_coordinator"])
def test_only_the_municipalitys_coordinators_keep_its_templates(
    client, request, who, agreement, municipality
):
    template = Template.objects.create(
        municipality=municipality, language="nb", name="Egen mal", kind="initiative", title="T"
    )
    client.force_login(request.getfixturevalue(who))

    client.post(reverse("agreements:save_as_template", args=[agreement.pk]), {"name": "X"})
    response = client.post(reverse("agreements:template_delete", args=[template.pk]))

    assert response.status_code in (403, 404)
    assert Template.objects.filter(pk=template.pk).exists()
    assert not Template.objects.filter(name="X").exists()


def test_removing_a_template_leaves_agreements_made_from_it(client, coordinator, municipality):
    template = Template.objects.create(
        municipality=municipality, language="nb", name="Egen mal", kind="initiative", title="T"
    )
    made = AgreementFactory(municipality=municipality, title="Laget av malen")
    client.force_login(coordinator)

    client.post(reverse("agreements:template_delete", args=[template.pk]))

    assert not Template.objects.filter(pk=template.pk).exists()
    assert Agreement.objects.filter(pk=made.pk).exists()


def test_the_shipped_templates_cannot_be_removed(client, coordinator):
    shipped = Template.objects.filter(municipality__isnull=True).first()
    client.force_login(coordinator)

    response = client.post(reverse("agreements:template_delete", args=[shipped.pk]))

    assert response.status_code == 404
    assert Template.objects.filter(pk=shipped.pk).exists()


def test_the_agreement_links_to_the_next_meeting_of_its_series(
    client, coordinator, agreement, municipality
):
    from meetings.models import MeetingSeries

    start = timezone.now() + timedelta(days=10)
    series = MeetingSeries.objects.create(
        rrule="FREQ=MONTHLY;COUNT=2", dtstart=start, duration=timedelta(hours=2)
    )
    meeting = MeetingFactory(
        municipality=municipality,
        series=series,
        recurrence_id=start,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    agreement.meeting_series = series
    agreement.save(update_fields=["meeting_series"])
    client.force_login(coordinator)

    page = client.get(agreement.get_absolute_url()).content.decode()

    assert meeting.get_absolute_url() in page
