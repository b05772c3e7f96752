"""Every page a role can reach by following links from its start page, checked with axe at
desktop width (1280 px), on a phone (390 px) and at 320 px with the text at 200 %, and measured
at 390 px, at 320 px and at 320 px with the text at 200 %, where no page may be wider than the
screen (WCAG 1.4.10 Reflow: 320 CSS px is a 1280 px window zoomed to 400 %; WCAG 1.4.4 Resize
text: a phone whose reader has made the text twice as large). The text is enlarged the way a
browser's text-size setting does it: the root font size doubled (set through the CSSOM, which
the Content-Security-Policy allows; a <style> tag would be refused), so everything sized in rem
or em grows and px stays.

The journeys check a sample of pages; this crawl opens the rest, so that a page no journey opens
cannot regress unseen. It follows links only (GET, no forms) and leaves out links that download a
file, change something or sign out. URLs are deduplicated by their URL pattern (any object, any
slug; query values ignored), so each kind of page is opened once per role, and at most
MAX_QUERY_VARIANTS other sets of query parameters of it (a filter, another month). axe runs once
per distinct markup of the main content: a page whose main content has the same markup as one
already checked (the privacy page of every role) is only measured. Signed-in
roles get their session as a cookie (the staff have two-factor enabled; signing in with a code
is the journeys' business). Every problem is collected and reported together at the end (about
3 minutes for the eight roles).

The world is the access matrix's (tests/access_world.py): two municipalities with one of every
object (agreements with parties, referrals in each state, grant applications with comments, a
meeting series, an import batch...), plus what makes the lists and histories long enough to be
worth checking on a phone (see `_more_content`).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from agreements.services import agreement_draft_by_organization
from organizations.models import NeedTerm, OfferTerm, Organization, OrganizationMembership
from tests.access_world import build_world
from tests.factories import (
    AgreementFactory,
    MeetingFactory,
    OrganizationMembershipFactory,
    ParticipationFactory,
    PartyFactory,
    RowFactory,
    SchemeFactory,
    terms,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
REFLOW = {"width": 320, "height": 640}  # WCAG 1.4.10
TEXT_ZOOM = 2  # WCAG 1.4.4: text resized to 200 %, measured at REFLOW's width
MAX_PAGES = 140  # kinds of page per role; the coordinator reaches about 110
MAX_DEPTH = 6
MAX_QUERY_VARIANTS = 2  # sets of query parameters followed per path (filters, months, views)

# role -> (user key in the access world, start page)
ROLES = {
    "anonymous": (None, "/"),
    "organisation_admin": ("admin_x", "/dashboard/"),
    "contact_person": ("contact_x", "/dashboard/"),
    "member": ("member_x", "/dashboard/"),
    "caseworker": ("caseworker_a", "/dashboard/"),
    "coordinator": ("coordinator_a", "/dashboard/"),
    "leader": ("leader_a", "/dashboard/"),
    "platform_admin": ("platform_admin", "/dashboard/"),
}

# Links not followed: they sign out, download a file (export, calendar, print to PDF), change
# something on GET (opening a notification marks it read), switch the language, or lead to
# Django's own admin (not this project's markup) and the JSON API.
SKIP = re.compile(
    r"""
    /accounts/logout/
    | /i18n/
    | /admin/
    | /api/
    | /media/
    | /static/
    | /healthz
    | /notifications/\d+/open/
    | /recovery-codes/download/
    | /export
    | /attachments/\d+/$
    | \.(ics|csv|xlsx|json|pdf)$
    | /feeds/[^/]+\.ics
    | /print/
    """,
    re.VERBOSE,
)
SKIP_QUERY = {"lang", "language", "format", "download", "export"}


def pattern_of(url: str) -> str:
    """The kind of page: the name of its URL pattern (any object, any slug) and the names of its
    query parameters (any values)."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
        kind = f"{match.view_name} {match.route}"
    except Resolver404:
        kind = parts.path
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return kind + ("?" + "&".join(keys) if keys else "")


def followable(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return False
    if SKIP.search(parts.path):
        return False
    keys = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    return not keys & SKIP_QUERY


LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
    .filter((a) => !a.hasAttribute('download'))
    .map((a) => a.href)"""

# What sticks out of the screen: the outermost elements wider than the viewport, for the report.
OVERFLOW = """() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.right > width + 1 && !wide.some((outer) => outer.contains(el))) {
            let name = el.tagName.toLowerCase();
            if (el.id) name += '#' + el.id;
            if (el.classList.length) name += '.' + Array.from(el.classList).join('.');
            wide.push(el);
            wide[wide.length - 1].bbName = name + ' (' + Math.round(box.right) + ' px)';
        }
        if (wide.length >= 3) break;
    }
    return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: width,
        elements: wide.map((el) => el.bbName),
    };
}"""


# The text at `zoom` times its size (1: as the page set it): the root font size, which rem and em
# follow, as a browser's text-size setting changes it.
ZOOM_TEXT = """(zoom) => {
    const html = document.documentElement;
    html.style.fontSize = '';
    if (zoom !== 1) html.style.fontSize = parseFloat(getComputedStyle(html).fontSize) * zoom + 'px';
}"""


# Closed <details> are opened, so that what they hide is checked and measured too.
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"

# The markup of the main content without its text: tags, classes, roles, aria and type
# attributes, and whether an element has text of its own. Pages with the same fingerprint (the
# same template filled with the same kind of data, e.g. the privacy page for every role) give
# the same axe results; each role's header is checked on its start page.
FINGERPRINT = """() => {
    const parts = [];
    const main = document.querySelector('main') || document.body;
    for (const el of [main, ...main.querySelectorAll('*')]) {
        const attrs = Array.from(el.attributes)
            .filter((a) => a.name === 'class' || a.name === 'role' || a.name === 'type'
                || a.name === 'tabindex' || a.name.startsWith('aria-'))
            .map((a) => a.name + '=' + (a.name.startsWith('aria-') ? '' : a.value));
        const text = Array.from(el.childNodes)
            .some((n) => n.nodeType === 3 && n.textContent.trim());
        parts.push(el.tagName + '[' + attrs.join(',') + ']' + (text ? 't' : ''));
    }
    parts.push(document.title ? 'title' : 'untitled');
    let hash = 0;
    for (const c of parts.join('|')) hash = (hash * 31 + c.charCodeAt(0)) | 0;
    return location.pathname.split('/')[1] + ':' + parts.length + ':' + hash;
}"""

# Reached by some role: the pages the issue found problems on.
MUST_REACH = (
    "organizations:history",
    "organizations:members",
    "grants:deadlines",
    "dashboard:overview",
    "dashboard:report",
    "agreements:detail",
    "dashboard ",
    "organizations:offers_and_needs",
    # Issue #19: the coordinating group, the good stories (R30, R72).
    "meetings:group ",
    "meetings:group_member_remove ",
    "public:stories ",
    "public:story ",
)


def _pages_links_do_not_tell_apart(world) -> dict[str, list[str]]:
    """Pages the crawl would not open by following links: they share their URL pattern with a
    page it opens anyway, but show other markup. Each is opened for its role as well as the
    page the links lead to. A draft meeting's "cancel" asks whether to delete the draft; an
    organisation's own draft agreement (R22) is edited and deleted by its admin, and taken over
    by the coordinator."""
    a = world.a
    o = a.objects
    coordinator = world.users["coordinator_a"]
    start = timezone.now() + timedelta(days=9)
    draft_meeting = MeetingFactory(
        municipality=a.municipality,
        title="Utkast: samarbeidsmøte om språkkafé",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        status="draft",
        created_by=coordinator,
    )
    draft = agreement_draft_by_organization(
        by=world.users["admin_x"],
        organization=o.org_x,
        municipality=a.municipality,
        title="Leksehjelp — vårt eget utkast",
        starts_on=timezone.localdate(),
    )
    RowFactory(agreement=draft)
    return {
        "coordinator": [
            reverse("meetings:detail", args=[draft_meeting.pk]),
            reverse("meetings:cancel", args=[draft_meeting.pk]),  # "Delete the draft?"
            reverse("agreements:detail", args=[draft.pk]),  # "Take over the draft"
        ],
        "organisation_admin": [
            reverse(f"agreements:{name}", args=[draft.pk]) for name in ("detail", "edit", "discard")
        ],
    }


def _more_content(world) -> None:
    """What the access world has only one of, made long enough to fill a phone's screen: an
    organisation history with several changes, members in each role, a month of meetings on the
    coordinator's start page, agreements with several parties, and grant deadlines."""
    a = world.a
    o = a.objects
    org = o.org_x
    for organization in (org, o.org_y):  # a history of profile edits, with long values
        for n, description in enumerate(("Leksehjelp og språkkafé", "Leksehjelp, språkkafé, tur")):
            organization.description_nb = description
            organization.website = f"https://www.example.no/frivillighet/lag/{organization.pk}/{n}/"
            organization.email = f"leksehjelp.og.spraakkafe.{n}@frivilligsentralen.example.no"
            organization._change_reason = "Profile edited"
            organization.save()
    for role in OrganizationMembership.Role.values:
        OrganizationMembershipFactory(organization=org, role=role)
    # Offers and needs (R08) on both profiles and the municipality's page; org_y a branch of org_x.
    for organization, offers, needs in (
        (org, ["rooms"], ["volunteers"]),
        (o.org_y, [], ["premises"]),
    ):
        organization.offers.add(*terms(OfferTerm, offers))
        organization.needs.add(*terms(NeedTerm, needs))
    Organization.objects.filter(pk=org.pk).update(
        offers_text="Møterom på hverdagskvelder og utstyr til tur", kind="association"
    )
    Organization.objects.filter(pk=o.org_y.pk).update(
        needs_text="Tolk på tigrinja til foreldremøter", parent=org, orientation="society"
    )
    coordinator = world.users["coordinator_a"]
    # Municipality A has its own accent colour (issue #23): its pages and its staff's pages are
    # checked in it; B keeps the neutral theme.
    a.municipality.accent_color = "#0b3d91"
    a.municipality.save(update_fields=["accent_color"])
    start = timezone.now() + timedelta(days=2)
    for day in range(4):
        meeting = MeetingFactory(
            municipality=a.municipality,
            title=f"Samarbeidsmøte om frivillighet og inkludering {day + 1}",
            starts_at=start + timedelta(days=day),
            ends_at=start + timedelta(days=day, hours=2),
            venue=o.venue,
            created_by=coordinator,
        )
        for organization in (org, o.org_y):
            ParticipationFactory(meeting=meeting, organization=organization)
    agreement = AgreementFactory(municipality=a.municipality, created_by=coordinator)
    for organization in (org, o.org_y):
        PartyFactory(agreement=agreement, organization=organization)
    for _ in range(3):
        RowFactory(agreement=agreement)
    today = timezone.localdate()
    for offset in (3, 20, 45, 75):
        SchemeFactory(
            municipality=a.municipality,
            name=f"Tilskudd til inkludering i lokalt foreningsliv {offset}",
            deadline_rule=(today + timedelta(days=offset)).isoformat(),
            created_by=coordinator,
        )


def _sign_in(context, live_server, user) -> None:
    """A signed-in session (two-factor included: the staff users have TOTP enabled; signing in
    with a code is the journeys' business) handed to the browser as its cookie."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _violations(page) -> list[str]:
    """axe-core's violations on the page as it is now (axe injected after the page loaded)."""
    results = page.evaluate("axe.run({resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:3])
        for violation in results["violations"]
    ]


def _overflow(page, where: str, size: dict) -> list[str]:
    """The page scrolls sideways at this width: how wide it is and what sticks out."""
    overflow = page.evaluate(OVERFLOW)
    if not overflow:
        return []
    return [
        f"{where} at {size['width']} px: page is {overflow['scrollWidth']} px wide "
        f"(screen {overflow['innerWidth']} px): {', '.join(overflow['elements'])}"
    ]


def crawl(
    page, axe, origin: str, start: str, checked: set[str], also: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """Visit every page reachable from `start`; returns (pages visited, problems found).

    `checked`: fingerprints of the main content already checked with axe (by this role or an
    earlier one); a page with the same markup is measured at 390 and 320 px, not checked again.
    `also`: paths opened as well whatever their pattern (`_pages_links_do_not_tell_apart`); each
    must answer 200 itself (not be sent elsewhere); links are not followed from them."""
    queue = deque([(origin + start, 0)] + [(origin + path, MAX_DEPTH) for path in also])
    extra = {origin + path for path in also}
    seen_patterns: set[str] = {pattern_of(origin + start)}
    query_variants: Counter[str] = Counter()
    visited, problems = [], []
    while queue:
        if len(visited) >= MAX_PAGES:
            problems.append(f"more than {MAX_PAGES} kinds of page: raise MAX_PAGES ({queue[0][0]})")
            break
        url, depth = queue.popleft()
        page.set_viewport_size(DESKTOP)
        response = page.goto(url)
        final = page.url
        where = final.removeprefix(origin)
        if url in extra:
            if final != url or response is None or response.status != 200:
                status = response.status if response else "no response"
                problems.append(f"{url.removeprefix(origin)}: {status}, ended at {where}")
                continue
        elif pattern_of(final) != pattern_of(url):
            if pattern_of(final) in seen_patterns:
                continue  # redirected to a page already checked (e.g. the sign-in page)
            seen_patterns.add(pattern_of(final))
        visited.append(where)
        if response is None or response.status >= 500:
            problems.append(f"{where}: HTTP {response.status if response else 'no response'}")
            continue
        page.evaluate(OPEN_DETAILS)
        fingerprint = page.evaluate(FINGERPRINT)
        if fingerprint not in checked or len(visited) == 1:  # a role's header: on its start page
            checked.add(fingerprint)
            page.evaluate(axe.axe_script)  # once per page: both widths are checked in it
            problems += [f"{where} at 1280 px: {v}" for v in _violations(page)]
            page.set_viewport_size(PHONE)
            problems += [f"{where} at 390 px: {v}" for v in _violations(page)]
            problems += _overflow(page, where, PHONE)
            page.set_viewport_size(REFLOW)
            problems += _overflow(page, where, REFLOW)
            # axe at 320 px once, with the text at 200 %: the narrowest and the largest at once
            # (a region that scrolls at 320 px scrolls with larger text too).
            page.evaluate(ZOOM_TEXT, TEXT_ZOOM)
            problems += [f"{where} at 320 px, text 200 %: {v}" for v in _violations(page)]
            problems += _overflow(page, f"{where} (text 200 %)", REFLOW)
        else:
            for size in (PHONE, REFLOW):
                page.set_viewport_size(size)
                problems += _overflow(page, where, size)
            page.evaluate(ZOOM_TEXT, TEXT_ZOOM)
            problems += _overflow(page, f"{where} (text 200 %)", REFLOW)
        if depth >= MAX_DEPTH:
            continue
        for link in page.evaluate(LINKS):
            link = urldefrag(link).url
            if not followable(link, origin):
                continue
            kind = pattern_of(link)
            if kind in seen_patterns:
                continue
            path = kind.split("?")[0]
            if "?" in kind:
                if query_variants[path] >= MAX_QUERY_VARIANTS:
                    continue
                query_variants[path] += 1
            seen_patterns.add(kind)
            queue.append((link, depth + 1))
    return visited, problems


def test_every_reachable_page_is_accessible_and_reflows_at_320_px_also_with_text_at_200_percent(
    new_context, live_server, axe, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    world = build_world(tmp_path)
    _more_content(world)
    also = _pages_links_do_not_tell_apart(world)
    checked: set[str] = set()
    report, reached = [], set()
    for role, (user_key, start) in ROLES.items():
        context = new_context()  # one per role, its viewport resized on each page
        if user_key:
            _sign_in(context, live_server, world.users[user_key])
        visited, problems = crawl(
            context.new_page(), axe, live_server.url, start, checked, tuple(also.get(role, ()))
        )
        context.close()
        print(f"{role}: {len(visited)} pages", *visited, sep="\n  ")  # noqa: T201
        assert len(visited) > (3 if user_key is None else 8), f"{role} reached only {visited}"
        reached |= {pattern_of(live_server.url + where) for where in visited}
        report += [f"{role}: {problem}" for problem in problems]

    # The pages where axe found unreachable scroll boxes or the phone layout overflowed before.
    for must in MUST_REACH:
        assert any(kind.startswith(must) for kind in reached), f"no page {must} was reached"
    assert not report, f"{len(report)} problems:\n" + "\n".join(report)


def test_the_text_zoom_doubles_the_text_as_a_browsers_text_size_setting_would(page, live_server):
    """The crawl's 200 % is real: the body text and the headings are twice their size, the page
    is still 320 px wide (the viewport is not zoomed), and the CSP did not refuse the change."""
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content" in message.text else None,
    )
    page.set_viewport_size(REFLOW)
    page.goto(f"{live_server.url}/accessibility/")
    sizes = """() => [document.body, document.querySelector('h1')]
        .map((el) => parseFloat(getComputedStyle(el).fontSize))"""
    body, heading = page.evaluate(sizes)
    page.evaluate(ZOOM_TEXT, TEXT_ZOOM)
    assert page.evaluate(sizes) == [body * 2, heading * 2]
    assert page.evaluate("window.innerWidth") == REFLOW["width"]
    assert not refused
    page.evaluate(ZOOM_TEXT, 1)
    assert page.evaluate(sizes) == [body, heading]


SCROLL_BOX = re.compile(r"<div\b[^>]*\bclass=\"[^\"]*\btable-scroll\b[^>]*>")
# allauth's table element is used only by its WebAuthn and user-session pages, not installed here.
NOT_RENDERED = {"allauth/elements/table.html"}


def test_every_scroll_box_in_the_templates_is_a_named_region_reachable_by_keyboard():
    """The crawl sees the pages its data fills; this sees every template: a box that scrolls
    sideways (.table-scroll) can be focused with the keyboard (tabindex="0") and is a region
    named by an element of the same template (the table's caption)."""
    root = Path(django_settings.BASE_DIR) / "templates"
    problems = []
    for path in sorted(root.rglob("*.html")):
        name = str(path.relative_to(root))
        if name in NOT_RENDERED:
            continue
        text = path.read_text()
        for box in SCROLL_BOX.findall(text):
            labelled_by = re.search(r'aria-labelledby="([^"]+)"', box)
            if 'tabindex="0"' not in box or 'role="region"' not in box or not labelled_by:
                problems.append(f"{name}: {box}")
                continue
            for ident in re.findall(r"(?:\{\{.*?\}\}|\S)+", labelled_by.group(1)):
                if f'id="{ident}"' not in text:
                    problems.append(f"{name}: no element with id {ident}")
    assert not problems, "\n".join(problems)
