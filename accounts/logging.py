"""JSON lines on stdout, one object per record, for log collectors; and what no log line holds.

No log line holds a query string (search terms are names of refugees), a secret that sits in a
URL path (password-reset and e-mail confirmation keys, calendar feed tokens, invitation links:
whoever reads the address can use it) or an e-mail address (an SMTP error quotes the recipient
it refused). `redact_path` and `redact_text` are the one place that knows those values; every
log path goes through them: the request log (accounts.middleware), every record on the stdout
handler (`RedactFilter`: the `django.request` and `django.security` records carry the request,
whose text is the full path with its query string) and gunicorn's access and error logs
(config/gunicorn_logging.py).
"""

import json
import logging
import re
from datetime import UTC, datetime

from core import signed_links

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

REDACTED = "[redacted]"

# Every URL whose path holds a secret: the prefix is kept, the secret segment is replaced.
# tests/accounts/test_log_redaction.py checks that every route with a secret argument is here.
_SECRET_IN_PATH = (
    # allauth's password-reset link: <uidb36>-<key>, then <uidb36>-set-password after its redirect
    re.compile(r"(/accounts/password/reset/key/)(?!done/)[^/?#\s'\"<>]+"),
    # allauth's e-mail confirmation link (/accounts/confirm-email/ alone is the "sent" page)
    re.compile(r"(/accounts/confirm-email/)[^/?#\s'\"<>]+"),
    # calendar feeds: the token is the only key to a user's or an organisation's calendar
    re.compile(
        r"(/calendar/feeds/)(?!new-address/|digest/)[^/?#\s'\"<>]+?(?=\.ics|[/?#\s'\"<>]|$)"
    ),
    # invitations to an organisation or to a municipality's staff: the link is the invitation
    re.compile(r"(/(?:staff-)?invitations/)[^/?#\s'\"<>]+"),
    # the personal signed links (core.signed_links): the signature is the key. Answering a
    # meeting invitation or a time poll without signing in, and the yearly "is the profile still
    # correct?" link.
    signed_links.path_pattern("/meetings/answers/"),
    signed_links.path_pattern("/organisations/still-correct/"),
)
# A query string or fragment after an address: from "?" or "#" up to the next blank or quote.
_QUERY = re.compile(r"(?<=[^\s?#'\"<>])[?#][^\s'\"<>]+")
# A request line quoted whole (gunicorn's "Invalid HTTP request line: 'GET /x?q=A B HTTP/1.1'"):
# its query may hold blanks, up to the protocol or the closing quote.
_REQUEST_LINE_QUERY = re.compile(
    r"\b([A-Z]{3,7} (?:/|https?://)[^\s?#'\"<>]*)[?#][^'\"<>\n]*?(?= HTTP/\d|['\"<>]|$)",
    re.MULTILINE,
)


# An e-mail address, as an SMTP error quotes the recipient it refused.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _redact_secrets(text: str) -> str:
    for pattern in _SECRET_IN_PATH:
        text = pattern.sub(rf"\g<1>{REDACTED}", text)
    return text


def redact_path(path: str) -> str:
    """A URL path (or whole URL) fit for a log line: no query string, no fragment, no secret."""
    return _redact_secrets(re.split(r"[?#]", path, maxsplit=1)[0])


def redact_text(text: str) -> str:
    """Any log text with the addresses in it redacted as by `redact_path`, and no e-mail
    address."""
    text = _QUERY.sub("", _REQUEST_LINE_QUERY.sub(r"\1", text))
    return _EMAIL.sub(REDACTED, _redact_secrets(text))


def _redact_value(value):
    return redact_text(value) if isinstance(value, str) else value


class RedactFilter(logging.Filter):
    """Rewrites every record it sees so that no address in it keeps a query string or secret.

    Django's `django.request` and `django.security.*` records carry the request object as
    `record.request`, whose text is `<WSGIRequest: GET '/referrals/persons/?q=…'>`: it becomes
    the method and the redacted path. The message (formatted with its arguments), every other
    extra value and the traceback's text are redacted too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact_text(record.getMessage()), None
        for key, value in list(record.__dict__.items()):
            if key in _STANDARD:
                continue
            if key == "request" and hasattr(value, "path"):
                record.request = f"{getattr(value, 'method', '')} {redact_path(value.path)}"
            else:
                setattr(record, key, _redact_value(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        return True


class RedactingFormatter(logging.Formatter):
    """Another formatter's lines, redacted (gunicorn's own handlers)."""

    def __init__(self, inner: logging.Formatter | None):
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        return redact_text(self.inner.format(record))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_text:  # already formatted (and redacted by RedactFilter)
            payload["exception"] = record.exc_text
        elif record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)
