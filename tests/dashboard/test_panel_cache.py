"""The coordinator panels of a municipality are computed once for all its coordinators
(dashboard.views.PANELS): a second view costs fewer queries and shows the same figures; any change
to what they count shows at once; municipalities and languages never mix."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import MunicipalityMembership
from meetings.models import Meeting
from referrals.models import Referral
from tests.dashboard.conftest import REASON_NOTE
from tests.dashboard.test_views import decline_label, figure
from tests.factories import OrganizationFactory, ParticipationFactory, staff_of

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")
# organisations 1, categories 1, agreements 1, meetings 2, referrals with their decline reasons 1,
# grants 2, open needs 1, waiting requests for premises and arenas 1
PANEL_QUERIES = 10


def start_page(user, **params) -> tuple[str, int]:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD, params)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.fixture
def colleague(municipality):
    """A second coordinator of the same municipality."""
    return staff_of(municipality, MunicipalityMembership.Role.COORDINATOR)


def test_a_second_coordinator_gets_the_same_figures_with_fewer_queries(
    coordinator, colleague, seeded
):
    first, first_queries = start_page(coordinator)
    second, second_queries = start_page(colleague)

    for name in ("organisations-pending", "referrals-submitted", "meetings-upcoming"):
        assert figure(second, name) == figure(first, name)
    assert decline_label() in second
    assert REASON_NOTE not in first + second
    assert second_queries == first_queries - PANEL_QUERIES


def test_a_new_organisation_shows_at_once(coordinator, municipality, seeded):
    before, _ = start_page(coordinator)
    OrganizationFactory(name="Nytt Lag", status="pending", municipalities=[municipality])

    after, _ = start_page(coordinator)

    assert (
        int(figure(after, "organisations-pending"))
        == int(figure(before, "organisations-pending")) + 1
    )


def test_a_referral_answered_and_an_rsvp_show_at_once(coordinator, seeded):
    before, _ = start_page(coordinator)
    referral = Referral.objects.filter(status="submitted").order_by("pk").first()
    referral.status = "routed"
    referral.save()
    ParticipationFactory(
        meeting=seeded.upcoming, organization=OrganizationFactory(), response="yes"
    )

    after, _ = start_page(coordinator)

    assert (
        int(figure(after, "referrals-submitted")) == int(figure(before, "referrals-submitted")) - 1
    )
    assert int(figure(after, "referrals-routed")) == int(figure(before, "referrals-routed")) + 1
    assert after != before


def test_municipalities_never_mix(coordinator, other_coordinator, seeded):
    own, _ = start_page(coordinator)
    other, other_queries = start_page(other_coordinator)

    assert figure(own, "agreements-active") == "2"
    assert figure(other, "agreements-active") == "1"
    assert decline_label() not in other
    _, again = start_page(other_coordinator)
    assert again == other_queries - PANEL_QUERIES  # now cached, under its own municipality


def test_languages_never_mix(coordinator, colleague, seeded, settings):
    start_page(coordinator)  # cached in Norwegian
    colleague.preferred_language = "en"
    colleague.save()

    english, queries = start_page(colleague)

    assert 'lang="en"' in english
    _, norwegian_queries = start_page(coordinator)
    assert queries == norwegian_queries + PANEL_QUERIES  # computed anew for English


def test_a_change_in_another_municipality_keeps_these_panels(
    coordinator, other_coordinator, seeded, other_municipality
):
    _, first_queries = start_page(coordinator)
    start_page(other_coordinator)
    meeting = Meeting.objects.filter(municipality=other_municipality).get()
    meeting.title = "Nytt navn"
    meeting.save()

    _, own_queries = start_page(coordinator)
    _, other_queries = start_page(other_coordinator)

    assert own_queries == first_queries - PANEL_QUERIES  # still cached
    assert other_queries > own_queries  # computed anew


def test_an_organisation_change_makes_every_municipalitys_panels_stale(
    coordinator, other_coordinator, seeded
):
    start_page(coordinator)
    _, other_cached = start_page(other_coordinator)
    _, other_cached = start_page(other_coordinator)
    seeded.verified.name = "Drammen Røde Kors (ny)"
    seeded.verified.save()

    _, other_after = start_page(other_coordinator)

    assert other_after == other_cached + PANEL_QUERIES


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_municipalitys_version_changes_again_when_the_transaction_commits(municipality):
    from django.core.cache import cache
    from django.db import transaction

    from dashboard.views import PANELS
    from tests.factories import MeetingFactory

    scoped = PANELS._version_key(municipality.pk)
    with transaction.atomic():
        MeetingFactory(municipality=municipality)
        before_commit = cache.get(scoped)

    assert before_commit is not None
    assert cache.get(scoped) != before_commit
