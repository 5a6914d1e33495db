"""Retrying a whole stock transaction after a MySQL/MariaDB deadlock."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, transaction

# The package's logger name, unchanged by the split into modules.
logger = logging.getLogger("inventory.services.stock")

T = TypeVar("T")

# MySQL/MariaDB: 1213 deadlock, 1205 lock wait timeout. Both are safe to retry
# because the whole transaction was rolled back.
_RETRYABLE_MYSQL_ERRORS = {1213, 1205}
MAX_ATTEMPTS = 5


def with_deadlock_retry(func: Callable[[], T]) -> T:
    """Run `func` (which opens its own transaction), retrying MySQL deadlocks."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return func()
        except OperationalError as error:
            code = error.args[0] if error.args else None
            in_outer = transaction.get_connection().in_atomic_block
            if (
                code not in _RETRYABLE_MYSQL_ERRORS
                or in_outer
                or attempt == MAX_ATTEMPTS
            ):
                raise
            logger.warning(
                "Retrying %s after MySQL error %s", getattr(func, "__qualname__", func), code
            )
            time.sleep(0.01 * attempt)
    raise AssertionError("unreachable")
