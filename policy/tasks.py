"""Background replenishment work (scheduled in smartstock/celery.py).

Thin tasks: ids in, one service call, idempotent. Time limits stay below the
broker's visibility timeout (settings.CELERY_BROKER_VISIBILITY_TIMEOUT).
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task

from accounts.models import Organization

logger = logging.getLogger(__name__)

SOFT_LIMIT = 9 * 60
HARD_LIMIT = 10 * 60


def _organization(organization_id: int) -> Organization | None:
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        logger.warning("Organization %s is gone", organization_id)
    return organization


@shared_task(name="policy.tasks.recommendations_refresh_task",
             soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)
def recommendations_refresh_task(organization_id: int) -> int:
    """Recompute the recommendations, then the alerts (both idempotent)."""
    from policy.services.dashboard import dashboard_refresh
    from policy.services.recommendations import recommendations_refresh
    from policy.signals import recommendations_refreshed

    organization = _organization(organization_id)
    if organization is None:
        return 0
    count = recommendations_refresh(organization=organization)
    dashboard_refresh(organization=organization)
    recommendations_refreshed.send(sender=None, organization_id=organization_id)
    return count


@shared_task(name="policy.tasks.order_sheet_email_task",
             soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)
def order_sheet_email_task(organization_id: int, day: str, token: str = "") -> str:
    """Email the order sheet of ``day`` once per (day, token); returns the status."""
    from policy.services.emails import order_sheet_email

    organization = _organization(organization_id)
    if organization is None:
        return "missing"
    row = order_sheet_email(organization=organization,
                            day=dt.date.fromisoformat(day), token=token)
    return row.status


@shared_task(name="policy.tasks.order_sheet_email_scheduled_task",
             soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)
def order_sheet_email_scheduled_task() -> int:
    """Beat entry: one order-sheet email per opted-in organization and day."""
    from policy.selectors import today
    from policy.services.emails import order_sheet_scheduled_organizations

    day = today().isoformat()
    organizations = order_sheet_scheduled_organizations()
    for organization in organizations:
        order_sheet_email_task.delay(organization.pk, day)
    return len(organizations)


@shared_task(name="policy.tasks.purchase_order_email_task",
             soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)
def purchase_order_email_task(order_id: int) -> str:
    """Email a sent purchase order to its supplier, once."""
    from policy.models import PurchaseOrder
    from policy.services.emails import purchase_order_email

    order = PurchaseOrder.objects.select_related("organization", "supplier") \
        .filter(pk=order_id).first()
    if order is None:
        return "missing"
    sent = purchase_order_email(order=order)  # None unless the order was sent
    return sent.status if sent is not None else f"not sent: {order.status}"
