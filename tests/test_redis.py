"""Real round trips through Redis: Django's cache and the Celery broker.

Skipped with a reason when settings.TEST_REDIS_URL does not answer; under CI
(CI set) that is a failure instead, so the pass cannot go green by skipping.
"""
from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
from celery import Celery, signals
from celery.app.log import Logging
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.conf import settings as django_settings
from django.core.cache import cache

from inventory.models import Product
from inventory.services.stock import movement_record
from inventory.tasks import stock_verify_task
from smartstock.celery import app as celery_app
from tests.factories import TODAY, ProductFactory

pytestmark = pytest.mark.redis


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = django_settings.TEST_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2).ping()
    except redis.RedisError as error:
        message = f"Redis at TEST_REDIS_URL={url} does not answer ({error})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def raw_redis(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


def test_django_redis_cache_round_trip(settings, raw_redis, redis_url) -> None:
    """The settings' backend (one shared Redis client, smartstock/cache.py)."""
    prefix = f"smartstock-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "smartstock.cache.SharedClientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    try:
        cache.set("greeting", {"text": "안녕하세요", "units": 3}, timeout=60)
        assert cache.get("greeting") == {"text": "안녕하세요", "units": 3}
        assert cache.add("greeting", "other") is False
        cache.set("counter", 1, timeout=60)
        assert cache.incr("counter", 4) == 5
        # The value really lives in Redis, with its expiry.
        assert raw_redis.exists(f"{prefix}:1:greeting") == 1
        assert 0 < raw_redis.ttl(f"{prefix}:1:greeting") <= 60
        cache.delete("greeting")
        assert cache.get("greeting") is None
        # One client per pool, not one per operation.
        client = cache._cache.get_client()
        assert cache._cache.get_client(write=True) is client
        assert cache.get_many(["counter"]) == {"counter": 5}
    finally:
        cache.delete_many(["greeting", "counter"])
    assert raw_redis.keys(f"{prefix}:*") == []


@contextmanager
def _celery_on_redis(app: Celery, url: str) -> Iterator[None]:
    """Point `app` at the test Redis, then put every setting back as it was."""
    overrides = {
        "broker_url": url,
        "result_backend": url,
        "task_always_eager": False,
        "broker_connection_retry_on_startup": False,
    }
    saved = {name: app.conf.get(name) for name in overrides}
    # Without this receiver Celery would reconfigure the root logger (level,
    # handlers) for the rest of the test session.
    keep_logging = _ignore_setup_logging
    logging_was_set_up = Logging._setup
    signals.setup_logging.connect(keep_logging)
    app.conf.update(overrides)
    _forget_connections(app)
    try:
        yield
    finally:
        app.conf.update(saved)
        _forget_connections(app)
        signals.setup_logging.disconnect(keep_logging)
        Logging._setup = logging_was_set_up


def _ignore_setup_logging(**kwargs) -> None:
    """Receiver whose presence tells Celery to leave logging alone."""


def _forget_connections(app: Celery) -> None:
    # Celery caches the broker pool and result backend of the URL first used;
    # drop them so the next use follows the current configuration.
    app._pool = None
    if "amqp" in app.__dict__:  # a cached_property, only once it was used
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local = threading.local()


@pytest.fixture
def redis_worker(redis_url: str, transactional_db) -> Iterator[Celery]:
    """A real Celery worker thread consuming from the test Redis."""
    import celery.contrib.testing.tasks  # noqa: F401 -- registers celery.ping

    with _celery_on_redis(celery_app, redis_url):
        celery_app.control.purge()
        with start_worker(celery_app, pool="solo", perform_ping_check=True):
            yield celery_app
    assert celery_app.conf.task_always_eager is True


def test_stock_verify_task_runs_on_a_real_worker_through_redis(
    redis_worker, organization
) -> None:
    product = ProductFactory(organization=organization)
    movement_record(
        organization=organization, user=None, product=product,
        kind="inbound", quantity=7, business_date=TODAY,
    )
    result = stock_verify_task.delay(organization.pk)
    assert not isinstance(result, EagerResult)
    assert result.get(timeout=30) == 0
    assert result.successful()
    result.forget()

    # A cache that no longer matches its ledger is found by the worker too.
    Product.objects.filter(pk=product.pk).update(on_hand=99)
    result = stock_verify_task.delay(organization.pk)
    assert result.get(timeout=30) == 1
    result.forget()
