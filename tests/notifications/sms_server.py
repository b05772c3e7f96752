"""A local stand-in for Sveve's SMS API: answers POST /SMS/SendMessage with a recorded JSON
answer (tests/fixtures/sveve/) and keeps every request it received, to assert on."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDINGS = Path(__file__).parent.parent / "fixtures" / "sveve"
PATH = "/SMS/SendMessage"


class RecordedSmsGateway:
    """`with RecordedSmsGateway() as gateway:` serves on a free port of 127.0.0.1;
    `gateway.url` is the send address, `gateway.answer` the recording to reply with (by name),
    `gateway.requests` what it received (the JSON bodies)."""

    def __init__(self, answer: str = "accepted"):
        self.answer = answer
        self.requests: list[dict] = []
        self.headers: list[dict] = []

    def __enter__(self) -> "RecordedSmsGateway":
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if self.path != PATH:
                    return self._send(404, b"{}")
                gateway.requests.append(json.loads(body))
                gateway.headers.append(dict(self.headers))
                self._send(200, (RECORDINGS / f"{gateway.answer}.json").read_bytes())

            def _send(self, status, body):
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}{PATH}"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
