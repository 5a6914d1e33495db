"""One copilot world per test module (building it takes a few seconds)."""

from __future__ import annotations

import pytest
from django.db import transaction

from .world import TODAY, build_world


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch):
    monkeypatch.setattr("policy.selectors.clock.today", lambda: TODAY)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once per module inside a transaction rolled back after."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("policy.selectors.clock.today", lambda: TODAY)
        with django_db_blocker.unblock(), transaction.atomic():
            built = build_world()
            yield built
            transaction.set_rollback(True)
