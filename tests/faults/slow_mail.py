"""An e-mail backend for the worker-kill test: slow enough to kill a worker mid-batch.

Each message takes DELAY seconds (a mail server's round trip), then its Message-ID is appended
to the file EMAIL_FILE_PATH with one write(2), so a message counts as delivered exactly when the
line is there — also when the process is killed a moment later.
"""

import os
import time

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

DELAY = 0.01


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        fd = os.open(settings.EMAIL_FILE_PATH, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            for message in email_messages:
                time.sleep(DELAY)
                os.write(fd, f"{message.message()['Message-ID']}\n".encode())
        finally:
            os.close(fd)
        return len(email_messages)
