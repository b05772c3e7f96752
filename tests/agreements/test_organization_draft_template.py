"""An organisation's draft starts from one of the templates the municipality offers (issue #19,
R22): the same choice its coordinators get, filled in exactly as a coordinator's new agreement
from that template, and a template of another municipality is refused."""

import html
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import Agreement
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db


DRAFT = reverse("agreements:organization_draft")


def template_options(response) -> set[str]:
    """The values of the template choice on a page (the empty "no template" one left out)."""
    page = response.content.decode()
    select = re.search(r'<select name="template".*?</select>', page, re.S)
    assert select, "no template choice on the page"
    return {value for value in re.findall(r'value="([^"]*)"', select.group(0)) if value}


@pytest.fixture
def own_template(municipality):
    return TemplateFactory(
        municipality=municipality,
        name="Drammens leksehjelpmal",
        title="Leksehjelp i Drammen",
        purpose="Hvert barn får hjelp med leksene.",
        meeting_frequency="Hver måned",
        sections=[{"heading": "Taushetsplikt", "body": "Frivillige signerer taushetserklæring."}],
        matrix=[
            {"task": "Skaffe lokaler", "responsible": "municipality"},
            {"task": "Stille med leksehjelpere", "responsible": "organization"},
        ],
    )


@pytest.fixture
def foreign_template(other_municipality):
    return TemplateFactory(municipality=other_municipality, name="Askers egen mal")


def _post_draft(client, municipality, partner, **fields):
    return client.post(
        DRAFT,
        {
            "organization": partner.pk,
            "municipality": municipality.pk,
            "starts_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
            **fields,
        },
    )


def test_the_draft_offers_exactly_the_templates_the_municipalitys_coordinators_get(
    client, log_in, coordinator, own_template, foreign_template
):
    log_in("coordinator")
    coordinators_choice = template_options(client.get(reverse("agreements:create")))
    log_in("partner_admin")

    response = client.get(DRAFT)

    offered = template_options(response)
    assert offered == coordinators_choice
    assert str(own_template.pk) in offered
    assert str(foreign_template.pk) not in offered
    page = html.unescape(response.content.decode())
    assert "Drammens leksehjelpmal" in page
    assert "Askers egen mal" not in page
    assert "No template: start with an empty agreement" in page


def test_a_draft_from_a_template_carries_its_text_as_a_coordinators_agreement_does(
    client, log_in, municipality, coordinator, partner, own_template
):
    log_in("partner_admin")

    response = _post_draft(client, municipality, partner, template=own_template.pk, title="")

    draft = Agreement.objects.get(drafted_by=partner)
    assert response.url == reverse("agreements:edit", args=[draft.pk])
    from_coordinator = services.agreement_create(
        by=coordinator,
        municipality=municipality,
        template=own_template,
        organizations=[partner],
        starts_on=draft.starts_on,
    )

    def text(agreement):
        return (
            agreement.title,
            agreement.kind,
            agreement.purpose,
            agreement.contact_sharing,
            agreement.meeting_frequency,
            list(agreement.sections.values_list("heading", "body")),
            list(agreement.rows.values_list("task", "responsible", "organization")),
        )

    assert text(draft) == text(from_coordinator)
    assert draft.title == "Leksehjelp i Drammen"
    assert list(draft.rows.values_list("task", "organization")) == [
        ("Skaffe lokaler", None),
        ("Stille med leksehjelpere", partner.pk),
    ]


def test_a_blank_draft_still_needs_a_title(client, log_in, municipality, partner):
    log_in("partner_admin")

    response = _post_draft(client, municipality, partner, title="")

    assert response.status_code == 200
    assert "Write a title, or choose a template that has one." in response.content.decode()
    assert not Agreement.objects.filter(drafted_by=partner).exists()


def test_a_template_of_another_municipality_cannot_be_used(
    client, log_in, municipality, partner, partner_admin, foreign_template
):
    log_in("partner_admin")

    response = _post_draft(client, municipality, partner, template=foreign_template.pk, title="X")

    assert response.status_code == 200
    assert not Agreement.objects.filter(drafted_by=partner).exists()
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ValidationError) as error:
        services.agreement_draft_by_organization(
            by=partner_admin,
            organization=partner,
            municipality=municipality,
            title="X",
            starts_on=timezone.localdate(),
            template=foreign_template,
        )
    assert "template" in error.value.error_dict
    assert not Agreement.objects.filter(drafted_by=partner).exists()


def test_verified_in_two_municipalities_the_admin_chooses_one_and_gets_its_templates(
    client, log_in, municipality, other_municipality, partner, own_template, foreign_template
):
    partner.municipalities.add(
        other_municipality,
        through_defaults={"status": "verified", "verified_at": timezone.now()},
    )
    log_in("partner_admin")

    first = client.get(DRAFT)
    assert 'name="template"' not in first.content.decode()
    assert "Next: choose a template" in first.content.decode()

    asker = template_options(client.get(DRAFT, {"municipality": other_municipality.pk}))
    assert str(foreign_template.pk) in asker
    assert str(own_template.pk) not in asker

    # The municipality travels with the form: a template of the other one is refused.
    response = client.post(
        f"{DRAFT}?municipality={other_municipality.pk}",
        {
            "organization": partner.pk,
            "municipality": other_municipality.pk,
            "template": own_template.pk,
            "starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert not Agreement.objects.filter(drafted_by=partner).exists()
    _post_draft(client, other_municipality, partner, template=foreign_template.pk)
    assert Agreement.objects.get(drafted_by=partner).municipality == other_municipality
