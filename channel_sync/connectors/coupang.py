"""Coupang Wing Open API: HMAC `CEA` signing, order sheets, returns, stock push.

Order sheets have no "changed since" cursor: each run re-reads the days from
the watermark minus a look-back (status changes of older orders show up
there), one status per call, `nextToken` paging (empty on the last page).
Returns after dispatch come from `returnRequests` (status CC, 반품완료).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import urllib.parse
from collections.abc import Iterator
from typing import Any

from .http import ChannelRequestError, HttpClient
from .types import (
    ITEM_NOT_OBJECT,
    KST,
    MISSING_FIELD,
    MORE_THAN,
    RECEIPT_NOT_OBJECT,
    UNKNOWN_STATUS,
    ChannelLine,
    LineRejected,
    LineState,
    Page,
    Reject,
    amount,
    parse_date,
    quantity,
    require,
    text,
)

BASE_URL = "https://api-gateway.coupang.com"

# Status table (README "Channel status table"): which order-sheet status does what.
STATUS_STATE = {
    "ACCEPT": LineState.RESERVED,  # 결제완료: paid, to be picked
    "INSTRUCT": LineState.RESERVED,  # 상품준비중: being prepared
    "DEPARTURE": LineState.SHIPPED,  # 배송지시: handed to the carrier
    "DELIVERING": LineState.SHIPPED,
    "FINAL_DELIVERY": LineState.SHIPPED,
    "NONE_TRACKING": LineState.SHIPPED,  # seller ships it directly
}
ORDER_STATUSES = tuple(STATUS_STATE)
RETURN_DONE = "CC"  # 반품완료: the goods are back


def authorization_header(
    *,
    method: str,
    path: str,
    query: str,
    access_key: str,
    secret_key: str,
    signed_date: str,
) -> str:
    """The `Authorization` header: HMAC-SHA256 (hex) of date+METHOD+path+query."""
    message = f"{signed_date}{method.upper()}{path}{query}"
    signature = hmac.new(
        secret_key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    return (
        f"CEA algorithm=HmacSHA256, access-key={access_key}, "
        f"signed-date={signed_date}, signature={signature}"
    )


def signed_date_for(moment: dt.datetime) -> str:
    """`yyMMdd'T'HHmmss'Z'` in UTC."""
    return moment.astimezone(dt.UTC).strftime("%y%m%dT%H%M%SZ")


class CoupangConnector:
    kind = "coupang"

    def __init__(
        self,
        *,
        vendor_id: str,
        access_key: str,
        secret_key: str,
        client: HttpClient,
        base_url: str = "",
        api_version: str = "v4",
        lookback_days: int = 7,
        initial_days: int = 7,
        page_size: int = 50,
        clock=None,
    ) -> None:
        self.vendor_id = vendor_id
        self.access_key = access_key
        self.secret_key = secret_key
        self.client = client
        self.base_url = (base_url or BASE_URL).rstrip("/")
        self.api_version = api_version
        self.lookback_days = lookback_days
        self.initial_days = initial_days
        self.page_size = min(page_size, 50)
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    # -- transport -----------------------------------------------------------
    def _call(self, method: str, path: str, params: list[tuple[str, str]] | None = None,
              ) -> Any:
        query = urllib.parse.urlencode(params or [])

        def headers() -> dict[str, str]:
            return {
                "Authorization": authorization_header(
                    method=method, path=path, query=query,
                    access_key=self.access_key, secret_key=self.secret_key,
                    signed_date=signed_date_for(self.clock()),
                ),
                "Content-Type": "application/json;charset=UTF-8",
                "X-Requested-By": self.vendor_id,
            }

        url = f"{self.base_url}{path}" + (f"?{query}" if query else "")
        # Coupang's 500 is usually a malformed request: retried once at most.
        return self.client.request(method, url, headers=headers,
                                   max_5xx_attempts=2).json()

    def _orders_path(self) -> str:
        return (f"/v2/providers/openapi/apis/api/{self.api_version}/vendors/"
                f"{self.vendor_id}/ordersheets")

    def _returns_path(self) -> str:
        return (f"/v2/providers/openapi/apis/api/{self.api_version}/vendors/"
                f"{self.vendor_id}/returnRequests")

    # -- calls ---------------------------------------------------------------
    def test_connection(self) -> None:
        today = self.clock().astimezone(KST).date().isoformat()
        self._call("GET", self._orders_path(), [
            ("createdAtFrom", today), ("createdAtTo", today),
            ("maxPerPage", "1"), ("status", "ACCEPT")])

    def push_stock(self, *, code: str, quantity: int) -> None:
        path = (f"/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/"
                f"{code}/quantities/{quantity}")
        body = self._call("PUT", path)
        if not isinstance(body, dict) or body.get("code") != "SUCCESS":
            raise ChannelRequestError(f"Coupang refused the quantity: {body!r:.200}")

    def pages(self, *, cursor: dict | None, watermark: dt.datetime | None,
              ) -> Iterator[Page]:
        """Every page from `cursor` (or a new window) to the end of the window."""
        now = self.clock()
        if cursor:
            start, end = cursor["from"], cursor["to"]
            step, token = cursor["step"], cursor.get("token", "")
        else:
            since = watermark or now - dt.timedelta(days=self.initial_days)
            start_date = (since - dt.timedelta(days=self.lookback_days)).astimezone(KST)
            today = now.astimezone(KST).date()
            start = max(start_date.date(), today - dt.timedelta(days=30)).isoformat()
            end, step, token = today.isoformat(), 0, ""
        steps = [*ORDER_STATUSES, RETURN_DONE]
        while step < len(steps):
            status = steps[step]
            params = [("createdAtFrom", start), ("createdAtTo", end),
                      ("maxPerPage", str(self.page_size))]
            if token:
                params.append(("nextToken", token))
            params.append(("status", status))
            path = self._returns_path() if status == RETURN_DONE else self._orders_path()
            body = self._call("GET", path, params)
            if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                raise ChannelRequestError("Coupang answered without a data list.")
            page = (self._return_page(body["data"]) if status == RETURN_DONE
                    else self._order_page(body["data"], now))
            token = text(body.get("nextToken"))
            if not token:
                step += 1
            if step < len(steps):
                page.cursor = {"from": start, "to": end, "step": step, "token": token}
            else:
                # The whole window is read: the next run starts from the day it
                # covered (its look-back re-reads recent status changes).
                page.watermark = now
            yield page

    # -- parsing -------------------------------------------------------------
    def _order_page(self, sheets: list, now: dt.datetime) -> Page:
        page = Page()
        for sheet in sheets:
            box = text(sheet.get("shipmentBoxId")) if isinstance(sheet, dict) else ""
            items = sheet.get("orderItems") if isinstance(sheet, dict) else None
            if not box or not isinstance(items, list):
                page.rejects.append(Reject(box or "?", MISSING_FIELD, {
                    "field": "orderItems" if box else "shipmentBoxId"}))
                continue
            for item in items:
                ref = f"{box}/{text(item.get('vendorItemId')) if isinstance(item, dict) else '?'}"
                try:
                    page.lines.append(self._line(sheet, box, item, now))
                except LineRejected as error:
                    page.rejects.append(Reject.of(ref, error))
        return page

    def _line(self, sheet: dict, box: str, item: Any, now: dt.datetime) -> ChannelLine:
        if not isinstance(item, dict):
            raise LineRejected(ITEM_NOT_OBJECT)
        status = text(require(sheet, "status"))
        if status not in STATUS_STATE:
            raise LineRejected(UNKNOWN_STATUS, status=status)
        ordered = quantity(item, "shippingCount")
        cancelled = quantity(item, "cancelCount", required=False)
        if cancelled > ordered:
            raise LineRejected(MORE_THAN, part="cancelCount", whole="shippingCount")
        state = STATUS_STATE[status]
        if item.get("canceled") is True or (ordered and cancelled == ordered):
            state = LineState.CANCELLED
        if state == LineState.RESERVED:
            # A pending cancel request is not shipped: hold it out of the pick.
            cancelled = min(ordered, cancelled + quantity(
                item, "holdCountForCancel", required=False))
        return ChannelLine(
            key_parts=(box, text(require(item, "vendorItemId"))),
            order_id=text(sheet.get("orderId")), status=status, state=state,
            quantity=ordered, cancelled_quantity=cancelled,
            seller_code=text(item.get("externalVendorSkuCode")),
            channel_code=text(item.get("vendorItemId")),
            product_name=text(item.get("sellerProductName")
                              or item.get("vendorItemName")),
            option_name=text(item.get("sellerProductItemName")),
            business_date=parse_date(sheet.get("paidAt") or sheet.get("orderedAt"),
                                     now.astimezone(KST).date()),
            amount=amount(item, "orderPrice"),
        )

    def _return_page(self, receipts: list) -> Page:
        page = Page()
        for receipt in receipts:
            if not isinstance(receipt, dict):
                page.rejects.append(Reject("?", RECEIPT_NOT_OBJECT))
                continue
            receipt_id = text(receipt.get("receiptId")) or "?"
            for item in receipt.get("returnItems") or []:
                try:
                    if text(receipt.get("receiptStatus")) not in ("", RETURN_DONE,
                                                                  "RETURNS_COMPLETED"):
                        continue
                    box = text(require(item, "shipmentBoxId"))
                    vendor_item = text(require(item, "vendorItemId"))
                    returned = quantity(item, "cancelCount")
                except LineRejected as error:
                    page.rejects.append(Reject.of(f"return {receipt_id}", error))
                    continue
                page.lines.append(ChannelLine(
                    key_parts=(box, vendor_item), order_id=text(receipt.get("orderId")),
                    status=f"RETURN_{RETURN_DONE}", state=LineState.RETURNED,
                    quantity=0, cancelled_quantity=returned, seller_code="",
                    channel_code=vendor_item, product_name=text(
                        item.get("vendorItemName")), option_name="",
                    business_date=parse_date(receipt.get("modifiedAt")
                                             or receipt.get("createdAt"),
                                             dt.date.today()),
                    update_only=True,
                ))
        return page
