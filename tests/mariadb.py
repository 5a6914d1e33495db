"""Shared pieces of the tests that need real MariaDB/MySQL row locks.

SQLite serialises writers and ignores SELECT ... FOR UPDATE, so these tests
only mean something on MariaDB/MySQL: they run in `make test-mariadb` and are
skipped, with that reason, on SQLite.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import connection

T = TypeVar("T")

# `pytestmark = MARIADB_ONLY` in a module of such tests.
MARIADB_ONLY = [
    pytest.mark.mariadb,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "mysql",
        reason="runs in the MariaDB pass (make test-mariadb)",
    ),
]


def in_threads(
    count: int, work: Callable[[int], T]
) -> tuple[list[T | None], list[BaseException]]:
    """Run `work(i)` in `count` threads started together; each closes its own
    DB connection. Returns each call's result (None where it raised) and the
    exceptions raised, for tests that inspect them."""
    barrier = threading.Barrier(count)
    results: list[T | None] = [None] * count
    failures: list[BaseException] = []

    def target(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except BaseException as error:  # noqa: BLE001 -- returned to the test
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a worker thread hung"
    return results, failures


def run_in_threads(count: int, work: Callable[[int], T]) -> list[T | None]:
    """`in_threads`, raising the first exception of any thread in the test's thread."""
    results, failures = in_threads(count, work)
    if failures:
        raise failures[0]
    return results


def errors_together(works: list[Callable[[], object]]) -> list[BaseException]:
    """Run the calls in threads started together; returns their exceptions."""
    return in_threads(len(works), lambda index: works[index]())[1]
