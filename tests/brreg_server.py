"""A local stand-in for the Enhetsregisteret API that answers with recorded responses."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDINGS = Path(__file__).parent / "fixtures" / "brreg"
PREFIX = "/enhetsregisteret/api/enheter/"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        number = self.path.removeprefix(PREFIX).split("?")[0]
        if not self.path.startswith(PREFIX):
            self._send(404, {"status": 404})
        elif number.startswith("gone-"):
            self._send(410, {"status": 410, "error": "Gone"})
        elif number.startswith("error-"):
            self._send(500, {"status": 500})
        elif (RECORDINGS / f"{number}.json").is_file():
            self._send(200, json.loads((RECORDINGS / f"{number}.json").read_text("utf-8")))
        else:
            self._send(404, {"status": 404, "error": "Not Found"})

    def _send(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class RecordedRegister:
    """`with RecordedRegister() as url:` serves the recordings on a free port of 127.0.0.1."""

    def __enter__(self) -> str:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_port}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
