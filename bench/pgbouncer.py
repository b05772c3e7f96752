"""A throwaway PgBouncer in transaction mode in front of a PostgreSQL server (issue #24).

Used by the scale-out benchmark (`bench/scaleout.py`) and the tests that run the site through a
pooler (`tests/test_pgbouncer.py`). Debian's `pgbouncer` package (scripts/test.sh installs it, as
it installs PostgreSQL and Redis). It listens on a free port of 127.0.0.1, trusts the users that
connect (as the throwaway PostgreSQL of scripts/with-services.sh does), sends every database name
to the same server (`* =`, so the test databases of pytest-django and its xdist workers pass
through too) and stops with its `with` block, also on failure.

    with PgBouncer(host="127.0.0.1", port=5432, user="brobygger") as bouncer:
        url = bouncer.url("brobygger")          # postgres://brobygger@127.0.0.1:PORT/brobygger
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

SERVER_CONNECTIONS = 10  # per (database, user): fewer than the clients, so they must share


def pgbouncer_binary() -> str:
    path = shutil.which("pgbouncer") or (
        "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
    )
    if path is None:
        raise RuntimeError(
            "pgbouncer is missing: apt-get install pgbouncer (scripts/test.sh installs it)."
        )
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgBouncer:
    """`pool_mode = transaction`: a client holds a server connection for one transaction only,
    so two clients' transactions run on the same server backend, one after the other."""

    def __init__(
        self, *, host: str, port: int | str, user: str, pool_size: int = SERVER_CONNECTIONS
    ):
        self.server_host, self.server_port, self.user = host, int(port), user
        self.pool_size = pool_size
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.root: Path | None = None

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database}"

    def log(self) -> str:
        path = self.root / "pgbouncer.log" if self.root else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    def __enter__(self) -> PgBouncer:
        self.root = Path(tempfile.mkdtemp(prefix="brobygger-pgbouncer."))
        self.root.chmod(0o755)
        (self.root / "userlist.txt").write_text(f'"{self.user}" ""\n')
        (self.root / "pgbouncer.ini").write_text(
            "\n".join(
                [
                    "[databases]",
                    f"* = host={self.server_host} port={self.server_port}",
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    f"listen_port = {self.port}",
                    "unix_socket_dir =",
                    "auth_type = trust",
                    f"auth_file = {self.root / 'userlist.txt'}",
                    "pool_mode = transaction",
                    f"default_pool_size = {self.pool_size}",
                    "max_client_conn = 500",
                    f"logfile = {self.root / 'pgbouncer.log'}",
                    "log_connections = 0",
                    "log_disconnections = 0",
                    "",
                ]
            )
        )
        command = [pgbouncer_binary(), "-q", str(self.root / "pgbouncer.ini")]
        if os.getuid() == 0:  # PgBouncer refuses to run as root; it drops to this user itself
            for path in self.root.iterdir():
                shutil.chown(path, "postgres", "postgres")
            shutil.chown(self.root, "postgres", "postgres")
            command[1:1] = ["-u", "postgres"]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_until_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"pgbouncer exited at start:\n{self.log()}")
            try:
                with psycopg.connect(
                    host="127.0.0.1", port=self.port, user=self.user, dbname="postgres",
                    connect_timeout=2, prepare_threshold=None,
                ) as probe:  # fmt: skip
                    probe.execute("SELECT 1")
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"pgbouncer did not answer in {timeout} s:\n{self.log()}"
                    ) from None
                time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
