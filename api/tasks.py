"""Background work of the API: forgetting idempotency keys after 24 hours."""

from celery import shared_task


@shared_task(name="api.tasks.idempotency_purge_task", soft_time_limit=5 * 60,
             time_limit=6 * 60)
def idempotency_purge_task() -> int:
    """Delete remembered Idempotency-Key results older than 24 h (idempotent)."""
    from api.services import idempotency_purge

    return idempotency_purge()
