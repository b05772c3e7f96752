"""What the notification tests share: the moment the outbox is sent at, and two workers that
send it at once."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from django.db import connection

from notifications.services import notifications_send_due

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # a Monday, noon


def send_due_from_two_workers(now=NOW) -> list[int]:
    """Two threads send what is due at `now` at the same moment, each on its own database
    connection; returns how many each sent."""

    def worker() -> int:
        try:
            return notifications_send_due(now=now)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda _: worker(), range(2)))
