"""Changes to what a municipality publishes on its public page (issue #18)."""

from __future__ import annotations

from django.db import transaction

from accounts.models import Municipality
from dashboard.models import MunicipalityPage, PublishedContact


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
