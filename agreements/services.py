"""Business actions on cooperation needs and agreements.

The lifecycle: draft → sent for approval (a numbered, read-only version is made) → approved by
every party → active → revision (a new working text; the last approved version stays in force)
→ sent for approval again → active, or ended. An edit while approvals are being collected makes a
new version, so earlier approvals (of another text) no longer count.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.languages import language_for
from accounts.selectors import coordinators_of
from agreements.models import (
    Agreement,
    Approval,
    Attachment,
    Comment,
    Evaluation,
    EvaluationItem,
    Need,
    NeedResponse,
    Party,
    Row,
    Section,
    StatusChange,
    Template,
    Version,
)
from agreements.selectors import templates_for
from core.validation import required_text
from notifications.services import notification_schedule_each
from organizations.models import Organization, OrganizationMembership
from organizations.selectors import admins_and_contacts

if TYPE_CHECKING:
    from accounts.models import Municipality, User

Status = Agreement.Status
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
Event = StatusChange.Event


def _log_status(
    agreement: Agreement,
    *,
    event: str,
    from_status: str,
    by: User | None,
    at: datetime | None = None,
    version: Version | None = None,
    detail: str = "",
    reason: str = "",
) -> StatusChange:
    """One line of the status history (R22), written by the service that changes the status,
    in its transaction. `by` None is the system (a scheduled expiry)."""
    return StatusChange.objects.create(
        agreement=agreement,
        event=event,
        from_status=from_status,
        to_status=agreement.status,
        by=by,
        by_name=str(by)[:150] if by is not None else "",
        version=version.number if version is not None else None,
        detail=detail[:300],
        reason=reason.strip()[:1000],
        at=(at or timezone.now()).replace(microsecond=0),
    )


# -- needs ----------------------------------------------------------------------------------------


@transaction.atomic
def need_save(*, by: User, need: Need | None, municipality: Municipality, fields: dict) -> Need:
    need = need or Need(municipality=municipality, created_by=by)
    if not by.has_perm("agreements.manage_needs", need.municipality):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(need, name, value)
    if need.starts_on and need.ends_on and need.ends_on < need.starts_on:
        raise ValidationError({"ends_on": _("The period must end after it starts.")})
    need.full_clean()
    now = timezone.now()
    announce = need.is_published and need.announced_at is None and need.closed_at is None
    if announce:
        need.announced_at = now
    need.save()
    if announce:
        _notify_organizations_that_asked(need, now=now)
    return need


@transaction.atomic
def need_respond(*, by: User, need: Need, organization: Organization, note: str) -> NeedResponse:
    if not by.has_perm("organizations.change_organization", organization):
        raise PermissionDenied
    if not organization.is_public:
        raise ValidationError(_("Only verified organisations can answer."))
    if need.closed_at is not None:
        raise ValidationError(_("The municipality has closed this need; it takes no more answers."))
    response, _created = NeedResponse.objects.update_or_create(
        need=need,
        organization=organization,
        defaults={
            "note": note.strip(),
            "created_by": by,
            "status": NeedResponse.Status.WAITING,
            "reply": "",
            "replied_at": None,
        },
    )
    now = timezone.now().replace(microsecond=0)
    notification_schedule_each(
        coordinators_of(need.municipality_id),
        kind="need_answered",
        subject=response,
        due_at=now,
        context={"need_id": need.pk, "title": need.title, "organization": organization.name},
    )
    return response


@transaction.atomic
def need_response_reply(
    *, by: User, response: NeedResponse, status: str, reply: str
) -> NeedResponse:
    """The coordinator accepts or declines an organisation's offer, with a word; it is told."""
    response = NeedResponse.objects.select_for_update().select_related("need").get(pk=response.pk)
    if not by.has_perm("agreements.manage_needs", response.need.municipality):
        raise PermissionDenied
    if status not in (NeedResponse.Status.ACCEPTED, NeedResponse.Status.DECLINED):
        raise ValidationError({"status": _("Choose whether you accept the offer.")})
    response.status = status
    response.reply = reply.strip()
    response.replied_at = timezone.now().replace(microsecond=0)
    response.save(update_fields=["status", "reply", "replied_at"])
    notification_schedule_each(
        _organization_people(response.organization_id),
        kind="need_replied",
        subject=response,
        due_at=response.replied_at,
        context={"need_id": response.need_id, "title": response.need.title},
    )
    return response


@transaction.atomic
def need_close(*, by: User, need: Need) -> Need:
    """The need is met or dropped: off the board, and every organisation that answered is told."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    if not by.has_perm("agreements.manage_needs", need.municipality):
        raise PermissionDenied
    if need.closed_at is not None:
        return need
    need.closed_at = timezone.now().replace(microsecond=0)
    need.save(update_fields=["closed_at"])
    organization_ids = need.responses.values_list("organization_id", flat=True)
    notification_schedule_each(
        _organization_people(*organization_ids),
        kind="need_closed",
        subject=need,
        due_at=need.closed_at,
        context={"need_id": need.pk, "title": need.title},
    )
    return need


def _organization_people(*organization_ids: int) -> list[User]:
    """The admins and contact persons of these organisations, each once."""
    return admins_and_contacts(*organization_ids)


def _notify_organizations_that_asked(need: Need, *, now: datetime) -> None:
    """A new need goes to the verified organisations active in its municipality that asked."""
    organization_ids = Organization.objects.filter(
        notify_of_needs=True,
        municipality_links__municipality=need.municipality_id,
        municipality_links__status=Organization.Status.VERIFIED,
    ).values_list("pk", flat=True)
    notification_schedule_each(
        _organization_people(*organization_ids),
        kind="need_published",
        subject=need,
        due_at=now.replace(microsecond=0),
        context={
            "need_id": need.pk,
            "title": need.title,
            "municipality": str(need.municipality),
        },
    )


# -- creating and editing -------------------------------------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    by: User,
    municipality: Municipality,
    template: Template | None,
    organizations: Iterable[Organization],
    title: str = "",
    starts_on: date,
    need: Need | None = None,
) -> Agreement:
    """A new draft, copied from a template (later template edits do not reach it)."""
    if not by.has_perm("agreements.create_agreement", municipality):
        raise PermissionDenied
    return _make_draft(
        by=by,
        municipality=municipality,
        template=template,
        organizations=organizations,
        title=title,
        starts_on=starts_on,
        need=need,
    )


def _contact_names(organization: Organization) -> str:
    """The names of the organisation's contact persons: the party's contact person to start
    with (R19), changed on the agreement's form."""
    names = [
        membership.user.full_name
        for membership in organization.memberships.filter(
            role=OrganizationMembership.Role.CONTACT, user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name")
        if membership.user.full_name
    ]
    return ", ".join(names)[: Party._meta.get_field("contact_person").max_length]


def _make_draft(
    *,
    by: User,
    municipality: Municipality,
    template: Template | None,
    organizations: Iterable[Organization],
    title: str,
    starts_on: date,
    need: Need | None = None,
    drafted_by: Organization | None = None,
) -> Agreement:
    organizations = list(organizations)
    for organization in organizations:
        if not organization.is_verified_in(municipality.pk):
            raise ValidationError(
                {"organizations": _("%(name)s is not verified yet.") % {"name": organization}}
            )
    source = template or Template(kind="initiative", title=title)
    agreement = Agreement.objects.create(
        municipality=municipality,
        kind=source.kind,
        title=title or source.title,
        purpose=source.purpose or (need.description if need else ""),
        target_group=source.target_group or (need.target_group if need else ""),
        contact_sharing=source.contact_sharing,
        municipal_support=source.municipal_support,
        meeting_frequency=source.meeting_frequency,
        starts_on=starts_on,
        review_on=default_review_on(starts_on),
        need=need,
        created_by=by,
        drafted_by=drafted_by,
    )
    # The contact persons on both sides (R19), filled in to start with: the coordinator who
    # made it, and each organisation's contact persons.
    Party.objects.create(
        agreement=agreement,
        organization=None,
        contact_person="" if drafted_by else by.full_name[:200],
    )
    for organization in organizations:
        Party.objects.create(
            agreement=agreement,
            organization=organization,
            contact_person=_contact_names(organization),
        )
    Section.objects.bulk_create(
        Section(agreement=agreement, position=n, heading=s["heading"], body=s.get("body", ""))
        for n, s in enumerate(source.sections)
    )
    only = organizations[0] if len(organizations) == 1 else None
    Row.objects.bulk_create(
        Row(
            agreement=agreement,
            position=n,
            task=r["task"],
            responsible=r["responsible"],
            organization=only if r["responsible"] == "organization" else None,
            description=r.get("description", ""),
        )
        for n, r in enumerate(source.matrix)
    )
    _log_status(
        agreement,
        event=Event.DRAFTED if drafted_by else Event.CREATED,
        from_status="",
        by=by,
        detail=drafted_by.name if drafted_by else "",
    )
    return agreement


@transaction.atomic
def agreement_draft_by_organization(
    *,
    by: User,
    organization: Organization,
    municipality: Municipality,
    title: str,
    starts_on: date,
    template: Template | None = None,
    now: datetime | None = None,
) -> Agreement:
    """An organisation's admin starts a draft with a municipality where the organisation is
    verified (R22; in Næstved one association wrote its own). Its admins write it until the
    municipality's coordinator takes it over; the coordinators are told of it."""
    if not by.has_perm("agreements.draft_agreement", organization):
        raise PermissionDenied
    if not organization.is_verified_in(municipality.pk):
        raise ValidationError(
            {
                "municipality": _(
                    "%(name)s is not verified in this municipality: it cannot start an "
                    "agreement with it."
                )
                % {"name": organization}
            }
        )
    if template is not None and not templates_for(municipality).filter(pk=template.pk).exists():
        # The same choice as the coordinators': another municipality's template is not offered.
        raise ValidationError({"template": _("Choose one of the municipality's templates.")})
    agreement = _make_draft(
        by=by,
        municipality=municipality,
        template=template,
        organizations=[organization],
        title=title,
        starts_on=starts_on,
        drafted_by=organization,
    )
    when = (now or timezone.now()).replace(microsecond=0)
    notification_schedule_each(
        coordinators_of(municipality.pk),
        kind="agreement_drafted",
        subject=agreement,
        due_at=when,
        context={
            "agreement_id": agreement.pk,
            "title": agreement.title,
            "organization": organization.name,
        },
    )
    return agreement


@transaction.atomic
def agreement_take_over(
    *, by: User, agreement: Agreement, now: datetime | None = None
) -> Agreement:
    """The municipality's coordinator takes over an organisation's draft (R22): from now on the
    coordinator edits it and sends it for approval; the organisation comments and approves like
    any party, and its admins and contact persons are told."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not by.has_perm("agreements.take_over_draft", agreement):
        if agreement.is_organization_draft or not by.has_perm(
            "agreements.manage_agreement", agreement
        ):
            raise PermissionDenied
        raise ValidationError(_("This is not an organisation's draft waiting to be taken over."))
    agreement.taken_over_at = (now or timezone.now()).replace(microsecond=0)
    agreement.revision += 1  # the organisation's open edit form is stale
    agreement.save(update_fields=["taken_over_at", "revision", "updated_at"])
    _log_status(
        agreement,
        event=Event.TAKEN_OVER,
        from_status=agreement.status,
        by=by,
        at=agreement.taken_over_at,
    )
    municipality_party = agreement.parties.filter(organization=None).first()
    if municipality_party and not municipality_party.contact_person:
        municipality_party.contact_person = by.full_name[:200]
        municipality_party.save(update_fields=["contact_person"])
    notification_schedule_each(
        _organization_people(agreement.drafted_by_id),
        kind="agreement_taken_over",
        subject=agreement,
        due_at=agreement.taken_over_at,
        context={
            "agreement_id": agreement.pk,
            "title": agreement.title,
            "municipality": str(agreement.municipality),
            "coordinator": str(by),
        },
    )
    return agreement


def _check_editable(by: User, agreement: Agreement, revision: int | None) -> None:
    if not by.has_perm("agreements.change_agreement", agreement):
        raise PermissionDenied
    if not agreement.is_editable:
        raise ValidationError(_("An active or ended agreement is changed by starting a revision."))
    if revision is not None and revision != agreement.revision:
        raise ValidationError(
            _(
                "Someone else changed this agreement while you were editing. Your changes are "
                "not saved: open it again to see the new text."
            ),
            code="stale",
        )


REVIEW_AFTER_MONTHS = 12


def default_review_on(starts_on: date) -> date:
    """A year after the start (R27): the agreement is evaluated against what was agreed. An
    agreement starting in the calendar's last year is reviewed on its last day."""
    try:
        return starts_on + relativedelta(months=REVIEW_AFTER_MONTHS)
    except (OverflowError, ValueError):
        return date.max


def _validate_dates(agreement: Agreement) -> None:
    if agreement.ends_on and agreement.ends_on < agreement.starts_on:
        raise ValidationError({"ends_on": _("The agreement must end after it starts.")})
    if agreement.review_on and agreement.ends_on and agreement.review_on > agreement.ends_on:
        raise ValidationError({"review_on": _("The review date is after the agreement ends.")})
    if agreement.review_on and agreement.review_on < agreement.starts_on:
        raise ValidationError({"review_on": _("The review date is before the agreement starts.")})


@transaction.atomic
def agreement_update(
    *,
    by: User,
    agreement: Agreement,
    revision: int,
    fields: dict[str, Any],
    sections: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    activities: Iterable | None = None,
    parties: Iterable[dict[str, Any]] = (),
    now: datetime | None = None,
) -> Agreement:
    """Save the whole edit at once: the working text, and the parties' representatives and
    contact persons (`parties`: dicts of `party`, `representatives`, `contact_person`). Rows and
    sections come in their new order. One transaction: all of it is saved or none of it, and an
    agreement waiting for approval gets one new version of exactly what was saved."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _check_editable(by, agreement, revision)
    own_parties = {party.pk: party for party in agreement.parties.all()}
    for change in parties:
        party = own_parties.get(change["party"].pk)
        if party is None:
            raise PermissionDenied  # a party of another agreement
        party.representatives = change["representatives"]
        party.contact_person = change["contact_person"]
        party.contributes = change.get("contributes", party.contributes)
        party.clean_fields(exclude=["agreement", "organization"])
        party.save(update_fields=["representatives", "contact_person", "contributes"])
    owner = fields.get("owner")
    if owner is not None and owner.pk not in own_parties:
        raise ValidationError({"owner": _("Choose one of the agreement's parties.")})
    for name, value in fields.items():
        setattr(agreement, name, value)
    _validate_dates(agreement)
    party_orgs = set(
        agreement.parties.exclude(organization=None).values_list("organization", flat=True)
    )
    for row in rows:
        # "The organisation" without a name means each organisation that is a party.
        organization = row.get("organization")
        if organization is not None and organization.pk not in party_orgs:
            raise ValidationError(
                {"rows": _("%(name)s is not a party to this agreement.") % {"name": organization}}
            )
    agreement.revision += 1
    agreement.full_clean(exclude=["framework", "need", "created_by", "owner", "drafted_by"])
    agreement.save()
    if activities is not None:
        agreement.activities.set(activities)
    agreement.sections.all().delete()
    Section.objects.bulk_create(
        Section(agreement=agreement, position=n, **s) for n, s in enumerate(sections)
    )
    agreement.rows.all().delete()
    Row.objects.bulk_create(Row(agreement=agreement, position=n, **r) for n, r in enumerate(rows))
    if agreement.status == Status.APPROVAL:
        # Someone may have approved the text that was sent: they approved another text.
        _resend(agreement, by=by, now=now or timezone.now())
    return agreement


@transaction.atomic
def party_add(*, by: User, agreement: Agreement, organization: Organization) -> Party:
    _check_editable(by, agreement, None)
    if not by.has_perm("agreements.manage_agreement", agreement):
        raise PermissionDenied  # an organisation's own draft: the coordinator adds parties
    if not organization.is_verified_in(agreement.municipality_id):
        raise ValidationError(_("%(name)s is not verified yet.") % {"name": organization})
    party, created = Party.objects.get_or_create(
        agreement=agreement,
        organization=organization,
        defaults={"contact_person": _contact_names(organization)},
    )
    if created and agreement.status == Status.APPROVAL:
        _resend(agreement, by=by, now=timezone.now())  # the new party approves a text naming it
    return party


def _resend(agreement: Agreement, *, by: User, now: datetime) -> Version:
    """The text waiting for approval changed: a new version goes to every party again."""
    version = _new_version(agreement, now=now)
    _log_status(
        agreement,
        event=Event.RESENT,
        from_status=Status.APPROVAL,
        by=by,
        at=now,
        version=version,
    )
    return version


# -- snapshots, approval, revision ----------------------------------------------------------------


def snapshot(agreement: Agreement) -> dict[str, Any]:
    """Everything the parties approve, as plain data (kept read-only in a Version)."""
    return {
        "title": agreement.title,
        "kind": agreement.kind,
        "purpose": agreement.purpose,
        "target_group": agreement.target_group,
        "starts_on": agreement.starts_on.isoformat(),
        "ends_on": agreement.ends_on.isoformat() if agreement.ends_on else None,
        "review_on": agreement.review_on.isoformat() if agreement.review_on else None,
        "meeting_frequency": agreement.meeting_frequency,
        "contact_sharing": agreement.contact_sharing,
        "municipal_support": agreement.municipal_support,
        "owner": str(agreement.owner) if agreement.owner_id else "",
        "work_lead": agreement.work_lead,
        "parties": [
            {
                "name": str(p),
                "organization_id": p.organization_id,
                "representatives": p.representatives,
                "contact_person": p.contact_person,
                "contributes": p.contributes,
                "leads": p.pk == agreement.owner_id,
            }
            for p in agreement.parties.select_related("organization", "agreement__municipality")
        ],
        "sections": [{"heading": s.heading, "body": s.body} for s in agreement.sections.all()],
        "rows": [
            {
                "task": r.task,
                "responsible": r.responsible,
                "organization": str(r.organization) if r.organization_id else "",
                "description": r.description,
                "due_on": r.due_on.isoformat() if r.due_on else None,
                "recurrence_note": r.recurrence_note,
            }
            for r in agreement.rows.select_related("organization")
        ],
    }


def _new_version(agreement: Agreement, *, now: datetime) -> Version:
    number = (
        agreement.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = Version.objects.create(
        agreement=agreement, number=number, snapshot=snapshot(agreement)
    )
    agreement.approval_requested_at = now
    agreement.save(update_fields=["approval_requested_at"])
    _notify_parties(agreement, kind="agreement_approval_requested", now=now)
    return version


def current_version(agreement: Agreement) -> Version | None:
    return agreement.versions.order_by("-number").first()


def approved_version(agreement: Agreement) -> Version | None:
    return agreement.versions.filter(approved_at__isnull=False).order_by("-number").first()


@transaction.atomic
def agreement_send_for_approval(
    *, by: User, agreement: Agreement, now: datetime | None = None
) -> Version:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.is_organization_draft and by.has_perm("agreements.take_over_draft", agreement):
        raise ValidationError(
            _("Take the organisation's draft over first; then send it for approval.")
        )
    if not by.has_perm("agreements.manage_agreement", agreement):
        raise PermissionDenied
    if agreement.status not in (Status.DRAFT, Status.REVISION):
        raise ValidationError(_("Only a draft or a revision can be sent for approval."))
    if not agreement.parties.exclude(organization=None).exists():
        raise ValidationError(_("Add at least one organisation as a party first."))
    if not agreement.rows.exists():
        raise ValidationError(_("Write at least one task in the responsibility matrix first."))
    if agreement.review_on is None:
        raise ValidationError(
            {
                "review_on": _(
                    "Set a review date first: the parties evaluate the agreement then "
                    "(usually a year after it starts)."
                )
            }
        )
    _validate_dates(agreement)
    missing = missing_for_approval(agreement)
    if missing:
        raise ValidationError(
            _("Before it is sent for approval, fill in: %(missing)s.")
            % {"missing": "; ".join(missing)},
            code="incomplete",
        )
    from_status = agreement.status
    agreement.status = Status.APPROVAL
    agreement.save(update_fields=["status", "updated_at"])
    now = now or timezone.now()
    version = _new_version(agreement, now=now)
    _log_status(
        agreement,
        event=Event.SENT,
        from_status=from_status,
        by=by,
        at=now,
        version=version,
    )
    return version


def missing_for_approval(agreement: Agreement) -> list[str]:
    """What R19 requires before the parties are asked to approve: the contact person of each
    party (both sides) and how contact data about refugees is passed on. Empty when complete."""
    missing = [
        _("the contact person of %(party)s") % {"party": party}
        for party in agreement.parties.select_related("organization", "agreement__municipality")
        .order_by("organization__name", "pk")
        .filter(contact_person__regex=r"^\s*$")
    ]
    if not agreement.contact_sharing.strip():
        missing.append(_("how contact data about refugees is passed on"))
    return missing


@transaction.atomic
def agreement_create_and_send(
    *,
    by: User,
    municipality: Municipality,
    template: Template | None,
    organizations: Iterable[Organization],
    title: str = "",
    starts_on: date,
    need: Need | None = None,
    now: datetime | None = None,
) -> Agreement:
    """Make the agreement and send it for approval at once, or nothing at all: when it cannot be
    sent (no organisation, no task, bad dates) no draft is left behind."""
    agreement = agreement_create(
        by=by,
        municipality=municipality,
        template=template,
        organizations=organizations,
        title=title,
        starts_on=starts_on,
        need=need,
    )
    agreement_send_for_approval(by=by, agreement=agreement, now=now)
    agreement.refresh_from_db()
    return agreement


@transaction.atomic
def agreement_discard(*, by: User, agreement: Agreement) -> None:
    """Delete a draft that was never sent for approval (a draft made by mistake, or one the
    coordinator does not want after all). Anything sent has versions and is kept."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not by.has_perm("agreements.change_agreement", agreement):
        raise PermissionDenied
    if agreement.status != Status.DRAFT or agreement.versions.exists():
        raise ValidationError(_("Only a draft that was never sent for approval can be discarded."))
    files = [attachment.file for attachment in agreement.attachments.all() if attachment.file]
    agreement.delete()
    # The uploaded files go once the rows are gone for good.
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])


def parties_user_may_approve(user: User, agreement: Agreement) -> list[Party]:
    return [p for p in agreement.parties.all() if user.has_perm("agreements.approve_for_party", p)]


@transaction.atomic
def agreement_approve(
    *, by: User, agreement: Agreement, version_number: int, now: datetime | None = None
) -> list[Approval]:
    """Approve the version the person has read, for every party they may approve for. When all
    parties have approved the current version, the agreement becomes active."""
    now = now or timezone.now()
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != Status.APPROVAL:
        raise ValidationError(_("This agreement is not waiting for approval."))
    version = current_version(agreement)
    if version is None or version.number != version_number:
        raise ValidationError(
            _("The text changed after you opened it. Read the new version and approve that."),
            code="stale",
        )
    parties = parties_user_may_approve(by, agreement)
    if not parties:
        raise PermissionDenied
    approvals = []
    approved_now = []
    for party in parties:
        approval, created = Approval.objects.get_or_create(
            version=version,
            party=party,
            defaults={"approved_by": by, "approved_by_name": str(by), "approved_at": now},
        )
        approvals.append(approval)
        if created:
            approved_now.append(party)
    if not approved_now:
        return approvals  # approved already (a second click): nothing changed
    in_force = not agreement.parties.exclude(approvals__version=version).exists()
    if in_force:
        version.approved_at = now
        version.save(update_fields=["approved_at"])
        agreement.status = Status.ACTIVE
        agreement.save(update_fields=["status", "updated_at"])
        _notify_parties(agreement, kind="agreement_active", now=now)
    _log_status(
        agreement,
        event=Event.IN_FORCE if in_force else Event.APPROVED,
        from_status=Status.APPROVAL,
        by=by,
        at=now,
        version=version,
        detail=", ".join(str(party) for party in approved_now),
    )
    return approvals


@transaction.atomic
def agreement_start_revision(*, by: User, agreement: Agreement) -> Agreement:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not by.has_perm("agreements.manage_agreement", agreement):
        raise PermissionDenied
    if agreement.status != Status.ACTIVE:
        raise ValidationError(_("Only an active agreement can be revised."))
    agreement.status = Status.REVISION
    agreement.revision += 1
    agreement.save(update_fields=["status", "revision", "updated_at"])
    _log_status(agreement, event=Event.REVISION, from_status=Status.ACTIVE, by=by)
    return agreement


@transaction.atomic
def agreement_end(
    *, by: User, agreement: Agreement, reason: str = "", now: datetime | None = None
) -> Agreement:
    """End (terminate) the agreement, with an optional reason kept in its status history."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not by.has_perm("agreements.manage_agreement", agreement):
        raise PermissionDenied
    if agreement.status == Status.ENDED:
        raise ValidationError(_("This agreement has already ended."))
    now = now or timezone.now()
    from_status = agreement.status
    agreement.status = Status.ENDED
    agreement.is_public = False
    agreement.save(update_fields=["status", "is_public", "updated_at"])
    _log_status(agreement, event=Event.ENDED, from_status=from_status, by=by, at=now, reason=reason)
    _notify_parties(agreement, kind="agreement_ended", now=now)
    return agreement


def agreements_expire(*, now: datetime) -> int:
    """Daily: an agreement in force (or being revised) whose end date has passed ends by
    itself; the status history says the system ended it, and the parties are told. Safe to
    run twice: an ended agreement is not picked again."""
    today = timezone.localdate(now)
    due = Agreement.objects.filter(
        status__in=[Status.ACTIVE, Status.REVISION], ends_on__lt=today
    ).values_list("pk", flat=True)
    count = 0
    for pk in due:
        with transaction.atomic():
            agreement = (
                Agreement.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status__in=[Status.ACTIVE, Status.REVISION], ends_on__lt=today)
                .first()
            )
            if agreement is None:
                continue
            from_status = agreement.status
            agreement.status = Status.ENDED
            agreement.is_public = False
            agreement.save(update_fields=["status", "is_public", "updated_at"])
            _log_status(agreement, event=Event.EXPIRED, from_status=from_status, by=None, at=now)
            _notify_parties(agreement, kind="agreement_ended", now=now)
            count += 1
    return count


@transaction.atomic
def agreement_set_public(*, by: User, agreement: Agreement, public: bool) -> Agreement:
    if not by.has_perm("agreements.manage_agreement", agreement):
        raise PermissionDenied
    if public and approved_version(agreement) is None:
        raise ValidationError(_("Only an approved agreement can be made public."))
    agreement.is_public = public
    agreement.save(update_fields=["is_public", "updated_at"])
    return agreement


@transaction.atomic
def comment_add(*, by: User, agreement: Agreement, body: str) -> Comment:
    if not by.has_perm("agreements.comment_agreement", agreement):
        raise PermissionDenied
    body = required_text(body, "body", _("Write a comment first."))
    parties = parties_user_may_approve(by, agreement)
    party_name = ", ".join(str(p) for p in parties) or str(agreement.municipality)
    return Comment.objects.create(
        agreement=agreement, author=by, author_name=str(by), party_name=party_name, body=body
    )


@transaction.atomic
def attachment_add(*, by: User, agreement: Agreement, upload, name: str = "") -> Attachment:
    """PDF or image only, checked by content, at most 10 MB."""
    if not by.has_perm("agreements.change_agreement", agreement):
        raise PermissionDenied
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    head = upload.read(8)
    upload.seek(0)
    if not (
        head.startswith(b"%PDF-")
        or head.startswith(b"\x89PNG\r\n\x1a\n")
        or head.startswith(b"\xff\xd8\xff")
    ):
        raise ValidationError({"file": _("Attach a PDF, PNG or JPEG file.")})
    attachment = Attachment(
        agreement=agreement, file=upload, name=name or upload.name, uploaded_by=by
    )
    attachment.full_clean()
    attachment.save()
    return attachment


# -- reminders ------------------------------------------------------------------------------------


def _recipients(agreement: Agreement) -> list[User]:
    people = {user.pk: user for user in coordinators_of(agreement.municipality_id)}
    for membership in OrganizationMembership.objects.filter(
        organization__agreement_parties__agreement=agreement,
        role__in=[OrganizationMembership.Role.ADMIN, OrganizationMembership.Role.CONTACT],
    ).select_related("user"):
        people[membership.user_id] = membership.user
    return list(people.values())


def _notify_parties(
    agreement: Agreement, *, kind: str, now: datetime, due_at: datetime | None = None
) -> None:
    notification_schedule_each(
        _recipients(agreement),
        kind=kind,
        subject=agreement,
        due_at=(due_at or now).replace(microsecond=0),
        context={"agreement_id": agreement.pk, "title": agreement.title},
    )


def agreement_reminders_schedule(*, now: datetime) -> int:
    """Daily: review and end dates 30 and 7 days ahead, approvals waiting more than 7 days.
    The outbox's unique key makes a second run (or a second day) schedule nothing new."""
    today = timezone.localdate(now)
    morning = timezone.make_aware(datetime.combine(today, datetime.min.time().replace(hour=9)))
    count = 0
    for days in (30, 7):
        day = today + timedelta(days=days)
        for agreement in Agreement.objects.filter(status=Status.ACTIVE, review_on=day):
            _notify_parties(agreement, kind="agreement_review_due", now=now, due_at=morning)
            count += 1
        for agreement in Agreement.objects.filter(status=Status.ACTIVE, ends_on=day):
            _notify_parties(agreement, kind="agreement_ending", now=now, due_at=morning)
            count += 1
    waiting = Agreement.objects.filter(
        status=Status.APPROVAL, approval_requested_at__lt=now - timedelta(days=7)
    )
    for agreement in waiting:
        requested = timezone.localdate(agreement.approval_requested_at)
        due = timezone.make_aware(
            datetime.combine(requested + timedelta(days=7), datetime.min.time().replace(hour=9))
        )
        _notify_parties(agreement, kind="agreement_approval_pending", now=now, due_at=due)
        count += 1
    return count


# -- the municipality's template library ----------------------------------------------------------


@transaction.atomic
def template_from_agreement(*, by: User, agreement: Agreement, name: str) -> Template:
    """Save an agreement's text (not its parties, dates or names) as the municipality's template."""
    if not by.has_perm("agreements.manage_agreement", agreement):
        raise PermissionDenied
    name = required_text(name, "name", _("Give the template a name."))
    max_length = Template._meta.get_field("name").max_length
    if len(name) > max_length or "\x00" in name:
        raise ValidationError(
            {
                "name": _("Give the template a name of at most %(max)d characters.")
                % {"max": max_length}
            }
        )
    return Template.objects.create(
        municipality=agreement.municipality,
        language=language_for(by),
        name=name,
        kind=agreement.kind,
        title=agreement.title,
        purpose=agreement.purpose,
        target_group=agreement.target_group,
        contact_sharing=agreement.contact_sharing,
        municipal_support=agreement.municipal_support,
        meeting_frequency=agreement.meeting_frequency,
        sections=[{"heading": s.heading, "body": s.body} for s in agreement.sections.all()],
        matrix=[
            {
                "task": r.task,
                "responsible": r.responsible,
                "description": r.description,
            }
            for r in agreement.rows.all()
        ],
    )


@transaction.atomic
def template_delete(*, by: User, template: Template) -> None:
    """A municipality's own template can be removed; agreements made from it keep their copy."""
    if template.municipality is None or not by.has_perm(
        "agreements.create_agreement", template.municipality
    ):
        raise PermissionDenied
    template.delete()


# -- evaluations (R27, R36) -----------------------------------------------------------------------

EVALUATED_STATUSES = (Status.ACTIVE, Status.REVISION, Status.ENDED)


@transaction.atomic
def agreement_evaluation_record(
    *,
    by: User,
    agreement: Agreement,
    held_on: date,
    results: dict[int, tuple[str, str]],
    note: str = "",
    meeting=None,
    now: datetime | None = None,
) -> Evaluation:
    """Keep what an evaluation found: for every row of the responsibility matrix (row id ->
    result, comment) done, partly done or not done. Every row needs a result."""
    if not by.has_perm("agreements.record_evaluation", agreement):
        raise PermissionDenied
    if agreement.status not in EVALUATED_STATUSES:
        raise ValidationError(_("Only an agreement that has been in force is evaluated."))
    today = timezone.localdate(now or timezone.now())
    if held_on > today:
        raise ValidationError({"held_on": _("The evaluation has not taken place yet.")})
    if meeting is not None and meeting.municipality_id != agreement.municipality_id:
        raise ValidationError({"meeting": _("Choose a meeting of the agreement's municipality.")})
    rows = list(agreement.rows.select_related("organization"))
    if not rows:
        raise ValidationError(_("The agreement has no tasks to evaluate."))
    missing = [
        row.task
        for row in rows
        if results.get(row.pk, ("", ""))[0] not in EvaluationItem.Result.values
    ]
    if missing:
        raise ValidationError(
            _("Say for every task whether it was done: %(tasks)s.") % {"tasks": ", ".join(missing)}
        )
    evaluation = Evaluation.objects.create(
        agreement=agreement,
        meeting=meeting,
        held_on=held_on,
        note=note.strip(),
        recorded_by=by,
        recorded_by_name=str(by),
    )
    EvaluationItem.objects.bulk_create(
        [
            EvaluationItem(
                evaluation=evaluation,
                position=position,
                task=row.task,
                responsible=row.responsible,
                organization_name=row.organization.name if row.organization_id else "",
                result=results[row.pk][0],
                comment=results[row.pk][1].strip()[:1000],
            )
            for position, row in enumerate(rows)
        ]
    )
    return evaluation
