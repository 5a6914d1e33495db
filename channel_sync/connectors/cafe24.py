"""Cafe24 Admin API: OAuth authorization code + rotating refresh token, orders.

The refresh grant returns a NEW refresh token and invalidates the old one, so
the connector hands every new token pair to `on_tokens` (which stores it,
encrypted) before using it. Orders have no "changed since" cursor: each run
re-reads the days from the watermark minus a look-back, `limit`/`offset`
paging, `embed=items`; the status lives on each item.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from .http import ChannelAuthError, ChannelError, ChannelRequestError, HttpClient
from .types import (
    ITEM_NOT_OBJECT,
    KST,
    ORDER_NOT_OBJECT,
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

API_VERSION = "2024-09-01"
SCOPES = "mall.read_order,mall.read_product,mall.write_product"
MAX_OFFSET = 15000

RESERVED = {"N10", "N20", "N21", "N22", "N01"}
SHIPPED = {"N30", "N40", "N50"}
CANCEL_REQUESTED = {"C00", "C10", "C34", "C36"}  # not shipped, may still be cancelled


def status_state(code: str) -> LineState:
    """Status table (README): what a Cafe24 item status does to stock."""
    if code == "N00":
        return LineState.PENDING  # 입금전: not paid
    if code in RESERVED:
        return LineState.RESERVED  # 상품준비중/배송준비중/배송대기/배송보류
    if code in SHIPPED:
        return LineState.SHIPPED  # 배송중/배송완료/구매확정
    if code == "C11":
        return LineState.RESERVED  # cancel refused: still to ship
    if code.startswith("C"):
        return LineState.CANCELLED  # 취소 (before dispatch: nothing was out)
    if code in {"R40", "R41", "R42", "R43"}:
        return LineState.RETURNED  # 반품완료: the goods are back
    if code[:1] in {"R", "E"} and code[1:].isdigit():
        return LineState.SHIPPED  # return/exchange under way: still out
    raise LineRejected(UNKNOWN_STATUS, status=code)


def _grant_refused(error: ChannelError) -> bool:
    """The token endpoint refused the grant, not the app (OAuth error codes)."""
    words = f"{error} {error.detail}"
    return "invalid_grant" in words or "invalid_request" in words


@dataclass
class Cafe24Tokens:
    access_token: str
    refresh_token: str
    expires_at: str = ""  # ISO, as the token endpoint answers
    refresh_token_expires_at: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def base_url_for(mall_id: str, base_url: str = "") -> str:
    return (base_url or f"https://{mall_id}.cafe24api.com").rstrip("/")


def authorize_url(*, mall_id: str, client_id: str, redirect_uri: str, state: str,
                  base_url: str = "", scope: str = SCOPES) -> str:
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": client_id, "state": state,
        "redirect_uri": redirect_uri, "scope": scope})
    return f"{base_url_for(mall_id, base_url)}/api/v2/oauth/authorize?{query}"


def _token_call(client: HttpClient, *, mall_id: str, client_id: str,
                client_secret: str, form: dict[str, str], base_url: str = "",
                ) -> Cafe24Tokens:
    basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
    body = client.request(
        "POST", f"{base_url_for(mall_id, base_url)}/api/v2/oauth/token",
        headers={"Authorization": f"Basic {basic}",
                 "Content-Type": "application/x-www-form-urlencoded"},
        body=urllib.parse.urlencode(form).encode()).json()
    if not isinstance(body, dict) or not body.get("access_token") \
            or not body.get("refresh_token"):
        raise ChannelAuthError("Cafe24 issued no token.")
    return Cafe24Tokens(
        access_token=body["access_token"], refresh_token=body["refresh_token"],
        expires_at=text(body.get("expires_at")),
        refresh_token_expires_at=text(body.get("refresh_token_expires_at")))


def exchange_code(client: HttpClient, *, mall_id: str, client_id: str,
                  client_secret: str, code: str, redirect_uri: str,
                  base_url: str = "") -> Cafe24Tokens:
    """Authorization code → the first token pair."""
    return _token_call(client, mall_id=mall_id, client_id=client_id,
                       client_secret=client_secret, base_url=base_url,
                       form={"grant_type": "authorization_code", "code": code,
                             "redirect_uri": redirect_uri})


def refresh_tokens(client: HttpClient, *, mall_id: str, client_id: str,
                   client_secret: str, refresh_token: str, base_url: str = "",
                   ) -> Cafe24Tokens:
    """Refresh grant: a new access token AND a new refresh token."""
    return _token_call(client, mall_id=mall_id, client_id=client_id,
                       client_secret=client_secret, base_url=base_url,
                       form={"grant_type": "refresh_token",
                             "refresh_token": refresh_token})


class Cafe24Connector:
    kind = "cafe24"

    def __init__(self, *, mall_id: str, client_id: str, client_secret: str,
                 tokens: Cafe24Tokens | None, client: HttpClient,
                 on_tokens: Callable[[Cafe24Tokens], None], base_url: str = "",
                 lookback_days: int = 7, initial_days: int = 7, page_size: int = 100,
                 shop_no: int = 1, clock=None) -> None:
        self.mall_id = mall_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.tokens = tokens
        self.client = client
        self.on_tokens = on_tokens
        self.base_url = base_url_for(mall_id, base_url)
        self.lookback_days = lookback_days
        self.initial_days = initial_days
        self.page_size = max(1, min(page_size, 1000))
        self.shop_no = shop_no
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    def _refresh(self) -> None:
        if self.tokens is None:
            raise ChannelAuthError("Cafe24 is not authorized yet: connect it again.")
        try:
            self.tokens = refresh_tokens(
                self.client, mall_id=self.mall_id, client_id=self.client_id,
                client_secret=self.client_secret, base_url=self.base_url,
                refresh_token=self.tokens.refresh_token)
        except ChannelRequestError as error:
            # invalid_grant: the refresh token expired (14 days) or was revoked.
            raise ChannelAuthError(
                "Cafe24 refused the refresh token; authorize the app again.") from error
        self.on_tokens(self.tokens)  # stored before it is used: rotation

    def _expired(self) -> bool:
        if self.tokens is None or not self.tokens.expires_at:
            return self.tokens is None
        try:
            expires = dt.datetime.fromisoformat(self.tokens.expires_at)
        except ValueError:
            return False
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=KST)
        return self.clock() >= expires - dt.timedelta(minutes=5)

    def _call(self, method: str, path: str, *, params=None, payload=None) -> Any:
        if self._expired():
            self._refresh()
        url = f"{self.base_url}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = json.dumps(payload).encode() if payload is not None else None

        def headers() -> dict[str, str]:
            return {"Authorization": f"Bearer {self.tokens.access_token}",
                    "Content-Type": "application/json",
                    "X-Cafe24-Api-Version": API_VERSION}

        try:
            return self.client.request(method, url, headers=headers, body=data).json()
        except ChannelAuthError:
            # The access token expired early: refresh once, then a refusal is real.
            self._refresh()
            return self.client.request(method, url, headers=headers, body=data).json()

    def test_connection(self) -> None:
        """One authenticated call; before the app is authorized (no tokens),
        the token endpoint's check of the app's client id and secret."""
        if self.tokens is None:
            self._test_client()
            return
        today = self.clock().astimezone(KST).date().isoformat()
        self._call("GET", "/api/v2/admin/orders", params=[
            ("start_date", today), ("end_date", today), ("limit", "1")])

    def _test_client(self) -> None:
        """A refresh grant without a refresh token: the token endpoint first
        authenticates the app (Basic client id:secret) and answers 401
        invalid_client when that fails, else 400 invalid_grant/invalid_request
        for the missing token (OAuth 2.0, RFC 6749 §5.2). Nothing is issued."""
        try:
            refresh_tokens(self.client, mall_id=self.mall_id,
                           client_id=self.client_id, client_secret=self.client_secret,
                           base_url=self.base_url, refresh_token="")
        except ChannelAuthError as error:
            if _grant_refused(error):
                return  # some servers refuse a bad grant with 401/403 too
            raise
        except ChannelRequestError as error:
            if "invalid_client" in str(error) or "unauthorized_client" in str(error):
                raise ChannelAuthError(
                    f"The channel refused the credentials (HTTP {error.status}).",
                    status=error.status, detail=error.detail) from error
            if error.status == 400 and _grant_refused(error):
                return  # the app was accepted; only the (absent) token was not
            raise

    def push_stock(self, *, code: str, quantity: int) -> None:
        product_no, _, variant = code.partition(":")
        if not variant:
            variant, product_no = code, code[:8]
        body = self._call(
            "PUT", f"/api/v2/admin/products/{product_no}/variants/{variant}/inventories",
            payload={"shop_no": self.shop_no, "request": {"quantity": quantity}})
        if not isinstance(body, dict) or "inventory" not in body:
            raise ChannelRequestError(f"Cafe24 refused the quantity: {body!r:.200}")

    def pages(self, *, cursor: dict | None, watermark: dt.datetime | None,
              ) -> Iterator[Page]:
        now = self.clock()
        if cursor:
            start, end, offset = cursor["from"], cursor["to"], int(cursor["offset"])
        else:
            since = (watermark or now - dt.timedelta(days=self.initial_days)) \
                - dt.timedelta(days=self.lookback_days)
            today = now.astimezone(KST).date()
            start = max(since.astimezone(KST).date(),
                        today - dt.timedelta(days=89)).isoformat()
            end, offset = today.isoformat(), 0
        while True:
            body = self._call("GET", "/api/v2/admin/orders", params=[
                ("shop_no", str(self.shop_no)), ("start_date", start),
                ("end_date", end), ("date_type", "order_date"), ("embed", "items"),
                ("limit", str(self.page_size)), ("offset", str(offset))])
            orders = body.get("orders") if isinstance(body, dict) else None
            if not isinstance(orders, list):
                raise ChannelRequestError("Cafe24 answered without an order list.")
            page = self._page(orders, now)
            offset += len(orders)
            if len(orders) < self.page_size or offset > MAX_OFFSET:
                page.watermark = now
                yield page
                return
            page.cursor = {"from": start, "to": end, "offset": offset}
            yield page

    def _page(self, orders: list, now: dt.datetime) -> Page:
        page = Page()
        for order in orders:
            if not isinstance(order, dict):
                page.rejects.append(Reject("?", ORDER_NOT_OBJECT))
                continue
            for item in order.get("items") or []:
                try:
                    page.lines.append(self._line(order, item, now))
                except LineRejected as error:
                    ref = text(item.get("order_item_code")) if isinstance(
                        item, dict) else ""
                    page.rejects.append(Reject.of(
                        ref or text(order.get("order_id")) or "?", error))
        return page

    def _line(self, order: dict, item: Any, now: dt.datetime) -> ChannelLine:
        if not isinstance(item, dict):
            raise LineRejected(ITEM_NOT_OBJECT)
        code = text(require(item, "order_status"))
        state = status_state(code)
        ordered = quantity(item, "quantity")
        claimed = quantity(item, "claim_quantity", required=False)
        cancelled = ordered if state in (LineState.CANCELLED, LineState.RETURNED) \
            else 0
        if state == LineState.SHIPPED and code.startswith(("R", "E")):
            cancelled = 0  # still out until the return completes
        return ChannelLine(
            key_parts=(text(require(item, "order_item_code")),),
            order_id=text(order.get("order_id")), status=code, state=state,
            quantity=ordered, cancelled_quantity=min(ordered, cancelled or (
                claimed if state == LineState.RESERVED and code in CANCEL_REQUESTED
                else 0)),
            seller_code=text(item.get("custom_variant_code")
                             or item.get("custom_product_code")),
            channel_code=text(item.get("variant_code")),
            product_name=text(item.get("product_name")),
            option_name=text(item.get("option_value")),
            business_date=parse_date(order.get("payment_date")
                                     or order.get("order_date"),
                                     now.astimezone(KST).date()),
            amount=amount(item, "payment_amount"),
        )
