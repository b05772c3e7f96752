"""Server-rendered PDFs read nothing but our static files and are set only in the vendored fonts
(core/pdf.py), tagged, with their title and language."""

import time

import pytest
from weasyprint.urls import FatalURLFetchingError

from core.pdf import STYLESHEET, StaticFetcher, render_pdf
from tests.pdf import read_pdf

PAGE = """{% extends "pdf/base.html" %}
{% block lang %}ar{% endblock lang %}{% block dir %}rtl{% endblock dir %}
{% block title %}ورقة المعلومات{% endblock title %}
{% block content %}<h1>ورقة المعلومات</h1><p>نوافق على مشاركة البيانات</p>
<p lang="ti" dir="ltr">ሰላም ንኹሉ</p><p lang="nb" dir="ltr" class="system">Blåbær ☑ ☐</p>
{{ extra|safe }}{% endblock content %}"""


@pytest.fixture
def page_template(settings, tmp_path):
    (tmp_path / "pdf_test_page.html").write_text(PAGE)
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "pdf_test_page.html"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/tracker.png",
        "http://127.0.0.1:8000/static/css/pdf.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        "https://pdf.brobygger.invalid/static/../config/settings/base.py",
        "https://pdf.brobygger.invalid/static/css/pdf.css?x=1",
        "https://pdf.brobygger.invalid/media/anything.png",
    ],
)
def test_the_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises(ValueError, match="A PDF may only read our static files"):
        StaticFetcher().fetch(url)


def test_the_fetcher_serves_the_stylesheet_and_the_fonts():
    fetcher = StaticFetcher()
    assert b"@font-face" in fetcher.fetch(STYLESHEET).read()
    font = fetcher.fetch(
        "https://pdf.brobygger.invalid/static/vendor/fonts/noto/NotoSans-Regular.ttf"
    )
    assert font.content_type == "font/ttf"


def test_a_pdf_that_asks_for_the_network_is_not_made(page_template):
    with pytest.raises(FatalURLFetchingError):
        render_pdf(page_template, {"extra": '<img src="https://example.org/tracker.png" alt="">'})


def test_a_pdf_is_tagged_with_its_title_and_language_and_set_only_in_the_vendored_fonts(
    page_template,
):
    # DejaVu Sans is on most Linux machines: asked for by name, it must still not be used.
    extra = "<p style=\"font-family: 'DejaVu Sans'\">DejaVu?</p>"
    start = time.perf_counter()
    document = read_pdf(render_pdf(page_template, {"extra": extra}))
    elapsed = time.perf_counter() - start

    assert document.title == "ورقة المعلومات"
    assert document.language == "ar"
    assert document.tagged
    assert "نوافق على مشاركة البيانات" in document.text  # logical order, as typed
    assert "ሰላም ንኹሉ" in document.text
    assert "☑" in document.text
    assert "☐" in document.text
    assert document.fonts
    assert all("Noto" in font for font in document.fonts), document.fonts
    assert elapsed < 5  # one page renders in well under a second; generous for a busy machine
