"""Background jobs of the channel connections (scheduled in smartstock/celery.py)."""

from __future__ import annotations

import logging

from celery import shared_task

from .models import ChannelAccount
from .services import push as push_services
from .services import sync as sync_services

logger = logging.getLogger(__name__)


@shared_task(name="channel_sync.tasks.channel_sync_due_task",
             soft_time_limit=50, time_limit=60)
def channel_sync_due_task() -> int:
    """Queue a sync for every account that is due (every minute, cheap)."""
    due = sync_services.accounts_due()
    for account_id in due:
        channel_sync_account_task.delay(account_id)
    return len(due)


@shared_task(name="channel_sync.tasks.channel_sync_account_task",
             soft_time_limit=14 * 60, time_limit=15 * 60)
def channel_sync_account_task(account_id: int) -> str:
    """Sync one account, then push its stock if that is on; idempotent."""
    try:
        run = sync_services.account_sync(account_id=account_id)
    except sync_services.SyncBusy:
        return "busy"  # another worker is syncing it; the lock expires if it died
    account = ChannelAccount.objects.select_related("organization").get(pk=account_id)
    if account.push_enabled and not account.push_dry_run:
        push_services.stock_push_run(organization=account.organization, account=account)
    return run.status


@shared_task(name="channel_sync.tasks.channel_stock_push_task",
             soft_time_limit=50, time_limit=60)
def channel_stock_push_task() -> int:
    """Push changed quantities of every account with stock push on."""
    sent = 0
    for account in ChannelAccount.objects.filter(
            push_enabled=True, push_dry_run=False,
            status=ChannelAccount.Status.ACTIVE).select_related("organization"):
        try:
            sent += push_services.stock_push_run(organization=account.organization,
                                                 account=account).sent
        except Exception:  # one account's failure must not stop the others
            logger.exception("Stock push of account %s failed", account.pk)
    return sent
