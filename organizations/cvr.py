"""A small client for Danish CVR data through the Danish Business Authority's (Erhvervsstyrelsen)
system-to-system access ("CVR Distribution", an Elasticsearch search over JSON).

`lookup("37001007")` returns a `brreg.RegisterEntry` (name, address, company form, municipality
code) or raises `brreg.RegisterError` with a message for the user, like the Norwegian client.
The access needs a username and password issued by Erhvervsstyrelsen: the settings CVR_USERNAME
and CVR_PASSWORD (from the environment); without them `is_configured()` is false and the
registration form says to fill in the details by hand. The base URL is CVR_BASE_URL; tests point
it at recorded responses served on 127.0.0.1, never the network.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _

from organizations.brreg import RegisterEntry, RegisterError

logger = logging.getLogger(__name__)

SEARCH_PATH = "/cvr-permanent/virksomhed/_search"
# The combined status of a company that has ended (dissolved, struck off, bankrupt and wound up).
ENDED_STATUSES = ("OPLØST", "TVANGSOPLØST", "SLETTET", "OPHØRT")


def is_configured() -> bool:
    return bool(settings.CVR_USERNAME and settings.CVR_PASSWORD)


def _post(body: dict) -> dict:
    url = settings.CVR_BASE_URL.rstrip("/") + SEARCH_PATH
    credentials = f"{settings.CVR_USERNAME}:{settings.CVR_PASSWORD}".encode()
    request = urllib.request.Request(  # noqa: S310 - the URL is a setting
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Accept": "application/json",
            "Content-Type": "application/json",
            "Authorization": "Basic " + base64.b64encode(credentials).decode(),
        },
    )
    with urllib.request.urlopen(request, timeout=settings.CVR_TIMEOUT) as response:  # noqa: S310
        return json.load(response)


def _street(address: dict) -> str:
    """Danish style: "Hovedgaden 6B, 1. tv"."""
    street = " ".join(
        str(p) for p in [address.get("vejnavn"), address.get("husnummerFra")] if p not in (None, "")
    )
    street += address.get("bogstavFra") or ""
    floor = " ".join(
        p
        for p in [f"{address['etage']}." if address.get("etage") else "", address.get("sidedoer")]
        if p
    )
    parts = [street, floor] if floor else [street]
    if address.get("conavn"):
        parts.insert(0, f"c/o {address['conavn']}")
    if address.get("postboks"):
        parts.append(f"Postboks {address['postboks']}")
    return ", ".join(p for p in parts if p)


def lookup(cvr_number: str) -> RegisterEntry:
    if not is_configured():
        raise RegisterError(
            _(
                "The look-up in the Danish CVR register is not set up on this site. "
                "Fill in the details yourself."
            )
        )
    body = {
        "_source": ["Vrvirksomhed.cvrNummer", "Vrvirksomhed.virksomhedMetadata"],
        "query": {"term": {"Vrvirksomhed.cvrNummer": int(cvr_number)}},
    }
    try:
        data = _post(body)
    except urllib.error.HTTPError as error:
        logger.warning("CVR lookup failed with HTTP %s", error.code)
        if error.code in (401, 403):
            raise RegisterError(
                _("The CVR register refused the look-up. Fill in the details yourself.")
            ) from error
        raise RegisterError(
            _("The register did not answer. Fill in the details yourself.")
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        logger.warning("CVR lookup failed: %s", error)
        raise RegisterError(
            _("The register could not be reached just now. Fill in the details yourself.")
        ) from error
    hits = (data.get("hits") or {}).get("hits") or []
    if not hits:
        raise RegisterError(
            _("The register has no organisation with number %(number)s.") % {"number": cvr_number}
        )
    company = (hits[0].get("_source") or {}).get("Vrvirksomhed") or {}
    meta = company.get("virksomhedMetadata") or {}
    status = (meta.get("sammensatStatus") or "").upper()
    if status.startswith(ENDED_STATUSES):
        raise RegisterError(_("This organisation has been deleted from the register."))
    address = meta.get("nyesteBeliggenhedsadresse") or {}
    form = meta.get("nyesteVirksomhedsform") or {}
    municipality = address.get("kommune") or {}
    code = municipality.get("kommuneKode")
    postcode = address.get("postnummer")
    return RegisterEntry(
        org_number=str(company.get("cvrNummer") or cvr_number),
        name=(meta.get("nyesteNavn") or {}).get("navn", ""),
        organization_form=" – ".join(
            p for p in [form.get("kortBeskrivelse"), form.get("langBeskrivelse")] if p
        ),
        postal_address=_street(address),
        postal_code=f"{int(postcode):04d}" if postcode not in (None, "") else "",
        postal_city=address.get("postdistrikt") or "",
        municipality_number=f"{int(code):04d}" if code not in (None, "") else "",
        in_voluntary_register=False,  # Frivillighetsregisteret is Norwegian
        website="",
    )
