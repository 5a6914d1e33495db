"""Per-organization data versions, and a cache for what is keyed on them.

A version is a counter in the shared cache, bumped whenever its data changes.
Reading it costs no database query, so a page can key a cached part on it
cheaply. It is bumped at once (a read later in the same transaction sees the
change) and again after commit (a reader that cached the old data under the
first bump, before the commit made the change visible to it, is superseded).
A missing counter (never bumped, or lost with the cache) starts from the clock,
so it never takes a value it had before.

``cached`` serves a value whose key holds every version it depends on: such a
key's value never changes, so besides the shared cache each process keeps the
few most recent ones in its own memory and answers them without a round trip.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.db import transaction

# Each web process keeps this many versioned values (page parts of a few to a
# few hundred KB) in memory.
LOCAL_ENTRIES = 48

_local: OrderedDict[str, tuple[float, Any]] = OrderedDict()
_lock = threading.Lock()
# The versions read during the current request (RequestVersionsMiddleware): a
# page reads the same counter for its menu, badge and content keys once.
_request_reads: ContextVar[dict[str, str] | None] = ContextVar(
    "smartstock_version_reads", default=None)


def version_key(name: str, organization_id: int) -> str:
    return f"{name}:version:{organization_id}"


def read(name: str, organization_id: int) -> str:
    """The current version of ``name`` for the organization."""
    key = version_key(name, organization_id)
    reads = _request_reads.get()
    if reads is not None and key in reads:
        return reads[key]
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key)
    if reads is not None:
        reads[key] = str(value)
    return str(value)


def bump(name: str, organization_id: int) -> None:
    """A change of ``name`` data: new version now and once more after commit."""
    key = version_key(name, organization_id)

    def increment() -> None:
        reads = _request_reads.get()
        if reads is not None:
            reads.pop(key, None)  # this request reads the new version from now on
        try:
            cache.incr(key)
        except ValueError:  # not set yet or evicted: start past any old value
            cache.set(key, time.time_ns(), None)

    increment()
    transaction.on_commit(increment)


def track(name: str, *models: str) -> None:
    """Bump ``name`` for the row's organization whenever a row of one of
    ``models`` ("app.Model") is saved or deleted; call from AppConfig.ready."""
    from django.db.models.signals import post_delete, post_save

    def changed(sender, instance, **kwargs) -> None:
        bump(name, instance.organization_id)

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(changed, sender=model, weak=False,
                           dispatch_uid=f"versions.{name}.{model}.{signal is post_save}")


def cached(key: str, compute: Callable[[], Any], timeout: int) -> Any:
    """The value under ``key`` (which must hold every version the value depends
    on): from this process's memory, else the shared cache, else ``compute()``."""
    now = time.monotonic()
    with _lock:
        hit = _local.get(key)
        if hit is not None and hit[0] > now:
            _local.move_to_end(key)
            return hit[1]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    with _lock:
        _local[key] = (now + timeout, value)
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return value


def clear_local() -> None:
    """Forget this process's copies (tests, after clearing the shared cache)."""
    with _lock:
        _local.clear()


class RequestVersionsMiddleware:
    """Each version is read from the cache once per request (then remembered
    for that request only; a bump during the request forgets it)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _request_reads.set({})
        try:
            return self.get_response(request)
        finally:
            _request_reads.reset(token)
