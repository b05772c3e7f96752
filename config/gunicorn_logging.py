"""gunicorn's logger for the image and the compose stack (`--logger-class`).

gunicorn's own access log writes the request line as it came (`GET /referrals/persons/?q=<a
refugee's name>`, `GET /calendar/feeds/<token>.ics`), the referrer (another address with its
query string) and whatever header or environment value a custom format names. This logger gives
the access log only the method, the redacted path (accounts.logging.redact_path: no query string,
no secret) and the protocol for `%(r)s` and `%(U)s`, nothing for `%(q)s` and `%(f)s`, and no
header or environment values at all. Every line it writes, access and error log alike, goes
through accounts.logging.redact_text. A request gunicorn cannot parse is logged with the part it
could not read quoted ("Invalid HTTP Version: 'Alkhatib HTTP/1.1'", the rest of a search for a
name with a blank in it): the quoted parts are left out.
"""

import re

from gunicorn import glogging

from accounts.logging import REDACTED, RedactingFormatter, redact_path

_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")


class RedactingLogger(glogging.Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not isinstance(handler.formatter, RedactingFormatter):
                    handler.setFormatter(RedactingFormatter(handler.formatter))

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # Request and response headers ({…}i, {…}o) and environment values ({…}e) carry cookies,
        # referrers, redirect locations with tokens and the raw query string: none is written.
        atoms = {name: value for name, value in atoms.items() if not name.startswith("{")}
        path = environ.get("PATH_INFO") or environ.get("RAW_URI") or ""
        path = redact_path(path)
        method, protocol = environ.get("REQUEST_METHOD", "-"), environ.get("SERVER_PROTOCOL", "-")
        atoms.update(r=f"{method} {path} {protocol}", U=path, q="-", f="-")
        return atoms

    def warning(self, msg, *args, **kwargs):
        if isinstance(msg, str) and msg.startswith("Invalid request from"):
            msg = _QUOTED.sub(f"'{REDACTED}'", msg % args if args else msg)
            args = ()
        super().warning(msg, *args, **kwargs)
