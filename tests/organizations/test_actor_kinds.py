"""The kinds of actors the sources name (R02–R04, issue #18): registered associations, informal
networks and single enthusiasts without an organisation number, business partners and the
immigrant council; member- or society-oriented; a local branch under its umbrella."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements.forms import verified_organizations_in
from meetings.forms import invitable_organizations
from notifications.models import Notification
from notifications.services import notifications_send_due
from organizations.models import Organization
from organizations.services import organization_branch_detach, organization_update
from tests.factories import OrganizationFactory, person_of
from tests.organizations.test_hsds import assert_valid

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def umbrella(municipality):
    return OrganizationFactory(
        name="Norges Røde Kors",
        org_number="864139442",
        categories=["large"],
        verified=True,
        municipalities=[municipality],
    )


def test_a_local_branch_names_its_umbrella_and_the_umbrella_lists_its_branches(
    client, municipality, umbrella
):
    branch = OrganizationFactory(
        name="Drammen Røde Kors", parent=umbrella, verified=True, municipalities=[municipality]
    )
    waiting = OrganizationFactory(
        name="Svelvik Røde Kors", parent=umbrella, municipalities=[municipality]
    )

    branch_page = client.get(branch.get_absolute_url()).content.decode()
    public_page = client.get(umbrella.get_absolute_url()).content.decode()
    client.force_login(person_of(umbrella, "admin"))
    admin_page = client.get(umbrella.get_absolute_url()).content.decode()

    assert "Part of" in branch_page
    assert "Norges Røde Kors" in branch_page
    assert "Drammen Røde Kors" in public_page
    assert "Svelvik Røde Kors" not in public_page  # not verified: not public
    # The umbrella's own admin sees every branch that names it, verified or not.
    assert "Drammen Røde Kors" in admin_page
    assert waiting.name in admin_page


def test_the_umbrella_is_chosen_among_public_large_organisations_and_never_a_branch_of_itself(
    municipality, umbrella
):
    branch = OrganizationFactory(
        name="Drammen Røde Kors",
        parent=umbrella,
        verified=True,
        municipalities=[municipality],
        categories=["large"],
    )
    admin = person_of(umbrella, "admin")

    with pytest.raises(ValidationError) as refused:
        organization_update(organization=umbrella, by=admin, fields={"parent": branch}, m2m={})

    assert "parent" in refused.value.message_dict
    umbrella.refresh_from_db()
    assert umbrella.parent is None


def test_changing_the_umbrella_sends_the_profile_to_be_verified_again(municipality, umbrella):
    branch = OrganizationFactory(
        name="Drammen Frivillige", verified=True, municipalities=[municipality]
    )

    organization_update(
        organization=branch, by=person_of(branch, "admin"), fields={"parent": umbrella}, m2m={}
    )

    branch.refresh_from_db()
    assert branch.status == Organization.Status.PENDING  # the coordinator checks the claim


def test_the_profile_form_offers_kind_orientation_and_umbrella(client, municipality, umbrella):
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    client.force_login(person_of(organization, "admin"))

    form = client.get(reverse("organizations:edit", args=[organization.pk])).context["form"]

    assert {"kind", "orientation", "parent"} <= set(form.fields)
    assert list(form.fields["parent"].queryset) == [umbrella]


def test_the_directory_filters_by_kind_and_the_profile_names_it(client, municipality):
    OrganizationFactory(
        name="Bygg AS", kind="business", verified=True, municipalities=[municipality]
    )
    OrganizationFactory(
        name="Innvandrerrådet",
        kind="council",
        orientation="society",
        verified=True,
        municipalities=[municipality],
    )
    OrganizationFactory(name="Sjakklubben", verified=True, municipalities=[municipality])

    response = client.get(reverse("organizations:directory"), {"kind": "business"})
    names = [organization.name for organization in response.context["page_obj"].object_list]
    council = Organization.objects.get(name="Innvandrerrådet")
    page = client.get(council.get_absolute_url()).content.decode()

    assert names == ["Bygg AS"]
    assert "Immigrant council or contact committee" in page
    assert "Society-oriented" in page


def test_business_partners_and_the_immigrant_council_can_be_agreement_parties_and_invited(
    municipality,
):
    business = OrganizationFactory(kind="business", verified=True, municipalities=[municipality])
    council = OrganizationFactory(kind="council", verified=True, municipalities=[municipality])

    assert {business, council} <= set(verified_organizations_in(municipality))
    assert {business, council} <= set(invitable_organizations([municipality.pk]))


def test_the_open_data_names_the_umbrella_and_the_kind_of_actor(client, municipality, umbrella):
    branch = OrganizationFactory(
        name="Drammen Røde Kors", parent=umbrella, verified=True, municipalities=[municipality]
    )
    network = OrganizationFactory(kind="network", verified=True, municipalities=[municipality])
    pending_umbrella = OrganizationFactory(name="Ny paraply")
    orphan = OrganizationFactory(parent=pending_umbrella, verified=True)

    def detail(organization):
        url = reverse("hsds:organization_detail", args=[str(organization.uuid)])
        data = client.get(url).json()
        assert_valid("/organizations/{id}", data)
        return data

    assert detail(branch)["parent_organization_id"] == str(umbrella.uuid)
    assert detail(network)["legal_status"] == "Informal network or group"
    assert "parent_organization_id" not in detail(orphan)  # its umbrella is not public
    listed = client.get(reverse("hsds:organization_list")).json()["contents"]
    assert {item.get("parent_organization_id") for item in listed} == {None, str(umbrella.uuid)}


# -- "not our branch": the umbrella detaches an organisation that wrongly names it ---------------


@pytest.fixture
def false_branch(municipality, umbrella):
    return OrganizationFactory(
        name="Drammen Hjelpelag", parent=umbrella, verified=True, municipalities=[municipality]
    )


def test_the_umbrella_detaches_a_branch_that_wrongly_names_it_and_it_is_verified_again(
    municipality, coordinator, umbrella, false_branch
):
    branch_admin = person_of(false_branch, "admin")

    organization_branch_detach(
        by=person_of(umbrella, "admin"),
        umbrella=umbrella,
        branch=false_branch,
        reason="We have no branch in Drammen.",
    )

    false_branch.refresh_from_db()
    assert false_branch.parent is None
    assert false_branch.status == Organization.Status.PENDING  # the coordinator checks it again
    assert set(false_branch.municipality_links.values_list("status", flat=True)) == {"pending"}
    told = Notification.objects.filter(kind="organization_branch_detached")
    assert {n.recipient for n in told} == {branch_admin, coordinator}
    assert all(n.context["reason"] == "We have no branch in Drammen." for n in told)
    assert "Norges Røde Kors" in false_branch.history.first().history_change_reason
    notifications_send_due(now=timezone.now())
    (message,) = [m for m in mail.outbox if branch_admin.email in m.to]
    assert "Norges Røde Kors says Drammen Hjelpelag is not its branch" in message.subject
    assert "We have no branch in Drammen." in message.body


def test_only_the_umbrellas_admins_and_coordinators_may_detach_a_branch(
    municipality, coordinator, umbrella, false_branch
):
    for outsider in (
        person_of(umbrella, "member"),
        person_of(umbrella, "contact"),
        person_of(false_branch, "admin"),
    ):
        with pytest.raises(PermissionDenied):
            organization_branch_detach(by=outsider, umbrella=umbrella, branch=false_branch)
    other = OrganizationFactory(verified=True, municipalities=[municipality])
    with pytest.raises(ValidationError):  # not a branch of this umbrella
        organization_branch_detach(by=coordinator, umbrella=umbrella, branch=other)

    organization_branch_detach(by=coordinator, umbrella=umbrella, branch=false_branch)

    false_branch.refresh_from_db()
    assert false_branch.parent is None


def test_the_umbrellas_page_offers_to_detach_and_asks_first(
    client, municipality, umbrella, false_branch
):
    detach = reverse("organizations:branch_detach", args=[umbrella.pk, false_branch.pk])
    assert detach not in client.get(umbrella.get_absolute_url()).content.decode()  # the public
    client.force_login(person_of(umbrella, "admin"))
    page = client.get(umbrella.get_absolute_url()).content.decode()
    assert detach in page
    assert "Not our branch: Drammen Hjelpelag" in page

    question = client.get(detach)
    assert question.status_code == 200
    assert "verified again" in question.content.decode()
    false_branch.refresh_from_db()
    assert false_branch.parent == umbrella  # asking changed nothing

    response = client.post(detach, {"reason": ""})

    assert response.status_code == 302
    assert response["Location"] == umbrella.get_absolute_url()
    false_branch.refresh_from_db()
    assert false_branch.parent is None
    page = client.get(umbrella.get_absolute_url()).content.decode()
    assert "Not our branch: Drammen Hjelpelag" not in page
    assert false_branch.get_absolute_url() not in page
    assert client.get(detach).status_code == 404  # no longer its branch
