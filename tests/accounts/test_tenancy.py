"""The tenant context (accounts/tenancy.py): a staff user acts in one municipality at a time,
the active one, and everything they make lands there."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import MunicipalityMembership
from accounts.tenancy import SESSION_KEY
from agreements.models import Agreement
from announcements.models import Announcement
from grants.models import Scheme
from meetings.models import Kind, Meeting
from organizations.models import Organization
from tests.factories import (
    MunicipalityFactory,
    MunicipalityMembershipFactory,
    OrganizationFactory,
    person_of,
    set_organization_status,
)
from tests.grants.helpers import municipal_scheme_form

pytestmark = pytest.mark.django_db

SWITCH = reverse("accounts:switch_municipality")
MEETING_DAY = timezone.localdate() + timedelta(days=30)


@pytest.fixture
def coordinator_of_two(coordinator, other_municipality):
    """A coordinator of Drammen (A) and of Asker (B), signed in with English pages."""
    MunicipalityMembershipFactory(
        user=coordinator,
        municipality=other_municipality,
        role=MunicipalityMembership.Role.COORDINATOR,
    )
    coordinator.preferred_language = "en"
    coordinator.save(update_fields=["preferred_language"])
    return coordinator


@pytest.fixture
def audiences(municipality, other_municipality):
    """A verified organisation with a contact person in each municipality (announcements go to
    them)."""
    for place in (municipality, other_municipality):
        organization = OrganizationFactory(name=f"Frivillig {place.name}", municipalities=[place])
        set_organization_status(organization, Organization.Status.VERIFIED)
        person_of(organization, "contact")


def switch_to(client, municipality, next_url="/dashboard/"):
    return client.post(SWITCH, {"municipality": municipality.slug, "next": next_url})


def _errors(response):
    return response.context["form"].errors if response.context else response.status_code


def dialogue_data(organizer, title):
    """The meeting form filled in: an online dialogue meeting organised by `organizer`."""
    return {
        "organizer": f"m{organizer.pk}",
        "kind": Kind.DIALOGUE,
        "title": title,
        "online_url": "https://meet.example.org/dialog",
        "date": MEETING_DAY.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "interval": "1",
        "reminders": ["2880"],
    }


def make_everything(client, place) -> None:
    """An agreement, a grant scheme, a meeting and an announcement, through the pages."""
    response = client.post(
        reverse("agreements:create"),
        {"title": f"Avtale {place.slug}", "starts_on": "2031-01-01"},
    )
    assert response.status_code == 302, _errors(response)
    response = client.post(
        reverse("grants:scheme_create"),
        municipal_scheme_form(
            f"Tilskudd {place.slug}",
            administrator_name=place.name,
            summary_en="Small grants.",
            deadline_rule="1 March every year",
        ),
    )
    assert response.status_code == 302, _errors(response)
    response = client.post(
        reverse("meetings:create"), dialogue_data(place, f"Dialogmøte {place.slug}")
    )
    assert response.status_code == 302, _errors(response)
    response = client.post(
        reverse("announcements:create"),
        {"title": f"Nytt fra {place.slug}", "body": "Frist 1. mars."},
    )
    assert response.status_code == 302, _errors(response)


@pytest.mark.parametrize("active", ["a", "b"])
def test_what_a_coordinator_of_two_municipalities_makes_lands_in_the_active_one(
    client, coordinator_of_two, municipality, other_municipality, audiences, active
):
    place, elsewhere = (
        (municipality, other_municipality) if active == "a" else (other_municipality, municipality)
    )
    client.force_login(coordinator_of_two)
    assert switch_to(client, place).status_code == 302

    make_everything(client, place)

    assert Agreement.objects.get().municipality == place
    assert Scheme.objects.get(name=f"Tilskudd {place.slug}").municipality == place
    assert Meeting.objects.get().municipality == place
    assert Announcement.objects.get().municipality == place
    for model in (Agreement, Meeting, Announcement):
        assert not model.objects.filter(municipality=elsewhere).exists()


def test_the_forms_offer_only_the_active_municipality(
    client, coordinator_of_two, municipality, other_municipality
):
    """With Asker active, organising a meeting as Drammen is not a choice."""
    client.force_login(coordinator_of_two)
    switch_to(client, other_municipality)

    response = client.post(reverse("meetings:create"), dialogue_data(municipality, "Dialogmøte"))

    assert response.status_code == 200
    assert "organizer" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_the_header_shows_the_active_municipality_and_switches(
    client, coordinator_of_two, municipality, other_municipality
):
    client.force_login(coordinator_of_two)

    page = client.get(reverse("agreements:list")).content.decode()
    # The first by name until the user chooses: Asker kommune, then Drammen kommune.
    assert 'data-active-municipality="asker"' in page
    assert '<option value="asker" selected>Asker kommune</option>' in page
    assert '<option value="drammen">Drammen kommune</option>' in page

    response = switch_to(client, municipality, next_url=reverse("agreements:list"))

    assert response.url == reverse("agreements:list")
    page = client.get(response.url).content.decode()
    assert 'data-active-municipality="drammen"' in page
    assert '<option value="drammen" selected>Drammen kommune</option>' in page


def test_an_unsafe_next_address_goes_to_the_start_page(
    client, coordinator_of_two, other_municipality
):
    client.force_login(coordinator_of_two)
    response = switch_to(client, other_municipality, next_url="https://evil.example.com/")
    assert response.url == reverse("dashboard")


@pytest.mark.parametrize("target", ["foreign", "unknown"])
def test_switching_to_a_municipality_where_the_user_is_not_staff_is_404_and_changes_nothing(
    client, coordinator_of_two, municipality, other_municipality, target
):
    client.force_login(coordinator_of_two)
    switch_to(client, municipality)
    foreign = MunicipalityFactory(name="Bergen kommune", number="4601", slug="bergen")

    slug = foreign.slug if target == "foreign" else "finnes-ikke"
    response = client.post(SWITCH, {"municipality": slug, "next": "/dashboard/"})

    assert response.status_code == 404
    assert client.session[SESSION_KEY] == municipality.pk
    page = client.get(reverse("agreements:list")).content.decode()
    assert 'data-active-municipality="drammen"' in page


def test_a_role_removed_since_the_switch_falls_back_to_a_municipality_still_held(
    client, coordinator_of_two, municipality, other_municipality
):
    client.force_login(coordinator_of_two)
    switch_to(client, other_municipality)
    MunicipalityMembership.objects.filter(
        user=coordinator_of_two, municipality=other_municipality
    ).delete()

    client.post(reverse("agreements:create"), {"title": "Avtale", "starts_on": "2031-01-01"})

    assert Agreement.objects.get().municipality == municipality


def test_a_single_municipality_user_sees_no_switcher_and_acts_in_their_own(
    client, log_in, municipality
):
    log_in("coordinator")

    page = client.get(reverse("agreements:list")).content.decode()
    assert "municipality-switcher" not in page
    assert "· Drammen kommune" in page

    client.post(reverse("agreements:create"), {"title": "Avtale", "starts_on": "2031-01-01"})
    assert Agreement.objects.get().municipality == municipality


def test_a_user_who_is_staff_nowhere_has_no_tenant(client, log_in):
    log_in("contact_person")
    page = client.get(reverse("dashboard")).content.decode()
    assert "municipality-switcher" not in page
    assert client.post(SWITCH, {"municipality": "drammen"}).status_code == 404


def test_a_caseworker_registers_persons_in_the_active_municipality_only_where_caseworker(
    client, coordinator_of_two, municipality, other_municipality
):
    """Coordinator of Asker, caseworker of Drammen too: with Asker active, no person form."""
    MunicipalityMembership.objects.filter(
        user=coordinator_of_two, municipality=municipality
    ).update(role=MunicipalityMembership.Role.CASEWORKER)
    client.force_login(coordinator_of_two)

    switch_to(client, other_municipality)
    assert client.get(reverse("referrals:person_new")).status_code == 403
    switch_to(client, municipality)
    assert client.get(reverse("referrals:person_new")).status_code == 200


def _queries(client, url, settings, *, with_tenant: bool) -> int:
    if not with_tenant:
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "tenancy" not in m]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [reverse("accounts:profile"), reverse("notifications:list"), reverse("meetings:calendar")],
)
def test_the_middleware_adds_at_most_one_query_to_a_page(client, coordinator_of_two, settings, url):
    client.force_login(coordinator_of_two)
    client.get(url)  # warm up: content types, the session

    with_tenant = _queries(client, url, settings, with_tenant=True)
    without = _queries(client, url, settings, with_tenant=False)

    assert with_tenant <= without + 1


@pytest.mark.parametrize(
    "url", [reverse("agreements:create"), reverse("dashboard"), reverse("announcements:list")]
)
def test_the_staff_municipalities_are_read_once_per_page(client, coordinator_of_two, url):
    """The view, the header's switcher and its list share one query (the start page's own
    list of municipalities is that query)."""
    client.force_login(coordinator_of_two)
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        client.get(url)

    reads = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "accounts_municipality"' in q["sql"]
        and 'ORDER BY "accounts_municipality"."name"' in q["sql"]
    ]
    assert len(reads) == 1


def _make_in(kind: str, *, by, municipality):
    from agreements.services import agreement_create
    from announcements.services import announcement_send
    from grants.services import scheme_save
    from meetings.services import meeting_create
    from referrals.services import person_register

    now = timezone.now()
    if kind == "agreement":
        return agreement_create(
            by=by,
            municipality=municipality,
            template=None,
            organizations=[],
            title="Avtale",
            starts_on=date(2031, 1, 1),
        )
    if kind == "scheme":
        return scheme_save(by=by, scheme=None, municipality=municipality, fields={})
    if kind == "meeting":
        return meeting_create(
            by=by,
            municipality=municipality,
            organizer_organization=None,
            fields={"title": "Møte", "kind": Kind.DIALOGUE},
            starts_at=now + timedelta(days=30),
            ends_at=now + timedelta(days=30, hours=2),
        )
    if kind == "announcement":
        return announcement_send(
            municipality=municipality, author=by, title="Nytt", body="Tekst", audience={}, now=now
        )
    return person_register(by=by, municipality=municipality, given_name="Ola")


@pytest.mark.parametrize("kind", ["agreement", "scheme", "meeting", "announcement", "person"])
def test_the_services_refuse_a_municipality_the_user_is_not_staff_in(
    coordinator_of_two, caseworker, kind
):
    """Whatever a view passes on, the service asks the rule with that municipality."""
    foreign = MunicipalityFactory(name="Bergen kommune", number="4601", slug="bergen")
    by = caseworker if kind == "person" else coordinator_of_two

    with pytest.raises(PermissionDenied):
        _make_in(kind, by=by, municipality=foreign)

    for model in (Agreement, Scheme, Meeting, Announcement):
        assert not model.objects.filter(municipality=foreign).exists()
