"""Mixed-journey load test: gunicorn + PostgreSQL + Redis + a Celery worker, 50 users, 60 s.

Run by `make load` (scripts/load.sh), inside scripts/with-services.sh (throwaway PostgreSQL and
Redis). This script migrates, loads the demo data plus a few hundred organisations, starts
gunicorn with the production settings and one Celery worker with beat on free ports of 127.0.0.1,
runs the users on threads (urllib-free http.client, no extra dependencies), prints a table and
writes it to bench/results/load.md. It fails (exit 1) if any request failed.

Journeys, each user looping with a think time of THINK_MIN..THINK_MAX seconds between steps:
  visitor     the directory (random filters and pages), an organisation page, the public calendar
  member      signs in with the login form (again every 40 s), opens their calendar
  caseworker  (TOTP: a session made in advance) opens the referral list, then their calendar
"""

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
THINK_MIN, THINK_MAX = 0.2, 0.8
EXTRA_ORGANIZATIONS = 300
MEMBERS, CASEWORKERS = 12, 8
PASSWORD = "load-test-password-2026"  # a throwaway database


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(local_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "60",
        "STATIC_ROOT": str(local_dir / "staticfiles"),
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "dummymail://",  # the demo data's notifications go nowhere
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def seed() -> dict[str, list]:
    """A few hundred organisations and the load users; sessions for the TOTP staff."""
    import django

    sys.path.insert(0, str(BASE_DIR))
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import Municipality, MunicipalityMembership, User
    from accounts.services import user_enable_totp
    from organizations import demo as organizations_demo
    from organizations.models import Organization, OrganizationMembership

    municipality = Municipality.objects.order_by("pk").first()
    for n in range(EXTRA_ORGANIZATIONS):
        organizations_demo.seed_organization(
            municipality,
            f"Lastlag {n:03d}",
            "",
            [random.choice(["volunteer_centre", "large", "outdoor"])],
            ["nb", random.choice(["en", "ar", "so", "uk"])],
            "Et lag med språkkafé og turer for nye innbyggere.",
            "A club with a language café and hikes for newcomers.",
            [("Språkkafé", "language_cafe", n % 7, "18:00", "20:00", True, ["adults"])],
        )
    organizations = list(
        Organization.objects.filter(status="verified").values_list("pk", flat=True)
    )
    password = make_password(PASSWORD)
    members = []
    for n in range(MEMBERS):
        user = User.objects.create(email=f"medlem{n}@load.example.no", password=password)
        user.emailaddress_set.create(email=user.email, verified=True, primary=True)
        OrganizationMembership.objects.create(
            user=user, organization_id=organizations[n % len(organizations)], role="member"
        )
        members.append(user.email)
    sessions = []
    for n in range(CASEWORKERS):
        user = User.objects.create(email=f"saksbehandler{n}@load.example.no", password=password)
        MunicipalityMembership.objects.create(
            user=user, municipality=municipality, role=MunicipalityMembership.Role.CASEWORKER
        )
        user_enable_totp(user=user, secret="JBSWY3DPEHPK3PXPJBSWY3DP")
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "notifications.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return {"organizations": organizations, "members": members, "sessions": sessions}


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(list)

    def record(self, step: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[step].append(seconds)
            if error:
                self.errors[step].append(error)


class User(threading.Thread):
    def __init__(self, port: int, stats: Stats, until: float, journey, **kwargs):
        super().__init__(daemon=True)
        self.port, self.stats, self.until, self.journey = port, stats, until, journey
        self.kwargs, self.cookies = kwargs, {}

    def request(self, step, method, path, *, body=None, expect=200, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        error = None
        text = ""
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            connection.close()
            if response.status != expect:
                error = f"{method} {path}: {response.status}"
        except OSError as exc:
            error = f"{method} {path}: {exc!r}"
        self.stats.record(step, time.perf_counter() - started, error)
        return text

    def think(self) -> None:
        time.sleep(random.uniform(THINK_MIN, THINK_MAX))

    def run(self) -> None:
        rounds = 0
        while time.monotonic() < self.until:
            self.journey(self, rounds, **self.kwargs)
            rounds += 1


DIRECTORY_FILTERS = [
    {},
    {"category": "volunteer_centre"},
    {"language": "ar"},
    {"q": "språkkafé"},
    {"page": "3"},
    {"category": "outdoor", "language": "en"},
]


def visitor(user: User, rounds: int, organizations: list[int]) -> None:
    query = urlencode(random.choice(DIRECTORY_FILTERS))
    user.request("directory", "GET", f"/directory/?{query}")
    user.think()
    user.request("organisation page", "GET", f"/organisations/{random.choice(organizations)}/")
    user.think()
    user.request("public calendar", "GET", "/events/")
    user.think()


# Every member signs in again after this many seconds. All simulated users share one address
# (127.0.0.1), and allauth allows 30 sign-ins a minute from one address: the members together
# sign in about 18 times a minute, however fast the pages answer.
SIGN_IN_AGAIN_AFTER = 40.0


def member(user: User, rounds: int, email: str) -> None:
    now = time.monotonic()
    if now - getattr(user, "signed_in_at", -SIGN_IN_AGAIN_AFTER) >= SIGN_IN_AGAIN_AFTER:
        user.signed_in_at = now
        user.cookies.clear()
        page = user.request("login form", "GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        body = urlencode(
            {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token[1] if token else ""}
        )
        user.request("log in (POST)", "POST", "/accounts/login/", body=body, expect=302)
        user.think()
    user.request("my calendar", "GET", "/calendar/")
    user.think()


def caseworker(user: User, rounds: int, session: str) -> None:
    user.cookies["sessionid"] = session
    user.request("referral list", "GET", "/referrals/")
    user.think()
    user.request("my calendar", "GET", "/calendar/")
    user.think()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(stats: Stats, duration: float, users: int, workers: int) -> tuple[str, int]:
    lines = [
        f"# Load test: {users} users for {duration:.0f} s",
        "",
        f"gunicorn {workers} sync workers (production settings, CONN_MAX_AGE=60) + PostgreSQL"
        f" + Redis + one Celery worker with beat, all on 127.0.0.1; think time"
        f" {THINK_MIN}-{THINK_MAX} s; {os.cpu_count()} CPUs shared with the load generator.",
        "",
        "| step | requests | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    total = errors = 0
    for step, times in stats.times.items():
        failed = len(stats.errors[step])
        total, errors = total + len(times), errors + failed
        ms = [t * 1000 for t in times]
        lines.append(
            f"| {step} | {len(times)} | {failed} | {statistics.median(ms):.0f} "
            f"| {percentile(ms, 95):.0f} | {percentile(ms, 99):.0f} | {max(ms):.0f} |"
        )
    lines += ["", f"**{total} requests, {errors} errors, {total / duration:.1f} requests/s.**"]
    for step, failures in stats.errors.items():
        lines += [f"- {step}: {f}" for f in failures[:5]]
    return "\n".join(lines) + "\n", errors


def wait_healthy(port: int, timeout: float = 60) -> None:
    """Wait until the server on `port` answers /healthz with 200; exit after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"gunicorn on {port} did not become healthy in {timeout:.0f} s")
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run through `make load` (scripts/load.sh): it starts PostgreSQL and Redis.")

    local_dir = Path(os.environ.get("BROBYGGER_LOCAL_DIR", BASE_DIR / ".local"))
    env = production_env(local_dir)
    os.environ.update(env)
    print("== migrate, demo data, collectstatic", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "demo_data")
    manage(env, "collectstatic", "--noinput")
    print(f"== {EXTRA_ORGANIZATIONS} more organisations and the load users", flush=True)
    data = seed()

    port = free_port()
    processes = []
    try:
        processes.append(
            subprocess.Popen(
                [
                    str(VENV_BIN / "gunicorn"),
                    "config.wsgi",
                    "-b",
                    f"127.0.0.1:{port}",
                    "-w",
                    str(args.workers),
                    "--timeout",
                    "60",
                    "--backlog",
                    "256",
                ],
                cwd=BASE_DIR,
                env=env,
                start_new_session=True,
            )
        )
        processes.append(
            subprocess.Popen(
                [
                    str(VENV_BIN / "celery"),
                    "-A",
                    "config",
                    "worker",
                    "-B",
                    "--concurrency=1",
                    "-l",
                    "WARNING",
                    "--schedule",
                    str(local_dir / "celerybeat-schedule"),
                ],
                cwd=BASE_DIR,
                env=env,
                start_new_session=True,
            )
        )
        wait_healthy(port, timeout=30)

        print(f"== {args.users} users for {args.duration:.0f} s on port {port}", flush=True)
        stats = Stats()
        until = time.monotonic() + args.duration
        users = []
        for n in range(args.users):
            kind = n % 10
            if kind < 5:
                users.append(User(port, stats, until, visitor, organizations=data["organizations"]))
            elif kind < 8:
                email = data["members"][n % len(data["members"])]
                users.append(User(port, stats, until, member, email=email))
            else:
                session = data["sessions"][n % len(data["sessions"])]
                users.append(User(port, stats, until, caseworker, session=session))
        started = time.monotonic()
        for user in users:
            user.start()
            time.sleep(0.02)  # ramp up over a second
        for user in users:
            user.join()
        duration = time.monotonic() - started
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    table, errors = report(stats, duration, args.users, args.workers)
    results = BASE_DIR / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "load.md").write_text(table)
    print("\n" + table)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
