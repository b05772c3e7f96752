"""Hostile input for the fuzz tests, and the one check every response must pass.

The promise of issue #9's "bad input" part: whatever a visitor sends, the answer is never a 500,
a refused submission changes no row, and nothing typed comes back as live HTML.
"""

import os

from django.apps import apps
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

APPS = ("accounts", "organizations", "meetings", "agreements", "referrals", "grants")

# Rows that reading a page may write: the access log of personal data (referrals).
WRITTEN_BY_READING = {"referrals.accesslogentry"}

MARKER = "fz7q"
XSS = (
    f"<script>alert('{MARKER}')</script>",
    f'"><img src=x onerror=alert("{MARKER}")>',
    f"<svg onload={MARKER}>",
    f"'><b id={MARKER}>",
    f"javascript:alert('{MARKER}')//<a>",
)
# What must never reach a page unescaped: the start of each tag above.
UNESCAPED = (
    f"<script>alert('{MARKER}')",
    "<img src=x onerror=",
    f"<svg onload={MARKER}",
    f"<b id={MARKER}",
)

SQL = (
    "'; DROP TABLE accounts_user; --",
    "1' OR '1'='1",
    '" OR ""="',
    "1; SELECT pg_sleep(0)",
    "%' AND 1=1 --",
    "\\",
    "%_%",
)
CONTROL = ("\x00", "a\x00b", "\x01\x02\x1b[31m", "\r\n\r\nSet-Cookie: x=1", "\t\v\f", "\x7f\x85")
UNICODE = (
    "\u202eRTL override\u202c",
    "zero\u200bwidth\u200d\ufeff",
    "Æøå ÆØÅ 👨‍👩‍👧 𝕏",
    "\U0010ffff",
    "e\u0301\u0301\u0301",
)
NUMBERS = (
    "0",
    "-1",
    "1e309",
    "NaN",
    "inf",
    str(10**30),
    str(-(10**30)),
    "2147483648",
    "9223372036854775808",
    "1.5",
    "0x10",
    " 7 ",
    "٣",  # an Arabic-Indic digit: isdigit() but not ASCII
)
DATES = (
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "2026-13-01",
    "10000-01-01",
    "31.12.9999",
    "01.01.0001",
    "1970-01-01T00:00:00",
    "00:00",
    "23:59:60",
    "24:00",
    "-1-01-01",
)

huge_text = st.one_of(
    st.integers(min_value=1_000, max_value=20_000).map(lambda n: "x" * n),
    st.text(min_size=5, max_size=20).map(lambda s: s * 1000),
)
hostile_text = st.one_of(
    st.sampled_from(XSS + SQL + CONTROL + UNICODE + NUMBERS + DATES),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    huge_text,
    st.just(""),
    st.just(" "),
)
# A value as a form sends it: usually one, sometimes repeated (a list), sometimes empty.
hostile_value = st.one_of(hostile_text, hostile_text, st.lists(hostile_text, max_size=3))

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 8)),
    deadline=None,
    database=None,
    # No shrinking: a failure is reported as found (shrinking a web request takes minutes).
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def submissions(fields, valid=None, extra=True):
    """Dicts over the form's field names: each field missing, plausible (from `valid`) or
    hostile; plus a few junk fields the form does not know."""
    valid = valid or {}
    optional = {}
    for name in fields:
        choices = [hostile_value]
        if name in valid:
            choices.append(st.just(valid[name]))
            choices.append(st.just(valid[name]))
        optional[name] = st.one_of(*choices)
    strategy = st.fixed_dictionaries({}, optional=optional)
    if extra:
        junk = st.dictionaries(
            st.sampled_from(["junk", "id", "pk", "__proto__", "a[]"]), hostile_value, max_size=2
        )
        strategy = st.tuples(strategy, junk).map(lambda pair: {**pair[1], **pair[0]})
    return strategy


def query_params(names):
    """GET parameters over the given names (and `page`, `sort`, `ordering`, `q`)."""
    names = list(dict.fromkeys([*names, "page", "sort", "ordering", "q", "o"]))
    return st.fixed_dictionaries({}, optional={name: hostile_value for name in names})


def field_names(form_class, prefix: str = "") -> list[str]:
    return [f"{prefix}{name}" for name in form_class.base_fields]


def row_counts() -> dict[str, int]:
    counts = {}
    for config in apps.get_app_configs():
        if config.label not in APPS:
            continue
        for model in config.get_models():
            if model._meta.label_lower in WRITTEN_BY_READING or not model._meta.managed:
                continue
            counts[model._meta.label_lower] = model._default_manager.count()
    return counts


def assert_safe(response, before: dict[str, int] | None = None) -> None:
    """No 500; nothing hostile unescaped in HTML; a refused POST (200 with the form again, or a
    4xx) changed no row."""
    assert response.status_code < 500, response.status_code
    if "html" in response.get("Content-Type", ""):
        content = response.content.decode(errors="replace")
        for fragment in UNESCAPED:
            assert fragment not in content, f"unescaped {fragment!r} in the page"
    if before is not None and (response.status_code == 200 or 400 <= response.status_code < 500):
        assert row_counts() == before, "a refused submission changed the database"


def post_and_check(client, url, data):
    before = row_counts()
    response = client.post(url, data)
    assert_safe(response, before)
    return response


def get_and_check(client, url, params):
    response = client.get(url, params)
    assert_safe(response)
    return response


INVALID_UTF8_QUERIES = ("q=%ff%fe%00", "page=%c0%af&sort=%e2%82", "%ff=%ff", "date=%00&view=%ff")


def get_raw_queries(client, url, names=()):
    """Query strings that are not valid UTF-8 (or not even well-formed)."""
    queries = [*INVALID_UTF8_QUERIES, *(f"{name}=%ff%00%fe" for name in names)]
    for query in queries:
        assert_safe(client.get(url, QUERY_STRING=query))


def post_raw_bodies(client, url):
    """Form bodies that are not valid UTF-8."""
    before = row_counts()
    for body in (b"title=%ff%fe&x=\xff\xfe", b"\xff\xfe\x00", b"a=%00&&&=&=="):
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert_safe(response, before)


def today_iso() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


EDGES = ("9999-12-31", "0001-01-01", str(10**30), "-1")


def edge_fields(form_class, prefix: str = "") -> list[str]:
    """The fields where far dates and huge numbers can overflow: dates, times and numbers."""
    from django import forms

    kinds = (
        forms.DateField,
        forms.TimeField,
        forms.DateTimeField,
        forms.IntegerField,
        forms.DecimalField,
    )
    return [
        f"{prefix}{name}"
        for name, field in form_class.base_fields.items()
        if isinstance(field, kinds)
    ]


def one_field_at_a_time(client, url, valid: dict, fields) -> None:
    """A valid submission with one date or number field at a time replaced by each edge value:
    deterministic, so that far dates and huge numbers reach the services behind the form."""
    for name in fields:
        for value in EDGES:
            post_and_check(client, url, {**valid, name: value})
