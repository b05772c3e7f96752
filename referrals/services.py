"""Every business action on persons, consents, referrals and information sheets.

Each function checks the permission, locks what it changes, refuses a transition that the
status table does not allow, writes the time line (`AuditEvent`) and schedules notifications
(which carry ids, never personal data).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MunicipalityMembership, StaffAuditEvent, User
from accounts.selectors import coordinators_of, user_roles
from accounts.services import account_delete
from core.countries import normalize_phone
from core.personal_data import find_personal_data
from core.retention import retention_due
from notifications.services import notification_schedule, notification_schedule_each
from organizations.choices import Language
from organizations.models import Organization, OrganizationMembership
from referrals.choices import (
    ChildAgeBand,
    DeclineCategory,
    Handover,
    Household,
    Interest,
    Offer,
    OfferAnswer,
    SharedField,
    SuitabilityCheck,
)
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
from referrals.selectors import (
    information_sheet_current,
    offers_to_present_again,
    organizations_for_referrals,
    persons_due_for_erasure,
    referrals_due_for_erasure,
    referring_caseworkers,
)

if TYPE_CHECKING:
    from accounts.models import Municipality
    from organizations.models import Activity

MAX_CONSENT_DAYS = 366
REMINDER_AFTER = datetime.timedelta(days=5)
ESCALATION_AFTER = datetime.timedelta(days=10)
CONTACT_REMINDER_AFTER = datetime.timedelta(days=14)
DECLINE_NOTE_MAX = Referral._meta.get_field("decline_reason").max_length
OFFER_AGAIN_AFTER_MONTHS = 3  # the guide's "not now": offer it again after three months (R52)
OFFER_AGAIN_WITHIN_DAYS = 366
OFFER_REMINDER_HOUR = 8  # the reminder is due at 08:00 on the day, local time
# The access log's role for a person of the organisation a referral went to.
ACCESS_AS_ORGANIZATION = "organization"


def _require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


# -- the access log ---------------------------------------------------------------------------


def access_log_record(
    *,
    user: User,
    person: Person,
    reason: str,
    path: str,
    referral: Referral | None = None,
) -> AccessLogEntry:
    """Append one entry. There is no function that changes or removes one."""
    role, organization_id = _access_capacity(user, person.municipality_id, referral)
    return AccessLogEntry.objects.create(
        user=user,
        user_label=f"{user.full_name} <{user.email}>"[:300],
        municipality_id=person.municipality_id,
        person=person,
        referral=referral,
        reason=reason,
        path=path.split("?")[0][:300],  # never a query string: it could carry a search for a name
        role=role,
        organization_id=organization_id,
    )


def _access_capacity(
    user: User, municipality_id: int, referral: Referral | None
) -> tuple[str, int | None]:
    """In which capacity `user` sees the data: as a person of the organisation the referral
    went to, or in their municipal role (what a person's access request is answered with)."""
    roles = user_roles(user)
    if referral is not None and referral.organization_id in roles.organizations:
        return ACCESS_AS_ORGANIZATION, referral.organization_id
    if municipality_id in roles.coordinator_of:
        return MunicipalityMembership.Role.COORDINATOR, None
    if municipality_id in roles.caseworker_of:
        return MunicipalityMembership.Role.CASEWORKER, None
    return "", None


def access_log_record_many(
    *,
    user: User,
    reason: str,
    path: str,
    referrals: Iterable[Referral] = (),
    persons: Iterable[Person] = (),
) -> list[AccessLogEntry]:
    """One entry per referral or person shown on a list page, written in one query (none when
    the page shows nobody). Per person, not per page: the log is read per person (the person's
    export, the coordinator's filter by person number), and a person shown twice on one page
    (two referrals) is one entry per referral, as on the referral's own page."""
    label = f"{user.full_name} <{user.email}>"[:300]
    path = path.split("?")[0][:300]  # never a query string: it could carry a search for a name
    entries = [
        AccessLogEntry(
            user=user,
            user_label=label,
            municipality_id=referral.municipality_id,
            person_id=referral.person_id,
            referral=referral,
            reason=reason,
            path=path,
            **dict(
                zip(
                    ("role", "organization_id"),
                    _access_capacity(user, referral.municipality_id, referral),
                    strict=True,
                )
            ),
        )
        for referral in referrals
    ] + [
        AccessLogEntry(
            user=user,
            user_label=label,
            municipality_id=person.municipality_id,
            person=person,
            reason=reason,
            path=path,
            role=_access_capacity(user, person.municipality_id, None)[0],
        )
        for person in persons
    ]
    if not entries:
        return []
    return AccessLogEntry.objects.bulk_create(entries)


# -- persons ----------------------------------------------------------------------------------


def _clean_person_fields(fields: dict[str, Any], *, country: str) -> dict[str, Any]:
    unknown = set(fields) - set(Person.PERSONAL_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown person fields: {sorted(unknown)}")
    errors = {}
    if not (fields.get("given_name") or "").strip():
        errors["given_name"] = _("Write the person's given name.")
    if not (fields.get("phone") or fields.get("email")):
        errors["phone"] = _(
            "Give a phone number or an e-mail address, so that contact can be made."
        )
    elif fields.get("phone"):
        # By the country of the person's municipality: "22 33 44 55" in Næstved is +4522334455.
        try:
            phone = normalize_phone(fields["phone"], country)
        except ValidationError as error:
            errors["phone"] = error.messages
    if set(fields.get("interests") or []) - set(Interest.values):
        errors["interests"] = _("Choose interests from the list.")
    if fields.get("household") and fields["household"] not in Household.values:
        errors["household"] = _("Choose a household type from the list.")
    if set(fields.get("children_age_bands") or []) - set(ChildAgeBand.values):
        errors["children_age_bands"] = _("Choose age bands from the list.")
    if errors:
        raise ValidationError(errors)
    cleaned = dict(fields)
    if cleaned.get("phone"):
        cleaned["phone"] = phone
    # Children's ages only for a family that wants a family offer.
    if not (cleaned.get("wants_family_offer") and cleaned.get("household") == Household.FAMILY):
        cleaned["children_age_bands"] = []
        cleaned["wants_family_offer"] = bool(cleaned.get("wants_family_offer")) and (
            cleaned.get("household") == Household.FAMILY
        )
    return cleaned


@transaction.atomic
def person_register(*, by: User, municipality: Municipality, **fields: Any) -> Person:
    _require(by, "referrals.add_person", municipality)
    person = Person.objects.create(
        municipality=municipality,
        created_by=by,
        **_clean_person_fields(fields, country=municipality.country),
    )
    AuditEvent.objects.create(person=person, action=AuditEvent.Action.PERSON_REGISTERED, by=by)
    return person


@transaction.atomic
def person_update(*, person: Person, by: User, **fields: Any) -> Person:
    _require(by, "referrals.manage_person", person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_erased:
        raise ValidationError(_("This person's data has been erased."))
    cleaned = _clean_person_fields(fields, country=person.municipality.country)
    for name, value in cleaned.items():
        setattr(person, name, value)
    person.save()
    AuditEvent.objects.create(person=person, action=AuditEvent.Action.PERSON_UPDATED, by=by)
    return person


def _erase_person_fields(person: Person) -> None:
    for name in Person.PERSONAL_FIELDS:
        field = Person._meta.get_field(name)
        setattr(person, name, field.get_default())
    person.erased_at = timezone.now()
    person.save()


def _erase_referral_fields(referral: Referral, now: datetime.datetime) -> None:
    """The referral's free text goes: the caseworker's note and the organisation's note about
    declining (either may name the person), and any note on its time line. The decline category,
    dates, statuses, organisation and offer stay for the statistics."""
    referral.note = ""
    referral.decline_reason = ""
    referral.personal_data_erased_at = now
    referral.save(update_fields=["note", "decline_reason", "personal_data_erased_at"])
    AuditEvent.objects.filter(referral=referral).exclude(note="").update(note="")


@transaction.atomic
def person_erase(*, person: Person, by: User) -> Person:
    """Erase everything personal about the person now: consents end, open referrals stop."""
    _require(by, "referrals.manage_person", person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    now = timezone.now()
    for consent in person.consents.filter(withdrawn_at__isnull=True):
        _withdraw(consent, by=by, on=timezone.localdate(now), now=now)
    person.consents.update(offer_note="")
    for referral in person.referrals.filter(personal_data_erased_at__isnull=True):
        _erase_referral_fields(referral, now)
    _erase_person_fields(person)
    AuditEvent.objects.create(person=person, action=AuditEvent.Action.PERSON_ERASED, by=by, at=now)
    return person


def person_export(*, person: Person, by: User, path: str) -> dict[str, Any]:
    """Everything held about the person (GDPR art. 15 and 20), and an access log entry."""
    _require(by, "referrals.manage_person", person)
    access_log_record(user=by, person=person, reason=AccessLogEntry.Reason.PERSON_EXPORT, path=path)
    consents = person.consents.select_related("information_sheet").prefetch_related("organizations")
    referrals = person.referrals.select_related("organization", "activity").prefetch_related(
        "events"
    )
    access_log = list(AccessLogEntry.objects.filter(person=person).order_by("at", "pk"))
    organization_names = dict(
        Organization.objects.filter(
            pk__in={entry.organization_id for entry in access_log if entry.organization_id}
        ).values_list("pk", "name")
    )
    return {
        "person": {
            "id": person.pk,
            "municipality": person.municipality.name,
            **{name: getattr(person, name) for name in Person.PERSONAL_FIELDS},
            "registered": person.created_at.isoformat(),
            "erased": person.erased_at.isoformat() if person.erased_at else None,
        },
        "consents": [
            {
                "id": consent.pk,
                "informed_on": consent.informed_on.isoformat(),
                "information_language": consent.information_language,
                "information_sheet_version": consent.information_sheet.version,
                "interpreter_present": consent.interpreter_present,
                "shared_fields": consent.shared_fields,
                "organizations": [o.name for o in consent.organizations.all()],
                "organisations_the_municipality_chooses": consent.municipality_chooses,
                "offer": consent.offer,
                "offer_note": consent.offer_note,
                "signed_how": consent.signed_how,
                "valid_from": consent.valid_from.isoformat(),
                "valid_until": consent.valid_until.isoformat(),
                "withdrawn_on": consent.withdrawn_on.isoformat() if consent.withdrawn_on else None,
            }
            for consent in consents
        ],
        "referrals": [
            {
                "id": referral.pk,
                "organization": referral.organization.name if referral.organization else None,
                "activity": referral.activity.title if referral.activity else None,
                "offer": referral.offer,
                "note": referral.note,
                "status": referral.status,
                "decline_category": referral.decline_category,
                "decline_note": referral.decline_reason,
                "submitted": referral.created_at.isoformat(),
                "history": [
                    {"at": event.at.isoformat(), "status": event.status, "note": event.note}
                    for event in referral.events.all()
                ],
            }
            for referral in referrals
        ],
        "offers": [
            {
                "presented_on": offer.presented_on.isoformat(),
                "offer": offer.offer,
                "answer": offer.answer,
                "offer_again_on": offer.offer_again_on.isoformat()
                if offer.offer_again_on
                else None,
            }
            for offer in person.offer_presentations.order_by("presented_on", "pk")
        ],
        "access_log": [
            {
                "at": entry.at.isoformat(),
                "who": entry.user_label,
                "role": entry.role,
                "organization": organization_names.get(entry.organization_id),
                "municipality": person.municipality.name if not entry.organization_id else None,
                "why": entry.reason,
            }
            for entry in access_log
        ],
        # Those whose people opened it (the log) and those a referral was sent to (its summary).
        "organizations_that_saw_the_data": sorted(
            set(organization_names.values())
            | {referral.organization.name for referral in referrals if referral.organization}
        ),
    }


# -- offers presented (R52) -------------------------------------------------------------------


def default_offer_again_on(presented_on: datetime.date) -> datetime.date:
    return presented_on + relativedelta(months=OFFER_AGAIN_AFTER_MONTHS)


@transaction.atomic
def offer_present(
    *,
    person: Person,
    by: User,
    offer: str,
    answer: str,
    presented_on: datetime.date,
    offer_again_on: datetime.date | None = None,
) -> OfferPresentation:
    """Record that the caseworker presented a volunteer offer and what the person answered.
    "Not now" needs a day to offer it again (three months later unless another is chosen); the
    caseworker is reminded on that day (`offer_reminders_schedule`)."""
    _require(by, "referrals.manage_person", person)
    if person.is_erased:
        raise ValidationError(_("This person's data has been erased."))
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if offer not in Offer.values:
        errors["offer"] = _("Choose the offer from the list.")
    if answer not in OfferAnswer.values:
        errors["answer"] = _("Choose what the person answered.")
    if presented_on > today:
        errors["presented_on"] = _("The day the offer was presented cannot be in the future.")
    if answer == OfferAnswer.NOT_NOW:
        offer_again_on = offer_again_on or default_offer_again_on(presented_on)
        if offer_again_on <= today:
            errors["offer_again_on"] = _("Choose a day after today to offer it again.")
        elif (offer_again_on - presented_on).days > OFFER_AGAIN_WITHIN_DAYS:
            errors["offer_again_on"] = _(
                "Choose a day within a year; you can record “not now” again then."
            )
    else:
        offer_again_on = None
    if errors:
        raise ValidationError(errors)
    presentation = OfferPresentation.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        offer=offer,
        presented_on=presented_on,
        answer=answer,
        offer_again_on=offer_again_on,
        presented_by=by,
    )
    AuditEvent.objects.create(
        person=person, action=AuditEvent.Action.OFFER_PRESENTED, note=answer, by=by
    )
    return presentation


def offer_reminders_schedule(*, now: datetime.datetime) -> int:
    """Daily: remind the caseworker who heard "not now" that the day to offer again has come.
    The reminder holds a link to the person's page and nothing else about the person; a
    caseworker who is no longer staff there gets none (the page would be a 404 for them). The
    outbox's unique key (the due time is the day at 08:00) makes every later run a no-op."""
    scheduled = 0
    for presentation in offers_to_present_again(today=timezone.localdate(now)):
        due_at = timezone.make_aware(
            datetime.datetime.combine(
                presentation.offer_again_on, datetime.time(OFFER_REMINDER_HOUR)
            )
        )
        user = presentation.presented_by
        if due_at > now or not user.is_active:
            continue
        if not MunicipalityMembership.objects.filter(
            user=user,
            municipality_id=presentation.municipality_id,
            role=MunicipalityMembership.Role.CASEWORKER,
        ).exists():
            continue
        notification_schedule(
            recipient=user,
            kind="referral_offer_again",
            subject=presentation,
            due_at=due_at,
            context={"person_id": presentation.person_id},
        )
        scheduled += 1
    return scheduled


FOLLOW_UP_HOUR = 9  # the quarterly follow-up is due at 09:00 on the quarter's first day


def _quarter_start(day: datetime.date) -> datetime.date:
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def referral_follow_ups_schedule(*, now: datetime.datetime) -> int:
    """Quarterly (R40, W13): the caseworkers who made referrals in a municipality during the
    quarter that ended are invited to follow up with its coordinators, so that they are reminded
    of the offer. The e-mail links to their referral list and names no person. The outbox's
    unique key (the due time is the new quarter's first day at 09:00) sends it once a quarter
    per caseworker and municipality, however often this runs."""
    this_quarter = _quarter_start(timezone.localdate(now))
    last_quarter = _quarter_start(this_quarter - datetime.timedelta(days=1))
    until = timezone.make_aware(datetime.datetime.combine(this_quarter, datetime.time()))
    since = timezone.make_aware(datetime.datetime.combine(last_quarter, datetime.time()))
    due_at = until.replace(hour=FOLLOW_UP_HOUR)
    if due_at > now:
        return 0
    scheduled = 0
    for role in referring_caseworkers(since=since, until=until):
        notification_schedule(
            recipient=role.user,
            kind="referral_follow_up",
            subject=role.municipality,
            due_at=due_at,
            context={
                "municipality": role.municipality.name,
                "count": role.referrals_made,
                "quarter": (last_quarter.month - 1) // 3 + 1,
                "year": last_quarter.year,
            },
        )
        scheduled += 1
    return scheduled


# -- consent ----------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    person: Person,
    by: User,
    informed_on: datetime.date,
    information_language: str,
    shared_fields: list[str],
    offer: str,
    signed_how: str,
    person_confirmed: bool,
    organizations: list[Organization] | None = None,
    municipality_chooses: bool = False,
    interpreter_present: bool = False,
    offer_note: str = "",
    valid_until: datetime.date | None = None,
) -> Consent:
    _require(by, "referrals.manage_person", person)
    if person.is_erased:
        raise ValidationError(_("This person's data has been erased."))
    today = timezone.localdate()
    organizations = list(organizations or [])
    valid_until = valid_until or Consent._meta.get_field("valid_until").get_default()
    errors: dict[str, str] = {}
    if not person_confirmed:
        errors["person_confirmed"] = _(
            "Tick this box only when the person has confirmed the consent; without it no "
            "referral can be made."
        )
    if informed_on > today:
        errors["informed_on"] = _("The date the person was informed cannot be in the future.")
    if set(shared_fields) - set(SharedField.values):
        errors["shared_fields"] = _("Choose what may be shared from the list.")
    elif not set(shared_fields) & {SharedField.PHONE, SharedField.EMAIL}:
        errors["shared_fields"] = _(
            "Allow at least the phone number or the e-mail address, or the organisation cannot "
            "make contact."
        )
    if not organizations and not municipality_chooses:
        errors["organizations"] = _(
            "Name at least one organisation, or tick “organisations the municipality chooses”."
        )
    if valid_until < today:
        errors["valid_until"] = _("The consent must be valid until today or later.")
    elif (valid_until - today).days > MAX_CONSENT_DAYS:
        errors["valid_until"] = _("A consent can last at most a year; renew it when it runs out.")
    foreign = [o for o in organizations if not o.municipalities.filter(pk=person.municipality_id)]
    unverified = [o for o in organizations if not o.is_verified_in(person.municipality_id)]
    if foreign:
        errors["organizations"] = _("%(name)s is not active in this municipality.") % {
            "name": foreign[0].name
        }
    elif unverified:
        errors["organizations"] = _(
            "%(name)s is not verified by the municipality yet, so it cannot be named in a consent."
        ) % {"name": unverified[0].name}
    sheet = information_sheet_current(person.municipality, information_language)
    if sheet is None or not sheet.is_filled_in:
        errors["information_language"] = _(
            "The information sheet in this language is still empty. Ask the coordinator to fill "
            "it in, or inform the person in another language (with an interpreter)."
        )
    elif sheet.is_draft:
        errors["information_language"] = _(
            "The information sheet in this language is a draft translation that the "
            "municipality has not approved yet. Ask the coordinator to have it checked and "
            "approve it, or inform the person in another language (with an interpreter)."
        )
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        person=person,
        informed_on=informed_on,
        recorded_by=by,
        information_language=information_language,
        information_sheet=sheet,
        interpreter_present=interpreter_present,
        shared_fields=[code for code in SharedField.values if code in shared_fields],
        municipality_chooses=municipality_chooses,
        offer=offer,
        offer_note=offer_note,
        signed_how=signed_how,
        person_confirmed=True,
        valid_from=min(informed_on, today),
        valid_until=valid_until,
    )
    consent.organizations.set(organizations)
    AuditEvent.objects.create(
        person=person, consent=consent, action=AuditEvent.Action.CONSENT_RECORDED, by=by
    )
    return consent


@transaction.atomic
def consent_renew(*, consent: Consent, by: User, valid_until: datetime.date) -> Consent:
    _require(by, "referrals.manage_person", consent.person)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    today = timezone.localdate()
    if consent.withdrawn_at is not None:
        raise ValidationError(_("A withdrawn consent cannot be renewed; record a new consent."))
    if valid_until <= consent.valid_until or valid_until < today:
        raise ValidationError(
            {"valid_until": _("Choose a date after the current end of the consent.")}
        )
    if (valid_until - today).days > MAX_CONSENT_DAYS:
        raise ValidationError({"valid_until": _("A consent can last at most a year from today.")})
    consent.valid_until = valid_until
    consent.save(update_fields=["valid_until"])
    AuditEvent.objects.create(
        person=consent.person,
        consent=consent,
        action=AuditEvent.Action.CONSENT_RENEWED,
        note=valid_until.isoformat(),
        by=by,
    )
    return consent


def _withdraw(consent: Consent, *, by: User | None, on: datetime.date, now: datetime.datetime):
    consent.withdrawn_on = on
    consent.withdrawn_at = now
    consent.save(update_fields=["withdrawn_on", "withdrawn_at"])
    AuditEvent.objects.create(
        person_id=consent.person_id,
        consent=consent,
        action=AuditEvent.Action.CONSENT_WITHDRAWN,
        by=by,
        at=now,
    )
    for referral in consent.referrals.select_for_update().filter(status__in=Referral.OPEN):
        _move(referral, Referral.Status.WITHDRAWN, by=by, now=now)
        _notify_contact_persons(referral, kind="referral_withdrawn", now=now)


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User, withdrawn_on: datetime.date) -> Consent:
    """The person withdrew consent: every open referral under it stops in this transaction, so
    the organisation's next request already finds no access."""
    _require(by, "referrals.manage_person", consent.person)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("The date cannot be in the future.")})
    _withdraw(consent, by=by, on=withdrawn_on, now=timezone.now())
    return consent


# -- referrals --------------------------------------------------------------------------------


def _move(
    referral: Referral,
    status: str,
    *,
    by: User | None,
    now: datetime.datetime,
    note: str = "",
    organization: Organization | None = None,
) -> None:
    if not referral.can_move_to(status):
        raise ValidationError(
            _("A referral that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": referral.get_status_display(),
                "new": Referral.Status(status).label,
            }
        )
    referral.status = status
    fields = ["status"]
    if status not in Referral.OPEN:
        referral.ended_at = now
        fields.append("ended_at")
    referral.save(update_fields=fields)
    AuditEvent.objects.create(
        person_id=referral.person_id,
        referral=referral,
        action=AuditEvent.Action.REFERRAL_STATUS,
        status=status,
        note=note,
        by=by,
        by_organization=organization,
        at=now,
    )


def _contact_persons(organization_id: int):
    from accounts.models import User

    return User.objects.filter(
        is_active=True,
        organization_memberships__organization_id=organization_id,
        organization_memberships__role=OrganizationMembership.Role.CONTACT,
    ).distinct()


def _context(referral: Referral) -> dict[str, Any]:
    """What an e-mail about a referral may say: ids, the organisation and the offer type."""
    return {
        "referral_id": referral.pk,
        "organization": referral.organization.name if referral.organization_id else "",
        "offer": referral.offer,
        "status": referral.status,
    }


def _notify_contact_persons(referral: Referral, *, kind: str, now: datetime.datetime) -> None:
    if referral.organization_id is None:
        return
    notification_schedule_each(
        _contact_persons(referral.organization_id),
        kind=kind,
        subject=referral,
        due_at=now.replace(microsecond=0),
        context=_context(referral),
    )


def _notify_caseworker(referral: Referral, *, now: datetime.datetime) -> None:
    if referral.created_by_id and referral.created_by.is_active:
        notification_schedule(
            recipient=referral.created_by,
            kind="referral_answered",
            subject=referral,
            due_at=now.replace(microsecond=0),
            context=_context(referral),
        )


def _check_target(
    *, consent: Consent, person: Person, organization: Organization | None, activity
) -> None:
    if consent.person_id != person.pk:
        raise ValidationError({"consent": _("This consent belongs to another person.")})
    if not consent.is_valid():
        raise ValidationError(
            {"consent": _("This consent is no longer valid. Renew it or record a new one.")}
        )
    if not consent.covers(organization):
        raise ValidationError(
            {"organization": _("The person's consent does not cover this organisation.")}
        )
    if organization is not None:
        if not organization.municipalities.filter(pk=person.municipality_id).exists():
            raise ValidationError(
                {"organization": _("This organisation is not active in the municipality.")}
            )
        if not organization.is_verified_in(person.municipality_id):
            raise ValidationError(
                {
                    "organization": _(
                        "Only organisations the municipality has verified can receive referrals."
                    )
                }
            )
        if not organizations_for_referrals(person.municipality).filter(pk=organization.pk).exists():
            raise ValidationError(
                {
                    "organization": _(
                        "This organisation has no cooperation agreement in force with the "
                        "municipality that says how contact data is passed on, so it cannot "
                        "receive referrals."
                    )
                }
            )
        if not _contact_persons(organization.pk).exists():
            raise ValidationError(
                {
                    "organization": _(
                        "This organisation has no contact person in Brobygger who could answer."
                    )
                }
            )
    if activity is not None and (
        organization is None or activity.organization_id != organization.pk
    ):
        raise ValidationError({"activity": _("Choose an activity of the chosen organisation.")})


@transaction.atomic
def referral_create(
    *,
    person: Person,
    consent: Consent,
    by: User,
    organization: Organization | None = None,
    activity: Activity | None = None,
    note: str = "",
    suitability: Iterable[str],
    interpreter_needed: bool = False,
    interpreter_language: str = "",
) -> Referral:
    """Refer the person to an organisation (or to the coordinator, who chooses one).

    Impossible without a valid consent that covers the receiver: checked here, and on
    PostgreSQL again by a trigger on the table (migration 0002). The caseworker confirms every
    point of the suitability check (R45); the note and the interpreter's language go to the
    organisation, so the consent must cover them (R43, R53); and the organisation must have an
    agreement in force that says how contact data is passed on (R47)."""
    _require(by, "referrals.manage_person", person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_erased:
        raise ValidationError(_("This person's data has been erased."))
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    suitability = list(suitability)
    interpreter_language = interpreter_language if interpreter_needed else ""
    errors: dict[str, str] = {}
    if set(suitability) != set(SuitabilityCheck.values):
        errors["suitability"] = _(
            "Confirm every point: a volunteer offer must fit the person, and volunteers do not "
            "give care or treatment, do case work or handle money, legal or housing matters."
        )
    if note.strip() and not consent.allows(SharedField.NOTE):
        errors["note"] = _(
            "The person's consent does not cover a note to the organisation. Leave it empty, or "
            "record a new consent that covers it."
        )
    if interpreter_needed and interpreter_language not in Language.values:
        errors["interpreter_language"] = _("Choose the language the interpreter must speak.")
    elif interpreter_needed and not consent.allows(SharedField.LANGUAGES):
        errors["interpreter_language"] = _(
            "The person's consent does not cover sharing languages, so the organisation cannot "
            "be told the interpreter's language. Arrange the interpreter with the organisation "
            "in another way, or record a new consent."
        )
    if errors:
        raise ValidationError(errors)
    _check_target(consent=consent, person=person, organization=organization, activity=activity)
    if (
        organization is not None
        and person.referrals.filter(organization=organization, status__in=Referral.OPEN).exists()
    ):
        raise ValidationError(
            {"organization": _("There is already an open referral to this organisation.")}
        )
    now = timezone.now()
    referral = Referral.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        consent=consent,
        organization=organization,
        activity=activity,
        offer=consent.offer,
        note=note,
        suitability=[code for code in SuitabilityCheck.values if code in suitability],
        interpreter_needed=interpreter_needed,
        interpreter_language=interpreter_language,
        created_by=by,
        created_at=now,
    )
    AuditEvent.objects.create(
        person=person,
        referral=referral,
        action=AuditEvent.Action.REFERRAL_STATUS,
        status=Referral.Status.SUBMITTED,
        by=by,
        at=now,
    )
    if organization is not None:
        _notify_contact_persons(referral, kind="referral_received", now=now)
    else:
        notification_schedule_each(
            coordinators_of(referral.municipality_id),
            kind="referral_to_route",
            subject=referral,
            due_at=now.replace(microsecond=0),
            context=_context(referral),
        )
    return referral


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("consent", "created_by")
        .get(pk=referral.pk)
    )


@transaction.atomic
def referral_route(
    *, referral: Referral, by: User, organization: Organization, activity: Activity | None = None
) -> Referral:
    referral = _locked(referral)
    _require(by, "referrals.route_referral", referral)
    if not referral.is_waiting_for_routing:
        raise ValidationError(_("This referral has already been routed."))
    _check_target(
        consent=referral.consent,
        person=referral.person,
        organization=organization,
        activity=activity,
    )
    now = timezone.now()
    referral.organization = organization
    referral.activity = activity
    referral.routed_at = now
    referral.save(update_fields=["organization", "activity", "routed_at"])
    _move(referral, Referral.Status.ROUTED, by=by, now=now)
    _notify_contact_persons(referral, kind="referral_received", now=now)
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, by: User) -> Referral:
    referral = _locked(referral)
    _require(by, "referrals.answer_referral", referral)
    if not referral.consent.is_valid():
        raise ValidationError(_("The consent no longer covers this referral."))
    if not referral.organization.is_verified_in(referral.municipality_id):
        # e.g. renamed since the referral was made: the contact details wait for the coordinator
        raise ValidationError(
            _(
                "The municipality has to verify your organisation again before you can accept "
                "referrals. Ask the municipality's coordinator."
            )
        )
    now = timezone.now()
    _move(referral, Referral.Status.ACCEPTED, by=by, now=now, organization=referral.organization)
    referral.answered_at = referral.accepted_at = now
    referral.save(update_fields=["answered_at", "accepted_at"])
    _notify_caseworker(referral, now=now)
    return referral


@transaction.atomic
def referral_decline(
    *,
    referral: Referral,
    by: User,
    category: str,
    note: str = "",
    personal_data_confirmed: bool = False,
) -> Referral:
    """The organisation declines. The category is what coordinators see and count; the optional
    note is for the caseworker only, is checked for personal data as announcements are, and is
    erased with the person's data. Neither goes into the time line."""
    referral = _locked(referral)
    _require(by, "referrals.answer_referral", referral)
    note = (note or "").strip()
    if category not in DeclineCategory.values:
        raise ValidationError(
            {"category": _("Choose why, so that the caseworker can find another offer.")}
        )
    if len(note) > DECLINE_NOTE_MAX:
        raise ValidationError(
            {
                "note": _("At most %(max)d characters; this has %(count)d.")
                % {"max": DECLINE_NOTE_MAX, "count": len(note)}
            }
        )
    if find_personal_data(note) and not personal_data_confirmed:
        raise ValidationError(
            {
                "confirm_no_personal_data": _(
                    "Remove the phone number or e-mail address, or confirm that it is not "
                    "personal data."
                )
            }
        )
    now = timezone.now()
    _move(referral, Referral.Status.DECLINED, by=by, now=now, organization=referral.organization)
    referral.answered_at = now
    referral.decline_category = category
    referral.decline_reason = note
    referral.save(update_fields=["answered_at", "decline_category", "decline_reason"])
    _notify_caseworker(referral, now=now)
    return referral


@transaction.atomic
def referral_record_contact(
    *,
    referral: Referral,
    by: User,
    reached: bool,
    copies_deleted: bool,
    handover: str = "",
) -> Referral:
    """Contact made (or could not reach the person): the organisation's access ends here.

    The guide's rule (seed 004): once contact is made, the details are deleted wherever they
    were copied. The contact person says how the details reached the matched volunteer — they
    made the contact themselves, or gave the details to the volunteer in person or by phone
    (never by e-mail or text message, which would leave copies) — and confirms that any copy
    outside Brobygger is deleted. Without that confirmation nothing is recorded."""
    referral = _locked(referral)
    _require(by, "referrals.record_contact", referral)
    errors: dict[str, str] = {}
    if reached and handover not in Handover.values:
        errors["handover"] = _("Say how the contact details reached the volunteer.")
    if not copies_deleted:
        errors["copies_deleted"] = _(
            "Delete every copy of the person's details outside Brobygger (notes, messages, "
            "e-mails, the volunteer's phone), then confirm it here."
        )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    status = Referral.Status.CONTACT_MADE if reached else Referral.Status.UNREACHABLE
    _move(referral, status, by=by, now=now, organization=referral.organization)
    referral.contact_at = now
    referral.handover = handover if reached else ""
    referral.copies_deleted_at = now
    referral.save(update_fields=["contact_at", "handover", "copies_deleted_at"])
    _notify_caseworker(referral, now=now)
    return referral


@transaction.atomic
def referral_close(*, referral: Referral, by: User) -> Referral:
    referral = _locked(referral)
    _require(by, "referrals.close_referral", referral)
    _move(referral, Referral.Status.CLOSED, by=by, now=timezone.now())
    return referral


# -- periodic work ----------------------------------------------------------------------------


def referrals_expire(*, now: datetime.datetime) -> int:
    """Open referrals whose consent ran out become `expired`. Safe to run twice."""
    today = timezone.localdate(now)
    count = 0
    stale = Referral.objects.filter(status__in=Referral.OPEN, consent__valid_until__lt=today)
    for referral_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            referral = (
                Referral.objects.select_for_update()
                .filter(pk=referral_id, status__in=Referral.OPEN)
                .first()
            )
            if referral is None:
                continue
            _move(referral, Referral.Status.EXPIRED, by=None, now=now)
            _notify_contact_persons(referral, kind="referral_withdrawn", now=now)
            count += 1
    return count


def referral_reminders_schedule(*, now: datetime.datetime) -> int:
    """Daily (or hourly): 5 days without an answer → the contact persons; 10 days → the
    coordinators; accepted 14 days without contact → the contact persons. The outbox's unique
    key (due time = the moment the rule was met) makes every run after the first a no-op."""
    scheduled = 0
    waiting = Referral.objects.filter(
        status__in=Referral.WAITING_FOR_ANSWER,
        organization__isnull=False,
        created_at__lte=now - REMINDER_AFTER,
    ).select_related("organization")
    for referral in waiting:
        reached_at = referral.routed_at or referral.created_at
        if reached_at + REMINDER_AFTER <= now:
            scheduled += notification_schedule_each(
                _contact_persons(referral.organization_id),
                kind="referral_reminder",
                subject=referral,
                due_at=(reached_at + REMINDER_AFTER).replace(microsecond=0),
                context=_context(referral),
            )
        if reached_at + ESCALATION_AFTER <= now:
            scheduled += notification_schedule_each(
                coordinators_of(referral.municipality_id),
                kind="referral_escalation",
                subject=referral,
                due_at=(reached_at + ESCALATION_AFTER).replace(microsecond=0),
                context=_context(referral),
            )
    accepted = Referral.objects.filter(
        status=Referral.Status.ACCEPTED, accepted_at__lte=now - CONTACT_REMINDER_AFTER
    ).select_related("organization")
    for referral in accepted:
        scheduled += notification_schedule_each(
            _contact_persons(referral.organization_id),
            kind="referral_contact_reminder",
            subject=referral,
            due_at=(referral.accepted_at + CONTACT_REMINDER_AFTER).replace(microsecond=0),
            context=_context(referral),
        )
    return scheduled


def _retention_days(policies: dict, municipality_id: int, field: str, default: int) -> int:
    policy = policies.get(municipality_id)
    return getattr(policy, field) if policy is not None else default


def retention_purge(*, now: datetime.datetime, days: int | None = None) -> dict[str, int]:
    """Erase personal fields that are no longer needed; keep dates, statuses, organisation and
    offer for the statistics; delete access log entries and offers presented past their time.
    Each municipality's `RetentionPolicy` decides (R76); one without a policy keeps `days`
    (default `REFERRALS_RETENTION_DAYS`) for referrals and persons and the policy defaults for
    the rest. Running it again finds nothing more to do. Returns counts per data type."""
    days = settings.REFERRALS_RETENTION_DAYS if days is None else days
    policies = {policy.municipality_id: policy for policy in RetentionPolicy.objects.all()}
    shortest = min([days, *(p.referral_days for p in policies.values())])
    before = now - datetime.timedelta(days=shortest)
    referrals = 0
    for referral in referrals_due_for_erasure(before=before):
        own = _retention_days(policies, referral.municipality_id, "referral_days", days)
        if referral.ended_at >= now - datetime.timedelta(days=own):
            continue
        with transaction.atomic():
            _erase_referral_fields(referral, now)
            AuditEvent.objects.create(
                person_id=referral.person_id,
                referral=referral,
                action=AuditEvent.Action.REFERRAL_ERASED,
                at=now,
            )
            referrals += 1
    persons = 0
    shortest = min([days, *(p.person_days for p in policies.values())])
    before = now - datetime.timedelta(days=shortest)
    for person in persons_due_for_erasure(before=before, today=timezone.localdate(now)):
        own = _retention_days(policies, person.municipality_id, "person_days", days)
        if person.last_moment >= now - datetime.timedelta(days=own):
            continue
        with transaction.atomic():
            locked = Person.objects.select_for_update().get(pk=person.pk)
            if locked.is_erased:
                continue
            locked.consents.update(offer_note="")
            for referral in locked.referrals.filter(personal_data_erased_at__isnull=True):
                _erase_referral_fields(referral, now)
            _erase_person_fields(locked)
            AuditEvent.objects.create(person=locked, action=AuditEvent.Action.PERSON_ERASED, at=now)
            persons += 1
    counts = {
        "referrals": referrals,
        "persons": persons,
        "access_log": _purge_access_log(now=now, policies=policies),
        "offers": _purge_offers(now=now, policies=policies),
        "decline_reasons": _purge_decline_reasons(now=now, policies=policies),
        "audit_events": _purge_audit_events(now=now, policies=policies),
        "accounts": _purge_accounts(now=now, policies=policies),
    }

    def cutoff(municipality_id: int, setting: str) -> datetime.datetime:
        return now - datetime.timedelta(
            days=_retention_days(
                policies, municipality_id, setting, RetentionPolicy.DEFAULTS[setting]
            )
        )

    for _receiver, answer in retention_due.send(sender=RetentionPolicy, cutoff=cutoff, now=now):
        counts.update(answer or {})
    return counts


def _older_than(queryset, *, field: str, policies: dict, setting: str, now):
    """Rows of `queryset` whose `field` is more than their municipality's retention (`setting`,
    in days) before `now` (a moment, or a day for a date field), as one queryset."""

    def cutoff(days: int):
        return now - datetime.timedelta(days=days)

    default = RetentionPolicy.DEFAULTS[setting]
    condition = Q(**{f"{field}__lt": cutoff(default)}) & ~Q(municipality_id__in=list(policies))
    for municipality_id, policy in policies.items():
        condition |= Q(municipality_id=municipality_id) & Q(
            **{f"{field}__lt": cutoff(getattr(policy, setting))}
        )
    return queryset.filter(condition)


@transaction.atomic
def _purge_access_log(*, now: datetime.datetime, policies: dict) -> int:
    """The access log is kept long enough to answer an access request, then deleted. On
    PostgreSQL the append-only trigger lets a DELETE through only inside this transaction (the
    setting below) and only for entries older than a year (migration 0008)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL brobygger.access_log_purge = 'on'")
    old = _older_than(
        AccessLogEntry.objects.all(),
        field="at",
        policies=policies,
        setting="access_log_days",
        now=now,
    )
    deleted, _by_model = old.delete()
    return deleted


@transaction.atomic
def _purge_offers(*, now: datetime.datetime, policies: dict) -> int:
    old = _older_than(
        OfferPresentation.objects.all(),
        field="presented_on",
        policies=policies,
        setting="offer_days",
        now=timezone.localdate(now),
    )
    deleted, _by_model = old.delete()
    return deleted


@transaction.atomic
def _purge_decline_reasons(*, now: datetime.datetime, policies: dict) -> int:
    """The reason an organisation gave for declining (its category and any note) goes after
    its time; the referral still counts as declined."""
    old = _older_than(
        Referral.objects.filter(answered_at__isnull=False).exclude(
            decline_category="", decline_reason=""
        ),
        field="answered_at",
        policies=policies,
        setting="decline_days",
        now=now,
    )
    return old.update(decline_category="", decline_reason="")


@transaction.atomic
def _purge_audit_events(*, now: datetime.datetime, policies: dict) -> int:
    """Each person's time line, and the municipality's staff log, after their time."""
    old = _older_than(
        AuditEvent.objects.annotate(municipality_id=F("person__municipality_id")),
        field="at",
        policies=policies,
        setting="audit_days",
        now=now,
    )
    deleted, _by_model = AuditEvent.objects.filter(pk__in=old.values("pk")).delete()
    old_staff = _older_than(
        StaffAuditEvent.objects.all(),
        field="at",
        policies=policies,
        setting="audit_days",
        now=now,
    )
    staff_deleted, _by_model = old_staff.delete()
    return deleted + staff_deleted


def _purge_accounts(*, now: datetime.datetime, policies: dict) -> int:
    """Accounts that hold no role anywhere (no staff role in a municipality, no membership of an
    organisation, no platform role) and have not signed in (or, never signed in, were not
    created) for the retention period are deleted (accounts.services.account_delete). An account
    counts under the municipality where it last held a staff role; others under the default.
    An account with a role is never deleted here: a staff role lapses first, after a warning,
    when its holder stops signing in (accounts.staff), and then this period starts."""
    default = RetentionPolicy.DEFAULTS["account_days"]
    shortest = min([default, *(p.account_days for p in policies.values())])
    last_municipality = (
        StaffAuditEvent.objects.filter(user=OuterRef("pk"))
        .order_by("-at", "-pk")
        .values("municipality_id")[:1]
    )
    candidates = (
        User.objects.filter(deleted_at__isnull=True, is_staff=False, is_superuser=False)
        .annotate(
            last_seen=Coalesce("last_login", "date_joined"),
            last_municipality=Subquery(last_municipality),
        )
        .filter(last_seen__lt=now - datetime.timedelta(days=shortest))
        .exclude(Exists(MunicipalityMembership.objects.filter(user=OuterRef("pk"))))
        .exclude(Exists(OrganizationMembership.objects.filter(user=OuterRef("pk"))))
    )
    deleted = 0
    for user in candidates:
        days = _retention_days(policies, user.last_municipality, "account_days", default)
        if user.last_seen >= now - datetime.timedelta(days=days):
            continue
        account_delete(user=user, now=now)
        deleted += 1
    return deleted


@transaction.atomic
def retention_policy_save(*, municipality: Municipality, by: User, **days: int) -> RetentionPolicy:
    """The coordinator sets how long each kind of data is kept, within the legal bounds."""
    _require(by, "referrals.manage_retention", municipality)
    errors = {}
    for field, value in days.items():
        if field not in RetentionPolicy.BOUNDS:
            raise ValidationError(f"Unknown retention setting: {field}")
        least, most = RetentionPolicy.BOUNDS[field]
        if not least <= value <= most:
            errors[field] = _("Choose between %(least)d and %(most)d days.") % {
                "least": least,
                "most": most,
            }
    if errors:
        raise ValidationError(errors)
    policy, _created = RetentionPolicy.objects.select_for_update().get_or_create(
        municipality=municipality
    )
    for field, value in days.items():
        setattr(policy, field, value)
    policy.updated_by = by
    policy.save()
    return policy


@transaction.atomic
def privacy_notice_save(*, municipality: Municipality, by: User, **facts: str) -> PrivacyNotice:
    """The coordinator publishes the facts of the municipality's privacy notice."""
    _require(by, "referrals.manage_privacy_notice", municipality)
    unknown = set(facts) - set(PrivacyNotice.FIELDS)
    if unknown:
        raise ValidationError(f"Unknown privacy notice fact: {sorted(unknown)}")
    notice = PrivacyNotice.objects.select_for_update().filter(municipality=municipality).first()
    notice = notice or PrivacyNotice(municipality=municipality)
    for field, value in facts.items():
        setattr(notice, field, value)
    notice.updated_by = by
    notice.full_clean()
    notice.save()
    return notice


# -- information sheets -----------------------------------------------------------------------


@transaction.atomic
def information_sheet_save(
    *,
    municipality: Municipality,
    language: str,
    by: User,
    title: str,
    body: str,
    consent_text: str,
) -> InformationSheet:
    """A coordinator's edit is the municipality's next version; earlier versions stay as given.

    An edit of a draft translation, or of an approved one, is a draft: only
    `information_sheet_approve` makes a translation that a consent can be recorded on, and it
    records who approved it and when."""
    _require(by, "referrals.manage_information_sheets", municipality)
    current = information_sheet_current(municipality, language)
    if current is not None and (current.title, current.body, current.consent_text) == (
        title,
        body,
        consent_text,
    ):
        return current
    # Lock the municipality row so that two editors cannot take the same version number.
    type(municipality).objects.select_for_update().get(pk=municipality.pk)
    latest = (
        InformationSheet.objects.filter(language=language, municipality=municipality)
        .order_by("-version")
        .first()
    )
    version = max(current.version if current else 0, latest.version if latest else 0) + 1
    return InformationSheet.objects.create(
        municipality=municipality,
        language=language,
        version=version,
        title=title,
        body=body,
        consent_text=consent_text,
        created_by=by,
        # A changed translation is not the text that was checked: it waits for approval again.
        is_draft=current is not None and (current.is_draft or current.approved_at is not None),
    )


@transaction.atomic
def information_sheet_approve(
    *, municipality: Municipality, language: str, by: User
) -> InformationSheet:
    """The coordinator has had the draft translation checked: its text becomes the
    municipality's next version, no longer a draft, with who approved it and when."""
    _require(by, "referrals.manage_information_sheets", municipality)
    # Lock the municipality row so that two approvals cannot take the same version number.
    type(municipality).objects.select_for_update().get(pk=municipality.pk)
    current = information_sheet_current(municipality, language)
    if current is None or not current.is_draft:
        raise ValidationError(_("This information sheet is not a draft waiting for approval."))
    if not current.is_filled_in:
        raise ValidationError(_("An empty information sheet cannot be approved."))
    latest = (
        InformationSheet.objects.filter(language=language, municipality=municipality)
        .order_by("-version")
        .first()
    )
    now = timezone.now()
    return InformationSheet.objects.create(
        municipality=municipality,
        language=language,
        version=max(current.version, latest.version if latest else 0) + 1,
        title=current.title,
        body=current.body,
        consent_text=current.consent_text,
        created_by=by,
        is_draft=False,
        approved_by=by,
        approved_at=now,
    )


# -- the offer leaflet -------------------------------------------------------------------------


@transaction.atomic
def offer_leaflet_approve(
    *, municipality: Municipality, language: str, by: User
) -> OfferLeafletApproval:
    """The coordinator has had the shipped translation of the offer leaflet checked: from now
    on it is printed for the public in the municipality, with the date of the approval."""
    _require(by, "referrals.manage_information_sheets", municipality)
    leaflet = LEAFLETS.get(language)
    if leaflet is None:
        raise ValidationError(_("There is no offer leaflet in this language."))
    approval, _created = OfferLeafletApproval.objects.get_or_create(
        municipality=municipality,
        language=language,
        text_digest=leaflet.digest,
        defaults={"approved_by": by, "approved_at": timezone.now()},
    )
    return approval


# -- the answers to the quarterly follow-up (R40, W13) -------------------------------------------


def feedback_quarter(now: datetime.datetime) -> tuple[int, int]:
    """The quarter the follow-up asks about: the one that ended last (year, quarter)."""
    last = _quarter_start(_quarter_start(timezone.localdate(now)) - datetime.timedelta(days=1))
    return last.year, (last.month - 1) // 3 + 1


@transaction.atomic
def staff_feedback_save(
    *,
    by: User,
    municipality: Municipality,
    what_works: str,
    what_is_hard: str,
    offered: int,
    now: datetime.datetime | None = None,
) -> StaffFeedback:
    """A caseworker's answer about the quarter that ended; answering again corrects it."""
    if not by.has_perm("referrals.give_staff_feedback", municipality):
        raise PermissionDenied
    if not (what_works.strip() or what_is_hard.strip()):
        raise ValidationError(_("Tell us what works or what is hard (or both)."))
    year, quarter = feedback_quarter(now or timezone.now())
    feedback, _created = StaffFeedback.objects.update_or_create(
        municipality=municipality,
        year=year,
        quarter=quarter,
        respondent=by,
        defaults={
            "what_works": what_works.strip(),
            "what_is_hard": what_is_hard.strip(),
            "offered": offered,
        },
    )
    return feedback
