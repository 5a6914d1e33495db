"""Progress reports from long streamed responses to gunicorn's arbiter.

gunicorn's sync workers prove they are alive only between requests, so a
response that streams for longer than `timeout` gets its worker killed midway,
even while it is making progress. gunicorn.conf.py installs the worker's
`notify` here (post_worker_init); a streaming view calls `beat()` after each
chunk it produces. A stuck request still stops beating and is killed on time.
Outside gunicorn (tests, runserver, Celery) `beat()` does nothing.
"""

from __future__ import annotations

from collections.abc import Callable

_notify: Callable[[], None] | None = None


def install(notify: Callable[[], None]) -> None:
    """Called once per gunicorn worker with that worker's heartbeat."""
    global _notify
    _notify = notify


def beat() -> None:
    """Tell the arbiter this worker is still making progress."""
    if _notify is not None:
        _notify()
