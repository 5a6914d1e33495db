"""smartstock.versions: counters for cache keys and the two-level cache."""

from __future__ import annotations

from django.core.cache import cache

from smartstock import versions


def test_bump_changes_the_version_and_a_lost_counter_never_repeats_one(db):
    first = versions.read("things", 7)
    assert versions.read("things", 7) == first  # stable until a change
    versions.bump("things", 7)
    bumped = versions.read("things", 7)
    assert bumped != first
    cache.clear()  # the counter is lost (eviction, Redis restart)
    assert versions.read("things", 7) not in {first, bumped}


def test_bump_inside_a_transaction_applies_at_once_and_after_commit(
        db, django_capture_on_commit_callbacks):
    before = versions.read("things", 1)
    with django_capture_on_commit_callbacks(execute=True):
        versions.bump("things", 1)
        during = versions.read("things", 1)
    after = versions.read("things", 1)
    assert len({before, during, after}) == 3


def test_cached_computes_once_and_serves_from_this_process():
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    assert versions.cached("k:1", compute, 60) == {"n": 1}
    assert versions.cached("k:1", compute, 60) == {"n": 1}
    cache.clear()  # the shared copy is gone: this process still has it
    assert versions.cached("k:1", compute, 60) == {"n": 1}
    assert len(calls) == 1
    versions.clear_local()  # another process: reads the shared cache, else computes
    assert versions.cached("k:1", compute, 60) == {"n": 2}
    assert versions.cached("k:2", compute, 60) == {"n": 3}


def test_cached_keeps_only_the_most_recent_entries(monkeypatch):
    monkeypatch.setattr(versions, "LOCAL_ENTRIES", 2)
    for key in ("a", "b", "c"):
        versions.cached(key, lambda key=key: key, 60)
    cache.clear()
    assert versions.cached("a", lambda: "recomputed", 60) == "recomputed"
    assert versions.cached("c", lambda: "recomputed", 60) == "c"


def test_a_request_reads_each_version_once_and_sees_its_own_bumps(db):
    from unittest import mock

    seen = []

    def view(request):
        first = versions.read("things", 3)
        with mock.patch.object(cache, "get", side_effect=AssertionError("re-read")):
            assert versions.read("things", 3) == first  # remembered
        versions.bump("things", 3)
        seen.append((first, versions.read("things", 3)))
        return "response"

    assert versions.RequestVersionsMiddleware(view)(object()) == "response"
    first, after_bump = seen[0]
    assert after_bump != first
    assert versions._request_reads.get() is None  # nothing outlives the request
