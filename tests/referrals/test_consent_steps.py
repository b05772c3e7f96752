"""Recording a consent in three steps (issue #23, core/steps.py): the information, what is
shared with whom, the confirmation. Nothing is recorded before the last step; a refusal of the
service on the last step leads back to the step of the field it is about."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import Consent
from tests.referrals.helpers import consent_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def consent_step(organization, step, **overrides):
    """The consent form at `step`, the date as an English reader types it (the end date stays
    ISO: that is read too)."""
    return consent_data(
        organization,
        **{
            "step": str(step),
            "informed_on": timezone.localdate().strftime("%d/%m/%Y"),
            "shared_fields": ["name", "phone"],
            **overrides,
        },
    )


def test_the_consent_is_recorded_after_three_steps_and_not_before(
    client, caseworker, person, guide_organization
):
    client.force_login(caseworker)
    url = reverse("referrals:consent_new", args=[person.pk])

    first = client.get(url).content.decode()
    assert "Step 1 of 3: Information" in first
    assert re.findall(r'<li aria-current="step">([^<]+)</li>', first) == ["Information"]
    for step, title in ((0, "Step 2 of 3: What is shared"), (1, "Step 3 of 3: Confirmation")):
        html = client.post(url, consent_step(guide_organization, step)).content.decode()
        assert title in html
        assert not Consent.objects.exists()
    response = client.post(url, consent_step(guide_organization, 2))

    consent = Consent.objects.get()
    assert response["Location"] == consent.get_absolute_url()
    assert consent.offer_note == "A guide to get to know Drammen"
    assert consent.informed_on == timezone.localdate()


def test_a_step_with_an_unreadable_date_explains_the_format(
    client, caseworker, person, guide_organization
):
    client.force_login(caseworker)
    url = reverse("referrals:consent_new", args=[person.pk])

    html = client.post(url, consent_step(guide_organization, 0, informed_on="12-24-2026"))

    content = html.content.decode()
    assert "Step 1 of 3" in content
    assert "Write the date as dd/mm/yyyy, for example 24/12/2026." in content
    assert 'value="12-24-2026"' in content  # shown back as typed


def test_the_services_refusal_leads_back_to_the_step_of_its_field(
    client, caseworker, person, guide_organization
):
    client.force_login(caseworker)
    url = reverse("referrals:consent_new", args=[person.pk])

    # Neither phone nor e-mail may be shared: the service refuses "What may be shared".
    html = client.post(url, consent_step(guide_organization, 2, shared_fields=["name"]))

    content = html.content.decode()
    assert "Step 2 of 3" in content
    assert "Allow at least the phone number or the e-mail address" in content
    assert re.search(r'name="shared_fields" value="name"[^>]*checked', content)
    assert not Consent.objects.exists()
