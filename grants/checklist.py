"""The "Before you apply" page (R60): what most schemes ask an organisation to have in place,
and which of the catalogue's schemes ask for each. Pure functions over schemes; no database.

A scheme asks for a thing when its eligibility data says so (`requires_voluntary_register`,
`requires_org_number`) or when one of its required documents names it (the words below, in
bokmål, nynorsk, Danish and English)."""

from __future__ import annotations

import re
from dataclasses import dataclass

REGISTRATION = "registration"
STATUTES = "statutes"
ACCOUNTS = "accounts"
BANK_ACCOUNT = "bank_account"
SIGNING = "signing"

_WORDS = {
    STATUTES: r"vedtekt|vedtægt|statute",
    ACCOUNTS: r"regnskap|regnskab|årsmelding|årsberetning|årsrapport|accounts|annual report",
    BANK_ACCOUNT: r"bankkonto|kontonummer|nemkonto|bank account",
    SIGNING: r"signatur|underskri|mitid|\bsign",
    REGISTRATION: r"frivillighetsregister|enhetsregister|cvr|organisasjonsnummer",
}


@dataclass(frozen=True)
class Need:
    topic: str
    schemes: tuple


def _mentions(scheme, topic: str) -> bool:
    pattern = re.compile(_WORDS[topic], re.IGNORECASE)
    return any(pattern.search(str(line)) for line in scheme.required_documents or [])


def asks_for(scheme, topic: str) -> bool:
    registered = (
        scheme.requires_voluntary_register,
        scheme.requires_org_number,
        scheme.requires_cvr,
    )
    if topic == REGISTRATION and any(registered):
        return True
    return _mentions(scheme, topic)


def needs(schemes) -> dict[str, list]:
    """For each topic, the schemes (in the given order) that ask for it."""
    schemes = list(schemes)
    topics = (REGISTRATION, STATUTES, ACCOUNTS, BANK_ACCOUNT, SIGNING)
    return {topic: [s for s in schemes if asks_for(s, topic)] for topic in topics}
