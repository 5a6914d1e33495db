"""An order line the ledger refuses (dated after today, more than 1,000,000
units) is reported and skipped; the rest of the sync goes on."""

import datetime as dt

from django.utils import timezone

from channel_sync.fakes.scenario import coupang_sheet
from channel_sync.models import ChannelOrderLine, SyncRun
from channel_sync.services.sync import account_sync
from inventory.models import StockMovement

TODAY = timezone.localdate()


def _sheet(box, day=TODAY, count=1):
    return coupang_sheet(box=box, order_id=box * 10, status="FINAL_DELIVERY", day=day,
                         items=[(101, "SS-TEE-BK-M", count, 0)])


def test_a_huge_quantity_is_a_rejected_line_not_a_crashed_sync(coupang_account,
                                                               fake_coupang, stocked):
    tee = stocked("SS-TEE-BK-M")
    fake_coupang.sheets += [_sheet(1), _sheet(2, count=10**20),
                            _sheet(3, count=1_000_001), _sheet(4)]
    run = account_sync(account_id=coupang_account.pk)
    assert run.status == SyncRun.Status.OK, run.error
    reasons = {detail["ref"]: detail["reason"] for detail in run.details}
    assert "larger than the maximum of 1,000,000" in reasons["2/101"]
    assert "larger than the maximum of 1,000,000" in reasons["3/101"]
    assert not ChannelOrderLine.objects.filter(key__in=["2:101", "3:101"]).exists()
    tee.refresh_from_db()
    assert tee.on_hand == 98  # boxes 1 and 4


def test_a_line_dated_after_today_waits_with_the_ledgers_reason(coupang_account,
                                                                fake_coupang, stocked):
    tee = stocked("SS-TEE-BK-M")
    skewed = _sheet(2)  # created today, but its payment stamped tomorrow
    skewed["paidAt"] = f"{TODAY + dt.timedelta(days=1)}T00:10:00"
    fake_coupang.sheets += [_sheet(1), skewed]
    run = account_sync(account_id=coupang_account.pk)
    assert run.status == SyncRun.Status.OK, run.error
    # (reported by the page and again by the retry of waiting lines)
    assert {detail["ref"] for detail in run.details} == {"2:101"}
    assert run.details[0]["reason"] == (
        f"{TODAY + dt.timedelta(days=1)} is after today ({TODAY}): nothing can "
        "have moved on that day yet. Check the date.")
    waiting = ChannelOrderLine.objects.get(key="2:101")
    assert waiting.recorded_quantity == 0  # kept, recorded when it is valid
    assert StockMovement.objects.filter(source="channel_sync").count() == 1
    tee.refresh_from_db()
    assert tee.on_hand == 99
