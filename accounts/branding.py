"""A municipality's own look (issue #23): its accent colour and its logo.

The platform keeps Designsystemet's neutral theme; a municipality's pages (its public pages under
/m/<slug>/, and every page of a signed-in user acting in it, the tenant) add its stylesheet,
`/m/<slug>/theme.css`, which sets Designsystemet's accent custom properties
(`--ds-color-accent-*`) from the one colour the coordinator chose. The strict
Content-Security-Policy allows no inline style, so the colour lives in that file and nowhere in
the page; its address carries the branding's version, so the browser may keep it.

The colour must be readable: white text on it (a primary button) and the colour as text on white
(a link) need a contrast ratio of at least 4.5:1 (WCAG 2.2, 1.4.3), computed from the relative
luminance. The other shades (hover, pressed, tinted surfaces, borders) are mixed from it towards
black or white.

A logo is read by its content, not its name: Pillow must recognise a PNG or a JPEG within the
size and pixel limits; it is then re-encoded as a PNG no larger than `LOGO_BOX`, which drops
everything but the pixels (metadata, trailing data, anything hidden in a polyglot file). SVG is
refused: it can carry scripts and links, and sanitising it well is more than a logo needs.
"""

from __future__ import annotations

import hashlib
import io
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MIN_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
LOGO_FORMATS = {"PNG", "JPEG"}
LOGO_BOX = (800, 240)  # the largest logo kept, in pixels (a header shows it 40 px high)
LOGO_MAX_PIXELS = 40_000_000  # refuse a decompression bomb before decoding it


def _channels(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def relative_luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour `#rrggbb` (0 black … 1 white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG's contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_accent_color(value: str) -> None:
    """A colour `#rrggbb` readable against white (both ways: white text on it, it on white)."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Write the colour as # and six hexadecimal digits, for example #0062BA."),
            code="format",
        )
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "The contrast between %(colour)s and white is %(ratio)s:1; text and buttons "
                "need at least 4.5:1. Choose a darker colour."
            ),
            code="contrast",
            # Rounded down, so a ratio just under the limit never reads as 4.50; in the
            # reader's own decimal mark (1,43 in Norwegian and Danish).
            params={"colour": value, "ratio": number_format(Decimal(int(ratio * 100)) / 100, 2)},
        )


def _mix(colour: str, towards: str, share: float) -> str:
    """`colour` moved `share` (0…1) of the way towards `towards`, as #rrggbb."""
    mixed = (
        round((a + (b - a) * share) * 255)
        for a, b in zip(_channels(colour), _channels(towards), strict=True)
    )
    return "#" + "".join(f"{c:02x}" for c in mixed)


def accent_properties(colour: str) -> dict[str, str]:
    """Designsystemet's accent scale (light scheme) from one colour."""
    white, black = "#ffffff", "#000000"
    return {
        "background-default": white,
        "background-tinted": _mix(colour, white, 0.94),
        "surface-default": white,
        "surface-tinted": _mix(colour, white, 0.86),
        "surface-hover": _mix(colour, white, 0.78),
        "surface-active": _mix(colour, white, 0.68),
        "border-subtle": _mix(colour, white, 0.55),
        "border-default": colour,
        "border-strong": _mix(colour, black, 0.2),
        "text-subtle": colour,
        "text-default": _mix(colour, black, 0.55),
        "base-default": colour,
        "base-hover": _mix(colour, black, 0.18),
        "base-active": _mix(colour, black, 0.32),
        "base-contrast-subtle": _mix(colour, white, 0.86),
        "base-contrast-default": white,
    }


def theme_css(municipality) -> str:
    """The municipality's stylesheet: its accent scale, or nothing when it has chosen none (the
    neutral theme stays). Unlayered, so it wins over Designsystemet's `ds.theme` layer."""
    lines = [f"/* {municipality.name}: accent colour (Brobygger, accounts/branding.py) */"]
    if municipality.accent_color:
        lines.append(':root, [data-color-scheme="light"], [data-color-scheme] {')
        lines += [
            f"  --ds-color-accent-{name}: {value};"
            for name, value in accent_properties(municipality.accent_color.lower()).items()
        ]
        lines.append("}")
    return "\n".join(lines) + "\n"


def brand_version(municipality) -> str:
    """Changes whenever the colour or the logo does: the stylesheet's address carries it."""
    source = f"{municipality.accent_color}|{municipality.logo.name if municipality.logo else ''}"
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def sanitised_logo(upload, *, slug: str) -> ContentFile:
    """The uploaded logo as a clean PNG, or a ValidationError saying what is wrong with it."""
    if upload.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)d kB; the limit is %(limit)d kB.")
            % {"size": upload.size // 1024, "limit": settings.LOGO_MAX_BYTES // 1024},
            code="size",
        )
    refused = ValidationError(_("Upload the logo as a PNG or JPEG image."), code="format")
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            if probe.format not in LOGO_FORMATS:
                raise refused
            if probe.width * probe.height > LOGO_MAX_PIXELS:
                raise refused
            probe.load()
            image = probe.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise refused from error
    finally:
        upload.seek(0)
    image.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue(), name=f"municipality-{slug}.png")


_BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)


def branded_email_html(html: str, municipality, *, site_url: str) -> str:
    """The HTML part of an e-mail sent on the municipality's behalf, with its look: a stripe in
    its accent colour and its logo at the top, links in its colour. E-mail has no
    Content-Security-Policy and many programs ignore stylesheets, so the style is inline. The
    logo is an absolute address of the public logo, not an attachment: every e-mail stays
    small, and a program that does not load pictures shows the municipality's name instead."""
    if municipality is None or not (municipality.accent_color or municipality.logo):
        return html
    from django.utils.html import escape

    colour = municipality.accent_color or "#1e2b3c"
    if municipality.logo:
        src, alt = escape(site_url + municipality.logo.url), escape(municipality.name)
        mark = (
            f'<img src="{src}" alt="{alt}" height="48"'
            ' style="height:48px;width:auto;border:0;display:block">'
        )
    else:
        mark = f'<strong style="color:{colour}">{escape(municipality.name)}</strong>'
    header = (
        f'<div class="brand" style="border-top:6px solid {colour};padding:12px 0 8px;'
        f'margin:0 0 16px">{mark}</div>'
    )
    links = f"<style>a {{ color: {colour}; }}</style>" if municipality.accent_color else ""
    found = _BODY.search(html)
    if found is None:
        return links + header + html
    return html[: found.end()] + links + header + html[found.end() :]
