"""A local stand-in for the Enhetsregisteret API that answers with recorded responses."""

import json
from pathlib import Path

from tests.recorded_server import JsonHandler, RecordedServer

RECORDINGS = Path(__file__).parent / "fixtures" / "brreg"
PREFIX = "/enhetsregisteret/api/enheter/"


class _Handler(JsonHandler):
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


class RecordedRegister(RecordedServer):
    """`with RecordedRegister() as url:` serves the recordings on a free port of 127.0.0.1."""

    handler = _Handler
