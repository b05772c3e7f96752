"""R56/R63: a scheme says whether the municipality hands it out and whether cooperation with the
municipality counts, names the grant manager's contact person, and lists its coming information
meetings with a link to sign up."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Scheme
from meetings.models import Kind
from tests.factories import MeetingFactory
from tests.grants.helpers import municipal_scheme_form

pytestmark = pytest.mark.django_db


def test_a_coordinator_links_an_information_meeting_and_the_scheme_page_shows_it(
    english, client, municipality, coordinator
):
    coming = MeetingFactory(
        municipality=municipality, kind=Kind.GRANT_INFORMATION, title="Grant evening"
    )
    past = MeetingFactory(
        municipality=municipality,
        kind=Kind.GRANT_INFORMATION,
        title="Last year's evening",
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=2),
    )
    client.force_login(coordinator)
    form_page = client.get(reverse("grants:scheme_create")).content.decode()
    assert "Grant evening" in form_page
    response = client.post(
        reverse("grants:scheme_create"),
        municipal_scheme_form(
            "Local integration round",
            summary_en="Money for activities.",
            delegated_to_municipality="on",
            cooperation_is_criterion="on",
            contact_person="Kari Nordmann",
            contact_email="kari@drammen.example",
            information_meetings=[coming.pk],
        ),
    )
    assert response.status_code == 302
    scheme = Scheme.objects.get(name="Local integration round")
    scheme.information_meetings.add(past)
    page = client.get(scheme.get_absolute_url()).content.decode()
    assert "Yes: the municipality runs a local round of this scheme." in page
    assert "Counts when applications are weighed." in page
    assert "Kari Nordmann" in page
    assert "Sign up for Grant evening" in page
    assert reverse("meetings:detail", args=[coming.pk]) in page
    assert "Last year's evening" not in page


def test_a_scheme_cannot_link_another_municipalitys_meeting(
    client, municipality, other_municipality, coordinator
):
    theirs = MeetingFactory(municipality=other_municipality, kind=Kind.GRANT_INFORMATION)
    client.force_login(coordinator)
    response = client.post(
        reverse("grants:scheme_create"),
        municipal_scheme_form("Local round", summary_en="Money.", information_meetings=[theirs.pk]),
    )
    assert response.status_code == 400
    assert not Scheme.objects.filter(name="Local round").exists()
