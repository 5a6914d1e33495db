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
                  items: Sequence[tuple]) -> dict[str, Any]:
    """items: (vendorItemId, externalVendorSkuCode, shippingCount, cancelCount[,
    orderPrice]): with the line's paid amount, the item carries Coupang's money
    fields (salesPrice per unit, orderPrice for the line, discountPrice)."""
    stamp = f"{day.isoformat()}T10:20:16"
    return {
        "shipmentBoxId": box, "orderId": order_id, "orderedAt": stamp, "paidAt": stamp,
        "status": status, "createdAt": day.isoformat(),
        "orderItems": [_coupang_item(*item) for item in items]}


def _coupang_item(vendor_item: int, sku: str, count: int, cancel: int,
                  order_price: int | None = None) -> dict[str, Any]:
    item = {
        "vendorItemId": vendor_item, "externalVendorSkuCode": sku,
        "shippingCount": count, "cancelCount": cancel, "holdCountForCancel": 0,
        "sellerProductName": sku, "sellerProductItemName": "", "canceled": False,
    }
    if order_price is not None:
        item.update(salesPrice=order_price // max(count, 1), orderPrice=order_price,
                    discountPrice=None)
    return item


def naver_order(*, product_order_id: str, status: str, sku: str, quantity: int,
                changed: dt.datetime, product_id: int = 9000000001,
                item_no: int = 0, amount: int | None = None) -> dict[str, Any]:
    """With `amount` (the line's paid total) the productOrder carries Naver's
    money fields: unitPrice, totalProductAmount, productDiscountAmount and
    totalPaymentAmount."""
    money = {} if amount is None else {
        "unitPrice": amount // max(quantity, 1), "optionPrice": 0,
        "totalProductAmount": amount, "productDiscountAmount": 0,
        "totalPaymentAmount": amount}
    return {
        "changed": changed,
        "order": {"orderId": product_order_id[:-2],
                  "paymentDate": changed.astimezone(KST).isoformat(
                      timespec="milliseconds")},
        "productOrder": {
            "productOrderId": product_order_id, "productOrderStatus": status,
            "quantity": quantity, "productId": product_id, "itemNo": item_no,
            "optionManageCode": sku, "productName": sku, "productOption": "",
            **money},
    }


def cafe24_order(*, order_id: str, day: dt.date,
                 items: Sequence[tuple]) -> dict[str, Any]:
    """items: (order_status, custom_variant_code, variant_code, quantity[,
    payment_amount]): with the line's paid amount, the item carries Cafe24's
    money fields as its API sends them, decimal strings ("30000.00")."""
    stamp = f"{day.isoformat()} 10:02:11"
    return {
        "order_id": order_id, "order_date": stamp, "payment_date": stamp,
        "items": [_cafe24_item(order_id, index, *item)
                  for index, item in enumerate(items, start=1)]}


def _cafe24_item(order_id: str, index: int, status: str, sku: str, variant: str,
                 quantity: int, paid: int | None = None) -> dict[str, Any]:
    item = {
        "order_item_code": f"{order_id}-{index:02d}", "item_no": index,
        "order_status": status, "custom_variant_code": sku,
        "variant_code": variant, "product_no": 12, "quantity": quantity,
        "claim_quantity": 0, "product_name": sku, "option_value": "",
    }
    if paid is not None:
        item.update(product_price=f"{paid // max(quantity, 1)}.00",
                    option_price="0.00", payment_amount=f"{paid}.00",
                    coupon_discount_price="0.00")
    return item


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
