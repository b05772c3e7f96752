"""The site's own name and address, for everything that leaves the page: links in e-mails,
calendar feed addresses, the open data's URIs.

An absolute URL is always `SITE_URL` (settings; `scripts/run.sh` sets it to the address it serves
on, http://127.0.0.1:8000) plus the path: never the Host header or scheme of whichever request
happened to cause it, which an e-mail sent by a worker does not even have, and never a scheme
guessed from a setting of its own. So a development server on plain http gives http links and
a site behind a TLS proxy gives https links on its public host.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


@dataclass(frozen=True)
class Site:
    """What allauth's e-mails call the current site: the greeting names it, the footer shows
    its domain (the host, with its port if it has one)."""

    name: str
    domain: str


def current_site() -> Site:
    return Site(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def absolute_url(location: str) -> str:
    """`location` (a path such as `/meetings/feeds/…`, or an absolute URL on any host) on the
    site's own scheme and host."""
    parts = urlsplit(location)
    url = settings.SITE_URL.rstrip("/") + (parts.path or "/")
    if parts.query:
        url += "?" + parts.query
    if parts.fragment:
        url += "#" + parts.fragment
    return url
