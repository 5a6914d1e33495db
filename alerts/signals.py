"""Every saved alert gives the alert centre's cache a new key after commit."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction


def bump_alerts_version(sender, instance, **kwargs) -> None:
    from alerts.selectors import version_counter_key

    key = version_counter_key(instance.organization_id)

    def bump() -> None:
        try:
            cache.incr(key)
        except ValueError:  # not set yet or evicted: start past any old value
            cache.set(key, time.time_ns(), None)

    transaction.on_commit(bump)
