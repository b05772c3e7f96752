"""Changes to what a municipality publishes on its public page (issue #18)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from accounts.models import Municipality, User
from accounts.selectors import coordinators_of
from core.time import zone_for
from core.validation import required_text
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
from dashboard.selectors import story_organizations_for, taken_slot_ids_of
from meetings.services import venue_series_book, venue_series_release
from notifications.services import (
    notification_schedule_each,
    notification_schedule_to_address,
)
from organizations.models import Organization
from organizations.selectors import admins_and_contacts


@transaction.atomic
def municipality_page_update(
    *,
    municipality: Municipality,
    cooperation: str,
    supplements: str,
    switchboard: str = "",
    website: str = "",
) -> MunicipalityPage:
    page, _created = MunicipalityPage.objects.update_or_create(
        municipality=municipality,
        defaults={
            "cooperation": cooperation.strip(),
            "supplements": supplements.strip(),
            "switchboard": switchboard.strip(),
            "website": website.strip(),
        },
    )
    return page


@transaction.atomic
def published_contact_create(*, municipality: Municipality, **fields) -> PublishedContact:
    contact = PublishedContact(municipality=municipality, **fields)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def published_contact_delete(*, contact: PublishedContact) -> None:
    contact.delete()


@transaction.atomic
def guide_note_save(*, municipality: Municipality, topic: str, note: str) -> GuideNote | None:
    """The coordinator's note on a topic of the referral guide; an empty note removes it."""
    note = note.strip()
    if not note:
        GuideNote.objects.filter(municipality=municipality, topic=topic).delete()
        return None
    guide_note, _created = GuideNote.objects.update_or_create(
        municipality=municipality, topic=topic, defaults={"note": note}
    )
    guide_note.full_clean()
    return guide_note


@transaction.atomic
def premises_create(
    *,
    municipality: Municipality,
    name: str,
    address: str,
    capacity: int | None = None,
    note: str = "",
    weekdays: list[int],
    starts_at: time,
    ends_at: time,
    venue=None,
) -> Premises:
    """Premises the municipality lends, open on each of `weekdays` from `starts_at` to
    `ends_at` ("Tuesdays and Thursdays 17:00–20:00"); with `venue`, one of its own venues in
    the booking calendar, where granted requests are booked."""
    if venue is not None and (venue.municipality_id != municipality.pk or venue.organization_id):
        raise ValidationError({"venue": _("Choose one of the municipality's own venues.")})
    premises = Premises(
        venue=venue,
        municipality=municipality,
        name=name.strip(),
        address=address.strip(),
        capacity=capacity,
        note=note.strip(),
    )
    premises.full_clean()
    premises.save()
    for weekday in sorted({int(day) for day in weekdays}):
        slot = PremisesSlot(
            premises=premises, weekday=weekday, starts_at=starts_at, ends_at=ends_at
        )
        slot.full_clean()
        slot.save()
    return premises


@transaction.atomic
def premises_delete(*, premises: Premises) -> None:
    premises.delete()


@transaction.atomic
def arena_create(
    *, municipality: Municipality, kind: str, name: str, access: str, **contact: Any
) -> Arena:
    """An arena on the municipality's page; `contact` holds its contact person (`contact_name`,
    `contact_role`, `contact_email`, `contact_phone`, `contact_public`), all optional."""
    contact = {
        field: value.strip() if isinstance(value, str) else value
        for field, value in contact.items()
    }
    arena = Arena(
        municipality=municipality, kind=kind, name=name.strip(), access=access.strip(), **contact
    )
    arena.full_clean()
    arena.save()
    return arena


@transaction.atomic
def arena_delete(*, arena: Arena) -> None:
    arena.delete()


# -- requests for premises and arenas (R16, R17) --------------------------------------------------


def _refuse_taken(premises: Premises, slots, *, organization: Organization, field: str) -> None:
    """A time granted to another organisation cannot be given twice: refused, with the times
    that are still free."""
    taken = taken_slot_ids_of(premises, other_than=organization)
    clash = [slot for slot in slots if slot.pk in taken]
    if not clash:
        return
    free = [str(slot) for slot in premises.slots.all() if slot.pk not in taken]
    message = _("%(times)s is already given to another organisation.") % {
        "times": get_text_list([str(slot) for slot in clash], _("and"))
    }
    if free:
        message += " " + _("Free times: %(times)s.") % {"times": get_text_list(free, _("and"))}
    else:
        message += " " + _("These premises have no free times left.")
    raise ValidationError({field: message})


def _context(place_request: PlaceRequest) -> dict:
    return {
        "slug": place_request.municipality.slug,
        "request_id": place_request.pk,
        "place": str(place_request.place),
        "organization": place_request.organization.name,
    }


@transaction.atomic
def place_request_create(
    *,
    by: User,
    municipality: Municipality,
    organization: Organization,
    message: str,
    premises: Premises | None = None,
    slots=(),
    arena: Arena | None = None,
) -> PlaceRequest:
    """An organisation asks for premises at some of their weekly times, or for access to an
    arena; the municipality's coordinators are told."""
    if not by.has_perm("organizations.change_organization", organization):
        raise PermissionDenied
    if not organization.is_verified_in(municipality.pk):
        raise ValidationError(
            {"organization": _("Only organisations verified in this municipality can ask.")}
        )
    if (premises is None) == (arena is None):
        raise ValidationError(_("Ask for either premises or an arena."))
    place = premises or arena
    if place.municipality_id != municipality.pk:
        raise PermissionDenied
    slots = list(slots)
    if premises is not None:
        if not slots:
            raise ValidationError({"slots": _("Choose at least one of the times.")})
        if any(slot.premises_id != premises.pk for slot in slots):
            raise ValidationError({"slots": _("Choose among the times of these premises.")})
        _refuse_taken(premises, slots, organization=organization, field="slots")
    place_request = PlaceRequest(
        municipality=municipality,
        organization=organization,
        premises=premises,
        arena=arena,
        message=message.strip(),
        created_by=by,
    )
    place_request.full_clean()
    place_request.save()
    if slots:
        place_request.slots.set(slots)
    now = timezone.now().replace(microsecond=0)
    coordinators = coordinators_of(municipality.pk)
    notification_schedule_each(
        coordinators,
        kind="place_requested",
        subject=place_request,
        due_at=now,
        context=_context(place_request),
    )
    if arena is not None and arena.contact_email:
        # The arena's own contact person has no account: told by e-mail what is asked and that
        # the coordinators answer the organisation (W21). Nothing about refugees is in it.
        notification_schedule_to_address(
            email=arena.contact_email,
            language=municipality.language,
            kind="place_arena_asked",
            subject=place_request,
            due_at=now,
            context={
                **_context(place_request),
                "municipality": municipality.name,
                "contact_name": arena.contact_name,
                "message": place_request.message,
                "coordinators": [
                    {"name": user.get_full_name() or user.email, "email": user.email}
                    for user in coordinators
                ],
            },
        )
    return place_request


def term_end(today: date) -> date:
    """The last day of the school term `today` is in (or of the next one, between terms):
    20 June or 20 December. Premises are lent for a term ("this term", seed 002 §5.2)."""
    if (today.month, today.day) <= (6, 20):
        return date(today.year, 6, 20)
    if (today.month, today.day) <= (12, 20):
        return date(today.year, 12, 20)
    return date(today.year + 1, 6, 20)


def _book_series(place_request: PlaceRequest, *, by: User, until: date | None, now) -> None:
    """A granted request for premises with a venue in the booking calendar books its weekly
    times there until the end of the term; a clash refuses the grant with the free times."""
    premises = place_request.premises
    if premises is None or premises.venue is None:
        return
    until = until or term_end(timezone.localdate(now))
    try:
        series = venue_series_book(
            by=by,
            organization=place_request.organization,
            venue=premises.venue,
            title=_("%(organisation)s at %(premises)s")
            % {"organisation": place_request.organization.name, "premises": premises.name},
            weekly=[(s.weekday, s.starts_at, s.ends_at) for s in place_request.slots.all()],
            until=until,
            now=now,
        )
    except ValidationError as error:
        raise ValidationError({"status": error.messages}) from error
    place_request.booked.set(series)


@transaction.atomic
def place_request_answer(
    *,
    by: User,
    place_request: PlaceRequest,
    status: str,
    reply: str,
    until: date | None = None,
    now=None,
) -> PlaceRequest:
    """A coordinator grants or declines a waiting request (a decline says why); the
    organisation's admins and contact persons are told. Granting premises that have a venue in
    the booking calendar books their weekly times there until `until` (the end of the term)."""
    now = now or timezone.now()
    place_request = PlaceRequest.objects.select_for_update().get(pk=place_request.pk)
    if not by.has_perm("dashboard.answer_placerequest", place_request):
        raise PermissionDenied
    if place_request.status not in PlaceRequest.ANSWERABLE:
        raise ValidationError(_("This request has already been answered or withdrawn."))
    reply = reply.strip()
    if status == PlaceRequest.Status.DECLINED and not reply:
        raise ValidationError({"reply": _("Tell the organisation why you decline.")})
    if status not in (PlaceRequest.Status.GRANTED, PlaceRequest.Status.DECLINED):
        raise ValidationError({"status": _("Choose whether you grant the request.")})
    if status == PlaceRequest.Status.GRANTED and place_request.premises is not None:
        _refuse_taken(
            place_request.premises,
            place_request.slots.all(),
            organization=place_request.organization,
            field="status",
        )
        _book_series(place_request, by=by, until=until, now=now)
    place_request.status = status
    place_request.reply = reply
    place_request.answered_at = timezone.now().replace(microsecond=0)
    place_request.answered_by = by
    place_request.save(update_fields=["status", "reply", "answered_at", "answered_by"])
    notification_schedule_each(
        admins_and_contacts(place_request.organization_id),
        kind="place_answered",
        subject=place_request,
        due_at=place_request.answered_at,
        context={**_context(place_request), "granted": status == PlaceRequest.Status.GRANTED},
    )
    return place_request


@transaction.atomic
def place_request_withdraw(*, by: User, place_request: PlaceRequest) -> PlaceRequest:
    """The organisation no longer needs it (waiting or granted): the times are free again and
    the coordinators are told."""
    place_request = PlaceRequest.objects.select_for_update().get(pk=place_request.pk)
    if not by.has_perm("dashboard.withdraw_placerequest", place_request):
        raise PermissionDenied
    if place_request.status not in PlaceRequest.WITHDRAWABLE:
        raise ValidationError(_("This request can no longer be withdrawn."))
    place_request.status = PlaceRequest.Status.WITHDRAWN
    place_request.save(update_fields=["status"])
    now = timezone.now().replace(microsecond=0)
    place_request.proposals.filter(status=SlotProposal.Status.OPEN).update(
        status=SlotProposal.Status.WITHDRAWN, answered_by=by, answered_at=now
    )
    venue_series_release(series_ids=place_request.booked.values_list("pk", flat=True), now=now)
    notification_schedule_each(
        coordinators_of(place_request.municipality_id),
        kind="place_withdrawn",
        subject=place_request,
        due_at=now,
        context=_context(place_request),
    )
    return place_request


# -- "propose another time" (R16, W22) -----------------------------------------------------------


def _asked_times(place_request: PlaceRequest) -> str:
    times = get_text_list([str(slot) for slot in place_request.slots.all()], _("and"))
    return f"{place_request.premises.name}: {times}"


def _proposal_context(proposal: SlotProposal) -> dict:
    return {
        **_context(proposal.place_request),
        "proposed": f"{proposal.slot.premises.name}: {proposal.slot}",
    }


@transaction.atomic
def place_request_propose(
    *,
    by: User,
    place_request: PlaceRequest,
    slot: PremisesSlot,
    message: str,
    starts_on: date | None = None,
    now=None,
) -> SlotProposal:
    """A coordinator who cannot grant the asked times proposes another weekly time instead of
    declining: one of the times of these or other premises of the municipality, from a day if
    given, with a word. The time must be free; the organisation's admins and contact persons
    are told, and the request waits for their answer."""
    now = (now or timezone.now()).replace(microsecond=0)
    place_request = PlaceRequest.objects.select_for_update().get(pk=place_request.pk)
    if not by.has_perm("dashboard.answer_placerequest", place_request):
        raise PermissionDenied
    if place_request.premises is None:
        raise ValidationError(_("Only a request for premises can get another time."))
    if place_request.status not in PlaceRequest.ANSWERABLE:
        raise ValidationError(_("This request has already been answered or withdrawn."))
    if slot.premises.municipality_id != place_request.municipality_id:
        raise PermissionDenied
    message = required_text(
        message, "message", _("Tell the organisation why you propose this time.")
    )
    if starts_on is not None and starts_on < timezone.localdate(now):
        raise ValidationError({"starts_on": _("Choose today or a later day.")})
    _refuse_taken(slot.premises, [slot], organization=place_request.organization, field="slot")
    proposal = SlotProposal.objects.create(
        place_request=place_request,
        slot=slot,
        starts_on=starts_on,
        asked=_asked_times(place_request),
        message=message,
        proposed_by=by,
        proposed_at=now,
    )
    place_request.status = PlaceRequest.Status.PROPOSED
    place_request.reply = message
    place_request.answered_at = now
    place_request.answered_by = by
    place_request.save(update_fields=["status", "reply", "answered_at", "answered_by"])
    notification_schedule_each(
        admins_and_contacts(place_request.organization_id),
        kind="place_proposed",
        subject=place_request,
        due_at=now,
        context=_proposal_context(proposal),
    )
    return proposal


def _open_proposal(place_request: PlaceRequest) -> SlotProposal:
    proposal = (
        place_request.proposals.select_for_update(of=("self",))
        .filter(status=SlotProposal.Status.OPEN)
        .select_related("slot__premises__venue")
        .first()
    )
    if proposal is None or place_request.status != PlaceRequest.Status.PROPOSED:
        raise ValidationError(_("There is no proposed time waiting for your answer."))
    return proposal


@transaction.atomic
def place_request_proposal_accept(
    *, by: User, place_request: PlaceRequest, until: date | None = None, now=None
) -> PlaceRequest:
    """The organisation takes the proposed time: the request is granted with it, and it is
    booked at the premises' venue exactly as a grant books (a time given to another
    organisation or a clash at the venue refuses, and nothing changes). The coordinators are
    told."""
    now = now or timezone.now()
    place_request = PlaceRequest.objects.select_for_update().get(pk=place_request.pk)
    if not by.has_perm("dashboard.answer_slot_proposal", place_request):
        raise PermissionDenied
    proposal = _open_proposal(place_request)
    slot = proposal.slot
    _refuse_taken(slot.premises, [slot], organization=place_request.organization, field="slot")
    place_request.premises = slot.premises
    place_request.slots.set([slot])
    starts = now
    if proposal.starts_on is not None:
        zone = zone_for(place_request.municipality.country)
        starts = max(now, datetime.combine(proposal.starts_on, time.min, tzinfo=zone))
    until = until or term_end(timezone.localdate(starts))
    _book_series(place_request, by=by, until=until, now=starts)
    answered_at = timezone.now().replace(microsecond=0)
    proposal.status = SlotProposal.Status.ACCEPTED
    proposal.answered_by = by
    proposal.answered_at = answered_at
    proposal.save(update_fields=["status", "answered_by", "answered_at"])
    place_request.status = PlaceRequest.Status.GRANTED
    place_request.save(update_fields=["status", "premises"])
    notification_schedule_each(
        coordinators_of(place_request.municipality_id),
        kind="place_proposal_accepted",
        subject=place_request,
        due_at=answered_at,
        context=_proposal_context(proposal),
    )
    return place_request


@transaction.atomic
def place_request_proposal_decline(
    *, by: User, place_request: PlaceRequest, reason: str
) -> PlaceRequest:
    """The organisation cannot use the proposed time and says why: the request waits for the
    coordinators again (to grant, decline or propose another), and they are told."""
    place_request = PlaceRequest.objects.select_for_update().get(pk=place_request.pk)
    if not by.has_perm("dashboard.answer_slot_proposal", place_request):
        raise PermissionDenied
    proposal = _open_proposal(place_request)
    reason = required_text(reason, "reason", _("Tell the municipality why the time does not suit."))
    answered_at = timezone.now().replace(microsecond=0)
    proposal.status = SlotProposal.Status.DECLINED
    proposal.reason = reason
    proposal.answered_by = by
    proposal.answered_at = answered_at
    proposal.save(update_fields=["status", "reason", "answered_by", "answered_at"])
    place_request.status = PlaceRequest.Status.WAITING
    place_request.save(update_fields=["status"])
    notification_schedule_each(
        coordinators_of(place_request.municipality_id),
        kind="place_proposal_declined",
        subject=place_request,
        due_at=answered_at,
        context={**_proposal_context(proposal), "reason": reason},
    )
    return place_request


# -- the resource library (R74) -------------------------------------------------------------------

RESOURCE_MAX_BYTES = 10 * 1024 * 1024
RESOURCE_EXTENSIONS = (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")


def _check_resource_file(upload) -> None:
    """A PDF or an office document (checked by name and by content), at most 10 MB."""
    if upload.size > RESOURCE_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    head = upload.read(5)
    upload.seek(0)
    name = upload.name.lower()
    is_pdf = name.endswith(".pdf") and head.startswith(b"%PDF-")
    is_office = name.endswith(RESOURCE_EXTENSIONS[1:]) and head.startswith(b"PK\x03\x04")
    if not (is_pdf or is_office):
        raise ValidationError(
            {
                "file": _(
                    "Upload a PDF or an office document (Word, Excel, PowerPoint, OpenDocument)."
                )
            }
        )


@transaction.atomic
def resource_save(
    *,
    by: User,
    municipality: Municipality,
    resource: Resource | None = None,
    upload=None,
    **fields,
) -> Resource:
    """Publish a document or link in the municipality's library, or change one; a new upload
    replaces the file."""
    if not by.has_perm("dashboard.manage_resources", municipality):
        raise PermissionDenied
    resource = resource or Resource(municipality=municipality, created_by=by)
    if resource.municipality_id != municipality.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(resource, name, value.strip() if isinstance(value, str) else value)
    if upload is not None:
        _check_resource_file(upload)
        resource.file = upload
    if not resource.url and not resource.file:
        raise ValidationError({"url": _("Give a link or upload a file.")})
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_delete(*, by: User, resource: Resource) -> None:
    if not by.has_perm("dashboard.manage_resources", resource.municipality):
        raise PermissionDenied
    if resource.file:
        resource.file.delete(save=False)
    resource.delete()


# -- good stories (R72) ---------------------------------------------------------------------------


@transaction.atomic
def story_submit(
    *,
    by: User,
    municipality: Municipality,
    organization: Organization,
    title: str,
    text: str,
    people_asked: bool,
) -> Story:
    """An organisation's admin or contact person tells a short story about its work in a
    municipality that has verified it. They confirm that the people involved were asked and
    that no refugee is named; the municipality's coordinators are told it waits for them."""
    if not by.has_perm("dashboard.submit_story", municipality):
        raise PermissionDenied
    if not story_organizations_for(by, municipality).filter(pk=organization.pk).exists():
        raise ValidationError(
            {"organization": _("Choose an organisation you keep that is verified here.")}
        )
    if not people_asked:
        raise ValidationError(
            {
                "people_asked": _(
                    "Ask the people in the story first, and name no refugee. Then tick the box."
                )
            }
        )
    story = Story.objects.create(
        municipality=municipality,
        organization=organization,
        title=title.strip(),
        text=text.strip(),
        people_asked=True,
        submitted_by=by,
    )
    notification_schedule_each(
        coordinators_of(municipality.pk),
        kind="story_submitted",
        subject=story,
        due_at=story.submitted_at,
        context=_story_context(story),
    )
    return story


def _story_context(story: Story) -> dict:
    return {
        "slug": story.municipality.slug,
        "story_id": story.pk,
        "title": story.title,
        "organization": story.organization.name,
    }


@transaction.atomic
def story_decide(*, by: User, story: Story, publish: bool, reason: str = "") -> Story:
    """A coordinator publishes a waiting story (on the public page and in the period report) or
    declines it, saying why; the organisation's admins and contact persons are told."""
    story = (
        Story.objects.select_for_update()
        .select_related("municipality", "organization")
        .get(pk=story.pk)
    )
    if not by.has_perm("dashboard.review_stories", story.municipality):
        raise PermissionDenied
    if story.status != Story.Status.SUBMITTED:
        raise ValidationError(_("This story has already been published or declined."))
    reason = reason.strip()
    if not publish and not reason:
        raise ValidationError({"reason": _("Tell the organisation why you decline.")})
    story.status = Story.Status.PUBLISHED if publish else Story.Status.DECLINED
    story.reason = "" if publish else reason
    story.decided_by = by
    story.decided_at = timezone.now().replace(microsecond=0)
    story.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    notification_schedule_each(
        admins_and_contacts(story.organization_id),
        kind="story_decided",
        subject=story,
        due_at=story.decided_at,
        context={**_story_context(story), "published": publish, "reason": story.reason},
    )
    return story
