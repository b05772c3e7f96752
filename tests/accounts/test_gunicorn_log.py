"""gunicorn, started as the image starts it, writes no query string, token or name in its logs.

The command is read from the Dockerfile (and must be the compose stack's too); the test runs it
on a free port of 127.0.0.1 with the test settings against the test database, sends a request of
each kind, stops it and reads everything it wrote to stdout (access log) and stderr (error log).
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from accounts.logging import REDACTED
from tests.faults.conftest import free_port

NAME = "Zainab Alkhatib"
TOKEN = "Sekret-Feed_Token42"
RESET = "3-c1k2x7-0a1b2c3d4e5f60718293a4b5c6d7e8f9"


def image_command() -> list[str]:
    (line,) = [
        x
        for x in (settings.BASE_DIR / "Dockerfile").read_text().splitlines()
        if x.startswith("CMD ")
    ]
    return json.loads(line.removeprefix("CMD "))


def compose_web_command() -> list[str]:
    compose = (settings.BASE_DIR / "docker-compose.yml").read_text()
    web = compose[compose.index("\n  web:") :]
    return json.loads(re.search(r"\n    command: (\[.*\])\n", web).group(1))


def test_the_compose_stack_starts_gunicorn_as_the_image_does():
    command = image_command()

    assert command[command.index("--logger-class") + 1] == "config.gunicorn_logging.RedactingLogger"
    assert command[command.index("--access-logfile") + 1] == "-"
    assert compose_web_command() == [
        *command,
        *("--forwarded-allow-ips", "${FORWARDED_ALLOW_IPS:-127.0.0.1,::1}"),
    ]


def _with(command: list[str], option: str, value: str) -> list[str]:
    command = list(command)
    command[command.index(option) + 1] = value
    return command


def get(url: str, **headers) -> int:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def gunicorn(tmp_path, django_db_setup):
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
        "CONN_MAX_AGE": "0",
        "BROBYGGER_LOCAL_DIR": str(tmp_path / "local"),
    }
    command = _with(image_command(), "--bind", f"127.0.0.1:{port}")
    command = [*_with(command, "--workers", "1"), "--no-control-socket"]  # no shared socket
    command[0] = str(Path(sys.executable).with_name(command[0]))
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if get(f"{base}/privacy/") == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"gunicorn did not answer:\n{log.read_text(errors='replace')}")
        yield base, port, log
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


@pytest.mark.django_db
def test_gunicorns_logs_hold_no_query_string_token_or_name(gunicorn):
    base, port, log = gunicorn
    query = "q=Zainab+Alkhatib"
    referrer = f"{base}/referrals/persons/?{query}"

    assert get(f"{base}/calendar/feeds/{TOKEN}.ics?{query}", Referer=referrer) == 404
    assert get(f"{base}/accounts/password/reset/key/{RESET}/") == 200
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:  # to the login page, ?next=…q=…
        opener.open(f"{base}/referrals/persons/?{query}", timeout=10)
    assert redirect.value.code == 302
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:  # a broken request
        raw.sendall(f"GET /directory/?q={NAME} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert raw.recv(1024).startswith(b"HTTP/1.1 400")
    time.sleep(0.5)  # the access lines are written after each answer

    text = log.read_text(errors="replace")
    assert f'"GET /calendar/feeds/{REDACTED}.ics HTTP/1.1" 404' in text
    assert f'"GET /accounts/password/reset/key/{REDACTED}/ HTTP/1.1" 200' in text
    assert '"GET /referrals/persons/ HTTP/1.1" 302' in text
    assert f"Invalid request from ip=127.0.0.1: Invalid HTTP Version: '{REDACTED}'" in text
    for secret in (TOKEN, RESET, RESET.split("-", 1)[1], "q=", "Zainab", "Alkhatib"):
        assert secret not in text, text
