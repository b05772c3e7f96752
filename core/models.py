"""Field groups many models share, written once (abstract: each model keeps its own table and its
columns; inheriting from these changes nothing in the database)."""

import uuid

from django.db import models


class Timestamped(models.Model):
    """When the row was made and when it was last saved."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WithUuid(models.Model):
    """A stable id that may leave the portal (calendar UIDs, the open-data APIs) without telling
    how many rows there are."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
