"""Signals of the notifications app, for the apps above it.

`notification_sent(sender=Notification, notification, now)`: a notification's e-mail has just
been handed to the mail server, inside the transaction that marks it sent (an invitation's
`sent_at` follows it: `organizations/receivers.py`).
"""

from django.dispatch import Signal

notification_sent = Signal()
