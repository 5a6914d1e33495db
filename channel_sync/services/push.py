"""Push available quantities to a channel: only changes, batched, rate-limited.

All three channels take an absolute quantity, so a retried or repeated push is
safe. Off by default per account; in dry-run mode nothing is sent (the Stock
push page shows the plan).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from accounts.models import Organization

from .. import selectors
from ..connectors.http import ChannelAuthError, ChannelError
from ..models import ChannelAccount, StockPush
from . import accounts as account_services


@dataclass(frozen=True)
class PushResult:
    sent: int
    failed: int
    remaining: int


def _pause(seconds: float) -> None:  # module level so tests need not wait
    time.sleep(seconds)


def stock_push_run(*, organization: Organization, account: ChannelAccount,
                   connector=None) -> PushResult:
    """Send the changed quantities (at most CHANNEL_PUSH_BATCH per call)."""
    if account.organization_id != organization.pk:
        raise ChannelAccount.DoesNotExist
    if (not account.push_enabled or account.push_dry_run
            or account.status != ChannelAccount.Status.ACTIVE):
        return PushResult(0, 0, 0)
    changed = [item for item in selectors.push_plan(organization=organization,
                                                    account=account) if item.changed]
    batch, rest = changed[:settings.CHANNEL_PUSH_BATCH], changed[
        settings.CHANNEL_PUSH_BATCH:]
    connector = connector or account_services.connector_for(account)
    sent = failed = 0
    pushed = dict(account.pushed)
    for index, item in enumerate(batch):
        if index:
            _pause(settings.CHANNEL_PUSH_INTERVAL_SECONDS)
        try:
            connector.push_stock(code=item.code, quantity=item.quantity)
        except ChannelAuthError as error:
            account_services.account_paused_for_auth(account=account, reason=str(error))
            StockPush.objects.create(organization=organization, account=account,
                                     product=item.product, code=item.code,
                                     quantity=item.quantity,
                                     status=StockPush.Status.FAILED,
                                     message=str(error)[:300])
            failed += 1
            break
        except ChannelError as error:
            StockPush.objects.create(organization=organization, account=account,
                                     product=item.product, code=item.code,
                                     quantity=item.quantity,
                                     status=StockPush.Status.FAILED,
                                     message=str(error)[:300])
            failed += 1
            continue
        pushed[item.code] = item.quantity
        StockPush.objects.create(organization=organization, account=account,
                                 product=item.product, code=item.code,
                                 quantity=item.quantity, status=StockPush.Status.SENT)
        sent += 1
    with transaction.atomic():
        locked = ChannelAccount.objects.select_for_update().get(pk=account.pk)
        locked.pushed = {**locked.pushed, **pushed}
        locked.save(update_fields=["pushed"])
    account.pushed = pushed
    return PushResult(sent, failed, len(rest) + (len(batch) - sent - failed))
