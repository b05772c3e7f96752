"""PostgreSQL restarted under light load: clean 503s during the outage, 200s again after, with
the same gunicorn workers (no restart of the web server).

The test owns everything it breaks: a second throwaway PostgreSQL cluster on a free port (the
test run's own database is only read, to copy its migrated schema) and gunicorn with the
production settings (DEBUG off, collected static files, CONN_MAX_AGE=60 with CONN_HEALTH_CHECKS)
in front of it. A thread asks for the public events calendar every 50 ms (a page that needs the
database on every request: the directories' results may come from the cache) while PostgreSQL is
stopped (`pg_ctl -m fast`, which also cuts the workers' persistent connections) and started again.
"""

import contextlib
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.faults.conftest import free_port

pytestmark = pytest.mark.faults
logger = logging.getLogger(__name__)

REQUEST_TIMEOUT = 5.0  # a request during the outage must answer well within this
WORKERS = 2
FRIENDLY = "The service is briefly unavailable"  # templates/503.html (English, by cookie)
LEAKS = ("Traceback", "psycopg", "OperationalError", "InterfaceError", 'File "/')


def pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        pytest.fail("PostgreSQL is not installed (scripts/test.sh installs it).")
    return versions[-1]


def as_postgres(*command: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else list(command)


def run(command: list[str], **kwargs) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120, **kwargs)


class Cluster:
    def __init__(self, root: Path):
        self.data, self.sock, self.port = root / "pg", root / "sock", free_port()
        for path in (self.data, self.sock):
            path.mkdir()
            if os.getuid() == 0:
                shutil.chown(path, "postgres", "postgres")
        run(as_postgres(str(pg_bin() / "initdb"), "-D", str(self.data), "-U", "brobygger",
                        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"))  # fmt: skip
        self.start()
        run(as_postgres(str(pg_bin() / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                        "-U", "brobygger", "brobygger"))  # fmt: skip
        self.url = f"postgres://brobygger@127.0.0.1:{self.port}/brobygger"

    def pg_ctl(self, *args: str) -> None:
        run(as_postgres(str(pg_bin() / "pg_ctl"), "-D", str(self.data), *args))

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sock} -c fsync=off"
        self.pg_ctl("-w", "-l", str(self.data / "server.log"), "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-w", "-m", mode, "stop")


@dataclass
class Answer:
    started: float
    finished: float
    status: int | None  # None: no HTTP answer at all (refused, timed out)
    body: str
    retry_after: str | None


class LightLoad(threading.Thread):
    """GET one page every 50 ms until stopped, keeping every answer."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.answers, self.halt = url, [], threading.Event()

    def run(self) -> None:
        cookie = {"Cookie": "brobygger_language=en"}
        asked = 0
        while not self.halt.is_set():
            # A new question each time: the whole-page cache (accounts.page_cache) answers a
            # repeated one without the database, also while PostgreSQL is down.
            asked += 1
            request = urllib.request.Request(f"{self.url}?q=x{asked}", headers=cookie)  # noqa: S310
            started = time.monotonic()
            status, body, retry_after = None, "", None
            try:
                with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
                    status, body = response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read().decode()
                retry_after = error.headers.get("Retry-After")
            except OSError as error:
                body = repr(error)
            self.answers.append(Answer(started, time.monotonic(), status, body, retry_after))
            time.sleep(0.05)

    def since(self, moment: float) -> list[Answer]:
        return [a for a in list(self.answers) if a.started >= moment]


def wait_for(condition, *, what: str, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def copy_test_database(cluster: Cluster) -> None:
    """The test run's database, already migrated by pytest-django, copied into the cluster:
    the same schema and seeded rows as `migrate` gives, in a second instead of a minute."""
    source = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": source["PASSWORD"] or ""}
    dump = subprocess.Popen(
        [str(pg_bin() / "pg_dump"), "--no-owner", "--no-privileges", "-h", source["HOST"],
         "-p", str(source["PORT"]), "-U", source["USER"], source["NAME"]],
        stdout=subprocess.PIPE, env=env,
    )  # fmt: skip
    run(
        [str(pg_bin() / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
         "-p", str(cluster.port), "-U", "brobygger", "brobygger"],
        stdin=dump.stdout,
    )  # fmt: skip
    dump.stdout.close()
    assert dump.wait(timeout=60) == 0


@pytest.fixture
def site(tmp_path, django_db_setup):
    """A migrated cluster and gunicorn with production settings; everything stopped after."""
    root = Path(tempfile.mkdtemp(prefix="brobygger-pgfault.", dir="/tmp"))
    root.chmod(0o755)
    cluster, server = None, None
    try:
        cluster = Cluster(root)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": cluster.url,
            "CONN_MAX_AGE": "60",
            "REDIS_URL": "",  # this test is about PostgreSQL: file cache, no broker traffic
            "BROBYGGER_LOCAL_DIR": str(root / "local"),
            "STATIC_ROOT": str(root / "static"),
            "LOG_LEVEL": "WARNING",
        }
        env.pop("CELERY_BROKER_URL", None)  # the embedded filesystem broker
        started = time.monotonic()
        collectstatic = subprocess.Popen(  # meanwhile: the cluster gets the schema
            [sys.executable, "manage.py", "collectstatic", "--noinput"],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        copy_test_database(cluster)
        timings = {"copy of the migrated database": round(time.monotonic() - started, 1)}
        _, errors = collectstatic.communicate(timeout=120)
        assert collectstatic.returncode == 0, errors.decode()
        timings["collectstatic"] = round(time.monotonic() - started, 1)
        port = free_port()
        log = (tmp_path / "gunicorn.log").open("wb")
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                *("config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(WORKERS)),
                *("--timeout", "30", "--graceful-timeout", "3", "--log-level", "info"),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}/events/"

        def answers() -> bool:
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response,
            ):
                return response.status == 200
            return False

        wait_for(answers, what="gunicorn to serve the events calendar", timeout=30)
        yield cluster, server, url, tmp_path / "gunicorn.log", timings
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if cluster is not None:
            with contextlib.suppress(subprocess.SubprocessError):
                cluster.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


# The mark makes pytest-django create the test database even when this test runs alone (it
# creates only the databases that the collected tests ask for); `site` copies it.
@pytest.mark.django_db
def test_a_postgresql_restart_gives_clean_503s_then_200s_without_restarting_gunicorn(site):
    cluster, server, url, gunicorn_log, timings = site
    load = LightLoad(url)
    load.start()
    try:
        time.sleep(1.5)
        outage_started = time.monotonic()
        cluster.stop("fast")
        time.sleep(3)
        outage_ended = time.monotonic()
        cluster.start()
        recovered_after = wait_for(
            lambda: any(a.status == 200 for a in load.since(outage_ended)),
            what="a 200 after PostgreSQL came back",
            timeout=15,
        )
        time.sleep(3)
    finally:
        load.halt.set()
        load.join(timeout=REQUEST_TIMEOUT + 1)

    answers = load.answers
    before = [a for a in answers if a.finished < outage_started]
    during = [a for a in answers if a.started >= outage_started and a.finished < outage_ended]
    # Settled: a second after the first 200. On a loaded machine (the suite runs on both cores)
    # a worker's first connection after the restart may still be refused in that second.
    settled = load.since(outage_ended + recovered_after + 1.0)
    assert before, "no request before the outage"
    assert all(a.status == 200 for a in before), [a.status for a in before]
    assert len(during) >= 5, "too few requests during the outage"
    assert all(a.status == 503 for a in during), [(a.status, a.body[:200]) for a in during]
    assert all(a.retry_after == "30" for a in during)
    assert all(FRIENDLY in a.body for a in during)
    for answer in answers:  # before, during, while it came back, after
        assert answer.status in (200, 503), (answer.status, answer.body[:300])
        assert not any(leak in answer.body for leak in LEAKS), answer.body[:300]
        assert answer.finished - answer.started < REQUEST_TIMEOUT
    assert len(settled) >= 5
    assert all(a.status == 200 for a in settled), [(a.status, a.body[:200]) for a in settled]
    assert recovered_after < 10
    assert server.poll() is None, "gunicorn stopped"
    boots = gunicorn_log.read_text().count("Booting worker")
    assert boots == WORKERS, f"{boots} worker boots: a worker was restarted"
    logger.warning(  # shown with -rA
        "setup %s; %s answers, %s during the outage; 200 again %.1f s after the restart",
        timings, len(answers), len(during), recovered_after,
    )  # fmt: skip
