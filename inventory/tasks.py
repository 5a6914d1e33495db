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


@shared_task(
    name="inventory.tasks.upload_parse_task",
    # 20,000 rows parse in seconds; past these limits the batch is failed (the
    # soft limit in upload_parse, the hard one by uploads_upkeep_task).
    soft_time_limit=4 * 60,
    time_limit=5 * 60,
)
def upload_parse_task(batch_id: int) -> str:
    """Parse a stored upload into its preview; a batch already applied is left alone."""
    from inventory.services.imports import upload_parse

    return upload_parse(batch_id=batch_id).status


@shared_task(
    name="inventory.tasks.uploads_upkeep_task",
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def uploads_upkeep_task() -> tuple[int, int]:
    """Fail uploads stuck by a dead worker; delete old failed uploads' bytes."""
    from inventory.services.import_upkeep import (
        uploads_fail_stale,
        uploads_purge_failed_content,
    )

    return uploads_fail_stale(), uploads_purge_failed_content()


@shared_task(
    name="inventory.tasks.upload_apply_task",
    soft_time_limit=30 * 60,
    time_limit=35 * 60,
)
def upload_apply_task(
    batch_id: int, user_id: int | None, allow_duplicate: bool = False
) -> str:
    """Apply a claimed upload; only a batch still 'applying' is written (idempotent)."""
    from accounts.models import User
    from inventory.services.import_apply import upload_apply_run

    user = User.objects.filter(pk=user_id).first() if user_id else None
    return upload_apply_run(
        batch_id=batch_id, user=user, allow_duplicate=allow_duplicate
    ).status
