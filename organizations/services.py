"""Business actions on the registry. Views, the import task, demo data and tests call these."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.languages import language_for
from accounts.selectors import forget_roles
from core.countries import normalize_phone, search_config_for
from core.translated_fields import languages, localized
from core.validation import required_text
from notifications.services import notification_schedule, notification_schedule_to_address
from organizations import choices, search
from organizations.models import (
    ORGANIZATION_M2M,
    Activity,
    ActivitySchedule,
    Invitation,
    JoinRequest,
    Organization,
    OrganizationMembership,
    OrganizationMunicipality,
)

if TYPE_CHECKING:
    from accounts.models import Municipality, User

logger = logging.getLogger(__name__)

Role = OrganizationMembership.Role

Status = Organization.Status

# Who the organisation says it is. A change sends it back to the coordinators of every
# municipality, because their verification was of this identity (a rename after verification
# could otherwise pass a different organisation off as a verified one).
IDENTITY_FIELDS = ("name", "org_number", "number_scheme")
ACTIVITY_M2M = ("languages", "target_groups")


def _set_m2m(instance, m2m: dict[str, Iterable[Any]], names: Iterable[str]) -> None:
    for name in names:
        if name in m2m:
            getattr(instance, name).set(m2m[name])


def _normalize_phone(organization: Organization, m2m: dict[str, Iterable[Any]]) -> None:
    """The public phone as E.164, by the organisation's country (its municipalities')."""
    municipalities = m2m.get("municipalities")
    if municipalities is None and organization.pk:
        municipalities = organization.municipalities.all()
    country = Organization.country_from(
        municipalities=municipalities, number_scheme=organization.number_scheme
    )
    try:
        organization.phone = normalize_phone(organization.phone, country)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from error


def organization_refresh_search(*, organization: Organization) -> None:
    """The text full-text search looks at (names, descriptions and the activities' titles),
    each stemmed in its language: the country's for names, each description's and each title's
    own (organizations.search)."""
    neutral = [organization.name, organization.looking_for_partners]
    activities = organization.activities.filter(is_active=True).only(
        "pk", *(localized("title", code) for code in languages())
    )
    organization.search_config = search_config_for(organization.country)
    organization.search_document, organization.search_texts = search.documents(
        country_config=organization.search_config,
        neutral=neutral,
        translated=[(organization, "description"), *((a, "title") for a in activities)],
    )
    Organization.objects.filter(pk=organization.pk).update(
        search_document=organization.search_document,
        search_config=organization.search_config,
        search_texts=organization.search_texts,
    )


@transaction.atomic
def organization_register(
    *, by: User, fields: dict[str, Any], m2m: dict[str, Iterable[Any]]
) -> Organization:
    """A person registers an organisation and becomes its admin. It waits for verification."""
    if not by.has_perm("organizations.register_organization"):
        raise PermissionDenied
    if (
        fields.get("org_number")
        and Organization.objects.filter(
            number_scheme=fields.get("number_scheme", Organization.NumberScheme.NORWAY),
            org_number=fields["org_number"],
        ).exists()
    ):
        raise ValidationError(
            {"org_number": _("An organisation with this number is already registered.")}
        )
    organization = Organization(**fields, created_by=by, status=Organization.Status.PENDING)
    _normalize_phone(organization, m2m)
    _check_kind(organization, before=None)
    organization.full_clean(exclude=list(ORGANIZATION_M2M))
    organization.save()
    _set_m2m(organization, m2m, ORGANIZATION_M2M)
    OrganizationMembership.objects.create(user=by, organization=organization, role=Role.ADMIN)
    if not organization.is_registered_kind:
        # Without a register behind it, the person who registers it is who the municipality
        # reaches: its contact person (they can hand the role on from the members page).
        OrganizationMembership.objects.create(user=by, organization=organization, role=Role.CONTACT)
    forget_roles(by)
    organization_refresh_search(organization=organization)
    municipality_ids = set(
        organization.municipality_links.values_list("municipality_id", flat=True)
    )
    if municipality_ids:
        _notify_coordinators(organization, municipality_ids=municipality_ids, renamed=False)
    return organization


@transaction.atomic
def organization_update(
    *, organization: Organization, by: User, fields: dict[str, Any], m2m: dict[str, Iterable[Any]]
) -> Organization:
    """Save the profile.

    Verification is per municipality: a municipality added here is pending until its own
    coordinators verify the organisation; a change of name or organisation number sends it back
    to pending in every municipality; an edited profile that a municipality rejected goes back to
    that municipality. The coordinators of each municipality that now has something to verify
    are told."""
    if not by.has_perm("organizations.change_organization", organization):
        raise PermissionDenied
    # From the database: a bound ModelForm has already put the new values on `organization`.
    before = Organization.objects.select_for_update().get(pk=organization.pk)
    for name, value in fields.items():
        setattr(organization, name, value)
    _check_kind(organization, before=before)
    identity_changed = _identity(organization) != _identity(before)
    organization.confirmed_at = timezone.now()  # a saved profile is a confirmed one
    _normalize_phone(organization, m2m)
    organization.full_clean(exclude=list(ORGANIZATION_M2M))
    old_municipalities = set(
        organization.municipality_links.values_list("municipality_id", flat=True)
    )
    _set_m2m(organization, m2m, ORGANIZATION_M2M)
    links = organization.municipality_links.all()
    to_verify = set(links.filter(status=Status.REJECTED).values_list("municipality_id", flat=True))
    to_verify |= set(links.values_list("municipality_id", flat=True)) - old_municipalities
    if identity_changed:
        to_verify |= set(
            links.filter(status=Status.VERIFIED).values_list("municipality_id", flat=True)
        )
    if to_verify:
        links.filter(municipality_id__in=to_verify).update(
            status=Status.PENDING, verified_at=None, verified_by=None
        )
    _set_summary(organization)
    organization._change_reason = (
        _("Name, number, kind or umbrella changed: to be verified again")
        if identity_changed
        else _("Profile edited")
    )
    organization.save()
    organization_refresh_search(organization=organization)
    if to_verify:
        _notify_coordinators(organization, municipality_ids=to_verify, renamed=identity_changed)
    return organization


def _identity(organization: Organization) -> tuple:
    """What the coordinators verified: the name, the number, the kind of actor and the umbrella
    it says it belongs to. A change of any of them is verified again."""
    number = organization.org_number or ""
    return (
        organization.name.strip(),
        number,
        organization.number_scheme if number else "",
        organization.kind,
        organization.parent_id,
    )


def _check_kind(organization: Organization, *, before: Organization | None) -> None:
    """The rules of the kinds of actors (R02–R04). A registered association or a business has
    an organisation number, which the coordinators check against the register; an informal
    network, a single enthusiast or a council has none. A profile saved before the kinds
    existed keeps its missing number until its kind or number is changed."""
    if organization.kind in choices.UNREGISTERED_KINDS:
        if organization.org_number:
            raise ValidationError(
                {
                    "org_number": _(
                        "An informal network, a single enthusiast or a council has no "
                        "organisation number. Choose “registered association” or leave the "
                        "number empty."
                    )
                }
            )
    elif not organization.org_number and (
        before is None or before.org_number or before.kind != organization.kind
    ):
        raise ValidationError(
            {
                "org_number": _(
                    "A registered association or a business has an organisation number. "
                    "Without one, choose “informal network or group” or “single enthusiast”."
                )
            }
        )
    parent = organization.parent
    if parent is not None and organization.pk is not None:
        branch_ids = {organization.pk}
        while parent is not None:  # an umbrella is never its own branch, however far down
            if parent.pk in branch_ids:
                raise ValidationError(
                    {"parent": _("An organisation cannot be under one of its own branches.")}
                )
            branch_ids.add(parent.pk)
            parent = parent.parent


def _set_summary(organization: Organization) -> bool:
    """Put the summary of the municipalities' verifications on the organisation (not saved):
    verified when any municipality has verified it, rejected when every one has rejected it,
    pending otherwise. `verified_at` is when it last became public. True when it changed.
    An organisation in no municipality (only a platform admin can make one) keeps its status."""
    statuses = set(organization.municipality_links.values_list("status", flat=True))
    if not statuses:
        return False
    if Status.VERIFIED in statuses:
        status = Status.VERIFIED
    elif statuses == {Status.REJECTED}:
        status = Status.REJECTED
    else:
        status = Status.PENDING
    if status == organization.status:
        return False
    organization.status = status
    if status == Status.VERIFIED:
        latest = (
            organization.municipality_links.filter(status=Status.VERIFIED)
            .order_by("-verified_at")
            .first()
        )
        organization.verified_at = latest.verified_at if latest else timezone.now()
        organization.verified_by_id = latest.verified_by_id if latest else None
    else:
        organization.verified_at = None
    return True


def _save_summary(organization: Organization, *fields: str) -> None:
    """Saved even when the summary stays the same: the save is the history's entry, and what
    tells the cached directories and start pages that a municipality's verification changed."""
    _set_summary(organization)
    organization.save(update_fields=["status", "verified_at", "verified_by", "updated_at", *fields])


def organization_refresh_status(*, organization: Organization) -> Organization:
    """Save the summary status after the municipalities' verifications changed (the admin)."""
    _save_summary(organization)
    return organization


def _links_for(
    organization: Organization, by: User, municipality: Municipality | None
) -> QuerySet[OrganizationMunicipality]:
    """The organisation's municipalities whose verification `by` may decide: the coordinator's
    own (one of them when `municipality` is given). Nobody else decides any (a platform admin
    verifies nothing: it is the municipality's decision)."""
    from accounts.selectors import user_roles

    links = organization.municipality_links.select_for_update().filter(
        municipality_id__in=user_roles(by).coordinator_of
    )
    if municipality is not None:
        links = links.filter(municipality=municipality)
    return links


@transaction.atomic
def organization_verify(
    *, organization: Organization, by: User, municipality: Municipality | None = None
) -> Organization:
    """A coordinator verifies the organisation for their municipality (each of theirs where it
    waits, or the one given). Other municipalities' verification is theirs to decide."""
    if not by.has_perm("organizations.verify_organization", organization):
        raise PermissionDenied
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    mine = _links_for(organization, by, municipality)
    if not mine.exists():  # another municipality's verification is not theirs to decide
        raise PermissionDenied
    links = mine.exclude(status=Status.VERIFIED)
    if not links.exists():
        raise ValidationError(_("This organisation is already verified."))
    now = timezone.now()
    links.update(status=Status.VERIFIED, verified_at=now, verified_by=by, rejection_reason="")
    organization._change_reason = _("Verified")
    _save_summary(organization)
    _notify_admins(organization, kind="organization_verified")
    return organization


@transaction.atomic
def organization_reject(
    *,
    organization: Organization,
    by: User,
    reason: str,
    municipality: Municipality | None = None,
) -> Organization:
    """A coordinator does not verify the organisation for their municipality, with a reason
    the organisation's admins see. Other municipalities' verification stands."""
    if not by.has_perm("organizations.verify_organization", organization):
        raise PermissionDenied
    reason = required_text(reason, "reason", _("Say why, so the organisation can put it right."))
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    links = _links_for(organization, by, municipality)
    if not links.exists():
        raise PermissionDenied
    links.update(
        status=Status.REJECTED, rejection_reason=reason, verified_at=None, verified_by=None
    )
    # The latest reason also on the organisation (kept out of the history's diff).
    organization.rejection_reason = reason
    organization._change_reason = _("Rejected")
    _save_summary(organization, "rejection_reason")
    _notify_admins(organization, kind="organization_rejected")
    return organization


@transaction.atomic
def organization_branch_detach(
    *, by: User, umbrella: Organization, branch: Organization, reason: str = ""
) -> Organization:
    """The umbrella says that an organisation naming it is not its branch (R02–R04): the link is
    removed, the branch's profile goes back to its municipalities' coordinators to be verified
    again (as a change of umbrella does), and the branch's admins and those coordinators are
    told, with the reason when one is given. The umbrella's admins and coordinators may."""
    if not by.has_perm("organizations.detach_branch", umbrella):
        raise PermissionDenied
    branch = Organization.objects.select_for_update().get(pk=branch.pk)
    if branch.parent_id != umbrella.pk:
        raise ValidationError(_("%(name)s does not name you as its umbrella.") % {"name": branch})
    reason = reason.strip()
    municipality_ids = set(branch.municipality_links.values_list("municipality_id", flat=True))
    branch.municipality_links.filter(status=Status.VERIFIED).update(
        status=Status.PENDING, verified_at=None, verified_by=None
    )
    branch.parent = None
    branch._change_reason = _(
        "%(umbrella)s says it is not the umbrella of this organisation: to be verified again"
    ) % {"umbrella": umbrella.name}
    _save_summary(branch, "parent")
    organization_refresh_search(organization=branch)
    context = {
        "organization_id": branch.pk,
        "organization_name": branch.name,
        "umbrella_name": umbrella.name,
        "reason": reason,
    }
    now = timezone.now().replace(microsecond=0)
    from accounts.models import MunicipalityMembership

    coordinators = {
        membership.user_id: membership.user
        for membership in MunicipalityMembership.objects.filter(
            municipality_id__in=municipality_ids,
            role=MunicipalityMembership.Role.COORDINATOR,
            user__is_active=True,
        ).select_related("user")
    }
    admins = {
        membership.user_id: membership.user
        for membership in branch.memberships.filter(role=Role.ADMIN).select_related("user")
    }
    for user in {**coordinators, **admins}.values():
        notification_schedule(
            recipient=user,
            kind="organization_branch_detached",
            subject=branch,
            due_at=now,
            context={**context, "for_admin": user.pk in admins},
        )
    return branch


def _notify_admins(organization: Organization, *, kind: str) -> None:
    now = timezone.now().replace(microsecond=0)
    for membership in organization.memberships.filter(role=Role.ADMIN).select_related("user"):
        notification_schedule(
            recipient=membership.user,
            kind=kind,
            subject=organization,
            due_at=now,
            context={"organization_id": organization.pk, "organization_name": organization.name},
        )


def _notify_coordinators(
    organization: Organization, *, municipality_ids: Iterable[int], renamed: bool
) -> None:
    """Tell the coordinators of these municipalities that the organisation waits for them
    (one notification per coordinator, naming their municipalities)."""
    from accounts.models import MunicipalityMembership

    now = timezone.now().replace(microsecond=0)
    memberships = MunicipalityMembership.objects.filter(
        municipality_id__in=list(municipality_ids),
        role=MunicipalityMembership.Role.COORDINATOR,
        user__is_active=True,
    ).select_related("user", "municipality")
    per_user: dict[int, tuple[User, list[str]]] = {}
    for membership in memberships.order_by("municipality__name"):
        entry = per_user.setdefault(membership.user_id, (membership.user, []))
        entry[1].append(membership.municipality.name)
    for user, names in per_user.values():
        notification_schedule(
            recipient=user,
            kind="organization_verification_requested",
            subject=organization,
            due_at=now,
            context={
                "organization_id": organization.pk,
                "organization_name": organization.name,
                "municipalities": names,
                "renamed": renamed,
            },
        )


# -- members ----------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    organization: Organization,
    by: User | None,
    email: str,
    role: str,
    now: datetime | None = None,
) -> Invitation:
    if by is not None and not by.has_perm("organizations.manage_members", organization):
        raise PermissionDenied
    email = email.strip().lower()
    if organization.memberships.filter(user__email__iexact=email, role=role).exists():
        raise ValidationError({"email": _("This person already has this role.")})
    invitation = Invitation.objects.create(
        organization=organization, email=email, role=role, invited_by=by
    )
    # Through the outbox, like every other e-mail: sent once, at once when the broker is up
    # (`_send_at_once`), else by the periodic sender a minute later.
    notification = notification_schedule_to_address(
        email=email,
        language=language_for(by),
        kind="organization_invitation",
        subject=invitation,
        due_at=now or timezone.now(),
        context={"organization_name": organization.name},
    )
    transaction.on_commit(lambda: _send_at_once(notification.pk))
    return invitation


def _send_at_once(notification_id: int) -> None:
    """Hand the invitation's e-mail to the worker. With the broker down it waits in the outbox:
    the periodic sender (`send_due_notifications`) sends it once the broker is back."""
    from kombu.exceptions import OperationalError as BrokerUnavailable

    from notifications.tasks import send_notification

    try:
        send_notification.delay(notification_id)
    except BrokerUnavailable as error:
        logger.warning("invitation e-mail %s waits for the broker: %s", notification_id, error)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, by: User, now: datetime | None = None) -> None:
    """The invited person joins. The link works once, before it expires, for its own address."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open(now):
        raise ValidationError(_("This invitation has expired or has already been used."))
    if not by.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    OrganizationMembership.objects.get_or_create(
        user=by, organization=invitation.organization, role=invitation.role
    )
    invitation.accepted_at = now or timezone.now()
    invitation.save(update_fields=["accepted_at"])
    forget_roles(by)


@transaction.atomic
def member_set_roles(
    *, organization: Organization, by: User, member: User, roles: Iterable[str], phone: str = ""
) -> None:
    if not by.has_perm("organizations.manage_members", organization):
        raise PermissionDenied
    roles = set(roles)
    try:
        phone = normalize_phone(phone, organization.country)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from error
    if Role.ADMIN not in roles and _is_last_admin(organization, member):
        raise ValidationError(_("An organisation needs at least one admin."))
    organization.memberships.filter(user=member).exclude(role__in=roles).delete()
    for role in roles:
        OrganizationMembership.objects.update_or_create(
            user=member, organization=organization, role=role, defaults={"phone": phone}
        )
    forget_roles(member)


@transaction.atomic
def member_leave(*, organization: Organization, member: User) -> None:
    if _is_last_admin(organization, member):
        raise ValidationError(
            _("You are the last admin. Make someone else admin before you leave.")
        )
    organization.memberships.filter(user=member).delete()
    forget_roles(member)


def _is_last_admin(organization: Organization, user: User) -> bool:
    admins = set(organization.memberships.filter(role=Role.ADMIN).values_list("user_id", flat=True))
    return admins == {user.pk}


@transaction.atomic
def join_request_create(*, organization: Organization, by: User, message: str = "") -> JoinRequest:
    if organization.memberships.filter(user=by).exists():
        raise ValidationError(_("You already belong to this organisation."))
    request, _created = JoinRequest.objects.get_or_create(
        organization=organization, user=by, answered_at=None, defaults={"message": message}
    )
    return request


@transaction.atomic
def join_request_answer(*, join_request: JoinRequest, by: User, accept: bool) -> None:
    if not by.has_perm("organizations.manage_members", join_request.organization):
        raise PermissionDenied
    if join_request.answered_at:
        raise ValidationError(_("This request has already been answered."))
    join_request.answered_at = timezone.now()
    join_request.accepted = accept
    join_request.save(update_fields=["answered_at", "accepted"])
    if accept:
        OrganizationMembership.objects.get_or_create(
            user=join_request.user, organization=join_request.organization, role=Role.MEMBER
        )


# -- activities -------------------------------------------------------------------------------


def _derive_schedule_flags(activity: Activity, schedules: list[ActivitySchedule]) -> None:
    activity.has_evening = any(s.is_evening for s in schedules)
    activity.has_weekend = any(s.is_weekend for s in schedules)
    activity.weekdays = "".join(sorted({str(s.weekday) for s in schedules}))


def _activity_language(fields: dict[str, Any], activity: Activity) -> str:
    """The language the activity's municipality writes (bokmål, nynorsk, Danish)."""
    municipality = fields.get("municipality") or activity.municipality
    return municipality.language


@transaction.atomic
def activity_save(
    *,
    by: User,
    organization: Organization,
    activity: Activity | None,
    fields: dict[str, Any],
    m2m: dict[str, Iterable[Any]],
    schedules: list[dict[str, Any]],
) -> Activity:
    """Create or update an activity with its weekly times; evening/weekend are derived here."""
    if not by.has_perm("organizations.change_organization", organization):
        raise PermissionDenied
    activity = activity or Activity(organization=organization)
    lacked = activity.pk is not None and activity.is_active and activity.lacks_police_certificates
    for name, value in fields.items():
        if name == "title":  # a title given without its language is in its municipality's
            name = localized("title", _activity_language(fields, activity))
        setattr(activity, name, value)
    if activity.is_free:
        activity.price = None
    rows = [ActivitySchedule(activity=activity, **row) for row in schedules]
    _derive_schedule_flags(activity, rows)
    if activity.municipality_id:
        activity.search_config = search_config_for(activity.municipality.country)
    activity.search_document, activity.search_texts = search.documents(
        country_config=activity.search_config,
        neutral=[organization.name],
        translated=[(activity, "title"), (activity, "description")],
    )
    activity.full_clean(exclude=["organization", *ACTIVITY_M2M])
    activity.save()
    _set_m2m(activity, m2m, ACTIVITY_M2M)
    activity.schedules.all().delete()
    for row in rows:
        row.activity = activity
    ActivitySchedule.objects.bulk_create(rows)
    organization_refresh_search(organization=organization)
    if activity.is_active and activity.lacks_police_certificates and not lacked:
        _warn_coordinators_of_missing_certificates(activity)
    return activity


def _warn_coordinators_of_missing_certificates(activity: Activity) -> None:
    """An activity for children whose volunteers have not shown police certificates (R18): the
    coordinators of its municipality are told once, when it becomes so."""
    from accounts.models import MunicipalityMembership

    now = timezone.now().replace(microsecond=0)
    for membership in MunicipalityMembership.objects.filter(
        municipality_id=activity.municipality_id,
        role=MunicipalityMembership.Role.COORDINATOR,
        user__is_active=True,
    ).select_related("user"):
        notification_schedule(
            recipient=membership.user,
            kind="organization_activity_without_certificates",
            subject=activity,
            due_at=now,
            context={
                "activity_id": activity.pk,
                # The title the coordinator reads (their language, else the municipality's).
                "activity_title": activity.title_in(
                    membership.user.preferred_language or activity.municipality.language
                ).text,
                "organization_name": activity.organization.name,
            },
        )


@transaction.atomic
def activity_delete(*, by: User, activity: Activity) -> None:
    if not by.has_perm("organizations.change_organization", activity.organization):
        raise PermissionDenied
    organization = activity.organization
    activity.delete()
    organization_refresh_search(organization=organization)


@transaction.atomic
def organization_confirm(*, organization: Organization, by: User) -> Organization:
    """Its people say the profile is still correct (issue #18): it leaves the stale list."""
    if not by.has_perm("organizations.change_organization", organization):
        raise PermissionDenied
    organization.confirmed_at = timezone.now()
    organization.save(update_fields=["confirmed_at"])
    return organization


def organization_confirm_reminders_schedule(*, now: datetime) -> int:
    """The yearly "is the profile still correct?" e-mail (issue #18): each admin of an open
    organisation whose profile nobody has confirmed (or saved) for a year gets one, with a signed
    link of their own (organizations.confirm_links). The notification is due on the day the
    profile's year ran out, so running this every day stores it once per organisation and year
    (the outbox's key); confirming starts a new year. Returns how many were stored or found."""
    year = timedelta(days=settings.PROFILE_CONFIRM_EVERY_DAYS)
    organizations = Organization.objects.filter(closed_at__isnull=True).filter(
        Q(confirmed_at__lt=now - year) | Q(confirmed_at__isnull=True, created_at__lt=now - year)
    )
    count = 0
    for organization in organizations.prefetch_related("memberships__user"):
        since = organization.confirmed_at or organization.created_at
        due_at = since + year * ((now - since) // year)
        for membership in organization.memberships.all():
            if membership.role != Role.ADMIN or not membership.user.is_active:
                continue
            notification_schedule(
                recipient=membership.user,
                kind="organization_confirm_due",
                subject=organization,
                due_at=due_at,
                context={
                    "organization_id": organization.pk,
                    "organization_name": organization.name,
                },
            )
            count += 1
    return count


# -- closing an organisation ------------------------------------------------------------------

# Free text and contact details that may name or reach a person; emptied when it closes.
CLOSED_ORGANIZATION_CLEARED = (
    "email",
    "phone",
    "website",
    "postal_address",
    "visiting_address",
    *(localized("description", code) for code in languages()),
    "rejection_reason",
    "looking_for_partners",
)
CLOSED_ACTIVITY_CLEARED = (
    "description",
    *(localized("description", code) for code in languages()),
    "online_url",
    "address",
)


@transaction.atomic
def organization_close(
    *, organization: Organization, by: User, now: datetime | None = None
) -> Organization:
    """Close the organisation and remove the personal data of its people: memberships (with
    their phones for the municipality), invitations, requests to join, its contact details and
    free texts, in its history too, and its logo. What the statistics need stays: its name and
    number, categories, municipalities, towns, activities' titles and types and dates, and the
    referrals it received (their notes go on the usual schedule). It leaves the directory."""
    if not by.has_perm("organizations.close_organization", organization):
        raise PermissionDenied
    now = now or timezone.now()
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.closed_at is not None:
        raise ValidationError(_("This organisation is already closed."))
    organization.memberships.all().delete()
    organization.invitations.all().delete()
    organization.join_requests.all().delete()
    for name in CLOSED_ORGANIZATION_CLEARED:
        setattr(organization, name, "")
    organization.looking_for_partners_until = None
    if organization.logo:
        organization.logo.delete(save=False)
    organization.status = Status.CLOSED
    organization.closed_at = now
    organization.municipality_links.update(status=Status.CLOSED, rejection_reason="")
    organization._change_reason = _("Closed")
    organization.save()
    organization.history.update(
        **dict.fromkeys(CLOSED_ORGANIZATION_CLEARED, ""), looking_for_partners_until=None, logo=""
    )
    activities = organization.activities.all()
    activities.update(
        **dict.fromkeys(CLOSED_ACTIVITY_CLEARED, ""),
        is_active=False,
        search_document="",
        search_texts={},
    )
    Activity.history.filter(id__in=activities.values("pk")).update(
        **dict.fromkeys(CLOSED_ACTIVITY_CLEARED, "")
    )
    organization_refresh_search(organization=organization)
    logger.info("organization closed id=%s", organization.pk)
    return organization
