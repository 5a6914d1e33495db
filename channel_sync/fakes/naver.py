"""A fake Naver Commerce API: bcrypt token check, Bearer tokens, `more` paging."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from typing import Any

from channel_sync.connectors.naver import client_secret_sign

from .base import FakeServer, Request

PREFIX = "/external"


def _ms(moment: dt.datetime) -> dt.datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class FakeNaver(FakeServer):
    def __init__(self, *, client_id: str, client_secret: str,
                 skew_seconds: int = 300) -> None:
        super().__init__()
        self.client_id = client_id
        self.client_secret = client_secret
        self.skew_seconds = skew_seconds
        self.tokens: set[str] = set()
        # productOrderId → {"productOrder": {...}, "order": {...}, "changed": dt}
        self.orders: dict[str, dict[str, Any]] = {}
        self.stock: dict[tuple[str, int], int] = {}

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    def handle(self, request: Request):
        path = request.path.removeprefix(PREFIX)
        if path == "/v1/oauth2/token" and request.method == "POST":
            return self._token(request.form())
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return 401, {}, {"code": "GW.AUTHN", "message": "invalid or expired token"}
        if path == "/v1/pay-order/seller/product-orders/last-changed-statuses":
            return self._changes(request)
        if path == "/v1/pay-order/seller/product-orders/query" and request.method == "POST":
            ids = (request.json() or {}).get("productOrderIds") or []
            if len(ids) > 300:
                return 400, {}, {"code": "BAD", "message": "at most 300 ids"}
            with self.lock:
                rows = [{"order": self.orders[i]["order"],
                         "productOrder": self.orders[i]["productOrder"]}
                        for i in ids if i in self.orders]
            return 200, {}, {"timestamp": "", "data": rows}
        if path.endswith("/option-stock") and request.method == "PUT":
            origin = path.split("/")[-2]
            for combo in request.json()["optionInfo"]["optionCombinations"]:
                with self.lock:
                    self.stock[(origin, int(combo["id"]))] = int(combo["stockQuantity"])
            return 200, {}, {}
        return 404, {}, {"code": "NOT_FOUND", "message": path}

    def _token(self, form: dict[str, str]):
        try:
            timestamp = int(form.get("timestamp", ""))
        except ValueError:
            return 400, {}, {"code": "BAD", "message": "timestamp"}
        now_ms = dt.datetime.now(dt.UTC).timestamp() * 1000
        expected = client_secret_sign(client_id=self.client_id,
                                      client_secret=self.client_secret,
                                      timestamp_ms=timestamp)
        if (form.get("client_id") != self.client_id
                or form.get("grant_type") != "client_credentials"
                or form.get("type") != "SELF"
                or not hmac.compare_digest(expected, form.get("client_secret_sign", ""))):
            return 401, {}, {"code": "GW.AUTHN", "message": "invalid client"}
        if abs(now_ms - timestamp) > self.skew_seconds * 1000:
            return 401, {}, {"code": "GW.AUTHN", "message": "stale timestamp"}
        token = secrets.token_urlsafe(16)
        with self.lock:
            self.tokens.add(token)
        return 200, {}, {"access_token": token, "expires_in": 10800,
                         "token_type": "Bearer"}

    def _changes(self, request: Request):
        try:
            start = dt.datetime.fromisoformat(request.param("lastChangedFrom"))
            end_text = request.param("lastChangedTo")
            end = dt.datetime.fromisoformat(end_text) if end_text \
                else start + dt.timedelta(hours=24)
        except ValueError:
            return 400, {}, {"code": "BAD", "message": "lastChangedFrom"}
        if end - start > dt.timedelta(hours=24):
            return 400, {}, {"code": "BAD", "message": "window over 24 hours"}
        limit = min(int(request.param("limitCount", "300") or 300), 300)
        skip = int(request.param("moreSequence") or 0)
        with self.lock:
            # Times are compared in milliseconds, the precision of the API.
            rows = sorted(((_ms(o["changed"]), key) for key, o in self.orders.items()
                           if start <= _ms(o["changed"]) < end))
        rows = rows[skip:] if skip else rows
        chunk, rest = rows[:limit], rows[limit:]
        data: dict[str, Any] = {
            "count": len(chunk),
            "lastChangeStatuses": [{
                "productOrderId": key, "lastChangedDate": changed.isoformat(),
                "productOrderStatus": self.orders[key]["productOrder"][
                    "productOrderStatus"]} for changed, key in chunk]}
        if rest:
            following = rest[0][0]
            # The sequence: how many rows at `moreFrom` were already delivered.
            delivered = sum(1 for changed, _ in chunk if changed == following)
            if following == start:
                delivered += skip
            data["more"] = {"moreFrom": following.isoformat(),
                            "moreSequence": str(delivered)}
        return 200, {}, {"timestamp": "", "data": data}

    # -- scenario helpers ------------------------------------------------------
    def set_status(self, product_order_id: str, status: str,
                   changed: dt.datetime | None = None) -> None:
        with self.lock:
            order = self.orders[product_order_id]
            order["productOrder"]["productOrderStatus"] = status
            order["changed"] = changed or dt.datetime.now(dt.UTC)
