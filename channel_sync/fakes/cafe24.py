"""A fake Cafe24 Admin API: authorization code, rotating refresh tokens, orders."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import urllib.parse
from typing import Any

from .base import FakeServer, Request

KST = dt.timezone(dt.timedelta(hours=9))


class FakeCafe24(FakeServer):
    def __init__(self, *, mall_id: str, client_id: str, client_secret: str) -> None:
        super().__init__()
        self.mall_id = mall_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.codes: dict[str, str] = {}  # code → redirect_uri
        self.access_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.orders: list[dict[str, Any]] = []  # each with "order_date" "YYYY-MM-DD ..."
        self.inventory: dict[str, int] = {}
        self.refreshes = 0

    def expire_tokens(self) -> None:
        """Every access token expires (refresh tokens stay valid)."""
        with self.lock:
            self.access_tokens.clear()

    def handle(self, request: Request):
        if request.path == "/api/v2/oauth/authorize":
            return self._authorize(request)
        if request.path == "/api/v2/oauth/token" and request.method == "POST":
            return self._token(request)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in self.access_tokens:
            return 401, {}, {"error": {"code": 401, "message": "access_token time expired."}}
        if not request.headers.get("x-cafe24-api-version"):
            return 400, {}, {"error": {"code": 400, "message": "api version required"}}
        if request.path == "/api/v2/admin/orders" and request.method == "GET":
            return self._orders(request)
        if request.path.endswith("/inventories") and request.method == "PUT":
            variant = request.path.split("/")[-2]
            body = request.json() or {}
            quantity = int(body["request"]["quantity"])
            with self.lock:
                self.inventory[variant] = quantity
            return 200, {}, {"inventory": {"shop_no": body.get("shop_no", 1),
                                           "variant_code": variant,
                                           "quantity": quantity, "use_inventory": "T"}}
        return 404, {}, {"error": {"code": 404, "message": "not found"}}

    def _authorize(self, request: Request):
        """Auto-consent: redirects back with a code, as after the owner's consent."""
        if request.param("client_id") != self.client_id \
                or request.param("response_type") != "code":
            return 400, {}, {"error": {"code": 400, "message": "invalid client"}}
        code = secrets.token_urlsafe(12)
        redirect = request.param("redirect_uri")
        with self.lock:
            self.codes[code] = redirect
        target = redirect + ("&" if "?" in redirect else "?") + urllib.parse.urlencode(
            {"code": code, "state": request.param("state")})
        return 302, {"Location": target}, b""

    def issue(self) -> dict[str, str]:
        now = dt.datetime.now(KST).replace(tzinfo=None)
        access, refresh = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        with self.lock:
            self.access_tokens.add(access)
            self.refresh_tokens.add(refresh)
        return {"access_token": access, "refresh_token": refresh,
                "expires_at": (now + dt.timedelta(hours=2)).isoformat(timespec="milliseconds"),
                "refresh_token_expires_at": (now + dt.timedelta(days=14)).isoformat(
                    timespec="milliseconds"),
                "client_id": self.client_id, "mall_id": self.mall_id,
                "user_id": "owner", "scopes": ["mall.read_order"],
                "issued_at": now.isoformat(timespec="milliseconds")}

    def _token(self, request: Request):
        expected = base64.b64encode(
            f"{self.client_id}:{self.client_secret}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return 401, {}, {"error": "invalid_client",
                             "error_description": "client authentication failed"}
        form = request.form()
        with self.lock:
            if form.get("grant_type") == "authorization_code":
                if self.codes.pop(form.get("code", ""), None) != form.get("redirect_uri"):
                    return 400, {}, {"error": "invalid_grant"}
            elif form.get("grant_type") == "refresh_token":
                token = form.get("refresh_token", "")
                if token not in self.refresh_tokens:
                    return 400, {}, {"error": "invalid_grant",
                                     "error_description": "refresh_token is invalid"}
                self.refresh_tokens.discard(token)  # rotation: single use
                self.refreshes += 1
            else:
                return 400, {}, {"error": "unsupported_grant_type"}
        return 200, {}, self.issue()

    def _orders(self, request: Request):
        start, end = request.param("start_date"), request.param("end_date")
        try:
            first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        except ValueError:
            return 400, {}, {"error": {"code": 400,
                                       "message": "start_date and end_date required"}}
        if (last - first).days > 92:
            return 400, {}, {"error": {"code": 400, "message": "at most 3 months"}}
        limit = int(request.param("limit", "10") or 10)
        offset = int(request.param("offset", "0") or 0)
        if not 1 <= limit <= 1000 or not 0 <= offset <= 15000:
            return 422, {}, {"error": {"code": 422, "message": "limit/offset range"}}
        with self.lock:
            rows = [order for order in self.orders
                    if start <= order["order_date"][:10] <= end]
            chunk = rows[offset:offset + limit]
            if "items" not in request.param("embed"):
                chunk = [{k: v for k, v in o.items() if k != "items"} for o in chunk]
        return 200, {"X-Api-Call-Limit": "1/40"}, {"orders": chunk}

    # -- scenario helpers ------------------------------------------------------
    def set_status(self, item_code: str, status: str) -> None:
        with self.lock:
            for order in self.orders:
                for item in order["items"]:
                    if item["order_item_code"] == item_code:
                        item["order_status"] = status
