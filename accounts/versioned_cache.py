"""Cached results that go stale the moment the data behind them changes.

A `VersionedCache` stores each value with the version of its data it was computed under. Saving
or deleting a watched model (and changing a watched many-to-many relation) sets a new version,
so the next request computes afresh. The version changes both at once (so the change is visible
to the request that follows) and again when the transaction commits (so a request that read the
old rows between the save and the commit cannot keep them cached). `.update()` and
`bulk_create()` send no signals: each cache's `timeout` is the safety net for those.

Used by the public directories (organizations/public_cache.py) and the coordinator's start-page
panels (dashboard/views.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


class VersionedCache:
    def __init__(self, name: str, *, timeout: int):
        self.name = name
        self.timeout = timeout
        self.version_key = f"{name}:version"

    def _key(self, key: str) -> str:
        return f"{self.name}:{key}"

    def _current_version(self) -> str:
        version = cache.get(self.version_key)
        if version is None:
            # A first request, or the version was evicted: start a new one (never "no version",
            # which a value computed before an eviction would also carry).
            cache.add(self.version_key, uuid.uuid4().hex, timeout=None)
            version = cache.get(self.version_key)
        return version

    def get(self, key: str) -> tuple[Any, str]:
        """The value cached under `key` for the current version (or None), and the version to
        `set` a freshly computed value under. One round trip to the cache when it is there."""
        found = cache.get_many([self.version_key, self._key(key)])
        version = found.get(self.version_key) or self._current_version()
        stored = found.get(self._key(key))
        if stored is not None and stored[0] == version:
            return stored[1], version
        return None, version

    def set(self, key: str, version: str, value: Any) -> None:
        cache.set(self._key(key), (version, value), self.timeout)

    def new_version(self) -> None:
        """The data changed: every value cached so far is stale from now on."""
        cache.set(self.version_key, uuid.uuid4().hex, timeout=None)

    def changed(self, **kwargs) -> None:
        """Receiver for saves, deletes and many-to-many changes of a watched model."""
        if kwargs.get("raw"):  # loaddata
            return
        self.new_version()
        connection = transaction.get_connection()
        if not any(func == self.new_version for _, func, _ in connection.run_on_commit):
            transaction.on_commit(self.new_version)  # once per transaction, however many rows

    def watch(self, watched: Iterable[type[models.Model]], *, with_relations_of=()) -> None:
        """Go stale when one of `watched` is saved or deleted, or a many-to-many relation of
        one of `with_relations_of` changes."""
        for model in watched:
            uid = f"{self.name}:{model._meta.label}"
            post_save.connect(self.changed, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(self.changed, sender=model, dispatch_uid=f"{uid}:delete")
        for model in with_relations_of:
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(
                    self.changed, sender=through, dispatch_uid=f"{self.name}:{through._meta.label}"
                )
