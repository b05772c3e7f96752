"""No log line holds a query string, a secret from an address or a personal value.

The requests go through the test client; what they log is read from the production logging
configuration (config/settings/base.py LOGGING: the JSON formatter and the redaction filter on
the stdout handler), written to a buffer instead of stdout. gunicorn's own log is in
tests/accounts/test_gunicorn_log.py.
"""

import copy
import io
import json
import logging
import logging.config
import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.db import OperationalError
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.logging import REDACTED, redact_path, redact_text
from meetings.models import CalendarFeed
from tests.factories import InvitationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "Zainab Alkhatib"  # a refugee's name typed into a search box
SECRETS_IN_ROUTES = {"key", "token", "uidb36", "signature"}  # route arguments that are secrets


@pytest.fixture
def production_log():
    """Every line the production logging configuration writes, parsed, while the test runs."""
    from config.settings import base

    config = copy.deepcopy(base.LOGGING)
    stream = io.StringIO()
    config["handlers"]["stdout"]["stream"] = stream
    names = ["", *config["loggers"]]
    saved = {
        name: (list(lg.handlers), lg.level, lg.propagate, list(lg.filters))
        for name in names
        for lg in [logging.getLogger(name)]
    }
    logging.config.dictConfig(config)
    ours = set(logging.getLogger().handlers)

    def lines() -> list[str]:
        return stream.getvalue().splitlines()

    yield lines
    for name, (handlers, level, propagate, filters) in saved.items():
        lg = logging.getLogger(name)
        for handler in list(lg.handlers):
            if handler in ours or name:
                lg.removeHandler(handler)
        if name:  # the root's earlier handlers were pytest's own, for the setup phase only
            for handler in handlers:
                lg.addHandler(handler)
        lg.setLevel(level)
        lg.propagate, lg.filters = propagate, filters


def assert_clean(lines: list[str], *secrets: str) -> None:
    text = "\n".join(lines)
    for secret in secrets:
        assert secret not in text
    assert "?" not in text, text  # no query string, in any field
    for given in NAME.split():
        assert given not in text


def request_paths(lines: list[str]) -> list[str]:
    entries = [json.loads(line) for line in lines]
    return [e["path"] for e in entries if e["logger"] == "brobygger.request"]


# -- the request log ------------------------------------------------------------------------------


def test_password_reset_and_confirmation_keys_never_reach_the_request_log(client, production_log):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    (link,) = re.findall(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    reset_path = link.split("://", 1)[1].split("/", 1)[1]
    reset_key = reset_path.rstrip("/").rsplit("/", 1)[1]
    address = EmailAddress.objects.create(user=UserFactory(), email="ny@example.no")
    confirm_key = EmailConfirmationHMAC(address).key

    client.get(f"/{reset_path}", follow=True)  # allauth redirects to …/<uid>-set-password/
    client.get(reverse("account_confirm_email", args=[confirm_key]))

    lines = production_log()
    assert request_paths(lines)[-3:] == [
        f"/accounts/password/reset/key/{REDACTED}/",
        f"/accounts/password/reset/key/{REDACTED}/",
        f"/accounts/confirm-email/{REDACTED}/",
    ]
    assert_clean(lines, reset_key, reset_key.split("-", 1)[1], confirm_key)


def test_feed_tokens_invitation_links_and_search_terms_never_reach_the_request_log(
    client, production_log, caseworker, municipality
):
    PersonFactory(municipality=municipality, given_name="Zainab", family_name="Alkhatib")
    feed = CalendarFeed.objects.create(user=caseworker)
    invitation = InvitationFactory()

    client.get(feed.get_absolute_url())
    client.get(reverse("organizations:invitation", args=[invitation.token]))
    client.force_login(caseworker)
    response = client.get(reverse("referrals:persons"), {"q": NAME})

    assert NAME.split()[1] in response.content.decode()  # the page found her
    lines = production_log()
    assert request_paths(lines) == [
        f"/calendar/feeds/{REDACTED}.ics",
        f"/invitations/{REDACTED}/",
        "/referrals/persons/",
    ]
    assert_clean(lines, feed.token, str(invitation.token))


# -- Django's error records: django.request (5xx) and django.security (403) -------------------


@pytest.mark.parametrize(
    ("error", "status"), [(RuntimeError("a bug"), 500), (OperationalError("db down"), 503)]
)
def test_a_server_error_record_holds_neither_the_query_string_nor_a_token(
    client, production_log, monkeypatch, error, status
):
    def broken(request, token):
        raise error

    (feed_route,) = [p for r, p, _ in _routes() if r.startswith("calendar/feeds/<")]
    monkeypatch.setattr(feed_route, "callback", broken)
    token = "Sekret-Token_123"
    client.raise_request_exception = False

    response = client.get(f"/calendar/feeds/{token}.ics", {"q": NAME, "next": "/x/?y=1"})

    assert response.status_code == status
    entries = [json.loads(line) for line in production_log()]
    (record,) = [e for e in entries if e["logger"] == "django.request"]
    assert record["level"] == "ERROR"
    assert record["status_code"] == status
    assert record["request"] == f"GET /calendar/feeds/{REDACTED}.ics"
    assert record["message"].endswith(f": /calendar/feeds/{REDACTED}.ics")
    assert "Traceback" in record["exception"]
    assert_clean(production_log(), token)


def test_a_refused_post_writes_no_query_string_or_token(client, production_log):
    client.handler.enforce_csrf_checks = True
    token = "Sekret-Token_456"

    response = client.post(f"/calendar/feeds/{token}.ics?q={NAME.replace(' ', '+')}", {})

    assert response.status_code == 403
    entries = [json.loads(line) for line in production_log()]
    (record,) = [e for e in entries if e["logger"] == "django.security.csrf"]
    assert record["status_code"] == 403
    assert record["request"] == f"POST /calendar/feeds/{REDACTED}.ics"
    assert_clean(production_log(), token)


def test_a_refused_recipient_in_an_smtp_error_is_not_logged(production_log, monkeypatch):
    """notifications.services logs why a notification was not sent: the SMTP error names the
    recipient."""
    from smtplib import SMTPRecipientsRefused

    from notifications.services import logger

    error = SMTPRecipientsRefused({"kari.nordmann@example.no": (550, b"5.1.1 unknown user")})
    logger.warning("notification %s not sent: %s", 7, error)

    (entry,) = [json.loads(line) for line in production_log()]
    assert (
        entry["message"]
        == f"notification 7 not sent: {{'{REDACTED}': (550, b'5.1.1 unknown user')}}"
    )


def test_the_celery_worker_logs_through_the_same_redacted_handler(production_log):
    """The worker sets up its logging at start: it keeps the site's handler instead of its own."""
    from celery.app.log import Logging
    from celery.utils.log import get_multiprocessing_logger

    from config.celery import app

    root, multiprocessing = logging.getLogger(), get_multiprocessing_logger()
    before = list(root.handlers), list(multiprocessing.handlers), root.level
    try:
        Logging(app).setup_logging_subsystem(loglevel="INFO")
        logging.getLogger("celery.app.trace").error(
            "Task %s raised unexpected: %r",
            "notifications.tasks.send_due_notifications[1]",
            RuntimeError("mail to kari.nordmann@example.no failed"),
        )
    finally:
        Logging._setup = False
        root.handlers, multiprocessing.handlers = before[0], before[1]
        root.setLevel(before[2])

    (entry,) = [json.loads(line) for line in production_log()]
    assert entry["logger"] == "celery.app.trace"
    assert entry["message"].endswith(f"RuntimeError('mail to {REDACTED} failed')")


# -- one redaction for every address with a secret ------------------------------------------------


def _routes(resolver=None, prefix="", namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, namespace


UUID = "6f1f0e62-4b8e-4d51-9f0e-6a1f0e624b8e"


def test_every_route_with_a_secret_in_its_path_is_redacted():
    """A new route with a key or token in its path fails here until accounts.logging knows it."""
    checked = []
    for _, pattern, namespace in _routes():
        converters = getattr(pattern.pattern, "converters", {})
        arguments = set(pattern.pattern.regex.groupindex)
        secrets = SECRETS_IN_ROUTES & arguments
        secrets |= {n for n, c in converters.items() if type(c).__name__ == "UUIDConverter"}
        if not secrets:
            continue
        kwargs = {name: "1" for name in arguments}
        kwargs.update({name: "SECRETvalue42" for name in secrets})
        kwargs.update(
            {n: UUID for n, c in converters.items() if type(c).__name__ == "UUIDConverter"}
        )
        path = reverse(f"{namespace}{pattern.name}", kwargs=kwargs)
        redacted = redact_path(path)
        assert "SECRETvalue42" not in redacted, (path, redacted)
        assert UUID not in redacted, (path, redacted)
        checked.append(redacted)
    assert f"/accounts/password/reset/key/{REDACTED}/" in checked
    assert f"/accounts/confirm-email/{REDACTED}/" in checked
    assert f"/calendar/feeds/{REDACTED}.ics" in checked
    assert f"/invitations/{REDACTED}/" in checked
    assert f"/meetings/answers/1/1/{REDACTED}/" in checked


def test_pages_next_to_the_secret_ones_keep_their_addresses():
    for path in (
        "/accounts/confirm-email/",
        "/accounts/password/reset/key/done/",
        "/calendar/feeds/",
        "/calendar/feeds/new-address/",
        "/calendar/feeds/digest/",
    ):
        assert redact_path(path) == path
    assert redact_text("Is it down? No.") == "Is it down? No."


def test_rendering_a_pdf_writes_no_line_to_the_production_log(production_log, settings, tmp_path):
    """WeasyPrint reports each rendering step at INFO; production's log carries only its warnings
    (a line per step per PDF would bury what matters)."""
    from core.pdf import render_pdf

    (tmp_path / "pdf_log_page.html").write_text(
        '{% extends "pdf/base.html" %}{% block content %}<p>' + NAME + "</p>{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    render_pdf("pdf_log_page.html", {})
    assert production_log() == []
