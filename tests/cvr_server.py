"""A local stand-in for the CVR system-to-system search (Erhvervsstyrelsen's Elasticsearch) that
answers with recorded responses and checks HTTP Basic credentials like the real one."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDINGS = Path(__file__).parent / "fixtures" / "cvr"
PATH = "/cvr-permanent/virksomhed/_search"
USERNAME, PASSWORD = "brobygger-test", "recorded"
# Numbers (valid check digits) for which the stand-in fails the way a server can.
SERVER_ERROR = "25052943"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        expected = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {expected}":
            self._send(401, {"error": "Unauthorized"})
            return
        if self.path.split("?")[0] != PATH:
            self._send(404, {"error": "Not Found"})
            return
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        number = str(body["query"]["term"]["Vrvirksomhed.cvrNummer"])
        if number == SERVER_ERROR:
            self._send(500, {"error": "Internal Server Error"})
        elif (RECORDINGS / f"{number}.json").is_file():
            self._send(200, json.loads((RECORDINGS / f"{number}.json").read_text("utf-8")))
        else:
            self._send(200, {"took": 1, "timed_out": False, "hits": {"total": 0, "hits": []}})

    def _send(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class RecordedCvr:
    """`with RecordedCvr() as url:` serves the recordings on a free port of 127.0.0.1."""

    def __enter__(self) -> str:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_port}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
