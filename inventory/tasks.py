"""Background jobs of the inventory app (scheduled in smartstock/celery.py)."""

from __future__ import annotations

import logging

from celery import shared_task

from accounts.models import Organization
from inventory.services.integrity import stock_verify

logger = logging.getLogger(__name__)


@shared_task(
    name="inventory.tasks.stock_verify_task",
    soft_time_limit=10 * 60,
    time_limit=15 * 60,
)
def stock_verify_task(organization_id: int | None = None) -> int:
    """Log an error for each cache that differs from its ledger; return the count.

    Read-only, so running it twice is harmless; repairs are a deliberate
    `manage.py verify_stock --fix`.
    """
    organization = None
    if organization_id is not None:
        organization = Organization.objects.filter(pk=organization_id).first()
        if organization is None:
            logger.warning(
                "stock_verify_task: organization %s is gone", organization_id
            )
            return 0
    mismatches = stock_verify(organization=organization)
    for mismatch in mismatches:
        logger.error(
            "Stock cache mismatch: %s %s (id %s) cached %s, ledger %s",
            mismatch.kind,
            mismatch.label,
            mismatch.object_id,
            mismatch.cached,
            mismatch.ledger,
        )
    return len(mismatches)
