"""A local stand-in for the CVR system-to-system search (Erhvervsstyrelsen's Elasticsearch) that
answers with recorded responses and checks HTTP Basic credentials like the real one."""

import base64
import json
from pathlib import Path

from tests.recorded_server import JsonHandler, RecordedServer

RECORDINGS = Path(__file__).parent / "fixtures" / "cvr"
PATH = "/cvr-permanent/virksomhed/_search"
USERNAME, PASSWORD = "brobygger-test", "recorded"
# Numbers (valid check digits) for which the stand-in fails the way a server can.
SERVER_ERROR = "25052943"


class _Handler(JsonHandler):
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


class RecordedCvr(RecordedServer):
    """`with RecordedCvr() as url:` serves the recordings on a free port of 127.0.0.1."""

    handler = _Handler
