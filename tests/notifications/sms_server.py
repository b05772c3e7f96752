"""A local stand-in for Sveve's SMS API: answers POST /SMS/SendMessage with a recorded JSON
answer (tests/fixtures/sveve/) and keeps every request it received, to assert on."""

import json
from contextlib import contextmanager
from pathlib import Path

from tests.recorded_server import JsonHandler, RecordedServer

RECORDINGS = Path(__file__).parent.parent / "fixtures" / "sveve"
PATH = "/SMS/SendMessage"


class RecordedSmsGateway(RecordedServer):
    """`with RecordedSmsGateway() as gateway:` serves on a free port of 127.0.0.1;
    `gateway.url` is the send address, `gateway.answer` the recording to reply with (by name),
    `gateway.requests` what it received (the JSON bodies)."""

    def __init__(self, answer: str = "accepted"):
        self.answer = answer
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        gateway = self

        class Handler(JsonHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if self.path != PATH:
                    return self._send(404, {})
                gateway.requests.append(json.loads(body))
                gateway.headers.append(dict(self.headers))
                self._send(200, json.loads((RECORDINGS / f"{gateway.answer}.json").read_text()))

        self.handler = Handler

    def __enter__(self) -> "RecordedSmsGateway":
        self.url = super().__enter__() + PATH
        return self


@contextmanager
def sveve_for(settings, answer: str = "accepted"):
    """`with sveve_for(settings) as gateway:` a recorded gateway that the site's SMS settings
    (user, password, sender, address) point at, for the length of the block."""
    with RecordedSmsGateway(answer) as gateway:
        settings.SMS_SVEVE_USER = "brobygger"
        settings.SMS_SVEVE_PASSWORD = "api-passord"
        settings.SMS_SVEVE_URL = gateway.url
        settings.SMS_SENDER = "Brobygger"
        yield gateway
