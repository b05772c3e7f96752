"""Personal signed links: one person's key to one object, e-mailed to them, used without signing in.

The answer link of a meeting invitation, the link of a time poll and the yearly "is the profile
still correct?" link are all one kind of thing, made and read here:

- The address is `<prefix><object id>/<person id>/<signature>/`. The signature is a
  django.core.signing `TimestampSigner`'s, whose salt names the purpose, the object and the
  person: a link cannot be turned into one for another purpose, object or person.
- Each purpose has its own salt and its own `max_age`; `SignedLink.check` refuses a changed or
  made-up signature (`LinkRefused("tampered")`, shown with 400) and an old one
  (`LinkRefused("expired")`, shown with 410).
- Whether the person may still do what the link is for is asked when it is used, by the same
  rule as the button on the signed-in page; opening a link never changes anything (mail scanners
  open links).
- The signature is the key, so it never reaches a log line: `path_pattern` is the regular
  expression accounts.logging redacts each such address with, and `private` keeps the page out
  of referrers, search engines and shared caches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.http import HttpResponse
from django.shortcuts import render

# Why a link is refused, and the status the page answers with.
REFUSAL_STATUS = {"tampered": 400, "expired": 410}


class LinkRefused(Exception):
    """The signature does not match (a changed or made-up link) or it is too old."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "tampered" or "expired"

    @property
    def status(self) -> int:
        return REFUSAL_STATUS[self.reason]


@dataclass(frozen=True)
class SignedLink:
    """One purpose of a personal link: its salt, how long it is good for, and what it signs (the
    salt already names the object and the person)."""

    salt: str
    max_age: timedelta
    value: str

    def _signer(self, object_id: int, person_id: int) -> signing.TimestampSigner:
        return signing.TimestampSigner(salt=f"{self.salt}:{object_id}:{person_id}")

    def sign(self, object_id: int, person_id: int) -> str:
        """The signature for the address: `<timestamp>:<signature>`."""
        return self._signer(object_id, person_id).sign(self.value).split(":", 1)[1]

    def check(self, object_id: int, person_id: int, signature: str) -> None:
        """Raises LinkRefused unless the signature was written for this object and person no
        longer than `max_age` ago."""
        try:
            self._signer(object_id, person_id).unsign(
                f"{self.value}:{signature}", max_age=self.max_age
            )
        except signing.SignatureExpired:
            raise LinkRefused("expired") from None
        except signing.BadSignature:
            raise LinkRefused("tampered") from None


def open_link(link: SignedLink, object_id: int, person_id: int, signature: str, find):
    """What a link opens: `find(object_id, person_id)` (the object and the person, or None when
    either is gone) once the signature is good. Raises LinkRefused ("tampered" also when the
    object or the person is gone: the link says no more than a made-up one)."""
    link.check(object_id, person_id, signature)
    found = find(object_id, person_id)
    if found is None:
        raise LinkRefused("tampered")
    return found


def path_pattern(prefix: str) -> re.Pattern:
    """The addresses `<prefix><id>/<person>/<signature>…` with the signature as the one segment a
    log line must not hold: group 1 is what is kept."""
    return re.compile(rf"({re.escape(prefix)}\d+/\d+/)[^/?#\s'\"<>]+")


def private(response: HttpResponse) -> HttpResponse:
    """The link is a key: no referrer to other sites, no search engine, no shared cache."""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def refused_response(request, refusals: dict, reason: str) -> HttpResponse:
    """The page that says why a link was refused, and that signing in is the other way:
    `refusals` maps each reason to its status, heading and explanation."""
    status, heading, explanation = refusals[reason]
    response = render(
        request,
        "components/link_refused.html",
        {"heading": heading, "explanation": explanation},
        status=status,
    )
    return private(response)
