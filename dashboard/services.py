"""Changes to what a municipality publishes on its public page (issue #18)."""

from __future__ import annotations

from datetime import time

from django.db import transaction

from accounts.models import Municipality
from dashboard.models import (
    Arena,
    GuideNote,
    MunicipalityPage,
    Premises,
    PremisesSlot,
    PublishedContact,
)


@transaction.atomic
def municipality_page_update(
    *,
    municipality: Municipality,
    cooperation: str,
    supplements: str,
    switchboard: str = "",
    website: str = "",
) -> MunicipalityPage:
    page, _ = MunicipalityPage.objects.update_or_create(
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
    guide_note, _ = GuideNote.objects.update_or_create(
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
) -> Premises:
    """Premises the municipality lends, open on each of `weekdays` from `starts_at` to
    `ends_at` ("Tuesdays and Thursdays 17:00–20:00")."""
    premises = Premises(
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
def arena_create(*, municipality: Municipality, kind: str, name: str, access: str) -> Arena:
    arena = Arena(municipality=municipality, kind=kind, name=name.strip(), access=access.strip())
    arena.full_clean()
    arena.save()
    return arena


@transaction.atomic
def arena_delete(*, arena: Arena) -> None:
    arena.delete()
