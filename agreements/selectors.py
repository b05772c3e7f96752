"""Reads of needs and agreements, scoped by who asks."""

from __future__ import annotations

import datetime
import difflib
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Municipality
from accounts.selectors import user_roles
from agreements.models import (
    Agreement,
    Approval,
    Attachment,
    Evaluation,
    Kind,
    Need,
    NeedResponse,
    Party,
    Template,
    Version,
)
from core.access import get_or_404, get_permitted_or_404
from organizations.models import Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def agreements_visible_to(user: User | AnonymousUser) -> QuerySet[Agreement]:
    """Coordinators and leaders: their municipality's agreements; organisations: those they are
    party to."""
    roles = user_roles(user)
    if roles.is_platform_admin:
        return Agreement.objects.all()
    party = Party.objects.filter(organization__in=roles.organizations.keys()).values("agreement_id")
    # An organisation's draft is its own and the coordinators' until they take it over (R22).
    organization_draft = Q(
        status=Agreement.Status.DRAFT, drafted_by__isnull=False, taken_over_at__isnull=True
    )
    return Agreement.objects.filter(
        Q(municipality__in=roles.coordinator_of)
        | (Q(municipality__in=roles.leader_of) & ~organization_draft)
        | Q(pk__in=party)
    )


def agreement_list(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return queryset.select_related("municipality").prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organization"))
    )


def agreement_page(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return queryset.select_related(
        "municipality", "framework", "need", "owner__organization", "drafted_by"
    ).prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organization")),
        "sections",
        "rows__organization",
        "comments",
        "attachments",
        "activities",
        "status_changes",
        Prefetch("evaluations", queryset=Evaluation.objects.prefetch_related("items")),
        Prefetch(
            "versions",
            queryset=Version.objects.prefetch_related(
                Prefetch(
                    "approvals", queryset=Approval.objects.select_related("party__organization")
                )
            ),
        ),
    )


def public_agreements_of(organization: Organization) -> QuerySet[Agreement]:
    """Active agreements marked public, for the organisation's public page (no names, no files)."""
    return Agreement.objects.filter(
        is_public=True, status=Agreement.Status.ACTIVE, parties__organization=organization
    )


def agreements_of(municipality: Municipality) -> QuerySet[Agreement]:
    """The municipality's agreements, for its own staff (an announcement may go to the parties
    of one)."""
    return Agreement.objects.filter(municipality=municipality)


def parties_of(agreement: Agreement) -> QuerySet[Party]:
    """The parties to an agreement."""
    return Party.objects.filter(agreement=agreement)


def party_organizations(agreements: QuerySet[Agreement]) -> QuerySet[Organization]:
    """The organisations that are a party to any of these (already scoped) agreements, with only
    what a choice of them shows (the list's filter offers hundreds in a large municipality)."""
    parties = Party.objects.filter(agreement__in=agreements).values("organization_id")
    return Organization.objects.filter(pk__in=parties).only("pk", "name")


def answering_organizations(user: User | AnonymousUser) -> QuerySet[Organization]:
    """The verified organisations the user answers a need for (as admin or contact person)."""
    ids = user_roles(user).organizations_with("admin", "contact")
    return Organization.objects.filter(pk__in=ids, status=Organization.Status.VERIFIED).order_by(
        "name"
    )


def responding_organizations(need: Need) -> QuerySet[Organization]:
    """The organisations that answered this need (the coordinator starts an agreement with them)."""
    return Organization.objects.filter(need_responses__need=need)


def municipalities_to_draft_with(user: User | AnonymousUser) -> QuerySet[Municipality]:
    """The municipalities where an organisation the user is an admin of is verified: where
    they may start a draft agreement (R22)."""
    from accounts.models import Municipality
    from organizations.models import OrganizationMunicipality

    ids = user_roles(user).organizations_with("admin")
    if not ids:
        return Municipality.objects.none()  # no query for everybody else
    links = OrganizationMunicipality.objects.filter(
        organization__in=ids, status=Organization.Status.VERIFIED
    ).values("municipality_id")
    return Municipality.objects.filter(pk__in=links).order_by("name")


def drafting_organizations(user: User | AnonymousUser) -> QuerySet[Organization]:
    """The organisations the user is an admin of (the drafting organisation's choices)."""
    ids = user_roles(user).organizations_with("admin")
    return Organization.objects.filter(pk__in=ids).order_by("name")


def organization_profile_panel(organization: Organization) -> dict:
    """The organisation's public agreements, for its public page (registered with
    `organizations.profile_panels` in `AgreementsConfig.ready`)."""
    return {
        "public_agreements": public_agreements_of(organization).prefetch_related(
            "rows__organization"
        )
    }


def templates_for(municipality: Municipality, language: str | None = None) -> QuerySet[Template]:
    """The municipality's own templates, and the shipped ones written in a language of its
    country or in English: a Danish coordinator is not offered the Norwegian texts, nor a
    Norwegian one the Danish (the agreement is written in the template's language)."""
    readable = [*Municipality.LANGUAGES_BY_COUNTRY.get(municipality.country, ()), "en"]
    queryset = Template.objects.filter(
        Q(municipality=municipality) | Q(municipality__isnull=True, language__in=readable)
    )
    if language:
        queryset = queryset.filter(Q(language=language) | Q(municipality=municipality))
    return queryset.order_by("municipality", "name")


def published_needs() -> QuerySet[Need]:
    """The needs on the board: published and not closed."""
    return Need.objects.filter(is_published=True, closed_at__isnull=True).select_related(
        "municipality"
    )


def responses_of_organizations(user: User | AnonymousUser) -> QuerySet[NeedResponse]:
    """The answers the user's organisations gave (as admin or contact person), newest first."""
    ids = user_roles(user).organizations_with("admin", "contact")
    return (
        NeedResponse.objects.filter(organization__in=ids)
        .select_related("need__municipality", "organization")
        .order_by("-created_at")
    )


def access_need_response(user: User, need: Need, pk: int) -> NeedResponse:
    """An answer to a need whose municipality the user manages needs for (else 404)."""
    return get_permitted_or_404(
        need.responses.select_related("organization", "need__municipality"),
        user=user,
        perm="agreements.manage_needs",
        on=lambda response: response.need.municipality,
        pk=pk,
    )


def needs_visible_to(user: User | AnonymousUser) -> QuerySet[Need]:
    roles = user_roles(user)
    return Need.objects.filter(Q(is_published=True) | Q(municipality__in=roles.coordinator_of))


def version_diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list]:
    """What changed between two snapshots: fields, and sections and matrix rows added, removed,
    moved or changed (each change carries the old and the new item)."""
    fields = []
    for key in (
        "title",
        "purpose",
        "target_group",
        "starts_on",
        "ends_on",
        "review_on",
        "meeting_frequency",
        "contact_sharing",
        "municipal_support",
        "owner",
        "work_lead",
    ):
        # A version made before a field existed has no key for it: that is the field empty.
        if (old.get(key) or "") != (new.get(key) or ""):
            fields.append({"field": key, "old": old.get(key), "new": new.get(key)})
    return {
        "fields": fields,
        "sections": _list_diff(old.get("sections", []), new.get("sections", []), "heading"),
        "rows": _list_diff(old.get("rows", []), new.get("rows", []), "task"),
    }


def _list_diff(old: list[dict], new: list[dict], key: str) -> list[dict]:
    """Pair items by their key (heading or task); unmatched ones are added or removed."""
    changes = []
    old_by_key = {item[key]: item for item in old}
    new_by_key = {item[key]: item for item in new}
    matcher = difflib.SequenceMatcher(a=[i[key] for i in old], b=[i[key] for i in new])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for name in [i[key] for i in old[i1:i2]]:
                if old_by_key[name] != new_by_key[name]:
                    changes.append(
                        {"change": "changed", "old": old_by_key[name], "new": new_by_key[name]}
                    )
            continue
        removed, added = old[i1:i2], new[j1:j2]
        # A renamed task in the same place reads as "changed", not "removed + added"; an item
        # whose key is still there (elsewhere) moved and is not a rename.
        if tag == "replace":
            gone = [i for i in removed if i[key] not in new_by_key]
            came = [i for i in added if i[key] not in old_by_key]
            for before, after in zip(gone, came, strict=False):
                changes.append({"change": "changed", "old": before, "new": after})
                removed.remove(before)
                added.remove(after)
        changes += [{"change": "removed", "old": item, "new": None} for item in removed]
        changes += [{"change": "added", "old": None, "new": item} for item in added]
    # An item that only moved shows up as removed in one place and added in another: one "moved".
    added_by_key = {c["new"][key]: c for c in changes if c["change"] == "added"}
    moved = []
    for change in changes:
        if change["change"] == "removed" and change["old"][key] in added_by_key:
            added = added_by_key.pop(change["old"][key])
            change.update(change="moved", new=added["new"])
            moved.append(added)
    return [c for c in changes if not any(c is m for m in moved)]


def own_templates_of(municipality: Municipality) -> QuerySet[Template]:
    return Template.objects.filter(municipality=municipality).order_by("name")


def next_meeting_of(agreement: Agreement):
    """The next scheduled occurrence of the agreement's recurring meeting, if any."""
    from django.utils import timezone

    return (
        agreement.meeting_series.occurrences.filter(
            status="scheduled", starts_at__gte=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )


# -- access functions: one per model, the one way a view gets an object (core.access) -----------


def access_agreement(user: User, pk: int, queryset=None) -> Agreement:
    """The agreement if the user may see it; 404 otherwise (it does not exist for them).
    `queryset` shapes the scoped read (e.g. `agreement_page`)."""
    visible = agreements_visible_to(user)
    return get_permitted_or_404(
        queryset(visible) if queryset else visible,
        user=user,
        perm="agreements.view_agreement",
        pk=pk,
    )


def access_attachment(agreement: Agreement, pk: int) -> Attachment:
    """One of the attachments of an agreement the user was given (access_agreement)."""
    return get_or_404(agreement.attachments, pk=pk)


def access_version(agreement: Agreement, number: int) -> Version:
    """One of the versions of an agreement the user was given (access_agreement)."""
    return get_or_404(
        agreement.versions.prefetch_related("approvals__party__organization"), number=number
    )


def access_own_template(municipality: Municipality, pk: int) -> Template:
    """One of the municipality's own templates (the caller checked the rule on it)."""
    return get_or_404(own_templates_of(municipality), pk=pk)


def access_need(user: User, pk: int, perm: str | None = None) -> Need:
    """A need the user may see; with `perm`, one whose municipality the rule lets them act in."""
    needs = needs_visible_to(user).select_related("municipality")
    if perm is None:  # published needs are public; drafts are their coordinators' (the scope)
        return get_or_404(needs, pk=pk)
    return get_permitted_or_404(
        needs, user=user, perm=perm, on=lambda need: need.municipality, pk=pk
    )


def organizations_with_contact_agreement(
    municipality: Municipality, *, today: datetime.date | None = None
) -> QuerySet[Organization]:
    """The organisations that may receive referrals from the municipality (R47): a party to an
    agreement with it that is in force today (active, or active while a revision is prepared)
    and whose text says how contact data about refugees is passed on."""
    return Organization.objects.filter(pk__in=_contact_agreement_parties(municipality, today))


def _contact_agreement_parties(municipality: Municipality, today: datetime.date | None) -> QuerySet:
    today = today or timezone.localdate()
    in_force = (
        Agreement.objects.filter(
            municipality=municipality,
            status__in=[Agreement.Status.ACTIVE, Agreement.Status.REVISION],
            starts_on__lte=today,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exclude(contact_sharing__regex=r"^\s*$")
    )
    return Party.objects.filter(agreement__in=in_force, organization__isnull=False).values(
        "organization_id"
    )


def party_organization_ids_for_series(series_id: int | None) -> list[int]:
    """The organisations party to a live agreement (active or being revised) whose recurring
    meeting is this series: the minutes of its meetings go to their leaders and contact
    persons (meetings.services.meeting_save_minutes)."""
    if series_id is None:
        return []
    return list(
        Party.objects.filter(
            agreement__meeting_series=series_id,
            agreement__status__in=[Agreement.Status.ACTIVE, Agreement.Status.REVISION],
            organization__isnull=False,
        )
        .values_list("organization_id", flat=True)
        .distinct()
    )


def party_organization_ids_of(agreement_id: int | None) -> list[int]:
    """The organisations party to this agreement: the minutes of its evaluation meeting go to
    their leaders and contact persons (meetings.services.meeting_save_minutes)."""
    if agreement_id is None:
        return []
    return list(
        Party.objects.filter(agreement=agreement_id, organization__isnull=False)
        .values_list("organization_id", flat=True)
        .distinct()
    )


def initiatives_of(framework: Agreement, user: User) -> list[Agreement]:
    """The initiative agreements under a framework agreement (R26) that this person may see,
    for the framework's page (one query; none for an initiative agreement)."""
    if framework.kind != Kind.FRAMEWORK:
        return []
    return list(
        agreements_visible_to(user)
        .filter(framework=framework)
        .only("pk", "title", "status", "starts_on", "ends_on")
        .order_by("title", "pk")
    )


def evaluations_by_version(versions: list[Version], evaluations: list[Evaluation]) -> dict:
    """Which evaluations were of which approved version (R27, R36): those held from the day the
    version was approved until the day the next one was (one dated before the first approval
    counts for the first). Plain lists in (the agreement page's prefetch), version id ->
    evaluations (oldest first) out."""
    approved = sorted(
        (v for v in versions if v.approved_at is not None), key=lambda v: v.approved_at
    )
    found: dict[int, list[Evaluation]] = {v.pk: [] for v in versions}
    for evaluation in sorted(evaluations, key=lambda e: (e.held_on, e.pk)):
        in_force = approved[0] if approved else None
        for version in approved:
            if timezone.localdate(version.approved_at) <= evaluation.held_on:
                in_force = version
        if in_force is not None:
            found[in_force.pk].append(evaluation)
    return found


def evaluations_of_version(agreement: Agreement, version: Version) -> list[Evaluation]:
    """The evaluations of one version, with their items (for its PDF)."""
    versions = list(agreement.versions.all())
    evaluations = list(agreement.evaluations.prefetch_related("items"))
    return evaluations_by_version(versions, evaluations).get(version.pk, [])
