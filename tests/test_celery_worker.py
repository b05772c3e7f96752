"""A real Celery worker process, against the test run's Redis and the pytest-django database.

The service tests prove the sending logic; this proves the wiring: the task is registered under
the name the beat schedule uses, a prefork worker reaches the test database and the broker, and
two copies of the task running at once send each notification exactly once.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult
from django.conf import settings
from django.db import connection
from django.utils import timezone

from bench.fanout import messages_in
from config.celery import app
from notifications.models import Notification
from tests.factories import NotificationFactory, UserFactory

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TASK = settings.CELERY_BEAT_SCHEDULE["send-due-notifications"]["task"]  # the name beat sends
NOTIFICATIONS = 40
TIMEOUT = 20  # seconds for each wait; the whole test takes a few seconds


def worker_database_url() -> str:
    """The pytest-django test database (not the one in DATABASE_URL), for the worker."""
    db = connection.settings_dict
    credentials = quote(db["USER"], safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{quote(db['NAME'], safe='')}"


def wait_until(condition, *, what: str, worker=None, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker exited while waiting for {what}:\n{worker.log()}")
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(
        f"timed out after {timeout} s waiting for {what}" + (worker.log() if worker else "")
    )


class Worker:
    def __init__(self, process: subprocess.Popen, hostname: str, queue: str, log_file: Path):
        self.process = process
        self.hostname = hostname
        self.queue = queue
        self.log_file = log_file

    def log(self) -> str:
        return "\n--- worker log ---\n" + self.log_file.read_text(errors="replace")

    def stop(self) -> None:
        """Warm shutdown with SIGTERM; SIGKILL to the whole process group if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        # prefork children outliving their parent would hold database connections
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture
def not_eager():
    """The test settings run tasks in-process; here they must go through the broker."""
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


def spawn_worker(hostname, queue, env, log_file, concurrency=2) -> subprocess.Popen:
    """A Celery worker of the project named `hostname` that consumes only `queue`, with `env`,
    writing its output to `log_file`."""
    with log_file.open("wb") as log:
        return subprocess.Popen(
            [
                str(Path(sys.executable).with_name("celery")),
                *("-A", "config", "worker", f"--concurrency={concurrency}", "--pool=prefork"),
                *("-l", "WARNING", "-n", hostname, "-Q", queue),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so that stop() can reach children
        )


@pytest.fixture
def worker(transactional_db, tmp_path, mail_dir):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("REDIS_URL is not set: run the suite with `make test`.")
    name = uuid.uuid4().hex[:12]
    hostname = f"brobygger-test-{name}@localhost"
    queue = f"brobygger-test-{name}"  # nothing else consumes from it, not even a `make run` worker
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    log_file = tmp_path / "worker.log"
    process = spawn_worker(hostname, queue, env, log_file)
    started = Worker(process, hostname, queue, log_file)
    try:
        wait_until(
            lambda: app.control.ping(destination=[hostname], timeout=0.5),
            what="the worker to answer a ping",
            worker=started,
        )
        yield started
    finally:
        started.stop()


def test_two_tasks_at_once_in_a_real_worker_send_each_notification_once(
    worker, mail_dir, not_eager
):
    due = timezone.now() - timedelta(minutes=1)
    notifications = [
        NotificationFactory(recipient=user, due_at=due)
        for user in UserFactory.create_batch(NOTIFICATIONS)
    ]
    results_backend = RedisBackend(app=app, url=os.environ["REDIS_URL"])

    sent = [app.send_task(TASK, queue=worker.queue) for _ in range(2)]

    wait_until(
        lambda: not Notification.objects.filter(sent_at__isnull=True).exists(),
        what="every notification to be marked sent",
        worker=worker,
    )
    counts = [
        AsyncResult(result.id, backend=results_backend, app=app).get(timeout=TIMEOUT)
        for result in sent
    ]
    assert sum(counts) == NOTIFICATIONS, f"the two tasks sent {counts}"
    messages = messages_in(mail_dir)
    assert len(messages) == NOTIFICATIONS, worker.log()
    message_ids = [m["Message-ID"] for m in messages]
    assert len(set(message_ids)) == NOTIFICATIONS
    assert set(message_ids) == {n.message_id for n in notifications}
    assert sorted(m["To"] for m in messages) == sorted(n.recipient.email for n in notifications)
    assert all(m.get_content_type() == "multipart/alternative" for m in messages)
