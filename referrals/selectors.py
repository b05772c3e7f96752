"""Reads scoped by who asks. A person or referral outside the user's scope does not exist (404)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import MunicipalityMembership
from accounts.selectors import user_roles
from agreements.selectors import organizations_with_contact_agreement
from core.access import get_permitted_or_404
from organizations.models import Organization
from referrals.choices import OfferAnswer, SheetLanguage
from referrals.leaflet import LEAFLETS
from referrals.models import (
    AccessLogEntry,
    AuditEvent,
    Consent,
    InformationSheet,
    OfferLeafletApproval,
    OfferPresentation,
    Person,
    PrivacyNotice,
    Referral,
    RetentionPolicy,
    StaffFeedback,
)

if TYPE_CHECKING:
    from accounts.models import Municipality, User


# -- persons and consents -------------------------------------------------------------------


def persons_visible_to(user: User) -> QuerySet[Person]:
    """Caseworkers: the persons of their municipalities. Nobody else, coordinators included."""
    return Person.objects.filter(municipality__in=user_roles(user).caseworker_of)


def persons_for_list(user: User) -> QuerySet[Person]:
    today = timezone.localdate()
    return (
        persons_visible_to(user)
        .filter(erased_at__isnull=True)
        .annotate(
            open_referrals=Exists(
                Referral.objects.filter(person=OuterRef("pk"), status__in=Referral.OPEN)
            ),
            valid_consent=Exists(
                Consent.objects.filter(
                    person=OuterRef("pk"),
                    withdrawn_at__isnull=True,
                    valid_from__lte=today,
                    valid_until__gte=today,
                )
            ),
        )
        .select_related("municipality")
    )


def consents_of(person: Person) -> QuerySet[Consent]:
    return (
        person.consents.select_related("information_sheet", "recorded_by")
        .prefetch_related("organizations")
        .order_by("-valid_until", "-pk")
    )


def consents_visible_to(user: User) -> QuerySet[Consent]:
    return Consent.objects.filter(person__municipality__in=user_roles(user).caseworker_of)


def valid_consents_of(person: Person, *, today: datetime.date | None = None) -> QuerySet[Consent]:
    today = today or timezone.localdate()
    return consents_of(person).filter(
        withdrawn_at__isnull=True, valid_from__lte=today, valid_until__gte=today
    )


# -- offers presented (R52) ------------------------------------------------------------------


def offer_presentations_of(person: Person) -> QuerySet[OfferPresentation]:
    return person.offer_presentations.select_related("presented_by").order_by(
        "-presented_on", "-pk"
    )


def offers_to_present_again(*, today: datetime.date) -> QuerySet[OfferPresentation]:
    """ "Not now" answers whose day to offer again has come, for a person whose data is still
    held and who has not been presented an offer since (the newest answer counts)."""
    later = OfferPresentation.objects.filter(
        person=OuterRef("person"), presented_on__gte=OuterRef("presented_on"), pk__gt=OuterRef("pk")
    )
    return (
        OfferPresentation.objects.filter(
            answer=OfferAnswer.NOT_NOW,
            offer_again_on__lte=today,
            person__erased_at__isnull=True,
            presented_by__isnull=False,
        )
        .exclude(Exists(later))
        .exclude(
            Exists(
                Referral.objects.filter(
                    person=OuterRef("person"), created_at__date__gte=OuterRef("presented_on")
                )
            )
        )
        .select_related("presented_by")
    )


# -- who may receive referrals (R47) ----------------------------------------------------------


def organizations_for_referrals(
    municipality: Municipality, *, today: datetime.date | None = None
) -> QuerySet[Organization]:
    """Organisations the municipality has verified that have an agreement in force with it whose
    text says how contact data is passed on. Only these can be chosen or receive a referral."""
    return Organization.objects.verified_in(municipality).filter(
        pk__in=organizations_with_contact_agreement(municipality, today=today).values("pk")
    )


def organizations_missing_contact_agreement(
    municipality: Municipality, *, today: datetime.date | None = None
) -> QuerySet[Organization]:
    """Verified organisations of the municipality that cannot receive referrals for want of an
    agreement in force that says how contact data is passed on (the coordinator's to-do list)."""
    return (
        Organization.objects.verified_in(municipality)
        .exclude(
            pk__in=organizations_with_contact_agreement(municipality, today=today).values("pk")
        )
        .order_by("name", "pk")
    )


# -- referrals --------------------------------------------------------------------------------


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """Caseworkers and coordinators: their municipalities' referrals. Contact persons: the
    referrals addressed to their organisations. What each may see of a referral is a permission."""
    roles = user_roles(user)
    scope = Q(municipality__in=roles.municipalities) | Q(
        organization__in=roles.organizations_with("contact")
    )
    if not roles.municipalities and not roles.organizations_with("contact"):
        return Referral.objects.none()
    return Referral.objects.filter(scope).select_related(
        "consent", "organization", "activity", "municipality"
    )


def referrals_for_list(user: User) -> QuerySet[Referral]:
    return referrals_visible_to(user).select_related("person").order_by("-created_at", "-pk")


def referred_organizations(referrals: QuerySet[Referral]) -> QuerySet[Organization]:
    """The organisations these (already scoped) referrals were sent to, by name: for the list's
    filter, so only what an <option> shows (a large municipality's 1,400 full rows took most of
    the page's time, issue #24)."""
    return (
        Organization.objects.filter(
            pk__in=referrals.filter(organization__isnull=False).values("organization_id")
        )
        .only("pk", "name")
        .order_by("name")
    )


def referral_events(referral: Referral) -> QuerySet[AuditEvent]:
    return referral.events.select_related("by", "by_organization").order_by("at", "pk")


def person_events(person: Person) -> QuerySet[AuditEvent]:
    return person.events.select_related("by", "by_organization").order_by("-at", "-pk")


def referrals_of(person: Person) -> QuerySet[Referral]:
    return (
        person.referrals.select_related("organization", "activity", "consent")
        .prefetch_related(
            Prefetch("events", queryset=AuditEvent.objects.select_related("by").order_by("at"))
        )
        .order_by("-created_at")
    )


def referrals_to_route(user: User) -> QuerySet[Referral]:
    return referrals_visible_to(user).filter(
        municipality__in=user_roles(user).coordinator_of,
        status=Referral.Status.SUBMITTED,
        organization__isnull=True,
    )


# -- information sheets -----------------------------------------------------------------------


def _own_or_shipped(municipality: Municipality | None) -> Q:
    """The municipality's own versions and those Brobygger ships for its country (a Danish
    municipality's drafts are translated from the Danish original, a Norwegian one's from the
    Norwegian). No municipality: the shipped sheets that are the same in every country."""
    countries = ["", municipality.country] if municipality is not None else [""]
    return Q(municipality=municipality) | Q(municipality__isnull=True, country__in=countries)


def information_sheet_current(municipality: Municipality, language: str) -> InformationSheet | None:
    """The municipality's latest version in this language, else the one Brobygger ships."""
    return (
        InformationSheet.objects.filter(_own_or_shipped(municipality), language=language)
        .order_by("-version", "-pk")
        .first()
    )


def information_sheets_current(municipality: Municipality) -> list[InformationSheet]:
    """One sheet per language (in the order of the language list), in one query."""
    latest: dict[str, InformationSheet] = {}
    for sheet in InformationSheet.objects.filter(_own_or_shipped(municipality)).order_by(
        "language", "-version", "-pk"
    ):
        latest.setdefault(sheet.language, sheet)
    return [latest[code] for code in SheetLanguage.values if code in latest]


def export_languages(person: Person) -> list[str]:
    """The languages of the person's export as a document (issue #20), the person's first: the
    language they were last informed in, else the first of their preferred languages, in which
    the municipality has an approved information sheet; then the municipality's own language."""
    municipality = person.municipality
    usable = {s.language for s in information_sheets_current(municipality) if s.is_usable}
    informed = list(
        person.consents.order_by("-informed_on", "-pk").values_list(
            "information_language", flat=True
        )
    )
    theirs = next((code for code in [*informed, *person.languages] if code in usable), None)
    return list(dict.fromkeys(code for code in (theirs, municipality.language) if code))


def information_sheet_versions(
    municipality: Municipality, language: str
) -> QuerySet[InformationSheet]:
    return InformationSheet.objects.filter(
        _own_or_shipped(municipality), language=language
    ).order_by("-version")


# -- the access log ---------------------------------------------------------------------------


def access_log_for(municipality: Municipality) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(municipality=municipality).order_by("-at", "-pk")


# -- retention --------------------------------------------------------------------------------


def referrals_due_for_erasure(*, before: datetime.datetime) -> QuerySet[Referral]:
    """Ended (declined, contact made, unreachable, closed, withdrawn, expired) before `before`."""
    return Referral.objects.filter(
        ended_at__lt=before, personal_data_erased_at__isnull=True
    ).exclude(status__in=Referral.OPEN)


def persons_due_for_erasure(
    *, before: datetime.datetime, today: datetime.date | None = None
) -> list[Person]:
    """Persons with no open referral and no valid consent since before `before`.

    `today` is the day the purge runs for (its `now`): a consent is judged on that day."""
    today = today or timezone.localdate()
    candidates = (
        Person.objects.filter(erased_at__isnull=True, created_at__lt=before)
        .exclude(Exists(Referral.objects.filter(person=OuterRef("pk"), status__in=Referral.OPEN)))
        .exclude(
            Exists(
                Consent.objects.filter(
                    person=OuterRef("pk"),
                    withdrawn_at__isnull=True,
                    valid_from__lte=today,
                    valid_until__gte=today,
                )
            )
        )
        .annotate(
            last_ended=Max("referrals__ended_at"),
            last_withdrawn=Max("consents__withdrawn_at"),
            last_valid_day=Max(
                "consents__valid_until", filter=Q(consents__withdrawn_at__isnull=True)
            ),
        )
    )
    due = []
    for person in candidates:
        moments = [person.created_at, person.last_ended, person.last_withdrawn]
        if person.last_valid_day is not None:
            moments.append(
                timezone.make_aware(
                    datetime.datetime.combine(
                        person.last_valid_day + datetime.timedelta(days=1), datetime.time()
                    )
                )
            )
        person.last_moment = max(m for m in moments if m is not None)
        if person.last_moment < before:
            due.append(person)
    return due


# -- the dashboard ----------------------------------------------------------------------------


def referral_counts_for_dashboard(user: User) -> dict[str, int]:
    """Open referrals of the caseworker's municipalities and referrals waiting for an answer from
    the contact person's organisations, in one query."""
    from django.db.models import Count

    roles = user_roles(user)
    return Referral.objects.aggregate(
        open=Count("pk", filter=Q(municipality__in=roles.caseworker_of, status__in=Referral.OPEN)),
        waiting=Count(
            "pk",
            filter=Q(
                organization__in=roles.organizations_with("contact"),
                status__in=Referral.WAITING_FOR_ANSWER,
            ),
        ),
    )


# -- access functions: one per model, the one way a view gets an object (core.access) -----------


def access_person(user: User, pk: int, perm: str = "referrals.view_person") -> Person:
    return get_permitted_or_404(
        persons_visible_to(user).select_related("municipality"), user=user, perm=perm, pk=pk
    )


def access_live_person(user: User, pk: int) -> Person:
    """A person the caseworker manages whose data has not been erased."""
    person = access_person(user, pk, "referrals.manage_person")
    if person.is_erased:
        raise Http404
    return person


def access_consent(user: User, pk: int) -> Consent:
    return get_permitted_or_404(
        consents_visible_to(user).select_related(
            "person__municipality", "information_sheet", "recorded_by"
        ),
        user=user,
        perm="referrals.view_person",
        on=lambda consent: consent.person,
        pk=pk,
    )


def access_referral(user: User, pk: int, perm: str = "referrals.view_referral") -> Referral:
    return get_permitted_or_404(
        referrals_visible_to(user).select_related("person", "created_by"),
        user=user,
        perm=perm,
        pk=pk,
    )


# -- what the data protection officer asks for (GDPR art. 30, R76) ------------------------------


def retention_policy_of(municipality: Municipality) -> RetentionPolicy:
    """The municipality's retention periods; the defaults (unsaved) when it has set none."""
    policy = RetentionPolicy.objects.filter(municipality=municipality).first()
    return policy or RetentionPolicy(municipality=municipality, **RetentionPolicy.DEFAULTS)


def retention_document(municipality: Municipality) -> dict:
    """The retention periods in force, to print and file (R76): per data type the days chosen,
    the legal bounds they were chosen within, what happens then, and who set them when."""
    policy = retention_policy_of(municipality)
    return {
        "municipality": municipality,
        "generated_on": timezone.localdate(),
        "policy": policy,
        "is_default": policy.pk is None,
        "rows": [
            {
                "label": RetentionPolicy._meta.get_field(name).verbose_name,
                "days": getattr(policy, name),
                "least": least,
                "most": most,
                "note": RetentionPolicy._meta.get_field(name).help_text,
            }
            for name, (least, most) in RetentionPolicy.BOUNDS.items()
        ],
    }


def _labels(model, names) -> list[str]:
    return [str(model._meta.get_field(name).verbose_name) for name in names]


def record_of_processing(municipality: Municipality) -> dict:
    """The record of processing (GDPR art. 30) of the referral journey, generated from what the
    system itself declares: the person's fields (`Person.PERSONAL_FIELDS`), what a consent can
    share (`SharedField`), the purposes (`Offer`), the recipients (organisations under an
    agreement that says how contact data is passed on), the retention in force and the special
    categories that are never recorded. Nothing about any one person."""
    from core.personal_data import SPECIAL_CATEGORIES
    from referrals.choices import Offer, SharedField

    policy = retention_policy_of(municipality)
    return {
        "municipality": municipality,
        "generated_on": timezone.localdate(),
        "purposes": [str(label) for label in Offer.labels],
        "person_fields": _labels(Person, Person.PERSONAL_FIELDS),
        "consent_fields": _labels(
            Consent,
            [
                "informed_on",
                "information_language",
                "information_sheet",
                "interpreter_present",
                "shared_fields",
                "organizations",
                "offer",
                "offer_note",
                "signed_how",
                "valid_from",
                "valid_until",
                "withdrawn_on",
            ],
        ),
        "referral_fields": _labels(
            Referral,
            [
                "organization",
                "activity",
                "offer",
                "note",
                "status",
                "interpreter_needed",
                "interpreter_language",
                "suitability",
                "decline_category",
                "decline_reason",
            ],
        ),
        "access_log_fields": _labels(
            AccessLogEntry, ["at", "user_label", "person", "referral", "reason", "path"]
        ),
        "shareable": [str(label) for label in SharedField.labels],
        "special_categories": [str(category) for category in SPECIAL_CATEGORIES],
        "recipients": list(organizations_for_referrals(municipality).order_by("name")),
        "retention": [
            (str(RetentionPolicy._meta.get_field(name).verbose_name), getattr(policy, name))
            for name in RetentionPolicy.BOUNDS
        ],
    }


def dpia(municipality: Municipality) -> dict:
    """The risks the referral journey mitigates and how (referrals.dpia.RISKS), each with the
    link to its control, as the starting point of the municipality's impact assessment."""
    from referrals.dpia import RISKS

    return {
        "municipality": municipality,
        "generated_on": timezone.localdate(),
        "risks": [
            {
                "key": risk.key,
                "risk": risk.risk,
                "mitigation": risk.mitigation,
                "control": risk.control,
                "link": risk.link(municipality),
            }
            for risk in RISKS
        ],
    }


# The body a person complains to, by the municipality's country (GDPR art. 77).
COMPLAINT_BODIES = {
    "NO": (
        _("Datatilsynet, the Norwegian Data Protection Authority"),
        "https://www.datatilsynet.no",
    ),
    "DK": (_("Datatilsynet, the Danish Data Protection Agency"), "https://www.datatilsynet.dk"),
}


def privacy_notice_of(municipality: Municipality) -> PrivacyNotice | None:
    """The facts the municipality has published, or None while it has not."""
    return PrivacyNotice.objects.filter(municipality=municipality).first()


def privacy_notice(municipality: Municipality) -> dict:
    """The public privacy notice (GDPR art. 13): the municipality's own facts with what the
    record of processing declares (what is processed, why, for how long, to whom), the person's
    rights and the body to complain to."""
    complaint_name, complaint_url = COMPLAINT_BODIES[municipality.country]
    return {
        **record_of_processing(municipality),
        "notice": privacy_notice_of(municipality),
        "complaint_name": complaint_name,
        "complaint_url": complaint_url,
    }


# -- the quarterly follow-up of referring staff (R40) -----------------------------------------


def referring_caseworkers(
    *, since: datetime.datetime, until: datetime.datetime
) -> QuerySet[MunicipalityMembership]:
    """The caseworker roles whose holders made referrals in that municipality between `since`
    and `until`, annotated with how many (`referrals_made`). Only roles still held by active
    accounts: staff who have left are not followed up."""
    made = (
        Referral.objects.filter(
            municipality=OuterRef("municipality"),
            created_by=OuterRef("user"),
            created_at__gte=since,
            created_at__lt=until,
        )
        .order_by()
        .values("created_by")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        MunicipalityMembership.objects.filter(
            role=MunicipalityMembership.Role.CASEWORKER, user__is_active=True
        )
        .annotate(referrals_made=Subquery(made))
        .filter(referrals_made__gt=0)
        .select_related("user", "municipality")
        .order_by("pk")
    )


# -- the offer leaflet -------------------------------------------------------------------------


def offer_leaflets_of(municipality: Municipality) -> list[dict]:
    """Each shipped translation of the offer leaflet with the municipality's approval of its
    exact text, or None while it is a draft."""
    approvals = {
        (a.language, a.text_digest): a
        for a in OfferLeafletApproval.objects.filter(municipality=municipality).select_related(
            "approved_by"
        )
    }
    return [
        {"leaflet": leaflet, "approval": approvals.get((code, leaflet.digest))}
        for code, leaflet in LEAFLETS.items()
    ]


def offer_leaflet_approved(municipality: Municipality, language: str):
    """The leaflet in this language if the municipality has approved its exact text, else None
    (a draft is never printed for the public)."""
    leaflet = LEAFLETS.get(language)
    if leaflet is None:
        return None
    approval = OfferLeafletApproval.objects.filter(
        municipality=municipality, language=language, text_digest=leaflet.digest
    ).first()
    return (leaflet, approval) if approval else None


def staff_feedback_given(user: User, municipality: Municipality, year: int, quarter: int):
    """This person's own answer for the quarter, to correct it (None before they answer)."""
    return StaffFeedback.objects.filter(
        municipality=municipality, year=year, quarter=quarter, respondent=user
    ).first()


def staff_feedback_summary(municipality: Municipality, *, quarters: int = 4) -> list[dict]:
    """The latest quarters' answers together: how many answered, how many were offered a
    volunteer contact in all, and the texts, without who wrote them (one query)."""
    rows = list(
        StaffFeedback.objects.filter(municipality=municipality)
        .order_by("-year", "-quarter", "?")
        .only("year", "quarter", "what_works", "what_is_hard", "offered")
    )
    summary: dict[tuple[int, int], dict] = {}
    for row in rows:
        key = (row.year, row.quarter)
        if key not in summary:
            if len(summary) == quarters:
                break
            summary[key] = {
                "year": row.year,
                "quarter": row.quarter,
                "answers": 0,
                "offered": 0,
                "works": [],
                "hard": [],
            }
        entry = summary[key]
        entry["answers"] += 1
        entry["offered"] += row.offered
        if row.what_works:
            entry["works"].append(row.what_works)
        if row.what_is_hard:
            entry["hard"].append(row.what_is_hard)
    return list(summary.values())
