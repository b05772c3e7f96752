"""Putting organisations in touch from the overlap view (R12, issue #18): the coordinator follows
"Write to these organisations" under one overlap and the announcement reaches just them."""

import pytest
from django.urls import reverse

from announcements.models import Announcement
from organizations.models import TargetGroupTerm
from tests.factories import ActivityFactory, OrganizationFactory, person_of

pytestmark = pytest.mark.django_db

TUESDAY = 1


def test_the_coordinator_writes_to_the_two_organisations_of_an_overlap(
    client, municipality, coordinator
):
    youth = TargetGroupTerm.objects.get(code="youth")
    first, second, bystander = (
        OrganizationFactory(name=name, verified=True, municipalities=[municipality])
        for name in ("Alfa kafé", "Beta kafé", "Gamma sjakk")
    )
    contacts = {org.name: person_of(org, "contact") for org in (first, second, bystander)}
    for organization in (first, second):
        ActivityFactory(
            organization=organization,
            municipality=municipality,
            type="language_cafe",
            schedules=[(TUESDAY, "18:00", "20:00")],
        ).target_groups.set([youth])
    client.force_login(coordinator)

    overlaps = client.get(reverse("organizations:overlaps", args=[municipality.slug]))
    [overlap] = overlaps.context["overlaps"]
    write_url = (
        reverse("announcements:create")
        + f"?audience-organization={first.pk}&audience-organization={second.pk}"
    )
    assert write_url.replace("&", "&amp;") in overlaps.content.decode()
    form = client.get(write_url)
    assert [o.name for o in form.context["audience"].chosen_organizations] == [
        "Alfa kafé",
        "Beta kafé",
    ]
    response = client.post(
        reverse("announcements:create"),
        {
            "title": "Dere driver det samme på tirsdager",
            "body": "Vil dere snakke sammen?",
            "audience-organization": [first.pk, second.pk],
        },
    )

    assert response.status_code == 302
    recipients = set(Announcement.objects.get().recipients.all())
    assert recipients == {contacts["Alfa kafé"], contacts["Beta kafé"]}
    assert overlap.organization_ids == sorted([first.pk, second.pk])


def test_an_organisation_of_another_municipality_cannot_be_slipped_in(
    client, municipality, other_municipality, coordinator
):
    outsider = OrganizationFactory(verified=True, municipalities=[other_municipality])
    person_of(outsider, "contact")
    client.force_login(coordinator)

    response = client.post(
        reverse("announcements:create"),
        {"title": "Hei", "body": "Tekst", "audience-organization": [outsider.pk]},
    )

    assert response.status_code == 200
    assert not Announcement.objects.exists()
