"""Naver Commerce API (SmartStore): bcrypt-signed token, changed product orders.

Incremental pull: `last-changed-statuses` from the watermark in windows of at
most 24 hours, paged by `data.more{moreFrom, moreSequence}`, then the details
of each page's product orders (`POST product-orders/query`, ≤ 300 ids).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import bcrypt

from .http import ChannelAuthError, ChannelRequestError, HttpClient, Response
from .types import (
    KST,
    MISSING_FIELD,
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

BASE_URL = "https://api.commerce.naver.com/external"
WINDOW = dt.timedelta(hours=24)
OVERLAP = dt.timedelta(minutes=10)
DETAIL_BATCH = 300

# Status table (README "Channel status table").
STATUS_STATE = {
    "PAYMENT_WAITING": LineState.PENDING,  # 입금대기: nothing yet
    "PAYED": LineState.RESERVED,  # 결제완료: to be picked
    "DELIVERING": LineState.SHIPPED,  # 발송: out of stock
    "DELIVERED": LineState.SHIPPED,
    "PURCHASE_DECIDED": LineState.SHIPPED,
    "EXCHANGED": LineState.SHIPPED,  # the replacement went out too
    "CANCELED": LineState.CANCELLED,
    "CANCELED_BY_NOPAYMENT": LineState.CANCELLED,
    "RETURNED": LineState.RETURNED,  # 반품완료: the goods are back
}


def client_secret_sign(*, client_id: str, client_secret: str, timestamp_ms: int) -> str:
    """base64(bcrypt(client_id + "_" + timestamp, salt=client_secret))."""
    password = f"{client_id}_{timestamp_ms}".encode()
    hashed = bcrypt.hashpw(password, client_secret.encode("utf-8"))
    return base64.b64encode(hashed).decode("utf-8")


def naver_time(moment: dt.datetime) -> str:
    """ISO-8601 with milliseconds and the KST offset: 2025-10-01T00:00:00.000+09:00."""
    local = moment.astimezone(KST)
    return local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}" \
        + "+09:00"


def _throttled(response: Response) -> bool:
    try:
        body = json.loads(response.body.decode("utf-8") or "{}")
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") == "GW.RATE_LIMIT"


class NaverConnector:
    kind = "naver"

    def __init__(self, *, client_id: str, client_secret: str, client: HttpClient,
                 base_url: str = "", initial_days: int = 3, page_size: int = 300,
                 clock=None) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.client = client
        self.base_url = (base_url or BASE_URL).rstrip("/")
        self.initial_days = initial_days
        self.page_size = min(page_size, 300)
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._token = ""
        self._token_expires = 0.0

    # -- token ---------------------------------------------------------------
    def _issue_token(self) -> str:
        # A little in the past, as the reference clients do, for clock skew.
        timestamp = int(self.clock().timestamp() * 1000) - 3000
        try:
            sign = client_secret_sign(client_id=self.client_id,
                                      client_secret=self.client_secret,
                                      timestamp_ms=timestamp)
        except ValueError as error:
            raise ChannelAuthError(
                "The application secret is not a valid Naver secret.") from error
        form = urllib.parse.urlencode({
            "client_id": self.client_id, "timestamp": str(timestamp),
            "grant_type": "client_credentials", "client_secret_sign": sign,
            "type": "SELF"}).encode()
        body = self.client.request(
            "POST", f"{self.base_url}/v1/oauth2/token", body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            throttled=_throttled).json()
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise ChannelAuthError("Naver issued no access token.")
        self._token = token
        self._token_expires = time.monotonic() + float(body.get("expires_in") or 0) - 60
        return token

    def _call(self, method: str, path: str, *, params=None, payload=None) -> Any:
        if not self._token or time.monotonic() >= self._token_expires:
            self._issue_token()
        url = f"{self.base_url}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = json.dumps(payload).encode() if payload is not None else None

        def headers() -> dict[str, str]:
            return {"Authorization": f"Bearer {self._token}",
                    "Content-Type": "application/json"}

        try:
            return self.client.request(method, url, headers=headers, body=data,
                                       throttled=_throttled).json()
        except ChannelAuthError:
            # An expired token: re-issue once; a second refusal is real.
            self._issue_token()
            return self.client.request(method, url, headers=headers, body=data,
                                       throttled=_throttled).json()

    # -- calls ---------------------------------------------------------------
    def test_connection(self) -> None:
        self._issue_token()

    def push_stock(self, *, code: str, quantity: int) -> None:
        origin, _, option = code.partition(":")
        if not option:
            raise ChannelRequestError(
                "This listing code has no option number (expected"
                " 'originProductNo:optionId').")
        self._call("PUT", f"/v1/products/origin-products/{origin}/option-stock",
                   payload={"optionInfo": {"optionCombinations": [
                       {"id": int(option), "stockQuantity": quantity}]}})

    def pages(self, *, cursor: dict | None, watermark: dt.datetime | None,
              ) -> Iterator[Page]:
        now = self.clock()
        if cursor:
            start = dt.datetime.fromisoformat(cursor["from"])
            end = dt.datetime.fromisoformat(cursor["to"])
            sequence = cursor.get("sequence", "")
        else:
            # Re-read a little before the watermark: a change the channel stamps
            # late (clock skew, lag) is not missed; re-reading is harmless.
            start = watermark - OVERLAP if watermark else \
                now - dt.timedelta(days=self.initial_days)
            end, sequence = min(start + WINDOW, now), ""
        while True:
            params = [("lastChangedFrom", naver_time(start)),
                      ("lastChangedTo", naver_time(end)),
                      ("limitCount", str(self.page_size))]
            if sequence:
                params.append(("moreSequence", sequence))
            body = self._call(
                "GET", "/v1/pay-order/seller/product-orders/last-changed-statuses",
                params=params)
            data = body.get("data") if isinstance(body, dict) else None
            if not isinstance(data, dict):
                raise ChannelRequestError("Naver answered without data.")
            changes = data.get("lastChangeStatuses") or []
            page = self._detail_page(changes, now)
            more = data.get("more")
            if isinstance(more, dict) and more.get("moreFrom"):
                following = dt.datetime.fromisoformat(more["moreFrom"])
                next_sequence = text(more.get("moreSequence"))
                if (following, next_sequence) == (start, sequence) or following > end:
                    raise ChannelRequestError("Naver's paging cursor did not advance.")
                start, sequence = following, next_sequence
                page.cursor = {"from": start.isoformat(), "to": end.isoformat(),
                               "sequence": sequence}
                yield page
                continue
            if end >= now:
                page.watermark = end
                yield page
                return
            # This window is complete; the next one starts where it ended.
            page.watermark = end
            start, end, sequence = end, min(end + WINDOW, now), ""
            page.cursor = {"from": start.isoformat(), "to": end.isoformat(),
                           "sequence": ""}
            yield page

    def _detail_page(self, changes: list, now: dt.datetime) -> Page:
        page = Page()
        ids = []
        for change in changes:
            ident = text(change.get("productOrderId")) if isinstance(change, dict) else ""
            if ident:
                if ident not in ids:
                    ids.append(ident)
            else:
                page.rejects.append(Reject("?", MISSING_FIELD,
                                           {"field": "productOrderId"}))
        for offset in range(0, len(ids), DETAIL_BATCH):
            body = self._call("POST", "/v1/pay-order/seller/product-orders/query",
                              payload={"productOrderIds": ids[offset:offset + DETAIL_BATCH],
                                       "quantityClaimCompatibility": True})
            rows = body.get("data") if isinstance(body, dict) else None
            if not isinstance(rows, list):
                raise ChannelRequestError("Naver answered the detail query without data.")
            for row in rows:
                try:
                    page.lines.append(self._line(row, now))
                except LineRejected as error:
                    ref = text(((row or {}).get("productOrder") or {}).get(
                        "productOrderId")) if isinstance(row, dict) else "?"
                    page.rejects.append(Reject.of(ref or "?", error))
        return page

    def _line(self, row: Any, now: dt.datetime) -> ChannelLine:
        if not isinstance(row, dict) or not isinstance(row.get("productOrder"), dict):
            raise LineRejected(MISSING_FIELD, field="productOrder")
        line = row["productOrder"]
        order = row.get("order") if isinstance(row.get("order"), dict) else {}
        status = text(require(line, "productOrderStatus"))
        if status not in STATUS_STATE:
            raise LineRejected(UNKNOWN_STATUS, status=status)
        ordered = quantity(line, "quantity")
        claimed = quantity(line, "claimQuantity", required=False) if status in (
            "CANCELED", "RETURNED") else 0
        product_id, item = text(line.get("productId")), text(line.get("itemNo"))
        return ChannelLine(
            key_parts=(text(require(line, "productOrderId")),),
            order_id=text(order.get("orderId")), status=status,
            state=STATUS_STATE[status], quantity=ordered,
            cancelled_quantity=claimed or (ordered if status in (
                "CANCELED", "CANCELED_BY_NOPAYMENT", "RETURNED") else 0),
            seller_code=text(line.get("optionManageCode")
                             or line.get("sellerProductCode")),
            channel_code=f"{product_id}:{item}" if item else product_id,
            product_name=text(line.get("productName")),
            option_name=text(line.get("productOption")),
            business_date=parse_date(order.get("paymentDate")
                                     or order.get("orderDate"),
                                     now.astimezone(KST).date()),
            amount=amount(line, "totalPaymentAmount"),
        )
