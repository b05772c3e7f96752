"""Reads of schemes, applications, comments and help slots, scoped by who asks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import icalendar
from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet, Sum

from accounts.models import Municipality
from accounts.selectors import user_roles
from core.access import get_or_404, get_permitted_or_404
from grants import matching
from grants.models import (
    Application,
    DraftComment,
    DraftReply,
    Follow,
    HelpSlot,
    Scheme,
    report_overdue,
)
from organizations.models import Organization
from organizations.selectors import verified_municipality_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def published_schemes() -> QuerySet[Scheme]:
    return Scheme.objects.filter(status=Scheme.Status.PUBLISHED).select_related("municipality")


def schemes_visible_to(user: User | AnonymousUser) -> QuerySet[Scheme]:
    """Published schemes for everyone; drafts for the coordinators who keep them."""
    roles = user_roles(user)
    if roles.is_platform_admin:
        return Scheme.objects.select_related("municipality")
    return Scheme.objects.filter(
        Q(status=Scheme.Status.PUBLISHED) | Q(municipality__in=roles.coordinator_of)
    ).select_related("municipality")


def _local_scheme_municipalities(user: User | AnonymousUser) -> Q:
    """The municipalities whose own schemes the user sees: where their organisations are active,
    and where they coordinate."""
    roles = user_roles(user)
    active = Organization.municipalities.through.objects.filter(
        organization_id__in=roles.organizations.keys()
    ).values("municipality_id")
    return Q(municipality__in=active) | Q(municipality__in=roles.coordinator_of)


def _countries_of(user: User | AnonymousUser, municipality_slug: str | None) -> QuerySet | None:
    """The countries whose shared schemes the user sees, as a subquery: that of the municipality
    whose page they are on, else those of the municipalities their organisations are active in
    and that they coordinate. None (every country) for a visitor with neither."""
    if municipality_slug:
        return Municipality.objects.filter(slug=municipality_slug).values("country")
    roles = user_roles(user)
    if not roles.organizations and not roles.coordinator_of:
        return None
    active = Organization.municipalities.through.objects.filter(
        organization_id__in=roles.organizations.keys()
    ).values("municipality_id")
    return Municipality.objects.filter(Q(pk__in=active) | Q(pk__in=roles.coordinator_of)).values(
        "country"
    )


def catalogue_schemes(
    user: User | AnonymousUser,
    *,
    municipality_slug: str | None = None,
    published_only: bool = False,
) -> QuerySet[Scheme]:
    """The catalogue: the shared (national) schemes for everyone; a municipality's own schemes
    (and its local round of a national scheme) only for organisations active there, its
    coordinators (with their drafts), and on that municipality's page (`municipality_slug`)."""
    roles = user_roles(user)
    if roles.is_platform_admin:
        everything = Scheme.objects.select_related("municipality")
        return everything.filter(status=Scheme.Status.PUBLISHED) if published_only else everything
    local = _local_scheme_municipalities(user)
    if municipality_slug:
        local |= Q(municipality__slug=municipality_slug)
    shared = Q(municipality__isnull=True)
    countries = _countries_of(user, municipality_slug)
    if countries is not None:  # a Danish organisation never sees a Norwegian-only scheme
        shared &= Q(country__in=countries)
    published = Q(status=Scheme.Status.PUBLISHED) & (shared | local)
    if not published_only:
        published |= Q(municipality__in=roles.coordinator_of)
    return Scheme.objects.filter(published).select_related("municipality")


def helper_schemes(municipality_id: int | None, *, country: str) -> QuerySet[Scheme]:
    """What the eligibility helper weighs: the shared schemes of the organisation's country and
    the own schemes of the municipality it is active in; never another municipality's or
    another country's."""
    wanted = Q(municipality__isnull=True, country=country)
    if municipality_id is not None:
        wanted |= Q(municipality_id=municipality_id)
    return published_schemes().filter(wanted)


def information_meetings_of(scheme: Scheme, *, now: datetime) -> QuerySet:
    """The scheme's coming information meetings and workshops (R63), soonest first."""
    return (
        scheme.information_meetings.filter(starts_at__gte=now)
        .exclude(status="cancelled")
        .order_by("starts_at")
    )


def editable_organizations(user: User | AnonymousUser) -> QuerySet[Organization]:
    """The organisations whose grants the user keeps (admin or contact person)."""
    return Organization.objects.filter(
        pk__in=user_roles(user).organizations_with("admin", "contact")
    ).order_by("name")


def follows_of(scheme: Scheme, organizations) -> set[int]:
    """Which of these organisations follow the scheme (their ids)."""
    return set(
        Follow.objects.filter(scheme=scheme, organization__in=organizations).values_list(
            "organization_id", flat=True
        )
    )


def applications_visible_to(user: User | AnonymousUser) -> QuerySet[Application]:
    """The organisation's own applications (everyone in it); for coordinators, those of
    organisations active in their municipality that are not private, and drafts shared with
    them."""
    roles = user_roles(user)
    if roles.is_platform_admin:
        return Application.objects.all()
    condition = Q(organization__in=roles.organizations.keys())
    if roles.coordinator_of:
        in_municipality = Organization.objects.filter(
            municipalities__in=roles.coordinator_of
        ).values("pk")
        condition |= Q(organization__in=in_municipality, is_private=False)
        condition |= Q(shared_with__in=roles.coordinator_of)
    return Application.objects.filter(condition)


def own_applications(user: User | AnonymousUser) -> QuerySet[Application]:
    """The tracker: only the applications of the user's organisations."""
    return Application.objects.filter(organization__in=user_roles(user).organizations.keys())


def application_list(queryset: QuerySet[Application], *, today: date) -> QuerySet[Application]:
    """With `report_overdue` on each row (the coordinator and the organisation see it)."""
    return queryset.select_related("organization", "scheme").annotate(
        report_overdue=ExpressionWrapper(report_overdue(today), output_field=BooleanField())
    )


def application_page(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("organization", "scheme", "shared_with").prefetch_related(
        "checklist",
        "attachments",
        Prefetch(
            "draft_comments",
            queryset=DraftComment.objects.select_related("author").prefetch_related(
                Prefetch("replies", queryset=DraftReply.objects.select_related("author"))
            ),
        ),
        "draft_versions",
        "organization__municipalities",
    )


def overview_for(municipality: Municipality) -> QuerySet[Application]:
    """Who applied for what in the municipality (never the private ones)."""
    in_municipality = Organization.objects.filter(municipalities=municipality).values("pk")
    return Application.objects.filter(organization__in=in_municipality, is_private=False)


def overview_totals(queryset: QuerySet[Application], *, currency: str) -> dict:
    """Counts of all applications; the sums of those in `currency` (the municipality's): kroner
    of two countries are not added up."""
    same = Q(currency=currency)
    return queryset.aggregate(
        count=Count("pk"),
        applied=Sum("amount_applied", filter=same),
        granted=Sum("amount_granted", filter=same & Q(status__in=Application.GRANTED_STATUSES)),
        granted_count=Count("pk", filter=Q(status__in=Application.GRANTED_STATUSES)),
    )


def shared_drafts_for(user: User) -> QuerySet[Application]:
    return Application.objects.filter(
        shared_with__in=user_roles(user).coordinator_of
    ).select_related("organization", "scheme")


def draft_comments_of(application: Application) -> QuerySet[DraftComment]:
    """The comments on a draft (the caller has loaded the application through its selector)."""
    return DraftComment.objects.filter(application=application)


def help_slots_visible_to(user: User | AnonymousUser) -> QuerySet[HelpSlot]:
    """Coordinators see their municipality's slots; organisation people those of the
    municipalities that have verified their organisations."""
    roles = user_roles(user)
    municipality_ids = set(roles.coordinator_of)
    if roles.organizations:
        municipality_ids |= set(
            verified_municipality_ids(roles.organizations.keys()).values_list(
                "municipality_id", flat=True
            )
        )
    return HelpSlot.objects.filter(municipality__in=municipality_ids).select_related(
        "municipality", "meeting", "organization"
    )


def answers_for_organization(organization: Organization) -> matching.Answers:
    """The helper's answers, prefilled from an organisation's profile (what it knows)."""
    categories = [c.code for c in organization.categories.all()]
    activity = organization.activities.values_list("type", flat=True).first()
    target = organization.target_groups.values_list("code", flat=True).first()
    municipality = organization.municipalities.values_list("pk", flat=True).first()
    danish = organization.number_scheme == Organization.NumberScheme.DENMARK
    return matching.Answers(
        category=categories[0] if categories else None,
        registered=None if danish else organization.in_voluntary_register,
        has_org_number=bool(organization.org_number) and not danish,
        has_cvr=bool(organization.org_number) and danish,
        activity_type=activity,
        target_group=target,
        municipality_id=municipality,
    )


def deadlines_between(schemes, start: date, end: date) -> list[dict]:
    """Every deadline of these schemes in [start, end], in order, with its day note."""
    from grants.deadlines import day_note

    found = []
    for scheme in schemes:
        for day in scheme.rule.occurrences(start, end):
            found.append(
                {
                    "date": day,
                    "scheme": scheme,
                    "note": day_note(day),
                    "expected": bool(scheme.rule.yearly),
                }
            )
    return sorted(found, key=lambda d: (d["date"], d["scheme"].name))


def deadline_events(organization, *, start: date, end: date, now: datetime) -> list:
    """Grant deadlines as all-day iCalendar events, for the per-organisation calendar feed
    (`meetings:feed`): one event per deadline of each scheme the organisation follows. The
    meetings app reads them through this selector."""
    events = []
    follows = Follow.objects.filter(
        organization=organization, scheme__status=Scheme.Status.PUBLISHED
    ).select_related("scheme")
    for follow in follows:
        scheme = follow.scheme
        for day in scheme.rule.occurrences(start, end):
            event = icalendar.Event()
            event.add("uid", f"grant-{scheme.slug}-{day.isoformat()}@brobygger")
            event.add("dtstamp", now)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("summary", f"{scheme.name} – deadline")
            event.add("transp", "TRANSPARENT")
            event.add("url", settings.SITE_URL + scheme.get_absolute_url())
            if scheme.deadline_note:
                event.add("description", scheme.deadline_note)
            events.append(event)
    return events


# -- access functions: one per model, the one way a view gets an object (core.access) -----------


def access_scheme(user: User | AnonymousUser, slug: str, perm: str | None = None) -> Scheme:
    """A scheme the user may see (the catalogue, and their municipality's drafts); with `perm`,
    one the rule lets them act on."""
    schemes = schemes_visible_to(user)
    if perm is None:
        return get_or_404(schemes, slug=slug)
    return get_permitted_or_404(schemes, user=user, perm=perm, slug=slug)


def access_published_scheme(slug: str) -> Scheme:
    return get_or_404(published_schemes(), slug=slug)


def access_editable_organization(user: User, pk) -> Organization:
    """One of the organisations whose grant work the user keeps."""
    return get_or_404(editable_organizations(user), pk=pk)


def access_application(user: User, pk: int) -> Application:
    return get_permitted_or_404(
        application_page(applications_visible_to(user)),
        user=user,
        perm="grants.view_application",
        pk=pk,
    )


def access_checklist_item(application: Application, pk: int):
    """One item of the checklist of an application the user was given (access_application)."""
    return get_or_404(application.checklist, pk=pk)


def access_application_attachment(application: Application, pk: int):
    return get_or_404(application.attachments, pk=pk)


def access_draft_comment(application: Application, pk: int) -> DraftComment:
    return get_or_404(draft_comments_of(application), pk=pk)


def access_help_slot(user: User, pk: int) -> HelpSlot:
    return get_or_404(help_slots_visible_to(user), pk=pk)
