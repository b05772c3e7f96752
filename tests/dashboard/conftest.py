"""A municipality with known figures: every panel, chart and report figure has one expected value.

Times are relative to `now` (the views read the clock) and kept well away from every boundary.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import Meeting
from organizations.models import Organization
from tests.factories import (
    AgreementFactory,
    ConsentFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ReferralFactory,
    VenueFactory,
    person_fixture,
    weekly_premises,
)

# A person whose details must never appear on a start page, in a report or in an export.
PERSON = {
    "given_name": "Zebulon",
    "family_name": "Quintessa",
    "phone": "+4799887766",
    "email": "zebulon.quintessa@example.net",
    "postal_area": "Xyloville",
}
REASON = "no_capacity"  # the category, which the start page counts
# What the contact person wrote for the caseworker: it names the person, so no coordinator's page
# (nor the cache behind it) may ever show it.
REASON_NOTE = f"{PERSON['given_name']} is already with us, her phone {PERSON['phone']}"


@dataclass
class Seeded:
    now: object
    verified: Organization
    pending: Organization
    rejected: Organization
    upcoming: Meeting
    unminuted: Meeting


def _referral(consent, *, now, days_ago, status="submitted", reason="", note="", **times):
    created = now - timedelta(days=days_ago)
    values = {key: now - timedelta(days=ago) for key, ago in times.items()}
    return ReferralFactory(
        consent=consent,
        created_at=created,
        status=status,
        decline_category=reason,
        decline_reason=note,
        **values,
    )


def seed(municipality, other_municipality, *, now, extra: int = 0) -> Seeded:
    verified = OrganizationFactory(
        name="Drammen Røde Kors",
        verified=True,
        municipalities=[municipality],
        categories=["large", "volunteer_centre"],
    )
    pending = OrganizationFactory(
        name="Strømsø Sjakklubb", municipalities=[municipality], categories=["sports"]
    )
    rejected = OrganizationFactory(
        name="Gamle Lag", status="rejected", municipalities=[municipality], categories=["sports"]
    )
    Organization.objects.filter(pk=rejected.pk).update(created_at=now - timedelta(days=400))
    OrganizationFactory(
        name="Asker Lag", municipalities=[other_municipality], categories=["sports"]
    )

    # Agreements: 2 active (one with review in 30 days), 1 for approval, 1 draft (review later).
    AgreementFactory(
        municipality=municipality, status="active", review_on=now.date() + timedelta(days=30)
    )
    AgreementFactory(municipality=municipality, status="active")
    AgreementFactory(municipality=municipality, status="approval")
    AgreementFactory(
        municipality=municipality, status="draft", review_on=now.date() + timedelta(days=90)
    )
    AgreementFactory(municipality=other_municipality, status="active")

    # Meetings: one in 3 days with three answers, one in 20 days, one cancelled in 2 days, one
    # held 10 days ago without minutes (one attended), one held 12 days ago with minutes.
    upcoming = MeetingFactory(
        municipality=municipality, title="Dialogmøte våren", starts_at=now + timedelta(days=3)
    )
    ParticipationFactory(meeting=upcoming, organization=verified, response="yes")
    ParticipationFactory(meeting=upcoming, organization=pending, response="no")
    ParticipationFactory(meeting=upcoming, organization=rejected, response="pending")
    MeetingFactory(municipality=municipality, starts_at=now + timedelta(days=20))
    MeetingFactory(municipality=municipality, starts_at=now + timedelta(days=2), status="cancelled")
    unminuted = MeetingFactory(
        municipality=municipality, title="Evaluering høsten", starts_at=now - timedelta(days=10)
    )
    ParticipationFactory(meeting=unminuted, organization=verified, response="yes", attended=True)
    ParticipationFactory(meeting=unminuted, organization=pending, response="yes", attended=False)
    MeetingFactory(
        municipality=municipality, starts_at=now - timedelta(days=12), minutes="Referat."
    )
    MeetingFactory(municipality=other_municipality, starts_at=now + timedelta(days=3))

    # Referrals to the verified organisation, all of one distinctive person (made directly, so
    # no agreement is added for them: the agreement figures count the ones seeded above).
    person = PersonFactory(municipality=municipality, **PERSON)
    consent = ConsentFactory(
        person=person, organizations=[verified], organizations__agreement=False
    )
    _referral(consent, now=now, days_ago=2)  # submitted, not overdue
    _referral(consent, now=now, days_ago=7)  # submitted, overdue
    _referral(consent, now=now, days_ago=8, status="routed", routed_at=6)  # overdue
    _referral(consent, now=now, days_ago=25, status="accepted", accepted_at=20)  # overdue
    _referral(consent, now=now, days_ago=5, status="accepted", accepted_at=3)
    for days in (2, 4, 10):  # contact made after 2, 4 and 10 days: median 4, p90 8.8
        _referral(consent, now=now, days_ago=30, status="contact_made", contact_at=30 - days)
    for _ in range(2):
        _referral(
            consent,
            now=now,
            days_ago=15,
            status="declined",
            reason=REASON,
            note=REASON_NOTE,
            answered_at=14,
        )
    _referral(consent, now=now, days_ago=40, status="withdrawn")

    for index in range(extra):  # more of everything, for the query counts
        org = OrganizationFactory(municipalities=[municipality], categories=["faith"])
        other_consent = ConsentFactory(
            person=PersonFactory(municipality=municipality),
            organizations=[org],
            organizations__agreement=False,
        )
        for days in range(5):
            _referral(
                other_consent, now=now, days_ago=days + index, status="contact_made", contact_at=0
            )
        meeting = MeetingFactory(
            municipality=municipality, starts_at=now + timedelta(days=1 + index % 10)
        )
        ParticipationFactory(meeting=meeting, organization=org)
        MeetingFactory(municipality=municipality, starts_at=now - timedelta(days=1 + index % 60))
        AgreementFactory(municipality=municipality, status="active")

    return Seeded(now, verified, pending, rejected, upcoming, unminuted)


@pytest.fixture
def seeded(municipality, other_municipality):
    return seed(municipality, other_municipality, now=timezone.now())


# -- requests for the municipality's premises (test_place_requests, test_premises_booking,
# test_slot_proposals) -----------------------------------------------------------------------


@pytest.fixture
def club(municipality):
    """A verified organisation of `municipality` that asks for premises."""
    return OrganizationFactory(
        name="Drammen Sjakklubb", verified=True, municipalities=[municipality]
    )


club_admin = person_fixture("club", "admin")


@pytest.fixture
def venue(municipality):
    return VenueFactory(municipality=municipality, name="Fjell bydelshus", room="Sal 2")


@pytest.fixture
def premises(municipality, venue):
    """Fjell bydelshus on Tuesdays and Thursdays 17–20, one of the municipality's venues: a grant
    books the venue for the term."""
    return weekly_premises(municipality, venue=venue)
