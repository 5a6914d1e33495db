"""Order data for the fakes: single records, and a generated mix for the
benchmark and the demo (paid, shipped, cancelled lines; sets; several pages)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from .cafe24 import FakeCafe24
from .coupang import FakeCoupang
from .naver import FakeNaver

KST = dt.timezone(dt.timedelta(hours=9))


def coupang_sheet(*, box: int, order_id: int, status: str, day: dt.date,
                  items: Sequence[tuple[int, str, int, int]]) -> dict[str, Any]:
    """items: (vendorItemId, externalVendorSkuCode, shippingCount, cancelCount)."""
    stamp = f"{day.isoformat()}T10:20:16"
    return {
        "shipmentBoxId": box, "orderId": order_id, "orderedAt": stamp, "paidAt": stamp,
        "status": status, "createdAt": day.isoformat(),
        "orderItems": [{
            "vendorItemId": vendor_item, "externalVendorSkuCode": sku,
            "shippingCount": count, "cancelCount": cancel, "holdCountForCancel": 0,
            "sellerProductName": sku, "sellerProductItemName": "", "canceled": False,
        } for vendor_item, sku, count, cancel in items]}


def naver_order(*, product_order_id: str, status: str, sku: str, quantity: int,
                changed: dt.datetime, product_id: int = 9000000001,
                item_no: int = 0) -> dict[str, Any]:
    return {
        "changed": changed,
        "order": {"orderId": product_order_id[:-2],
                  "paymentDate": changed.astimezone(KST).isoformat(
                      timespec="milliseconds")},
        "productOrder": {
            "productOrderId": product_order_id, "productOrderStatus": status,
            "quantity": quantity, "productId": product_id, "itemNo": item_no,
            "optionManageCode": sku, "productName": sku, "productOption": ""},
    }


def cafe24_order(*, order_id: str, day: dt.date,
                 items: Sequence[tuple[str, str, str, int]]) -> dict[str, Any]:
    """items: (order_status, custom_variant_code, variant_code, quantity)."""
    stamp = f"{day.isoformat()} 10:02:11"
    return {
        "order_id": order_id, "order_date": stamp, "payment_date": stamp,
        "items": [{
            "order_item_code": f"{order_id}-{index:02d}", "item_no": index,
            "order_status": status, "custom_variant_code": sku,
            "variant_code": variant, "product_no": 12, "quantity": quantity,
            "claim_quantity": 0, "product_name": sku, "option_value": "",
        } for index, (status, sku, variant, quantity) in enumerate(items, start=1)]}


COUPANG_STATES = (["FINAL_DELIVERY"] * 5 + ["DEPARTURE"] * 2 + ["ACCEPT", "INSTRUCT"])
NAVER_STATES = (["DELIVERED"] * 4 + ["PURCHASE_DECIDED"] * 2 + ["DELIVERING", "PAYED",
                "CANCELED"])
CAFE24_STATES = (["N40"] * 5 + ["N30", "N50", "N20", "C40"])


def populate(*, coupang: FakeCoupang | None, naver: FakeNaver | None,
             cafe24: FakeCafe24 | None, skus: Sequence[str], lines: int,
             now: dt.datetime, seed: int = 7, days: int = 5) -> dict[str, int]:
    """Spread `lines` order lines over the three fakes (about a third each).

    Returns the number of lines per channel. Quantities 1–3; about one line in
    nine cancelled; the SKUs given may include sets.
    """
    rng = random.Random(seed)
    fakes = [fake for fake in (coupang, naver, cafe24) if fake is not None]
    counts = {"coupang": 0, "naver": 0, "cafe24": 0}
    today = now.astimezone(KST).date()
    for index in range(lines):
        target = fakes[index % len(fakes)]
        sku = rng.choice(skus)
        quantity = rng.randint(1, 3)
        day = today - dt.timedelta(days=rng.randrange(days))
        if target is coupang:
            counts["coupang"] += 1
            status = rng.choice(COUPANG_STATES)
            cancel = quantity if rng.random() < 0.08 else 0
            coupang.sheets.append(coupang_sheet(
                box=610000000000 + index, order_id=23000000000000 + index,
                status=status, day=day,
                items=[(85000000000 + index, sku, quantity, cancel)]))
        elif target is naver:
            counts["naver"] += 1
            changed = now - dt.timedelta(seconds=rng.randrange(days * 86400 - 600) + 60)
            naver.orders[f"{2025100100000000 + index}"] = naver_order(
                product_order_id=f"{2025100100000000 + index}",
                status=rng.choice(NAVER_STATES), sku=sku, quantity=quantity,
                changed=changed)
        else:
            counts["cafe24"] += 1
            cafe24.orders.append(cafe24_order(
                order_id=f"{day:%Y%m%d}-{index:07d}", day=day,
                items=[(rng.choice(CAFE24_STATES), sku, f"P0000{index:07d}",
                        quantity)]))
    return counts
