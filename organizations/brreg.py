"""A small client for the open Enhetsregisteret API (Brønnøysund Register Centre).

`lookup("864139442")` returns a `RegisterEntry` or raises `RegisterError` with a message for the
user. The base URL is the setting BRREG_BASE_URL; tests point it at recorded responses served on
127.0.0.1, never the network.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class RegisterError(Exception):
    """Something the user should be told: unknown number, deleted entity, register unreachable."""


@dataclass(frozen=True)
class RegisterEntry:
    org_number: str
    name: str
    organization_form: str
    postal_address: str
    postal_code: str
    postal_city: str
    municipality_number: str
    in_voluntary_register: bool
    website: str


def lookup(org_number: str) -> RegisterEntry:
    url = f"{settings.BRREG_BASE_URL.rstrip('/')}/enhetsregisteret/api/enheter/{org_number}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.BRREG_TIMEOUT) as response:  # noqa: S310
            data = json.load(response)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise RegisterError(
                _("The register has no organisation with number %(number)s.")
                % {"number": org_number}
            ) from error
        if error.code == 410:
            raise RegisterError(
                _("This organisation has been deleted from the register.")
            ) from error
        logger.warning("register lookup failed with HTTP %s", error.code)
        raise RegisterError(
            _("The register did not answer. Fill in the details yourself.")
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        logger.warning("register lookup failed: %s", error)
        raise RegisterError(
            _("The register could not be reached just now. Fill in the details yourself.")
        ) from error
    if data.get("slettedato"):
        raise RegisterError(_("This organisation has been deleted from the register."))
    address = data.get("postadresse") or data.get("forretningsadresse") or {}
    form = data.get("organisasjonsform") or {}
    website = data.get("hjemmeside") or ""
    if website and not website.startswith(("http://", "https://")):
        website = "https://" + website
    return RegisterEntry(
        org_number=str(data.get("organisasjonsnummer", org_number)),
        name=data.get("navn", ""),
        organization_form=" – ".join(p for p in [form.get("kode"), form.get("beskrivelse")] if p),
        postal_address=", ".join(address.get("adresse") or []),
        postal_code=address.get("postnummer", "") or "",
        postal_city=(address.get("poststed", "") or "").title(),
        municipality_number=address.get("kommunenummer", "") or "",
        in_voluntary_register=bool(data.get("registrertIFrivillighetsregisteret")),
        website=website,
    )
