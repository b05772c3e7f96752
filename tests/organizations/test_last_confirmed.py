"""'Last confirmed' on organisations (issue #18): their people say the profile is still correct,
and the coordinator sees the profiles nobody has confirmed for a year."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Organization, OrganizationMembership
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def stale_url(municipality) -> str:
    return reverse("organizations:stale", args=[municipality.slug])


def listed(response) -> list[str]:
    return [o.name for o in response.context["organizations"]]


def test_the_coordinator_sees_profiles_not_confirmed_for_a_year(
    client, coordinator, municipality, other_municipality
):
    now = timezone.now()
    never = OrganizationFactory(name="Aldri bekreftet", municipalities=[municipality])
    Organization.objects.filter(pk=never.pk).update(created_at=now - timedelta(days=400))
    # Made last month and never confirmed: its first year has not run out (as for the e-mail).
    OrganizationFactory(name="Ny, aldri bekreftet", municipalities=[municipality])
    old = OrganizationFactory(name="Bekreftet i fjor", municipalities=[municipality])
    fresh = OrganizationFactory(name="Bekreftet nylig", municipalities=[municipality])
    Organization.objects.filter(pk=old.pk).update(confirmed_at=now - timedelta(days=400))
    Organization.objects.filter(pk=fresh.pk).update(confirmed_at=now - timedelta(days=30))
    OrganizationFactory(name="I en annen kommune", municipalities=[other_municipality])
    client.force_login(coordinator)

    response = client.get(stale_url(municipality))

    assert response.status_code == 200
    assert listed(response) == ["Aldri bekreftet", "Bekreftet i fjor"]


def test_confirming_takes_the_organisation_off_the_list(
    client, coordinator, municipality, organization, organization_admin
):
    client.force_login(organization_admin)
    response = client.post(reverse("organizations:confirm", args=[organization.pk]))
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.confirmed_at is not None

    client.force_login(coordinator)
    assert organization.name not in listed(client.get(stale_url(municipality)))


def test_someone_outside_the_organisation_cannot_confirm_it(client, organization, member):
    client.force_login(member)
    client.post(reverse("organizations:confirm", args=[organization.pk]))
    organization.refresh_from_db()
    assert organization.confirmed_at is None


@pytest.mark.parametrize("who", ["organization_admin", "caseworker", "other_coordinator"])
def test_the_stale_list_is_the_coordinators_only(client, request, municipality, who):
    client.force_login(request.getfixturevalue(who))  # other_coordinator: of other_municipality

    assert client.get(stale_url(municipality)).status_code == 404


def test_the_stale_list_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, coordinator, municipality
):
    client.force_login(coordinator)
    a_year_ago = timezone.now() - timedelta(days=400)
    old = OrganizationFactory(municipalities=[municipality])
    Organization.objects.filter(pk=old.pk).update(created_at=a_year_ago)
    with django_assert_max_num_queries(15) as small:
        client.get(stale_url(municipality))
    for _ in range(10):
        OrganizationFactory(municipalities=[municipality])
    Organization.objects.update(created_at=a_year_ago)
    with django_assert_max_num_queries(15) as large:
        response = client.get(stale_url(municipality))

    assert len(listed(response)) == 11
    assert len(large) == len(small)


def test_saving_the_profile_counts_as_confirming_it(organization, organization_admin):
    from organizations import services

    services.organization_update(
        organization=organization, by=organization_admin, fields={"phone": ""}, m2m={}
    )

    organization.refresh_from_db()
    assert organization.confirmed_at is not None


def test_the_directory_marks_a_profile_not_confirmed_for_two_years(client, municipality):
    long_ago = timezone.now() - timedelta(days=2 * 365 + 10)
    old = OrganizationFactory(name="Gammel profil", verified=True, municipalities=[municipality])
    Organization.objects.filter(pk=old.pk).update(confirmed_at=long_ago)
    recent = OrganizationFactory(name="Fersk profil", verified=True, municipalities=[municipality])
    Organization.objects.filter(pk=recent.pk).update(
        confirmed_at=timezone.now() - timedelta(days=400)
    )

    html = client.get(reverse("organizations:directory")).content.decode()

    assert html.count("Ikke bekreftet siden") == 1
    assert html.index("Gammel profil") < html.index("Ikke bekreftet siden")
    detail = client.get(reverse("organizations:detail", args=[old.pk])).content.decode()
    assert "Ikke bekreftet siden" in detail
    detail = client.get(reverse("organizations:detail", args=[recent.pk])).content.decode()
    assert "Ikke bekreftet siden" not in detail


def test_a_profile_never_confirmed_counts_from_when_it_was_made(municipality):
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    assert organization.unconfirmed_since is None
    made = timezone.now() - timedelta(days=800)
    Organization.objects.filter(pk=organization.pk).update(created_at=made, confirmed_at=None)
    organization.refresh_from_db()
    assert organization.unconfirmed_since == made


# -- after longer, hidden from the public directory (never deleted) ------------------------------


@pytest.fixture
def forgotten(municipality):
    """A verified organisation with an activity, confirmed last three and a half years ago, and
    one confirmed last year."""
    from tests.factories import ActivityFactory

    old = OrganizationFactory(name="Glemt lag", verified=True, municipalities=[municipality])
    Organization.objects.filter(pk=old.pk).update(
        confirmed_at=timezone.now() - timedelta(days=3 * 365 + 180)
    )
    ActivityFactory(organization=old, municipality=municipality, title="Glemt språkkafé")
    recent = OrganizationFactory(name="Levende lag", verified=True, municipalities=[municipality])
    Organization.objects.filter(pk=recent.pk).update(
        confirmed_at=timezone.now() - timedelta(days=400)
    )
    ActivityFactory(organization=recent, municipality=municipality, title="Levende språkkafé")
    return old


def test_a_profile_unconfirmed_for_three_years_leaves_the_public_directory_but_not_the_list(
    client, coordinator, municipality, forgotten
):
    from organizations.selectors import public_offers_in

    organizations = client.get(reverse("organizations:directory")).content.decode()
    activities = client.get(reverse("organizations:activity_directory")).content.decode()
    assert "Levende lag" in organizations
    assert "Glemt lag" not in organizations
    assert "Levende språkkafé" in activities
    assert "Glemt språkkafé" not in activities
    assert [a.title for a in public_offers_in(municipality)] == ["Levende språkkafé"]

    # Nothing is deleted: the coordinator's list shows it, marked as hidden.
    client.force_login(coordinator)
    page = client.get(stale_url(municipality)).content.decode()
    assert "Glemt lag" in page
    assert page.count("Skjult fra den offentlige katalogen") == 1


def test_confirming_brings_a_hidden_profile_back(
    client, municipality, forgotten, django_capture_on_commit_callbacks
):
    from organizations.services import organization_confirm
    from tests.factories import OrganizationMembershipFactory

    admin = OrganizationMembershipFactory(
        organization=forgotten, role=OrganizationMembership.Role.ADMIN
    ).user
    with django_capture_on_commit_callbacks(execute=True):
        organization_confirm(organization=forgotten, by=admin)

    assert "Glemt lag" in client.get(reverse("organizations:directory")).content.decode()


def test_the_periods_are_settings(client, municipality, forgotten, settings):
    settings.PROFILE_HIDDEN_AFTER_DAYS = 5 * 365
    assert "Glemt lag" in client.get(reverse("organizations:directory")).content.decode()
    settings.PROFILE_HIDDEN_AFTER_DAYS = 300
    # Another question than the first, which the directory's cache keeps for two minutes.
    html = client.get(reverse("organizations:directory") + "?page=1").content.decode()
    assert "Glemt lag" not in html
    assert "Levende lag" not in html


def test_an_activity_of_a_profile_not_confirmed_for_two_years_says_so(client, municipality):
    """An activity is as current as its organisation's profile: confirming the profile confirms
    its activities, and their page and card carry the same mark."""
    from tests.factories import ActivityFactory

    old = OrganizationFactory(name="Gammel profil", verified=True, municipalities=[municipality])
    Organization.objects.filter(pk=old.pk).update(
        confirmed_at=timezone.now() - timedelta(days=2 * 365 + 10)
    )
    stale = ActivityFactory(organization=old, municipality=municipality, title="Gammel kafé")
    recent = OrganizationFactory(name="Fersk profil", verified=True, municipalities=[municipality])
    fresh = ActivityFactory(organization=recent, municipality=municipality, title="Fersk kafé")

    assert "Ikke bekreftet siden" in client.get(stale.get_absolute_url()).content.decode()
    assert "Ikke bekreftet siden" not in client.get(fresh.get_absolute_url()).content.decode()
    cards = client.get(reverse("organizations:activity_directory")).content.decode()
    assert cards.count("Ikke bekreftet siden") == 1
    assert cards.index("Gammel kafé") < cards.index("Ikke bekreftet siden")
