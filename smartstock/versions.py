"""Per-organization data versions kept in the cache, for cache keys.

A version is a counter bumped whenever its data changes. Reading it costs no
database query, so a page can key a cached fragment on it cheaply. It is
bumped at once (a read later in the same transaction sees the change) and again
after commit (a reader that cached the old data under the first bump, before
the commit made the change visible to it, is superseded). An evicted counter
restarts past any value it had, from the clock.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction


def version_key(name: str, organization_id: int) -> str:
    return f"{name}:version:{organization_id}"


def read(name: str, organization_id: int) -> str:
    """The current version (``"0"`` before the first change)."""
    return str(cache.get(version_key(name, organization_id), 0))


def bump(name: str, organization_id: int) -> None:
    """A change of ``name`` data: new version now and once more after commit."""
    key = version_key(name, organization_id)

    def increment() -> None:
        try:
            cache.incr(key)
        except ValueError:  # not set yet or evicted: start past any old value
            cache.set(key, time.time_ns(), None)

    increment()
    transaction.on_commit(increment)
