"""One of the two processes of tests/test_pgbouncer.py: Django through PgBouncer.

Waits for the file named by its argument (so both start at once), then, until no notification is
unsent, runs the notification sender in small batches and asks for a few pages with Django's
test client between them. Prints one line of JSON: what it sent, the pages' statuses, the server
backends its transactions ran on, and whether the sender saw a pooler.
"""

import json
import sys
import time
from pathlib import Path

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from notifications.models import Notification  # noqa: E402
from notifications.services import notifications_send_due  # noqa: E402

PAGES = ["/", "/directory/", "/events/", "/m/", "/accounts/login/"]


def server_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def main() -> None:
    go = Path(sys.argv[1])
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            sys.exit("never told to start")
        time.sleep(0.02)
    client = Client(SERVER_NAME="127.0.0.1")
    sent, statuses, servers, rounds = 0, [], set(), 0
    # Through a pooler: the process id announced at login is the pooler's, not the backend's.
    first = server_pid()
    pooled = connection.connection.info.backend_pid != first
    deadline = time.monotonic() + 240  # generous: the CI machine may be loaded
    while Notification.objects.filter(sent_at__isnull=True).exists():
        if time.monotonic() > deadline:
            break
        servers.add(server_pid())
        sent += notifications_send_due(now=timezone.now(), batch_size=15)
        path = PAGES[rounds % len(PAGES)]
        statuses.append([path, client.get(path).status_code])
        rounds += 1
    for path in PAGES:  # each page at least once, also when the other process sent nearly all
        statuses.append([path, client.get(path).status_code])
    report = {"sent": sent, "pages": statuses, "servers": sorted(servers), "pooled": pooled}
    sys.stdout.write(json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
