import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from core.time import OSLO
from dashboard import selectors
from dashboard.selectors import Period
from tests.dashboard.conftest import REASON
from tests.factories import (
    AgreementFactory,
    ConsentFactory,
    MeetingFactory,
    ParticipationFactory,
    PartyFactory,
    PersonFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db


def test_organisation_figures_count_this_municipality_by_status(seeded, municipality):
    figures = selectors.organization_figures(municipality, now=seeded.now)
    assert figures == {
        "total": 3,
        "pending": 1,
        "verified": 1,
        "rejected": 1,
        "new_this_quarter": 2,
    }


def test_organisations_by_category_lists_every_category(seeded, municipality):
    counts = {
        t.code: t.organization_count for t in selectors.organizations_by_category(municipality)
    }
    assert counts["sports"] == 2  # Asker's sports club is not counted
    assert counts["large"] == counts["volunteer_centre"] == 1
    assert counts["faith"] == 0


def test_agreement_figures(seeded, municipality):
    assert selectors.agreement_figures(municipality, now=seeded.now) == {
        "active": 2,
        "approval": 1,
        "review_due": 1,
    }


def test_upcoming_meetings_count_the_answers(seeded, municipality):
    (meeting,) = selectors.upcoming_meetings(municipality, now=seeded.now)
    assert meeting == seeded.upcoming
    assert (meeting.total, meeting.yes_count, meeting.maybe_count, meeting.no_count) == (1, 1, 0, 1)
    assert meeting.pending_count == 1


def test_meetings_without_minutes(seeded, municipality):
    (meeting,) = selectors.meetings_without_minutes(municipality, now=seeded.now)
    assert meeting == seeded.unminuted
    assert meeting.total == 1


def test_referral_figures_with_overdue_and_percentiles(seeded, municipality):
    figures = selectors.referral_figures(municipality, now=seeded.now)
    assert {k: figures[k] for k in ("submitted", "routed", "accepted", "declined", "open")} == {
        "submitted": 2,
        "routed": 1,
        "accepted": 2,
        "declined": 2,
        "open": 5,
    }
    assert figures["overdue_answer"] == 2
    assert figures["overdue_contact"] == 1
    assert figures["contact_count"] == 3
    assert figures["median_days"] == 4.0
    assert figures["p90_days"] == 8.8


def test_decline_reasons_are_grouped_by_category_without_the_free_text(seeded, municipality):
    assert selectors.decline_reasons(municipality) == [{"decline_category": REASON, "n": 2}]


def test_percentiles_are_empty_without_contact(municipality):
    figures = selectors.referral_figures(municipality, now=timezone.now())
    assert figures["median_days"] is None
    assert figures["p90_days"] is None


def test_charts_count_the_last_twelve_months(seeded, municipality):
    months = selectors.referrals_by_month(municipality, now=seeded.now)
    assert len(months) == 12
    assert months[-1]["month"] == selectors.local_today(seeded.now).replace(day=1)
    totals = {key: sum(row[key] for row in months) for key in selectors.OUTCOMES}
    assert totals == {"open": 5, "contact_made": 3, "declined": 2, "other": 1}
    meetings = selectors.meetings_by_month(municipality, now=seeded.now)
    assert sum(row["meetings"] for row in meetings) == 2  # held; the planned and cancelled not
    assert sum(row["attended"] for row in meetings) == 1


def test_twelve_months_back_cross_the_new_year():
    months = selectors.last_months(datetime.date(2025, 3, 15))
    assert months[0] == datetime.date(2024, 4, 1)
    assert months[-1] == datetime.date(2025, 3, 1)


def test_the_report_period_is_whole_days_in_oslo(municipality, organization):
    consent = ConsentFactory(
        person=PersonFactory(municipality=municipality),
        organizations=[organization],
        organizations__agreement=False,
    )

    def at(*args):
        return datetime.datetime(*args, tzinfo=OSLO)

    for created in (
        at(2024, 12, 31, 23, 30),  # last year in Oslo (22:30 UTC)
        at(2025, 1, 1, 0, 30),  # this year in Oslo, though 31 December in UTC
        at(2025, 1, 31, 23, 59),  # the last day is included
        at(2025, 2, 1, 0, 0),  # the day after is not
    ):
        ReferralFactory(consent=consent, created_at=created)

    report = selectors.report_for(
        municipality, Period(datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))
    )

    assert report.referrals["submitted"] == 2
    assert report.referrals["submitted_open"] == 2
    (row,) = [o for o in report.by_organization if o.pk == organization.pk]
    assert row.referrals_received == 2


def test_the_report_counts_the_seeded_period(seeded, municipality):
    today = selectors.local_today(seeded.now)
    report = selectors.report_for(municipality, Period(today - timedelta(days=60), today))
    assert report.organizations["registered"] == 2
    assert report.organizations["verified_now"] == 1
    assert report.agreements["active_now"] == 2
    assert report.meetings == {
        "held": 2,
        "cancelled": 0,
        "invitations": 2,
        "answered_yes": 2,
        "attended": 1,
    }
    r = report.referrals
    assert (r["submitted"], r["submitted_contact_made"], r["submitted_declined"]) == (11, 3, 2)
    assert (r["contact_made"], r["median_days"], r["p90_days"]) == (3, 4.0, 8.8)
    assert r["declined"] == 2
    by_name = {o.name: o for o in report.by_organization}
    assert by_name["Drammen Røde Kors"].referrals_received == 11
    assert by_name["Drammen Røde Kors"].meetings_attended == 1
    assert "Asker Lag" not in by_name


def test_caseworker_figures_count_their_own_referrals(caseworker, municipality, organization):
    person = PersonFactory(municipality=municipality)
    consent = ConsentFactory(
        person=person, organizations=[organization], organizations__agreement=False
    )
    ReferralFactory(consent=consent, created_by=caseworker)
    ReferralFactory(consent=consent, created_by=caseworker, status="accepted")
    ReferralFactory(consent=consent)  # another caseworker's
    ReferralFactory(consent=consent, created_by=caseworker, status="closed")
    PersonFactory(municipality=municipality)  # nothing open
    expiring = ConsentFactory(
        person=PersonFactory(municipality=municipality),
        valid_until=timezone.localdate() + timedelta(days=10),
    )
    assert expiring.pk

    figures = selectors.caseworker_figures(caseworker, now=timezone.now())

    assert (figures["submitted"], figures["routed"], figures["accepted"], figures["open"]) == (
        1,
        0,
        1,
        2,
    )
    assert figures["consents_expiring"] == 1
    assert figures["persons_without_open"] == 2


def test_organisation_panel_counts_what_waits_and_what_the_profile_lacks(
    contact_person, organization, municipality
):
    from agreements.models import Version

    now = timezone.now()
    meeting = MeetingFactory(municipality=municipality, starts_at=now + timedelta(days=2))
    ParticipationFactory(meeting=meeting, organization=organization, response="pending")
    consent = ConsentFactory(
        person=PersonFactory(municipality=municipality),
        organizations=[organization],
        organizations__agreement=False,
    )
    ReferralFactory(consent=consent)
    ReferralFactory(consent=consent, status="accepted")
    agreement = AgreementFactory(municipality=municipality, status="approval")
    PartyFactory(agreement=agreement, organization=organization)
    Version.objects.create(agreement=agreement, number=1, snapshot={})

    (panel,), meetings = selectors.organization_panels(contact_person, now=now)

    assert (panel.pending_invitations, panel.referrals_waiting, panel.agreements_to_approve) == (
        1,
        1,
        1,
    )
    assert panel.missing == ["verified", "weekly_activity", "languages", "categories", "logo"]
    assert panel.completeness == 29
    assert meetings == [meeting]
