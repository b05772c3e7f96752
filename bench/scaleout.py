"""Scale-out proof (issue #24): the mixed load on two gunicorn instances and two Celery workers
that share PostgreSQL and Redis, once straight to PostgreSQL and once through PgBouncer in
transaction mode, with a reminder fan-out running under the load.

Run by `bench/run.sh scaleout` (`make bench-scaleout`), inside scripts/with-services.sh.
Migrates, loads the demo data and the mixed load's users (bench/mixed_load.py), then for each
way of connecting:

- starts two gunicorn instances (production settings, CONN_MAX_AGE=60) on two free ports, and
  two Celery workers (prefork; the first also runs beat), e-mail written to files;
- makes FANOUT due meeting reminders and enqueues the sender on both workers;
- runs the mixed-journey users for DURATION seconds, half of them on each instance;
- waits until every reminder is marked sent, stops everything, and counts from the e-mail files:
  reminders sent, sent twice (same Message-ID more than once) and lost (never sent).

Through PgBouncer: `DATABASE_POOL_MODE=transaction` (no server-side cursors, no prepared
statements, no startup options; `random_page_cost` is set on the database instead) and a pool
of fewer server connections than there are clients, so they share them.

Writes bench/results/scaleout.md and exits 1 on any failed request, duplicate or loss.
Options: --users 50 --duration 60 --workers 2 (gunicorn sync workers per instance)
--concurrency 2 (processes per Celery worker) --fanout 2000 --pool 10 (PgBouncer server
connections). A quick try: `bench/run.sh scaleout --users 6 --duration 10 --fanout 200`.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import mixed_load
from bench.fanout import create_notifications, messages_in
from bench.load import RESULTS, ROOT, free_port, stop
from bench.pgbouncer import PgBouncer

VENV_BIN = Path(sys.executable).parent
TASK = "notifications.tasks.send_due_notifications"
BATCH = 500  # at most per task call (notifications_send_due)


def start_gunicorn(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                *("config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers)),
                *("--timeout", "60", "--backlog", "256"),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def start_worker(env: dict, name: str, concurrency: int, log: Path, beat: Path | None):
    command = [
        str(VENV_BIN / "celery"),
        *("-A", "config", "worker", "--pool=prefork", f"--concurrency={concurrency}"),
        *("-l", "WARNING", "-n", f"{name}@localhost"),
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
    ]
    if beat is not None:
        command += ["-B", "--schedule", str(beat)]
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def run_once(mode: str, env: dict, data: dict, args, logs: Path) -> dict:
    """One scale-out run; returns its figures."""
    from celery.result import AsyncResult

    from config.celery import app
    from notifications.models import Notification

    mail_dir = Path(tempfile.mkdtemp(prefix=f"brobygger-scaleout-{mode}-mail-"))
    env = {**env, "EMAIL_URL": f"filemail:///{mail_dir}"}  # django-environ drops one slash
    app.control.purge()  # nothing left over from the run before
    created = create_notifications(args.fanout)
    expected = {n.message_id for n in created}
    ports = [free_port(), free_port()]
    names = [f"scaleout-{mode}-{n}-{random.randrange(10**6)}" for n in ("a", "b")]
    processes = []
    try:
        for n, port in enumerate(ports):
            processes.append(start_gunicorn(env, port, args.workers, logs / f"{mode}-web{n}.log"))
        for n, name in enumerate(names):
            beat = logs / f"{mode}-beat-schedule" if n == 0 else None
            processes.append(
                start_worker(env, name, args.concurrency, logs / f"{mode}-worker{n}.log", beat)
            )
        for port in ports:
            mixed_load.wait_healthy(port)
        deadline = time.monotonic() + 60
        while len(app.control.ping(destination=[f"{n}@localhost" for n in names], timeout=1)) < 2:
            if time.monotonic() > deadline:
                sys.exit(f"the two Celery workers did not answer in 60 s; logs in {logs}")

        print(f"== {mode}: {args.users} users for {args.duration:.0f} s on ports {ports}, "
              f"{args.fanout} reminders", flush=True)  # fmt: skip
        unsent = Notification.objects.filter(sent_at__isnull=True, pk__in=[n.pk for n in created])
        fanout_started = time.perf_counter()
        enqueue = math.ceil(args.fanout / BATCH) + 2 * args.concurrency  # both workers busy
        calls = [app.send_task(TASK) for _ in range(enqueue)]
        stats = mixed_load.Stats()
        until = time.monotonic() + args.duration
        users = []
        for n in range(args.users):
            port = ports[n % 2]
            kind = (n // 2) % 10
            if kind < 5:
                user = mixed_load.User(
                    port, stats, until, mixed_load.visitor, organizations=data["organizations"]
                )
            elif kind < 8:
                email = data["members"][n % len(data["members"])]
                user = mixed_load.User(port, stats, until, mixed_load.member, email=email)
            else:
                session = data["sessions"][n % len(data["sessions"])]
                user = mixed_load.User(port, stats, until, mixed_load.caseworker, session=session)
            users.append(user)
        started = time.monotonic()
        for user in users:
            user.start()
            time.sleep(0.02)
        fanout_seconds = None
        while any(user.is_alive() for user in users) or fanout_seconds is None:
            if fanout_seconds is None and not unsent.exists():
                fanout_seconds = time.perf_counter() - fanout_started
            elif fanout_seconds is None and all(AsyncResult(c.id, app=app).ready() for c in calls):
                calls += [app.send_task(TASK) for _ in range(2 * args.concurrency)]
            if time.monotonic() - started > args.duration + 600:
                break  # reported as lost below
            time.sleep(0.2)
        duration = time.monotonic() - started
    finally:
        for process in processes:
            stop(process, timeout=30)

    messages = messages_in(mail_dir)
    ids = Counter(m["Message-ID"] for m in messages)
    times = [t * 1000 for step in stats.times.values() for t in step]
    errors = [e for step in stats.errors.values() for e in step]
    return {
        "mode": mode,
        "requests": len(times),
        "errors": len(errors),
        "error_examples": errors[:5],
        "rate": len(times) / duration,
        "p50": statistics.median(times) if times else 0,
        "p95": mixed_load.percentile(times, 95) if times else 0,
        "reminders": len(expected),
        "sent": len(set(ids) & expected),
        "duplicates": sum(n - 1 for n in ids.values() if n > 1),
        "lost": len(expected - set(ids)),
        "fanout_seconds": fanout_seconds,
    }


def report(results: list[dict], args, pool: int) -> str:
    load = os.getloadavg()
    lines = [
        "# Scale-out: two gunicorn instances, two Celery workers, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"{args.users} mixed-journey users (bench/mixed_load.py) for {args.duration:.0f} s, half "
        f"on each instance ({args.workers} sync workers each, production settings, "
        "CONN_MAX_AGE=60);"
        f" two Celery workers ({args.concurrency} processes each, the first with beat) sending "
        f"{args.fanout} due reminders under the load; one PostgreSQL and one Redis for all; "
        f"PgBouncer {pool} server connections, transaction mode. {os.cpu_count()} CPUs, load "
        f"average {load[0]:.1f} at the end.",
        "",
        "| connection | requests | errors | requests/s | p50 ms | p95 ms | reminders | sent "
        "| sent twice | lost | fan-out s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        seconds = f"{r['fanout_seconds']:.1f}" if r["fanout_seconds"] is not None else "—"
        lines.append(
            f"| {r['mode']} | {r['requests']} | {r['errors']} | {r['rate']:.1f} | {r['p50']:.0f} "
            f"| {r['p95']:.0f} | {r['reminders']} | {r['sent']} | {r['duplicates']} | {r['lost']} "
            f"| {seconds} |"
        )
    ok = all(r["errors"] == 0 and r["duplicates"] == 0 and r["lost"] == 0 for r in results)
    lines += ["", f"Verdict: {'✅' if ok else '❌'} 0 errors, nothing sent twice, nothing lost."]
    for r in results:
        lines += [f"- {r['mode']}: {e}" for e in r["error_examples"]]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--fanout", type=int, default=2000)
    parser.add_argument("--pool", type=int, default=10)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run through `bench/run.sh scaleout`: it starts PostgreSQL and Redis.")

    local_dir = Path(os.environ.get("BROBYGGER_LOCAL_DIR", ROOT / ".local"))
    env = mixed_load.production_env(local_dir)
    env["CELERY_RESULT_BACKEND"] = os.environ["REDIS_URL"]
    os.environ.update(env)
    print("== migrate, demo data, collectstatic", flush=True)
    mixed_load.manage(env, "migrate", "--noinput")
    mixed_load.manage(env, "demo_data")
    mixed_load.manage(env, "collectstatic", "--noinput")
    print(f"== {mixed_load.EXTRA_ORGANIZATIONS} more organisations and the load users", flush=True)
    data = mixed_load.seed()  # django.setup() with these settings
    from django.db import connection

    database = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:  # what the startup option does on direct connections
        cursor.execute(f'ALTER DATABASE "{database}" SET random_page_cost = 1.1')

    logs = RESULTS / "scaleout-logs"
    logs.mkdir(parents=True, exist_ok=True)
    results = [run_once("direct", env, data, args, logs)]
    server = urlsplit(os.environ["DATABASE_URL"])
    with PgBouncer(
        host=server.hostname, port=server.port, user=server.username, pool_size=args.pool
    ) as bouncer:
        pooled = {**env, "DATABASE_URL": bouncer.url(database), "DATABASE_POOL_MODE": "transaction"}
        results.append(run_once("PgBouncer, transaction mode", pooled, data, args, logs))

    table = report(results, args, args.pool)
    (RESULTS / "scaleout.md").write_text(table)
    print("\n" + table)
    failed = any(r["errors"] or r["duplicates"] or r["lost"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
