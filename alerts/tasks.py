"""Background alert work: generation after every refresh, and the daily digest."""

from __future__ import annotations

import logging

from celery import shared_task

from accounts.models import Organization

logger = logging.getLogger(__name__)

SOFT_LIMIT = 9 * 60
HARD_LIMIT = 10 * 60


@shared_task(name="alerts.tasks.alerts_generate_task",
             soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)
def alerts_generate_task(organization_id: int) -> dict:
    """Raise, update and resolve the organization's alerts (idempotent)."""
    from alerts.services import alerts_generate

    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        logger.warning("alerts_generate_task: organization %s is gone",
                       organization_id)
        return {}
    result = alerts_generate(organization=organization)
    return {"created": result.created, "updated": result.updated,
            "resolved": result.resolved}


@shared_task(name="alerts.tasks.alerts_digest_task",
             soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)
def alerts_digest_task(organization_id: int | None = None, day: str = "") -> int:
    """Email each organization's open alerts once per day; returns emails handled."""
    import datetime as dt

    from alerts.services import alerts_digest_send
    from policy.selectors import today

    when = dt.date.fromisoformat(day) if day else today()
    organizations = Organization.objects.order_by("pk")
    if organization_id is not None:
        organizations = organizations.filter(pk=organization_id)
    handled = 0
    for organization in organizations:
        handled += alerts_digest_send(organization=organization, day=when) is not None
    return handled
