"""The beat jobs: due accounts are synced once per interval; push runs."""

from django.utils import timezone

from channel_sync.fakes.scenario import coupang_sheet
from channel_sync.models import ChannelAccount, SyncRun
from channel_sync.tasks import channel_stock_push_task, channel_sync_due_task


def test_due_accounts_are_synced_once_per_interval(coupang_account, fake_coupang,
                                                   stocked, settings):
    stocked("SS-TEE-BK-M")
    fake_coupang.sheets.append(coupang_sheet(
        box=1, order_id=1, status="DELIVERING", day=timezone.localdate(),
        items=[(101, "SS-TEE-BK-M", 1, 0)]))
    assert channel_sync_due_task() == 1
    assert SyncRun.objects.filter(account=coupang_account, status="ok").count() == 1
    assert channel_sync_due_task() == 0  # synced less than 10 minutes ago
    settings.CHANNEL_SYNC_INTERVAL_MINUTES = 0
    ChannelAccount.objects.filter(pk=coupang_account.pk).update(status="paused")
    assert channel_sync_due_task() == 0  # paused accounts wait


def test_push_task_sends_only_for_accounts_with_push_on(coupang_account, fake_coupang,
                                                        stocked, organization):
    from inventory.models import ChannelListing

    tee = stocked("SS-TEE-BK-M", 7)
    ChannelListing.objects.create(organization=organization,
                                  channel=coupang_account.channel, code="555",
                                  product=tee)
    assert channel_stock_push_task() == 0 and fake_coupang.stock == {}
    ChannelAccount.objects.filter(pk=coupang_account.pk).update(
        push_enabled=True, push_dry_run=False)
    assert channel_stock_push_task() == 1 and fake_coupang.stock == {"555": 7}
    assert channel_stock_push_task() == 0  # unchanged: not sent again
