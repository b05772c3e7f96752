"""An e-mail backend that counts how often a connection is opened (locmem otherwise)."""

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

opened: list[int] = []


class EmailBackend(LocmemBackend):
    def open(self):
        opened.append(1)
        return True

    def send_messages(self, messages):
        if not getattr(self, "_is_open", False):  # like the SMTP backend: open once, reuse
            self.open()
            self._is_open = True
        return super().send_messages(messages)

    def close(self):
        self._is_open = False
