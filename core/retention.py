"""The nightly purge (referrals.services.retention_purge) asks each app that keeps data of its
own past its time to delete it, without importing that app: the app connects a receiver.

A receiver gets `cutoff(municipality_id, setting) -> datetime`, the moment before which that
municipality's rows of the data type are past their retention, and returns a dict of counts."""

from django.dispatch import Signal

retention_due = Signal()
