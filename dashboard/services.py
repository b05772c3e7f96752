"""Changes to what a municipality publishes on its public page (issue #18)."""

from __future__ import annotations

from django.db import transaction

from accounts.models import Municipality
from dashboard.models import GuideNote, MunicipalityPage, PublishedContact


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
