"""Where to refer (issue #18, R78): a public page per municipality that says which organisation
and activity helps with what, built from the activities' kinds and target groups, with the
coordinator's note per kind, so a teacher or a NAV worker knows where to send someone."""

import pytest
from django.urls import reverse

from dashboard.models import GuideNote
from organizations.models import TargetGroupTerm
from tests.factories import ActivityFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def guide_url(municipality) -> str:
    return reverse("public:guide", args=[municipality.slug])


def activity(municipality, title, kind, *groups, organization=None):
    organization = organization or OrganizationFactory(verified=True, municipalities=[municipality])
    made = ActivityFactory(
        organization=organization, municipality=municipality, title=title, type=kind
    )
    made.target_groups.set(TargetGroupTerm.objects.filter(code__in=groups))
    return made


def test_a_visitor_sees_who_helps_with_what_by_kind_with_the_coordinators_note(
    client, municipality, other_municipality
):
    homework = activity(municipality, "Leksehjelp på biblioteket", "homework_help", "children")
    activity(municipality, "Språkkafé tirsdag", "language_cafe", "adults")
    activity(other_municipality, "Askers leksehjelp", "homework_help", "children")
    pending = OrganizationFactory(municipalities=[municipality])  # not verified: not public
    activity(municipality, "Uverifisert kafé", "language_cafe", organization=pending)
    GuideNote.objects.create(
        municipality=municipality, topic="homework_help", note="Ring før første besøk."
    )

    response = client.get(guide_url(municipality))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Leksehjelp" in html  # the kind as a heading
    assert "Leksehjelp på biblioteket" in html
    assert homework.organization.name in html
    assert "Barn" in html  # its target group
    assert "Ring før første besøk." in html
    assert "Språkkafé tirsdag" in html
    assert "Askers leksehjelp" not in html
    assert "Uverifisert kafé" not in html
    assert html.index("Språkkafé tirsdag") < html.index("Leksehjelp på biblioteket")


def test_the_guide_narrows_to_one_target_group(client, municipality):
    activity(municipality, "Leksehjelp på biblioteket", "homework_help", "children")
    activity(municipality, "Språkkafé tirsdag", "language_cafe", "adults")

    html = client.get(guide_url(municipality), {"target_group": "adults"}).content.decode()

    assert "Språkkafé tirsdag" in html
    assert "Leksehjelp på biblioteket" not in html


def test_the_public_page_leads_to_the_guide(client, municipality):
    html = client.get(reverse("public:municipality", args=[municipality.slug])).content.decode()

    assert guide_url(municipality) in html


@pytest.mark.parametrize("extra", [0, 10])
def test_the_guide_costs_the_same_queries_however_many_activities(
    client, municipality, django_assert_max_num_queries, extra
):
    activity(municipality, "Første", "homework_help", "children")
    for n in range(extra):
        activity(municipality, f"Aktivitet {n}", "sports", "youth", "adults")

    with django_assert_max_num_queries(6):  # municipality, notes, activities, target groups, ...
        client.get(guide_url(municipality))


def test_the_coordinator_writes_and_removes_a_note(client, municipality, coordinator):
    client.force_login(coordinator)
    edit = reverse("public:edit", args=[municipality.slug])

    response = client.post(
        edit, {"save_note": "", "guide-topic": "sports", "guide-note": "Gratis utstyr."}
    )

    assert response.status_code == 302
    assert "Gratis utstyr." in client.get(guide_url(municipality)).content.decode()
    client.post(edit, {"save_note": "", "guide-topic": "sports", "guide-note": ""})
    assert not GuideNote.objects.filter(municipality=municipality).exists()


def test_only_the_municipalitys_coordinator_writes_a_note(
    client, municipality, other_coordinator, organization_admin
):
    edit = reverse("public:edit", args=[municipality.slug])
    for user in (other_coordinator, organization_admin):
        client.force_login(user)
        client.post(edit, {"save_note": "", "guide-topic": "sports", "guide-note": "Nei."})
    assert not GuideNote.objects.exists()
