"""PDFs rendered on the server with WeasyPrint, from templates under templates/pdf/.

A PDF is set only in the vendored fonts (static/vendor/fonts/, SIL Open Font Licence) and reads
nothing but our own static files: the URL fetcher serves `STATIC_URL` paths through the static
files finders and refuses every other address, and fontconfig is given an empty configuration, so
rendering never touches the network nor the machine's fonts. Every PDF is tagged (PDF/UA-1) with
its title and language, for screen readers and for text extraction in the right order.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
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
_FONTCONFIG_FILE = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"
_fontconfig_lock = threading.Lock()

MIME_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".png": "image/png", ".svg": "image/svg+xml"}


class StaticFetcher(URLFetcher):
    """Serves our static files to WeasyPrint and refuses everything else (a refused address
    stops the rendering: a PDF is never made with a missing font or stylesheet)."""

    def __init__(self):
        super().__init__(fail_on_errors=True)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
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


def render_pdf(template_name: str, context: dict, request: HttpRequest | None = None) -> bytes:
    """The template (which extends pdf/base.html) as a tagged PDF/UA-1 document."""
    html = render_to_string(template_name, context, request=request)
    fetcher = StaticFetcher()
    font_config = _font_configuration()
    stylesheet = CSS(url=STYLESHEET, url_fetcher=fetcher, font_config=font_config)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_variant="pdf/ua-1"
    )


def pdf_response(
    template_name: str, context: dict, *, filename: str, request: HttpRequest | None = None
) -> HttpResponse:
    """A download of the rendered PDF, named `filename`."""
    response = HttpResponse(
        render_pdf(template_name, context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
