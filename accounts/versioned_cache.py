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

import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


class VersionedCache:
    """`scope_of(instance)` may name the part of the data a saved row belongs to (say, its
    municipality), so that a change there makes only that part's values stale; None (or no
    `scope_of`) makes everything stale."""

    def __init__(self, name: str, *, timeout: int, scope_of: Callable[[Any], Any] | None = None):
        self.name = name
        self.timeout = timeout
        self.scope_of = scope_of
        self.version_key = self._version_key(None)
        self._local = threading.local()  # the scopes changed in this thread's open transaction

    def _version_key(self, scope) -> str:
        return f"{self.name}:version" if scope is None else f"{self.name}:version:{scope}"

    def _key(self, key: str) -> str:
        return f"{self.name}:{key}"

    def _current_version(self, version_key: str) -> str:
        version = cache.get(version_key)
        if version is None:
            # A first request, or the version was evicted: start a new one (never "no version",
            # which a value computed before an eviction would also carry).
            cache.add(version_key, uuid.uuid4().hex, timeout=None)
            version = cache.get(version_key)
        return version

    def get(self, key: str, *, scope=None) -> tuple[Any, str]:
        """The value cached under `key` for the current version (of everything, and of `scope`)
        or None, and the version to `set` a freshly computed value under. One round trip to the
        cache when it is there."""
        version_keys = [self.version_key]
        if scope is not None:
            version_keys.append(self._version_key(scope))
        found = cache.get_many([*version_keys, self._key(key)])
        version = ":".join(found.get(k) or self._current_version(k) for k in version_keys)
        stored = found.get(self._key(key))
        if stored is not None and stored[0] == version:
            return stored[1], version
        return None, version

    def set(self, key: str, version: str, value: Any) -> None:
        cache.set(self._key(key), (version, value), self.timeout)

    def new_version(self, scope=None) -> None:
        """The data (of `scope`, or all of it) changed: what was cached for it is stale."""
        cache.set(self._version_key(scope), uuid.uuid4().hex, timeout=None)

    def changed(self, instance=None, **kwargs) -> None:
        """Receiver for saves, deletes and many-to-many changes of a watched model."""
        if kwargs.get("raw"):  # loaddata
            return
        scope = self.scope_of(instance) if self.scope_of and instance is not None else None
        self.new_version(scope)
        self._local.__dict__.setdefault("pending", set()).add(scope)
        connection = transaction.get_connection()
        if not any(func == self._committed for _, func, _ in connection.run_on_commit):
            transaction.on_commit(self._committed)  # once per transaction, however many rows

    def _committed(self) -> None:
        for scope in self._local.__dict__.pop("pending", set()):
            self.new_version(scope)

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
