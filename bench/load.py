"""Load benchmark with national-scale data: gunicorn with the production settings, wrk as the load.

Run by `make bench-load` (bench/run.sh) inside scripts/with-services.sh, which provides a
throwaway PostgreSQL and Redis (DATABASE_URL, REDIS_URL). Steps: migrate, collectstatic, seed
(`bench_seed`), count SQL queries of every page in-process, start gunicorn, then per page a
warm-up and a timed wrk run; the minimal view /bench/floor is measured in the same run as the
floor. Prints a markdown table and writes it to bench/results/latest.md.

Latency (p50/p95/p99) is what wrk saw, queueing included; "server p95" is the duration the
site's own request log (accounts.middleware.RequestLogMiddleware) recorded for those requests.

Settings from the environment: BENCH_SCALE (1), BENCH_DURATION seconds per page (15),
BENCH_WARMUP seconds (3), BENCH_CONNECTIONS (8), BENCH_THREADS (2), BENCH_WORKERS gunicorn
sync workers (3). BENCH_REUSE_MANIFEST=path skips the seed and measures the database that an
earlier `bench_seed --manifest path` filled (DATABASE_URL must point at it). BENCH_ONLY=word,...
measures only the pages whose name contains one of the words (and the floor).
"""

from __future__ import annotations

import json
import logging
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
DURATION = int(os.environ.get("BENCH_DURATION", "15"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
PROFILE = os.environ.get("BENCH_PROFILE", "national")  # or "nordic" (bench/seed.py)
# No gunicorn, no wrk: only the in-process measurements (a shared machine, a small scale).
IN_PROCESS_ONLY = os.environ.get("BENCH_IN_PROCESS_ONLY", "") not in ("", "0")
MAX_QUERIES = 15  # bench/README.md: on any page
# Issue #24's budgets: every page uncached p95 ≤ 50 ms on the server and ≥ 0.04 × the floor's
# throughput; public pages served whole from the cache ≥ 0.5 × the floor. In-process only rows
# (one request, no load) are judged on T ≤ 17 ms, the time that the model
# (× floor ≈ 0.75 / (1.08·T + 0.45)) puts at 0.04 × floor.
P95_BUDGET_MS = 50
UNCACHED_RATIO = 0.04
CACHED_RATIO = 0.50
IN_PROCESS_BUDGET_MS = 17
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "5"))  # in-process requests per page (median)


@dataclass
class Page:
    name: str
    path: str
    session: str | None = None  # manifest key of the session cookie to send
    p95_budget_ms: float | None = P95_BUDGET_MS  # server time, bench/README.md
    min_ratio: float | None = UNCACHED_RATIO  # throughput as a share of the floor
    queries: int | None = None
    status: int | None = None
    skipped: str = ""
    vary: bool = False  # a new query string on every request: nothing can come from a cache
    result: dict | None = None
    server: list[float] | None = None
    single_ms: float | None = None  # one request in-process, no load
    sql_ms: float | None = None  # of which in SQL
    # In-process only: the request follows a change of the data its cached parts show (the
    # panels' and the public pages' versions are new). Under wrk that cannot be repeated.
    after_change: bool = False


def production_env() -> dict[str, str]:
    """config.settings.base as production runs it, minus TLS (plain HTTP on 127.0.0.1)."""
    local = Path(os.environ.get("BROBYGGER_LOCAL_DIR", ROOT / ".local" / "bench"))
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "60",
        "BENCH_FLOOR_VIEW": "1",
        "STATIC_ROOT": str(local / "staticfiles"),
        "MEDIA_ROOT": str(local / "media"),
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "INFO",  # the request log is on in production, so it is here
        "PYTHONUNBUFFERED": "1",
    }


def public_pair(name: str, path: str) -> list[Page]:
    """A public page as signed-out visitors mostly get it (from the whole-page cache), and the
    same page never cached."""
    return [
        Page(name, path, min_ratio=CACHED_RATIO),
        Page(f"{name}, never cached", path, vary=True),
    ]


def pages(manifest: dict) -> list[Page]:
    muni = manifest["municipality"]
    today = datetime.now(UTC).date().isoformat()
    return [
        Page("floor: minimal Django view", "/bench/floor", p95_budget_ms=None, min_ratio=None),
        Page("directory search", "/directory/?q=leksehjelp", min_ratio=CACHED_RATIO),
        # The directories cache their results per question (organizations/public_cache.py): this
        # row asks a new question every time, to keep the cost of an unanswered one in view.
        Page("directory search, never cached", "/directory/?q=leksehjelp", vary=True),
        Page(
            "directory search + filters",
            f"/directory/?q=leksehjelp&municipality={muni}&category=sports&evening=on",
            min_ratio=CACHED_RATIO,
        ),
        # Whole public pages, cached for signed-out visitors (accounts/page_cache.py, issue #24),
        # each with a row that is never cached (a new query string every time).
        *public_pair("organisation page", f"/organisations/{manifest['organization_id']}/?v=1"),
        *public_pair("activity page", f"/activities/{manifest.get('activity_id')}/?v=1"),
        *public_pair("public calendar, month", f"/events/?view=month&date={today}"),
        *public_pair("public calendar, list", "/events/?view=list"),
        *public_pair("grants catalogue", "/grants/?v=1"),
        *public_pair("grant scheme page", f"/grants/schemes/{manifest.get('scheme_slug')}/?v=1"),
        *public_pair("municipality page", f"/m/{muni}/?v=1"),
        *public_pair("ICS feed (public)", "/events/calendar.ics?v=1"),
        *public_pair("HSDS API page", "/api/hsds/services?page=2"),
        Page("ICS feed (organisation)", f"/calendar/feeds/{manifest['feed_token']}.ics"),
        Page("coordinator start page", "/dashboard/", session="coordinator_session"),
        Page("caseworker referral list", "/referrals/", session="caseworker_session"),
        # The pages staff reach often (issue #24), signed in as the biggest municipality's
        # coordinator.
        Page("agreement list", "/agreements/", session="coordinator_session"),
        Page(
            "agreement detail",
            f"/agreements/{manifest.get('agreement_id')}/",
            session="coordinator_session",
        ),
        Page(
            "meeting detail",
            f"/meetings/{manifest.get('meeting_id')}/",
            session="coordinator_session",
        ),
        Page("meeting planner", "/meetings/plan/", session="coordinator_session"),
        Page(
            "my calendar, month",
            f"/calendar/?view=month&date={today}",
            session="coordinator_session",
        ),
        Page("registry", "/registry/", session="coordinator_session"),
        Page("grants helper", "/grants/helper/?v=1", vary=True),
        Page("announcements", "/announcements/", session="coordinator_session"),
        Page("notifications", "/notifications/", session="coordinator_session"),
        Page("overview", "/overview/", session="coordinator_session"),
        Page("period report", "/overview/report/", session="coordinator_session"),
        Page(
            "coordinator start page, right after a change",
            "/dashboard/",
            session="coordinator_session",
            after_change=True,
        ),
    ]


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def count_queries(env: dict, manifest: dict, todo: list[Page]) -> None:
    """SQL queries and status of each page through Django's test client (no network)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import Resolver404, resolve

    from accounts.page_cache import PUBLIC_PAGES
    from dashboard.views import PANELS

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    logging.getLogger("brobygger.request").setLevel(logging.WARNING)  # not on the console
    for page in todo:
        try:
            resolve(page.path.split("?")[0])
        except Resolver404:
            page.skipped = "no such URL on this branch"
            continue
        client = Client()
        if page.session:
            client.cookies[settings.SESSION_COOKIE_NAME] = manifest[page.session]
        first, timed = page.path, page.path
        if page.vary:  # two different questions: the timed one cannot come from the cache
            token = secrets.token_hex(4)
            first, timed = f"{page.path}&r={token}-first", f"{page.path}&r={token}-timed"
        client.get(first)  # first request: caches, the idle-timeout stamp in the session
        if page.after_change:
            PANELS.new_version()
            PUBLIC_PAGES.new_version()
        samples = []  # (total ms, SQL ms): the median of SAMPLES requests
        for n in range(SAMPLES):
            if n and page.after_change:
                PANELS.new_version()
                PUBLIC_PAGES.new_version()
            path = f"{timed}{n}" if page.vary else timed
            sql = SqlTimer()
            with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(sql):
                started = time.perf_counter()
                response = client.get(path)
                samples.append(((time.perf_counter() - started) * 1000, sql.seconds * 1000))
        samples.sort()
        page.single_ms, page.sql_ms = samples[len(samples) // 2]
        page.status, page.queries = response.status_code, len(queries)
        page.slowest = sorted(
            (q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")),
            key=lambda q: -float(q["time"]),
        )[:2]
        if response.status_code != 200:
            page.skipped = f"answers {response.status_code}, not 200"
    explain(todo)
    connection.close()


class SqlTimer:
    """A connection.execute_wrapper that adds up the time spent in the database, exactly."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def explain(todo: list[Page]) -> None:
    """EXPLAIN ANALYZE of the two slowest queries of each page, to bench/results/explain.md."""
    from django.db import connection

    out = ["# The two slowest queries of each page, EXPLAIN (ANALYZE, BUFFERS)", ""]
    with connection.cursor() as cursor:
        for page in todo:
            for query in getattr(page, "slowest", []):
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
                out += [
                    f"## {page.name}: {float(query['time']) * 1000:.1f} ms",
                    "",
                    "```sql",
                    query["sql"],
                    "```",
                    "",
                    "```",
                    plan,
                    "```",
                    "",
                ]
    (RESULTS / "explain.md").write_text("\n".join(out))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                GUNICORN,
                "config.wsgi:application",
                *("--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"),
                *("--worker-class", "sync", "--timeout", "60", "--log-level", "warning"),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor", timeout=2) as r:
                if r.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    sys.exit(f"gunicorn did not answer:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a process started in its own session, and its children: TERM, then KILL."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wrk(url: str, seconds: int, cookie: str | None, vary: bool = False) -> dict:
    command = [
        "wrk",
        *("-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds}s"),
        *("--timeout", "10s", "-s", str(ROOT / "bench" / "report.lua")),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    env = {**os.environ, "BENCH_VARY": secrets.token_hex(4) if vary else ""}
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, env=env
    ).stdout
    match = re.search(r"^BENCH_RESULT (.*)$", output, re.MULTILINE)
    if not match:
        sys.exit(f"wrk printed no result:\n{output}")
    values = dict(item.split("=") for item in match.group(1).split())
    result = {k: float(v) for k, v in values.items()}
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def server_times(log: Path, offset: int, path: str) -> list[float]:
    """duration_ms of the requests to `path` that the request log recorded after `offset`."""
    plain = path.split("?")[0]
    times = []
    with log.open("rb") as f:
        f.seek(offset)
        for line in f:
            if not line.startswith(b"{"):
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("message") == "request" and record.get("path") == plain:
                times.append(float(record["duration_ms"]))
    return times


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run_load(env: dict, manifest: dict, todo: list[Page], log: Path) -> None:
    port = free_port()
    process = start_gunicorn(env, port, log)
    try:
        for page in todo:
            if page.skipped:
                print(f"  {page.name}: skipped ({page.skipped})", flush=True)
                continue
            if page.after_change:
                continue  # in-process only (its "alone" column)
            url = f"http://127.0.0.1:{port}{page.path}"
            cookie = None
            if page.session:
                name = env.get("SESSION_COOKIE_NAME", "sessionid")
                cookie = f"{name}={manifest[page.session]}"
            wrk(url, WARMUP, cookie, page.vary)
            offset = log.stat().st_size
            page.result = wrk(url, DURATION, cookie, page.vary)
            time.sleep(0.5)  # let the workers' last log lines reach the file
            page.server = server_times(log, offset, page.path)
            print(
                f"  {page.name}: {page.result['rps']:.0f} req/s, "
                f"p95 {page.result['p95'] / 1000:.1f} ms",
                flush=True,
            )
    finally:
        stop(process)


def in_process_verdict(page: Page) -> str:
    ok = (page.single_ms or 0) <= IN_PROCESS_BUDGET_MS
    queries_ok = page.queries is not None and page.queries <= MAX_QUERIES
    return (
        f"queries {'✅' if queries_ok else '❌'} ≤ {MAX_QUERIES}; "
        f"in-process T {'✅' if ok else '❌'} ≤ {IN_PROCESS_BUDGET_MS} ms"
    )


def in_process_table(todo: list[Page]) -> str:
    """Without gunicorn and wrk (BENCH_IN_PROCESS_ONLY): one request at a time, in-process."""
    rows = [
        f"| page | queries | T ms (median of {SAMPLES}) | of which SQL ms | budget |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for page in todo:
        if page.skipped:
            rows.append(f"| {page.name} | | | | skipped: {page.skipped} |")
            continue
        verdict = "" if page.path == "/bench/floor" else in_process_verdict(page)
        rows.append(
            f"| {page.name} | {page.queries} | {page.single_ms or 0:.1f} "
            f"| {page.sql_ms or 0:.2f} | {verdict} |"
        )
    return "\n".join(rows)


def save_pages(todo: list[Page], manifest: dict) -> Path:
    """This run's per-page figures, for the growth table between the two scales."""
    path = RESULTS / f"pages-{manifest.get('profile', 'national')}.json"
    path.write_text(
        json.dumps(
            {
                "scale": manifest["scale"],
                "profile": manifest.get("profile", "national"),
                "pages": {
                    p.name: {"queries": p.queries, "t_ms": p.single_ms, "sql_ms": p.sql_ms}
                    for p in todo
                    if not p.skipped
                },
            },
            indent=2,
        )
    )
    return path


def growth_table() -> str:
    """Each page's cost at the Nordic scale over the national one (ratio of T in-process), from
    the two runs' pages-*.json. Flat in data size means a ratio near 1 (the page shows as much);
    the data grew about tenfold."""
    files = [RESULTS / "pages-national.json", RESULTS / "pages-nordic.json"]
    if not all(f.exists() for f in files):
        return ""
    national, nordic = (json.loads(f.read_text()) for f in files)
    rows = [
        "",
        f"### Growth: national (scale {national['scale']}) → Nordic (scale {nordic['scale']})",
        "",
        "| page | queries | T ms national | T ms Nordic | growth × (ratio of T) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, a in national["pages"].items():
        b = nordic["pages"].get(name)
        if not b or not a.get("t_ms") or not b.get("t_ms"):
            continue
        rows.append(
            f"| {name} | {a['queries']} → {b['queries']} | {a['t_ms']:.1f} | {b['t_ms']:.1f} "
            f"| {b['t_ms'] / a['t_ms']:.2f} |"
        )
    return "\n".join(rows) + "\n"


def table(todo: list[Page]) -> str:
    floor = next(p for p in todo if p.path == "/bench/floor").result
    rows = [
        "| page | queries | alone ms (SQL) | p50 ms | p95 ms | p99 ms | server p50 / p95 ms "
        "| req/s | × floor | errors / timeouts | budget |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for page in todo:
        if page.after_change and not page.skipped:
            rows.append(
                f"| {page.name} | {page.queries} | {page.single_ms or 0:.1f} "
                f"({page.sql_ms or 0:.2f}) | | | | | | | | in-process only: "
                f"{in_process_verdict(page)} |"
            )
            continue
        if page.skipped or page.result is None:
            rows.append(f"| {page.name} | | | | | | | | | | skipped: {page.skipped} |")
            continue
        r = page.result
        ratio = r["rps"] / floor["rps"] if floor else float("nan")
        server_p50, server_p95 = percentile(page.server, 50), percentile(page.server, 95)
        errors = int(r["socket_errors"] + r["status_errors"])
        timeouts = int(r["timeouts"])
        verdicts = []
        if page.path != "/bench/floor":
            verdicts.append(
                f"queries {'✅' if page.queries <= MAX_QUERIES else '❌'} ≤ {MAX_QUERIES}"
            )
        if page.p95_budget_ms is not None:
            ok = server_p95 <= page.p95_budget_ms
            verdicts.append(f"p95 {'✅' if ok else '❌'} ≤ {page.p95_budget_ms:.0f} ms")
        if page.min_ratio is not None:
            ok = ratio >= page.min_ratio
            verdicts.append(f"throughput {'✅' if ok else '❌'} ≥ {page.min_ratio:.0%} of floor")
        if errors:
            verdicts.append("❌ errors")
        if timeouts:
            verdicts.append(f"⚠️ {timeouts} answers slower than wrk's 10 s timeout")
        rows.append(
            f"| {page.name} | {page.queries if page.queries is not None else ''} "
            f"| {page.single_ms or 0:.1f} ({page.sql_ms or 0:.2f}) "
            f"| {r['p50'] / 1000:.1f} | {r['p95'] / 1000:.1f} | {r['p99'] / 1000:.1f} "
            f"| {server_p50:.1f} / {server_p95:.1f} | {r['rps']:.0f} | {ratio:.2f} "
            f"| {errors} / {timeouts} "
            f"| {'; '.join(verdicts)} |"
        )
    return "\n".join(rows)


def header(manifest: dict) -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    counts = manifest["counts"]
    main = [
        ("municipalities", "accounts.Municipality"),
        ("organisations", "organizations.Organization"),
        ("activities", "organizations.Activity"),
        ("meetings", "meetings.Meeting"),
        ("referrals", "referrals.Referral"),
        ("agreements", "agreements.Agreement"),
    ]
    data = ", ".join(f"{counts.get(label, 0):,} {name}" for name, label in main)
    load = os.getloadavg()
    lines = [
        f"# Load benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}",
        "",
        f"- Data ({manifest.get('profile', 'national')} profile, scale {manifest['scale']}): "
        f"{data}. Seeded in {manifest['seed_seconds']} s "
        f"({', '.join(f'{k} {v} s' for k, v in manifest['seed_steps'].items())}).",
        *(f"- Note: {note}" for note in manifest["notes"]),
        f"- gunicorn: {WORKERS} sync workers, production settings (DEBUG off, CONN_MAX_AGE=60, "
        f"request log on); wrk: {THREADS} threads, {CONNECTIONS} connections, {DURATION} s per "
        f"page after {WARMUP} s warm-up; all on one machine.",
        f"- Machine: {os.cpu_count()} cores, {platform.platform()}; load average at the end "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (shared machine: figures are noisy).",
        "- Alone: one request through Django's test client without load (of which in SQL). "
        "p50/p95/p99: latency seen by wrk, queueing included. Server p50/p95: the duration "
        "the site's request log recorded under load. Budgets (bench/README.md) are judged on "
        "server p95. EXPLAIN ANALYZE of each page's slowest queries: explain.md.",
        "",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    env = production_env()
    RESULTS.mkdir(parents=True, exist_ok=True)
    manifest_path = RESULTS / f"manifest-{PROFILE}.json"
    print("== migrate, collectstatic", flush=True)
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    reuse = os.environ.get("BENCH_REUSE_MANIFEST")  # a database seeded before, and its manifest
    if reuse:
        manifest_path = Path(reuse)
        print(f"== reusing the seeded database of {manifest_path}", flush=True)
    else:
        print(f"== seed at scale {SCALE}", flush=True)
        manage(
            env,
            "bench_seed",
            *("--scale", str(SCALE), "--profile", PROFILE, "--manifest", str(manifest_path)),
        )
    manifest = json.loads(manifest_path.read_text())
    todo = pages(manifest)
    only = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
    if only:  # the floor always, and the pages whose name contains one of the words
        todo = [p for p in todo if p.path == "/bench/floor" or any(w in p.name for w in only)]
    print("== SQL queries per page", flush=True)
    count_queries(env, manifest, todo)
    save_pages(todo, manifest)
    if IN_PROCESS_ONLY:
        report = header(manifest) + in_process_table(todo) + "\n" + growth_table()
    else:
        print(f"== load: {DURATION} s per page", flush=True)
        log = RESULTS / "gunicorn.log"
        run_load(env, manifest, todo, log)
        report = header(manifest) + table(todo) + "\n" + growth_table()
    (RESULTS / "latest.md").write_text(report)
    (RESULTS / f"latest-{manifest.get('profile', 'national')}.md").write_text(report)
    print()
    print(report)
    print(f"Written to {RESULTS / 'latest.md'}")


if __name__ == "__main__":
    main()
