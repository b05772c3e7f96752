import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import Signal, receiver

# A staff role has just been given, inside the transaction that gives it:
# `staff_role_given.send(sender=MunicipalityMembership, membership=..., by=..., now=...)`.
# The notifications app tells the municipality's coordinators (`notifications/receivers.py`);
# accounts, the floor below it, does not import it.
staff_role_given = Signal()


@receiver(user_logged_in)
def start_the_idle_clock(sender, request, user, **kwargs):
    """Signing in counts as activity, so the first pages after it cause no session write."""
    from accounts.middleware import IdleTimeoutMiddleware

    if request is not None and hasattr(request, "session"):
        request.session[IdleTimeoutMiddleware.SESSION_KEY] = int(time.time())


@receiver(user_logged_in)
def keep_the_access_ready(sender, request, user, **kwargs):
    """Signing in reads the roles and the two-factor state once and keeps them in the cache
    (accounts.middleware.CachedAccessMiddleware), so that the first page after it costs what
    every later page does."""
    from accounts.middleware import CachedAccessMiddleware

    CachedAccessMiddleware.prime(user)


# Something in accounts must reach a person through the outbox (staff management: a changed or
# lapsing role). `notification_wanted.send(sender=..., recipient=..., kind=..., subject=...,
# due_at=..., context=...)`; the notifications app schedules it (`notifications/receivers.py`).
notification_wanted = Signal()

# The same for somebody who has no account yet (a staff invitation): `sender=..., email=...,
# language=..., kind=..., subject=..., due_at=..., context=...`.
notification_to_address_wanted = Signal()
