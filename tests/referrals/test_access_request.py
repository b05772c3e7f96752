"""A person's request for access (GDPR art. 15, issue #20): the export says who saw their data,
in which capacity (role, organisation or municipality) and when, and which organisations saw it."""

import pytest
from django.urls import reverse

from referrals.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_the_export_says_who_saw_the_data_in_which_capacity_and_which_organisations(
    english, client, caseworker, guide_contact, referral, person, guide_organization
):
    client.force_login(guide_contact)
    assert client.get(reverse("referrals:referral", args=[referral.pk])).status_code == 200
    client.force_login(caseworker)
    client.get(reverse("referrals:person", args=[person.pk]))

    data = client.get(reverse("referrals:person_export_json", args=[person.pk])).json()

    by_reason = {entry["why"]: entry for entry in data["access_log"]}
    summary = by_reason[AccessLogEntry.Reason.REFERRAL_SUMMARY]
    assert (summary["role"], summary["organization"], summary["municipality"]) == (
        "organization",
        guide_organization.name,
        None,
    )
    assert guide_contact.email in summary["who"]
    assert summary["at"]
    page = by_reason[AccessLogEntry.Reason.PERSON_PAGE]
    assert (page["role"], page["organization"], page["municipality"]) == (
        "caseworker",
        None,
        person.municipality.name,
    )
    assert data["organizations_that_saw_the_data"] == [guide_organization.name]

    content = client.get(reverse("referrals:person_export", args=[person.pk])).content.decode()
    assert "contact person of the organisation, Røde Kors Drammen" in content
    assert f"caseworker, {person.municipality.name}" in content
    assert "Organisations that saw the data" in content
    assert "(Referral summary)" in content  # why, in words, not the stored code
    assert "referral_summary" not in content


def test_an_organisation_that_never_received_a_referral_is_not_named(
    english, client, caseworker, person
):
    from tests.factories import OrganizationFactory

    OrganizationFactory(name="Aldri Sett", municipalities=[person.municipality])
    client.force_login(caseworker)
    data = client.get(reverse("referrals:person_export_json", args=[person.pk])).json()
    assert data["organizations_that_saw_the_data"] == []
    assert [entry["role"] for entry in data["access_log"]] == ["caseworker"]  # the export itself
