"""PDFs rendered on the server with WeasyPrint, from templates under templates/pdf/.

A PDF is set only in the vendored fonts (static/vendor/fonts/, SIL Open Font Licence) and reads
nothing but our own static files: the URL fetcher serves `STATIC_URL` paths through the static
files finders and refuses every other address, and fontconfig is given an empty configuration, so
rendering never touches the network nor the machine's fonts. Every PDF is tagged (PDF/UA-1) with
its title and language, for screen readers and for text extraction in the right order.

A municipality's PDF (`brand=`, issue #23) carries its logo and accent colour (pdf/base.html);
the fetcher also serves an uploaded logo, `media/logos/<name>.png` (re-encoded on upload,
accounts/branding.py), and nothing else of the uploaded files.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in a PDF resolve against this address, which only `StaticFetcher` answers
# (`.invalid` can never be a real host); `static/<path>` there is our static file `<path>`, by its
# own name (not the hashed name `{% static %}` gives in production).
BASE_URL = "https://pdf.brobygger.invalid/"
STATIC_PREFIX = BASE_URL + "static/"
STYLESHEET = STATIC_PREFIX + "css/pdf.css"
LOGO_PREFIX = BASE_URL + "media/logos/"
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
_FONTCONFIG_FILE = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"
_fontconfig_lock = threading.Lock()

MIME_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".png": "image/png", ".svg": "image/svg+xml"}


class StaticFetcher(URLFetcher):
    """Serves our static files to WeasyPrint and refuses everything else (a refused address
    stops the rendering: a PDF is never made with a missing font or stylesheet)."""

    def __init__(self):
        super().__init__(fail_on_errors=True)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith(LOGO_PREFIX):
            return self._logo(url)
        relative = unquote(urlsplit(url).path.removeprefix("/static/"))
        if not url.startswith(STATIC_PREFIX) or urlsplit(url).query or ".." in relative.split("/"):
            raise ValueError(f"A PDF may only read our static files, not {url!r}.")
        path = finders.find(relative)
        if path is None:
            raise ValueError(f"No static file {relative!r}.")
        suffix = Path(path).suffix
        if suffix not in MIME_TYPES:
            raise ValueError(f"A PDF does not read {suffix} files.")
        return URLFetcherResponse(
            url, Path(path).read_bytes(), headers={"Content-Type": MIME_TYPES[suffix]}
        )

    def _logo(self, url: str) -> URLFetcherResponse:
        """A municipality's uploaded logo: one file name under logos/, an image type only."""
        name = unquote(urlsplit(url).path.removeprefix("/media/logos/"))
        suffix = Path(name).suffix.lower()
        if urlsplit(url).query or not name or "/" in name or ".." in name:
            raise ValueError(f"A PDF may only read a logo by its name, not {url!r}.")
        if suffix not in LOGO_TYPES:
            raise ValueError(f"A PDF does not read {suffix} logos.")
        with default_storage.open(f"logos/{name}", "rb") as logo:
            return URLFetcherResponse(
                url, logo.read(), headers={"Content-Type": LOGO_TYPES[suffix]}
            )


def _font_configuration() -> FontConfiguration:
    """WeasyPrint's font configuration, built on an empty fontconfig (no system font). The
    variable is set only while fontconfig reads it, so other programs started by this process
    (a browser in the tests) keep the machine's fonts."""
    with _fontconfig_lock:
        previous = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = str(_FONTCONFIG_FILE)
        try:
            return FontConfiguration()
        finally:
            if previous is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = previous


def render_pdf(
    template_name: str, context: dict, request: HttpRequest | None = None, *, brand=None
) -> bytes:
    """The template (which extends pdf/base.html) as a tagged PDF/UA-1 document; `brand`, a
    municipality whose logo and accent colour it carries (None: Brobygger's neutral look)."""
    html = render_to_string(template_name, {**context, "brand": brand}, request=request)
    fetcher = StaticFetcher()
    font_config = _font_configuration()
    stylesheet = CSS(url=STYLESHEET, url_fetcher=fetcher, font_config=font_config)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_variant="pdf/ua-1"
    )


def pdf_response(
    template_name: str,
    context: dict,
    *,
    filename: str,
    request: HttpRequest | None = None,
    brand=None,
) -> HttpResponse:
    """A download of the rendered PDF, named `filename` (`brand`: see `render_pdf`)."""
    response = HttpResponse(
        render_pdf(template_name, context, request=request, brand=brand),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
