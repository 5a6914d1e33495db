"""Shared pieces of the tests that need real MariaDB/MySQL row locks.

SQLite serialises writers and ignores SELECT ... FOR UPDATE, so these tests
only mean something on MariaDB/MySQL: they run in `make test-mariadb` and are
skipped, with that reason, on SQLite.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

# `pytestmark = MARIADB_ONLY` in a module of such tests.
MARIADB_ONLY = [
    pytest.mark.mariadb,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "mysql",
        reason="runs in the MariaDB pass (make test-mariadb)",
    ),
]


def run_in_threads(count: int, work: Callable[[int], None]) -> None:
    """Start `count` threads together; each closes its own DB connection.

    The first exception of any thread is raised here, in the test's thread.
    """
    barrier = threading.Barrier(count)
    failures: list[BaseException] = []

    def target(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(index)
        except BaseException as error:  # noqa: BLE001 -- re-raised in the test thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a worker thread hung"
    if failures:
        raise failures[0]
