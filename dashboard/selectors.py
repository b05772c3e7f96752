"""The figures of the start pages, the charts and the report: every one aggregated in the
database, a constant number of queries whatever the amount of data.

Counts only. Nothing here reads a person's fields; referrals are counted by status, month and
organisation. Periods are calendar days in Europe/Oslo, turned into UTC instants at midnight.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Municipality
from accounts.selectors import user_roles
from agreements.filters import REVIEW_DUE_DAYS
from agreements.models import Agreement, Approval, Need, NeedResponse, Party, Version
from agreements.selectors import published_needs, responses_of_organizations
from core.access import get_permitted_or_404
from core.countries import currency_for
from core.time import OSLO
from core.translated_fields import all_texts, languages, localized
from dashboard.aggregates import PercentileCont, percentile_cont
from dashboard.models import (
    Arena,
    GuideNote,
    MunicipalityPage,
    PlaceRequest,
    Premises,
    PremisesSlot,
    PublishedContact,
    Resource,
    SlotProposal,
    Story,
)
from meetings.models import Meeting, Participation, Venue
from meetings.selectors import public_meetings
from organizations.choices import ActivityType, Category
from organizations.models import (
    ActivitySchedule,
    Organization,
    OrganizationMembership,
    OrganizationMunicipality,
)
from organizations.selectors import activities_visible_to
from referrals.choices import DeclineCategory, OfferAnswer
from referrals.models import Consent, OfferPresentation, Person, Referral

if TYPE_CHECKING:
    from accounts.models import User

UPCOMING_MEETING_DAYS = 14
MINUTES_LOOKBACK_DAYS = 90
ANSWER_OVERDUE_DAYS = 5
CONTACT_OVERDUE_DAYS = 14
CONSENT_EXPIRY_DAYS = 30
LIST_LENGTH = 5
CHART_MONTHS = 12

S = Referral.Status
# How a referral turned out, for the charts and the report (every status in exactly one group).
OUTCOMES: dict[str, frozenset[str]] = {
    "open": frozenset({S.SUBMITTED, S.ROUTED, S.ACCEPTED}),
    "contact_made": frozenset({S.CONTACT_MADE}),
    "declined": frozenset({S.DECLINED}),
    "other": frozenset({S.UNREACHABLE, S.CLOSED, S.WITHDRAWN, S.EXPIRED}),
}


# -- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Calendar days `first`..`last` (both included) in Europe/Oslo."""

    first: datetime.date
    last: datetime.date

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime.combine(self.first, datetime.time(), tzinfo=OSLO)

    @property
    def end(self) -> datetime.datetime:
        """The instant after the period: midnight at the start of the day after `last`."""
        following = self.last + datetime.timedelta(days=1)
        return datetime.datetime.combine(following, datetime.time(), tzinfo=OSLO)

    @classmethod
    def year_to_date(cls, today: datetime.date) -> Period:
        return cls(today.replace(month=1, day=1), today)


def local_today(now: datetime.datetime) -> datetime.date:
    return now.astimezone(OSLO).date()


def quarter_start(today: datetime.date) -> datetime.datetime:
    first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    return datetime.datetime.combine(first, datetime.time(), tzinfo=OSLO)


def last_months(today: datetime.date, months: int = CHART_MONTHS) -> list[datetime.date]:
    """The first day of each of the last `months` months, this month last."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(months):
        firsts.append(datetime.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return firsts[::-1]


def _month_key(value) -> datetime.date:
    """TruncMonth gives an aware datetime on PostgreSQL and a date-time on SQLite."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(OSLO).date().replace(day=1) if value.tzinfo else value.date()
    return value


# -- coordinator: organisations -----------------------------------------------------------------


def _organizations_in(municipality: Municipality) -> QuerySet[Organization]:
    return Organization.objects.filter(municipalities=municipality)


def organization_figures(municipality: Municipality, *, now: datetime.datetime) -> dict:
    """By status, and new this quarter (one query)."""
    since = quarter_start(local_today(now))
    # The status in this municipality (verification is per municipality).
    return OrganizationMunicipality.objects.filter(municipality=municipality).aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(status=Organization.Status.PENDING)),
        verified=Count("pk", filter=Q(status=Organization.Status.VERIFIED)),
        rejected=Count("pk", filter=Q(status=Organization.Status.REJECTED)),
        new_this_quarter=Count("pk", filter=Q(organization__created_at__gte=since)),
    )


@dataclass(frozen=True)
class CategoryCount:
    code: str
    organization_count: int

    @property
    def label(self) -> str:
        return Category(self.code).label


def organizations_by_category(municipality: Municipality) -> list[CategoryCount]:
    """Every category of the vocabulary with its number of organisations in the municipality:
    one grouped query over the category links of the municipality's organisations (a subquery
    per category was three times slower at 10,000 organisations)."""
    counts = dict(
        Organization.categories.through.objects.filter(organization__municipalities=municipality)
        .values_list("categoryterm__code")
        .annotate(n=Count("organization", distinct=True))
        .order_by()
    )
    return [CategoryCount(code, counts.get(code, 0)) for code in sorted(Category.values)]


# -- coordinator: agreements --------------------------------------------------------------------


def agreement_figures(municipality: Municipality, *, now: datetime.datetime) -> dict:
    """Active, sent for approval, review due within 60 days (as the agreement list filters it)."""
    today = local_today(now)
    return Agreement.objects.filter(municipality=municipality).aggregate(
        active=Count("pk", filter=Q(status=Agreement.Status.ACTIVE)),
        approval=Count("pk", filter=Q(status=Agreement.Status.APPROVAL)),
        review_due=Count(
            "pk",
            filter=Q(
                review_on__gte=today,
                review_on__lte=today + datetime.timedelta(days=REVIEW_DUE_DAYS),
            ),
        ),
    )


# -- coordinator: meetings ----------------------------------------------------------------------


def _with_total(queryset: QuerySet) -> list:
    """The first rows of a list, each carrying the list's full length as `total` (one query)."""
    return list(queryset.annotate(total=Window(Count("pk")))[:LIST_LENGTH])


def upcoming_meetings(municipality: Municipality, *, now: datetime.datetime) -> list[Meeting]:
    """The next 14 days' meetings with their answers counted; `total` on each row."""
    answers = Participation.Response
    return _with_total(
        Meeting.objects.filter(
            municipality=municipality,
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=now,
            starts_at__lt=now + datetime.timedelta(days=UPCOMING_MEETING_DAYS),
        )
        .annotate(
            yes_count=_participation_count(response=answers.YES),
            maybe_count=_participation_count(response=answers.MAYBE),
            no_count=_participation_count(response=answers.NO),
            pending_count=_participation_count(response=answers.PENDING),
        )
        .order_by("starts_at", "pk")
    )


def _participation_count(**conditions):
    rows = Participation.objects.filter(meeting=OuterRef("pk"), **conditions)
    return Coalesce(
        Subquery(
            rows.values("meeting").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def meetings_without_minutes(
    municipality: Municipality, *, now: datetime.datetime
) -> list[Meeting]:
    """Held in the last 90 days, no minutes written yet; latest first; `total` on each row."""
    return _with_total(
        Meeting.objects.filter(
            municipality=municipality,
            status=Meeting.Status.SCHEDULED,
            ends_at__lt=now,
            starts_at__gte=now - datetime.timedelta(days=MINUTES_LOOKBACK_DAYS),
            minutes="",
        ).order_by("-starts_at", "-pk")
    )


# -- coordinator: referrals ---------------------------------------------------------------------

TIME_TO_CONTACT = ExpressionWrapper(F("contact_at") - F("created_at"), output_field=DurationField())


def _days(value: datetime.timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 86400, 1)


def _time_to_contact(queryset: QuerySet[Referral], contact: Q, counts: dict) -> dict:
    """Median and 90th percentile of days from submission to contact made, added to `counts`
    (computed inside the same query on PostgreSQL)."""
    if connection.vendor == "postgresql":
        result = queryset.aggregate(
            **counts,
            median=PercentileCont(TIME_TO_CONTACT, 0.5, filter=contact),
            p90=PercentileCont(TIME_TO_CONTACT, 0.9, filter=contact),
        )
    else:  # SQLite (the demo): the durations in Python
        result = queryset.aggregate(**counts)
        spans = sorted(
            queryset.filter(contact).annotate(span=TIME_TO_CONTACT).values_list("span", flat=True)
        )
        result["median"] = percentile_cont(spans, 0.5)
        result["p90"] = percentile_cont(spans, 0.9)
    result["median_days"] = _days(result.pop("median"))
    result["p90_days"] = _days(result.pop("p90"))
    return result


def referral_figures(municipality: Municipality, *, now: datetime.datetime) -> dict:
    """Open by status, declined, overdue, time to contact over the last 12 months, and the most
    frequent reasons for declining (`decline_reasons`): one query."""
    answer_due = now - datetime.timedelta(days=ANSWER_OVERDUE_DAYS)
    contact_due = now - datetime.timedelta(days=CONTACT_OVERDUE_DAYS)
    year_ago = now - datetime.timedelta(days=365)
    queryset = Referral.objects.filter(municipality=municipality)
    counts = {
        "submitted": Count("pk", filter=Q(status=S.SUBMITTED)),
        "routed": Count("pk", filter=Q(status=S.ROUTED)),
        "accepted": Count("pk", filter=Q(status=S.ACCEPTED)),
        "declined": Count("pk", filter=Q(status=S.DECLINED)),
        "overdue_answer": Count(
            "pk",
            filter=Q(status__in=Referral.WAITING_FOR_ANSWER)
            & (Q(routed_at__lt=answer_due) | Q(routed_at__isnull=True, created_at__lt=answer_due)),
        ),
        "overdue_contact": Count("pk", filter=Q(status=S.ACCEPTED, accepted_at__lt=contact_due)),
        "contact_count": Count("pk", filter=Q(status=S.CONTACT_MADE, contact_at__gte=year_ago)),
        **_decline_counts(),
    }
    figures = _time_to_contact(queryset, Q(status=S.CONTACT_MADE, contact_at__gte=year_ago), counts)
    figures["open"] = figures["submitted"] + figures["routed"] + figures["accepted"]
    figures["overdue"] = figures["overdue_answer"] + figures["overdue_contact"]
    figures["decline_reasons"] = _most_frequent_reasons(figures)
    return figures


# A decline recorded before categories existed counts under the empty code ("not given").
DECLINE_CODES = ("", *DeclineCategory.values)


def _decline_counts() -> dict:
    """Declined referrals per category, as conditional counts (keys `decline:<code>`)."""
    return {
        f"decline:{code}": Count("pk", filter=Q(status=S.DECLINED, decline_category=code))
        for code in DECLINE_CODES
    }


def _most_frequent_reasons(counts: dict) -> list[dict]:
    """The `_decline_counts` popped from `counts`, most frequent first (then by code), at most
    LIST_LENGTH, none that is zero."""
    found = [(code, counts.pop(f"decline:{code}")) for code in DECLINE_CODES]
    ranked = sorted(((-n, code) for code, n in found if n), key=lambda row: row)
    return [{"decline_category": code, "n": -n} for n, code in ranked[:LIST_LENGTH]]


def decline_reasons(municipality: Municipality) -> list[dict]:
    """The most frequent reasons for declining, as categories (codes) with their counts (one
    query; the start page has them from `referral_figures`). Never the organisation's free-text
    note: it is for the caseworker only and may name the person, and these figures are cached
    for every coordinator (dashboard.views.PANELS)."""
    return _most_frequent_reasons(
        Referral.objects.filter(municipality=municipality, status=S.DECLINED).aggregate(
            **_decline_counts()
        )
    )


# -- coordinator: grants (EXTENSION POINT) ------------------------------------------------------


def grant_figures(municipality: Municipality, *, now: datetime.datetime) -> dict:
    """Deadlines of published schemes in the next 60 days (the shared catalogue and the
    municipality's own), the municipality's applications by status, and the amount granted on
    decisions this year. Private applications are left out. Two queries."""
    from grants.models import Application, Scheme
    from grants.selectors import deadlines_between, overview_for

    today = timezone.localdate(now)
    schemes = Scheme.objects.filter(status=Scheme.Status.PUBLISHED).filter(
        Q(municipality__isnull=True) | Q(municipality=municipality)
    )
    deadlines = deadlines_between(schemes, today, today + datetime.timedelta(days=60))
    S = Application.Status
    currency = currency_for(municipality.country)
    counts = overview_for(municipality).aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in S},
        granted_total=Sum(
            "amount_granted",
            filter=Q(
                status__in=Application.GRANTED_STATUSES,
                decided_on__year=today.year,
                currency=currency,
            ),
        ),
    )
    return {
        "deadlines": deadlines,
        "by_status": [(status, counts[status.value]) for status in S],
        "granted_total": counts["granted_total"] or 0,
        "currency": currency,
        "year": today.year,
    }


# -- charts: the last 12 months ------------------------------------------------------------------


def referrals_by_month(municipality: Municipality, *, now: datetime.datetime) -> list[dict]:
    """Referrals submitted per month, by how they turned out (one query)."""
    months = last_months(local_today(now))
    start = datetime.datetime.combine(months[0], datetime.time(), tzinfo=OSLO)
    rows = (
        Referral.objects.filter(municipality=municipality, created_at__gte=start)
        .annotate(month=TruncMonth("created_at", tzinfo=OSLO))
        .values("month")
        .annotate(
            **{
                outcome: Count("pk", filter=Q(status__in=statuses))
                for outcome, statuses in OUTCOMES.items()
            }
        )
        .order_by("month")
    )
    found = {_month_key(row.pop("month")): row for row in rows}
    empty = dict.fromkeys(OUTCOMES, 0)
    return [{"month": month, **found.get(month, empty)} for month in months]


def meetings_by_month(municipality: Municipality, *, now: datetime.datetime) -> list[dict]:
    """Meetings held per month, and how many invitees attended (one query)."""
    months = last_months(local_today(now))
    start = datetime.datetime.combine(months[0], datetime.time(), tzinfo=OSLO)
    rows = (
        Meeting.objects.filter(
            municipality=municipality,
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=now,
        )
        .annotate(month=TruncMonth("starts_at", tzinfo=OSLO))
        .values("month")
        .annotate(
            meetings=Count("pk", distinct=True),
            attended=Count("participations", filter=Q(participations__attended=True)),
        )
        .order_by("month")
    )
    found = {_month_key(row.pop("month")): row for row in rows}
    return [
        {"month": month, **found.get(month, {"meetings": 0, "attended": 0})} for month in months
    ]


# -- the report: a chosen period -----------------------------------------------------------------


@dataclass
class Report:
    municipality: Municipality
    period: Period
    organizations: dict = field(default_factory=dict)
    categories: list = field(default_factory=list)
    agreements: dict = field(default_factory=dict)
    meetings: dict = field(default_factory=dict)
    referrals: dict = field(default_factory=dict)
    by_organization: list = field(default_factory=list)
    stories: list = field(default_factory=list)


@dataclass
class OrganizationRow:
    """One organisation's line of the report (plain values: a large municipality has some 1,600
    organisations, issue #24)."""

    pk: int
    name: str
    status: str
    referrals_received: int = 0
    referrals_contact_made: int = 0
    referrals_declined: int = 0
    meetings_attended: int = 0

    def get_status_display(self) -> str:
        return Organization.Status(self.status).label


def _in(value, start, end) -> bool:
    return value is not None and start <= value < end


def report_for(municipality: Municipality, period: Period) -> Report:
    """The key figures of a period (nine queries), and the good stories published in it (R72). No
    personal data: counts, organisations, dates and statuses only (a story names no refugee).

    The figures by organisation are grouped in the database per table (referrals, meeting
    participations) and matched to the municipality's organisations here: joining every
    organisation to all its referrals and counting its attendance once per joined row took half
    a second for a large municipality (issue #24)."""
    start, end = period.start, period.end
    links = (
        OrganizationMunicipality.objects.filter(municipality=municipality)
        .values_list(
            "organization_id",
            "organization__name",
            "organization__status",
            "organization__created_at",
            "status",
            "verified_at",
        )
        .order_by("organization__name", "organization_id")
    )
    rows: dict[int, OrganizationRow] = {}
    organizations = dict.fromkeys(
        ("registered", "verified_in_period", "verified_now", "pending_now"), 0
    )
    for pk, name, status, created_at, link_status, verified_at in links:
        rows[pk] = OrganizationRow(pk=pk, name=name, status=status)
        organizations["registered"] += _in(created_at, start, end)
        organizations["verified_in_period"] += _in(verified_at, start, end)
        organizations["verified_now"] += link_status == Organization.Status.VERIFIED
        organizations["pending_now"] += link_status == Organization.Status.PENDING
    agreements = Agreement.objects.filter(municipality=municipality).aggregate(
        active_now=Count("pk", filter=Q(status=Agreement.Status.ACTIVE)),
        started=Count("pk", filter=Q(starts_on__gte=period.first, starts_on__lte=period.last)),
        ended=Count("pk", filter=Q(ends_on__gte=period.first, ends_on__lte=period.last)),
        in_force=Count(
            "pk",
            filter=Q(status__in=[Agreement.Status.ACTIVE, Agreement.Status.REVISION])
            & Q(starts_on__lte=period.last)
            & (Q(ends_on__isnull=True) | Q(ends_on__gte=period.first)),
        ),
    )
    in_period = Q(starts_at__gte=start, starts_at__lt=end)
    meetings = Meeting.objects.filter(in_period, municipality=municipality).aggregate(
        held=Count("pk", filter=Q(status=Meeting.Status.SCHEDULED)),
        cancelled=Count("pk", filter=Q(status=Meeting.Status.CANCELLED)),
    )
    # The invitations to the period's meetings, per organisation invited (None: a person).
    held = Q(meeting__status=Meeting.Status.SCHEDULED)
    invitations = (
        Participation.objects.filter(
            meeting__municipality=municipality,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
        )
        .values_list("organization_id")
        .annotate(
            n_invited=Count("pk", filter=held),
            n_yes=Count("pk", filter=held & Q(response=Participation.Response.YES)),
            n_attended=Count("pk", filter=held & Q(attended=True)),
            n_attended_any=Count("pk", filter=Q(attended=True)),
        )
        .order_by()
    )
    meetings.update(invitations=0, answered_yes=0, attended=0)
    for organization_id, invited, yes, attended, attended_any in invitations:
        meetings["invitations"] += invited
        meetings["answered_yes"] += yes
        meetings["attended"] += attended
        if organization_id in rows:
            rows[organization_id].meetings_attended = attended_any
    submitted = Q(created_at__gte=start, created_at__lt=end)
    contact = Q(status=S.CONTACT_MADE, contact_at__gte=start, contact_at__lt=end)
    counts = {
        "submitted": Count("pk", filter=submitted),
        **{
            f"submitted_{outcome}": Count("pk", filter=submitted & Q(status__in=statuses))
            for outcome, statuses in OUTCOMES.items()
        },
        "accepted": Count("pk", filter=Q(accepted_at__gte=start, accepted_at__lt=end)),
        "declined": Count(
            "pk", filter=Q(status=S.DECLINED, answered_at__gte=start, answered_at__lt=end)
        ),
        "contact_made": Count("pk", filter=contact),
    }
    # One pass over the municipality's referrals, per organisation (None: not sent to one yet):
    # the organisations' lines, and the totals as their sums.
    referral_rows = Referral.objects.filter(municipality=municipality)
    referrals = dict.fromkeys(counts, 0)
    for organization_id, *values in (
        referral_rows.values_list("organization_id").annotate(**counts).order_by()
    ):
        found = dict(zip(counts, values, strict=True))
        for name, value in found.items():
            referrals[name] += value
        if organization_id in rows:
            row = rows[organization_id]
            row.referrals_received = found["submitted"]
            row.referrals_contact_made = found["submitted_contact_made"]
            row.referrals_declined = found["submitted_declined"]
    # The time to contact of the referrals with contact made in the period (by its index).
    referrals.update(_time_to_contact(referral_rows.filter(contact), contact, {}))
    # The guide's offer, "not now", offer again (R52): what people answered in the period.
    referrals.update(
        OfferPresentation.objects.filter(
            municipality=municipality, presented_on__gte=period.first, presented_on__lte=period.last
        ).aggregate(
            offered=Count("pk"),
            offer_accepted=Count("pk", filter=Q(answer=OfferAnswer.ACCEPTED)),
            offer_not_now=Count("pk", filter=Q(answer=OfferAnswer.NOT_NOW)),
            offer_declined=Count("pk", filter=Q(answer=OfferAnswer.DECLINED)),
        )
    )
    return Report(
        municipality=municipality,
        period=period,
        organizations=organizations,
        categories=organizations_by_category(municipality),
        agreements=agreements,
        meetings=meetings,
        referrals=referrals,
        by_organization=list(rows.values()),
        stories=list(
            Story.objects.filter(
                municipality=municipality,
                status=Story.Status.PUBLISHED,
                decided_at__gte=start,
                decided_at__lt=end,
            )
            .select_related("organization")
            .order_by("decided_at", "pk")
        ),
    )


# -- caseworker --------------------------------------------------------------------------------


def caseworker_figures(user: User, *, now: datetime.datetime) -> dict:
    """The caseworker's own open referrals by status; consents of their municipalities expiring
    within 30 days; persons with nothing open. Counts only (three queries)."""
    municipalities = user_roles(user).caseworker_of
    today = local_today(now)
    figures = Referral.objects.filter(
        municipality__in=municipalities, created_by=user, status__in=Referral.OPEN
    ).aggregate(
        submitted=Count("pk", filter=Q(status=S.SUBMITTED)),
        routed=Count("pk", filter=Q(status=S.ROUTED)),
        accepted=Count("pk", filter=Q(status=S.ACCEPTED)),
    )
    figures["open"] = figures["submitted"] + figures["routed"] + figures["accepted"]
    figures["consents_expiring"] = Consent.objects.filter(
        person__municipality__in=municipalities,
        person__erased_at__isnull=True,
        withdrawn_at__isnull=True,
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=CONSENT_EXPIRY_DAYS),
    ).count()
    figures["persons_without_open"] = (
        Person.objects.filter(municipality__in=municipalities, erased_at__isnull=True)
        .exclude(Exists(Referral.objects.filter(person=OuterRef("pk"), status__in=Referral.OPEN)))
        .count()
    )
    return figures


# -- organisation --------------------------------------------------------------------------------

PROFILE_PARTS = (
    "verified",
    "description",
    "weekly_activity",
    "languages",
    "categories",
    "logo",
    "contact_person",
)


def _count_of(queryset: QuerySet, group: str):
    return Coalesce(
        Subquery(
            queryset.values(group).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def organization_panels(
    user: User, *, now: datetime.datetime
) -> tuple[list[Organization], list[Meeting]]:
    """The user's organisations, each with what waits for them and how complete the profile is
    (three queries, however many organisations)."""
    roles = user_roles(user)
    if not roles.organizations:
        return [], []
    organizations = list(
        Organization.objects.filter(pk__in=roles.organizations.keys())
        .annotate(
            pending_invitations=_count_of(
                Participation.objects.filter(
                    organization=OuterRef("pk"),
                    response=Participation.Response.PENDING,
                    meeting__status=Meeting.Status.SCHEDULED,
                    meeting__starts_at__gte=now,
                ),
                "organization",
            ),
            referrals_waiting=_count_of(
                Referral.objects.filter(
                    organization=OuterRef("pk"), status__in=Referral.WAITING_FOR_ANSWER
                ),
                "organization",
            ),
            has_weekly_activity=Exists(
                ActivitySchedule.objects.filter(
                    activity__organization=OuterRef("pk"), activity__is_active=True
                )
            ),
            has_languages=Exists(
                Organization.languages.through.objects.filter(organization=OuterRef("pk"))
            ),
            has_categories=Exists(
                Organization.categories.through.objects.filter(organization=OuterRef("pk"))
            ),
            has_contact_person=Exists(
                OrganizationMembership.objects.filter(
                    organization=OuterRef("pk"), role=OrganizationMembership.Role.CONTACT
                )
            ),
        )
        .only("pk", "name", "status", *DESCRIPTION_COLUMNS, "logo")
        .order_by("name", "pk")
    )
    current_version = Version.objects.filter(agreement=OuterRef("agreement")).order_by("-number")
    to_approve = dict(
        Party.objects.filter(
            organization__in=[o.pk for o in organizations],
            agreement__status=Agreement.Status.APPROVAL,
        )
        .annotate(current_version=Subquery(current_version.values("pk")[:1]))
        .exclude(
            Exists(
                Approval.objects.filter(party=OuterRef("pk"), version=OuterRef("current_version"))
            )
        )
        .values("organization")
        .annotate(n=Count("pk"))
        .values_list("organization", "n")
    )
    meetings = list(
        Meeting.objects.filter(
            Q(participations__organization__in=roles.organizations.keys())
            | Q(organizer_organization__in=roles.organizations.keys()),
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=now,
        )
        .distinct()
        .only("pk", "title", "starts_at", "organizer_organization_id")
        .order_by("starts_at", "pk")[:LIST_LENGTH]
    )
    for organization in organizations:
        held = roles.organizations[organization.pk]
        organization.is_contact_person = OrganizationMembership.Role.CONTACT in held
        organization.can_answer = bool(held & {"admin", "contact"})
        organization.agreements_to_approve = to_approve.get(organization.pk, 0)
        organization.missing = _missing_parts(organization)
        organization.completeness = round(
            100 * (len(PROFILE_PARTS) - len(organization.missing)) / len(PROFILE_PARTS)
        )
    return organizations, meetings


DESCRIPTION_COLUMNS = [localized("description", code) for code in languages()]


def _missing_parts(organization: Organization) -> list[str]:
    present = {
        "verified": organization.status == Organization.Status.VERIFIED,
        "description": bool(all_texts(organization, "description")),
        "weekly_activity": organization.has_weekly_activity,
        "languages": organization.has_languages,
        "categories": organization.has_categories,
        "logo": bool(organization.logo),
        "contact_person": organization.has_contact_person,
    }
    return [part for part in PROFILE_PARTS if not present[part]]


def followed_grant_deadlines(user: User, *, now: datetime.datetime) -> list[dict]:
    """The next deadline of every published scheme the user's organisations follow (one query),
    soonest first."""
    from grants.models import Follow, Scheme

    roles = user_roles(user)
    if not roles.organizations:
        return []
    today = timezone.localdate(now)
    schemes = {
        follow.scheme.pk: follow.scheme
        for follow in Follow.objects.filter(
            organization__in=roles.organizations.keys(),
            scheme__status=Scheme.Status.PUBLISHED,
        ).select_related("scheme")
    }
    found = [{"scheme": scheme, "date": scheme.next_deadline(today)} for scheme in schemes.values()]
    return sorted(
        (item for item in found if item["date"] is not None),
        key=lambda item: (item["date"], item["scheme"].name),
    )


# -- the municipality's public page (issue #18) ---------------------------------------------------

PUBLIC_MEETINGS_SHOWN = 10
PUBLIC_NEEDS_SHOWN = 20


def access_municipality_page_public(slug: str) -> Municipality:
    """A municipality's public page (anyone, no login): the municipality with its texts."""
    return get_object_or_404(Municipality.objects.select_related("public_page"), slug=slug)


def access_municipality_page(user, slug: str) -> Municipality:
    """A municipality whose public texts and contacts the user may edit; 404 otherwise."""
    return get_permitted_or_404(
        Municipality.objects.select_related("public_page"),
        user=user,
        perm="dashboard.change_municipalitypage",
        slug=slug,
    )


def access_published_contact(municipality: Municipality, pk: int):
    """One of the municipality's published contacts; 404 otherwise."""
    return get_object_or_404(municipality.published_contacts.all(), pk=pk)


def access_premises(municipality: Municipality, pk: int) -> Premises:
    """One of the municipality's premises; 404 otherwise."""
    return get_object_or_404(municipality.premises.all(), pk=pk)


def access_arena(municipality: Municipality, pk: int) -> Arena:
    """One of the municipality's arenas; 404 otherwise."""
    return get_object_or_404(municipality.arenas.all(), pk=pk)


def premises_of(municipality: Municipality) -> list[Premises]:
    """The premises the municipality lends, with their weekly times (two queries)."""
    return list(Premises.objects.filter(municipality=municipality).prefetch_related("slots"))


def booking_of(place_request: PlaceRequest) -> dict | None:
    """What a granted request booked at the venue and still holds: the first and last time and
    how many (None when nothing is booked)."""
    held = Meeting.objects.filter(
        series__in=place_request.booked.all(), status__in=Meeting.HOLDS_VENUE
    ).select_related("venue")
    times = list(held.order_by("starts_at"))
    if not times:
        return None
    return {"first": times[0], "last": times[-1], "count": len(times)}


def own_venues_of(municipality: Municipality) -> QuerySet[Venue]:
    """The municipality's own venues in use (not those organisations offer): premises it lends
    may be one of them in the booking calendar."""
    return Venue.objects.filter(
        municipality=municipality, organization__isnull=True, is_active=True
    ).order_by("name")


def arenas_of(municipality: Municipality) -> list[Arena]:
    """The arenas where newcomers are, in the order of the kinds, then by name."""
    order = {kind: index for index, kind in enumerate(Arena.Kind.values)}
    arenas = list(Arena.objects.filter(municipality=municipality))
    return sorted(arenas, key=lambda arena: (order[arena.kind], arena.name))


def page_texts(municipality: Municipality):
    """The municipality's texts, or None when it has written none (no query: joined)."""
    try:
        return municipality.public_page
    except MunicipalityPage.DoesNotExist:
        return None


def published_contacts_of(municipality: Municipality) -> list:
    """The contacts the municipality publishes, coordinators first, in the order of the kinds."""
    order = {kind: index for index, kind in enumerate(PublishedContact.Kind.values)}
    contacts = list(PublishedContact.objects.filter(municipality=municipality))
    return sorted(contacts, key=lambda contact: (order[contact.kind], contact.name))


def public_needs_of(municipality: Municipality, *, q: str = "", target_group: str = "") -> QuerySet:
    """The municipality's needs on the board, narrowed to a word and a target group."""
    needs = published_needs().filter(municipality=municipality)
    if q:
        needs = needs.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(help_wanted__icontains=q)
        )
    if target_group:
        needs = needs.filter(target_group=target_group)
    return needs[:PUBLIC_NEEDS_SHOWN]


def need_target_groups_of(municipality: Municipality) -> list[str]:
    """The target groups the municipality's needs on the board name, for the filter."""
    return list(
        published_needs()
        .filter(municipality=municipality)
        .exclude(target_group="")
        .order_by("target_group")
        .values_list("target_group", flat=True)
        .distinct()
    )


def open_needs_with_waiting_answers(municipality: Municipality) -> list:
    """The municipality's open needs (newest first, at most 10), each with `waiting`: the answers
    the coordinator has not replied to yet. One query."""
    return list(
        Need.objects.filter(municipality=municipality, closed_at__isnull=True)
        .annotate(
            waiting=Count("responses", filter=Q(responses__status=NeedResponse.Status.WAITING))
        )
        .order_by("-waiting", "-created_at")[:10]
    )


def upcoming_public_meetings_of(municipality: Municipality, *, now) -> QuerySet:
    return (
        public_meetings()
        .filter(municipality=municipality, starts_at__gte=now, status=Meeting.Status.SCHEDULED)
        .select_related("venue")
        .only("title", "starts_at", "venue", "venue__name")  # what the page shows: no minutes
        .order_by("starts_at")[:PUBLIC_MEETINGS_SHOWN]
    )


def need_responses_of_my_organizations(user) -> list:
    """The latest answers the user's organisations gave to needs, with the municipality's reply."""
    return list(responses_of_organizations(user)[:5])


@dataclass
class GuideTopic:
    """One kind of help in the referral guide: the coordinator's note and the activities."""

    code: str
    label: str
    note: str = ""
    activities: list = field(default_factory=list)


def referral_guide(municipality: Municipality, *, target_group: str = "") -> list[GuideTopic]:
    """Where to refer (R78): the public activities in the municipality by kind, with their
    organisations and target groups and the coordinator's note per kind; a kind is listed when
    it has activities or a note. Three queries, however many activities."""
    from django.contrib.auth.models import AnonymousUser

    activities = (
        activities_visible_to(AnonymousUser())
        .filter(municipality=municipality)
        .select_related("organization")
        .prefetch_related("target_groups")
        .order_by("title")
    )
    if target_group:
        activities = activities.filter(target_groups__code=target_group).distinct()
    topics = {code: GuideTopic(code=code, label=label) for code, label in ActivityType.choices}
    for note in GuideNote.objects.filter(municipality=municipality):
        if note.topic in topics:
            topics[note.topic].note = note.note
    for activity in activities:
        topics.get(activity.type, topics[ActivityType.OTHER]).activities.append(activity)
    return [topic for topic in topics.values() if topic.activities or topic.note]


def guide_notes_of(municipality: Municipality) -> list:
    return list(GuideNote.objects.filter(municipality=municipality).order_by("topic"))


# -- requests for premises and arenas (R16, R17) --------------------------------------------------


def access_request_form(user, slug: str) -> Municipality:
    """A municipality whose premises or arenas the user may ask for (they keep an organisation);
    404 otherwise."""
    return get_permitted_or_404(
        Municipality.objects.all(), user=user, perm="dashboard.add_placerequest", slug=slug
    )


def access_place_requests(user, slug: str) -> Municipality:
    """A municipality whose requests the user may list (its coordinators; the people of
    organisations, who see their own); 404 otherwise."""
    return get_permitted_or_404(
        Municipality.objects.all(), user=user, perm="dashboard.view_placerequests", slug=slug
    )


def place_requests_visible_to(user, municipality: Municipality) -> QuerySet[PlaceRequest]:
    """The municipality's requests the user sees: all of them for its coordinators, their own
    organisations' for the people of organisations."""
    roles = user_roles(user)
    return (
        PlaceRequest.objects.filter(municipality=municipality)
        .filter(Q(municipality__in=roles.coordinator_of) | Q(organization__in=roles.organizations))
        .select_related("organization", "premises", "arena", "municipality")
        .prefetch_related("slots")
    )


def access_place_request(user, municipality: Municipality, pk: int) -> PlaceRequest:
    """One request the user may see; 404 otherwise."""
    return get_permitted_or_404(
        place_requests_visible_to(user, municipality),
        user=user,
        perm="dashboard.view_placerequest",
        pk=pk,
    )


def requesting_organizations(user, municipality: Municipality) -> QuerySet[Organization]:
    """The organisations the user keeps that are verified in the municipality: those they may
    ask for premises or an arena for."""
    ids = user_roles(user).organizations_with("admin", "contact")
    return Organization.objects.filter(
        pk__in=ids,
        municipality_links__municipality=municipality,
        municipality_links__status=Organization.Status.VERIFIED,
    ).order_by("name")


def taken_slot_ids_of(premises: Premises, *, other_than=None) -> set[int]:
    """The premises' weekly times already granted to an organisation (other than
    `other_than`)."""
    granted = PlaceRequest.objects.filter(premises=premises, status=PlaceRequest.Status.GRANTED)
    if other_than is not None:
        granted = granted.exclude(organization=other_than)
    return set(granted.exclude(slots=None).values_list("slots", flat=True))


def proposable_slots_for(place_request: PlaceRequest) -> QuerySet[PremisesSlot]:
    """The weekly times a coordinator may propose instead of the asked ones: every time of the
    municipality's premises not given to another organisation. Two queries."""
    taken = PlaceRequest.objects.filter(
        municipality=place_request.municipality_id, status=PlaceRequest.Status.GRANTED
    ).exclude(organization=place_request.organization_id)
    return (
        PremisesSlot.objects.filter(premises__municipality=place_request.municipality_id)
        .exclude(pk__in=taken.exclude(slots=None).values("slots"))
        .select_related("premises")
        .order_by("premises__name", "weekday", "starts_at")
    )


def proposals_of(place_request: PlaceRequest) -> list[SlotProposal]:
    """The times proposed for a request, newest first, with who proposed and answered. One
    query."""
    return list(
        place_request.proposals.select_related("slot__premises", "proposed_by", "answered_by")
    )


def open_proposal_of(place_request: PlaceRequest) -> SlotProposal | None:
    if place_request.status != PlaceRequest.Status.PROPOSED:
        return None
    return (
        place_request.proposals.filter(status=SlotProposal.Status.OPEN)
        .select_related("slot__premises__venue")
        .first()
    )


def access_open_proposal(user, municipality: Municipality, pk: int) -> SlotProposal:
    """The open proposal of a request the user may answer for its organisation; 404 otherwise."""
    place_request = access_place_request(user, municipality, pk)
    proposal = open_proposal_of(place_request)
    if proposal is None or not user.has_perm("dashboard.answer_slot_proposal", place_request):
        raise Http404
    return proposal


PLACE_REQUESTS_ON_THE_START_PAGE = 3


def waiting_place_requests(municipality: Municipality) -> dict:
    """The coordinator's start-page panel: how many requests for premises or arenas wait for an
    answer, and the newest few (plain values: the panel is cached). One query: each row carries
    the count of all (as `_with_total`)."""
    waiting = PlaceRequest.objects.filter(
        municipality=municipality, status=PlaceRequest.Status.WAITING
    )
    newest = list(
        waiting.select_related("organization", "premises", "arena")
        .annotate(total=Window(Count("pk")))
        .order_by("-created_at", "-pk")[:PLACE_REQUESTS_ON_THE_START_PAGE]
    )
    return {
        "count": newest[0].total if newest else 0,
        "newest": [
            {
                "pk": place_request.pk,
                "place": place_request.place.name,
                "organization": place_request.organization.name,
                "created_at": place_request.created_at,
            }
            for place_request in newest
        ],
    }


def place_requests_of_my_organizations(user) -> list[PlaceRequest]:
    """The organisation's start-page panel: the latest requests of the organisations the user
    keeps (admin or contact person), with their status. One query."""
    ids = user_roles(user).organizations_with("admin", "contact")
    if not ids:
        return []
    return list(
        PlaceRequest.objects.filter(organization__in=ids)
        .select_related("organization", "premises", "arena", "municipality")
        .order_by("-created_at", "-pk")[:5]
    )


def waiting_place_requests_count(municipality: Municipality) -> int:
    return PlaceRequest.objects.filter(
        municipality=municipality, status=PlaceRequest.Status.WAITING
    ).count()


# -- the resource library (R74) -------------------------------------------------------------------


def resources_visible_to(user, municipality: Municipality) -> QuerySet[Resource]:
    """The municipality's documents and links the user may see: the public ones, and those for
    members when the user belongs to an organisation or works for the municipality."""
    resources = Resource.objects.filter(municipality=municipality)
    if not user.has_perm("dashboard.view_members_resources", municipality):
        resources = resources.filter(audience=Resource.Audience.PUBLIC)
    return resources.order_by("-published_on", "title", "pk")


def access_resource_file(user, municipality: Municipality, pk: int) -> Resource:
    """A resource the user may see that has a file; 404 otherwise."""
    return get_object_or_404(resources_visible_to(user, municipality).exclude(file=""), pk=pk)


def access_resources_to_manage(user, slug: str) -> Municipality:
    """A municipality whose library the user keeps (its coordinators); 404 otherwise."""
    return get_permitted_or_404(
        Municipality.objects.all(), user=user, perm="dashboard.manage_resources", slug=slug
    )


def access_resource(municipality: Municipality, pk: int) -> Resource:
    """One of the municipality's resources (for the coordinator who keeps them); 404 otherwise."""
    return get_object_or_404(municipality.resources.all(), pk=pk)


def resource_languages(municipality: Municipality) -> list[str]:
    return list(
        Resource.objects.filter(municipality=municipality)
        .order_by("language")
        .values_list("language", flat=True)
        .distinct()
    )


def resources_matching(
    resources: QuerySet[Resource], *, q: str = "", category: str = "", language: str = ""
) -> QuerySet[Resource]:
    if q:
        resources = resources.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if category:
        resources = resources.filter(category=category)
    if language:
        resources = resources.filter(language=language)
    return resources


# -- crisis contacts (R13) ----------------------------------------------------------------------


def access_crisis_contacts(user, slug: str) -> Municipality:
    """A municipality whose crisis contacts the user may see (its coordinators); 404 otherwise."""
    return get_permitted_or_404(
        Municipality.objects.all(), user=user, perm="dashboard.view_crisis_contacts", slug=slug
    )


def crisis_contacts_of(municipality: Municipality, *, q: str = "") -> QuerySet[Organization]:
    """The municipality's verified organisations that may be contacted in a crisis, with their
    number of contact persons (one query per page)."""
    organizations = Organization.objects.verified_in(municipality).filter(crisis_contact=True)
    if q:
        organizations = organizations.filter(Q(name__icontains=q) | Q(crisis_capacity__icontains=q))
    return organizations.annotate(
        contact_count=Count(
            "memberships", filter=Q(memberships__role=OrganizationMembership.Role.CONTACT)
        )
    ).order_by("name", "pk")


# -- public agreements and grant rounds on the public page ------------------------------------

PUBLIC_AGREEMENTS_SHOWN = 20


def public_agreements_in(municipality: Municipality) -> list[Agreement]:
    """The municipality's active agreements marked public, with their parties' organisations
    (two queries): titles, parties and period only, never people or files. Only those columns
    are read: whole agreement and organisation rows were a sixth of the page's time."""
    from django.db.models import Prefetch

    parties = (
        Party.objects.filter(organization__isnull=False)
        .select_related("organization")
        .only("agreement", "organization", "organization__name")
    )
    return list(
        Agreement.objects.filter(
            municipality=municipality, is_public=True, status=Agreement.Status.ACTIVE
        )
        .only("title", "starts_on", "ends_on")
        .prefetch_related(Prefetch("parties", queryset=parties))
        .order_by("title", "pk")[:PUBLIC_AGREEMENTS_SHOWN]
    )


def grant_rounds_of(municipality: Municipality, *, today: datetime.date) -> list[dict]:
    """The municipality's own published grant schemes with their next deadline, soonest first
    (one query); schemes with no coming deadline last."""
    from grants.models import Scheme

    schemes = Scheme.objects.filter(municipality=municipality, status=Scheme.Status.PUBLISHED)
    rounds = [{"scheme": scheme, "date": scheme.next_deadline(today)} for scheme in schemes]
    return sorted(
        rounds,
        key=lambda item: (item["date"] is None, item["date"] or today, item["scheme"].name),
    )


# -- good stories (R72) ---------------------------------------------------------------------------

PUBLIC_STORIES = 6


def access_stories(user, slug: str) -> Municipality:
    """A municipality whose stories the user may see: its coordinators (all of them) and the
    people who keep an organisation (their own organisations'); 404 otherwise."""
    return get_permitted_or_404(
        Municipality.objects.all(), user=user, perm="dashboard.view_stories", slug=slug
    )


def stories_visible_to(user, municipality: Municipality) -> QuerySet[Story]:
    """The coordinators see every story told in their municipality, waiting ones first; an
    organisation's admins and contact persons see their own organisations' stories."""
    roles = user_roles(user)
    stories = Story.objects.filter(municipality=municipality).select_related("organization")
    if municipality.pk not in roles.coordinator_of:
        stories = stories.filter(organization__in=roles.organizations_with("admin", "contact"))
    return stories.order_by(
        Case(When(status=Story.Status.SUBMITTED, then=0), default=1), "-submitted_at", "-pk"
    )


def access_story(user, municipality: Municipality, pk: int) -> Story:
    """One story the user may see in this municipality; 404 otherwise."""
    return get_object_or_404(stories_visible_to(user, municipality), pk=pk)


def story_organizations_for(user, municipality: Municipality) -> QuerySet[Organization]:
    """The organisations a user may tell a story for here: those they keep (admin or contact
    person) that the municipality has verified."""
    kept = user_roles(user).organizations_with("admin", "contact")
    return Organization.objects.verified_in(municipality).filter(pk__in=kept).order_by("name")


def published_stories_of(municipality: Municipality, *, limit: int = PUBLIC_STORIES):
    """The municipality's newest published stories, for its public page (one query): their
    title, text and the telling organisation's name, not whole organisation rows."""
    return (
        Story.objects.filter(municipality=municipality, status=Story.Status.PUBLISHED)
        .select_related("organization")
        .only("title", "text", "organization", "organization__name")
        .order_by("-decided_at", "-pk")[:limit]
    )
