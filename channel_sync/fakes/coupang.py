"""A fake Coupang Wing gateway: CEA HMAC checked, nextToken paging, returns."""

from __future__ import annotations

import datetime as dt
import hmac
import re
from typing import Any

from channel_sync.connectors.coupang import authorization_header

from .base import FakeServer, Request

HEADER = re.compile(
    r"^CEA algorithm=HmacSHA256, access-key=(?P<key>[^,]+), "
    r"signed-date=(?P<date>\d{6}T\d{6}Z), signature=(?P<sig>[0-9a-f]{64})$")
ORDERS = re.compile(r"^/v2/providers/openapi/apis/api/v\d/vendors/(?P<vendor>[^/]+)/"
                    r"(?P<what>ordersheets|returnRequests)$")
PUSH = re.compile(r"^/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/"
                  r"(?P<item>[^/]+)/quantities/(?P<qty>-?\d+)$")


class FakeCoupang(FakeServer):
    def __init__(self, *, vendor_id: str, access_key: str, secret_key: str,
                 skew_seconds: int = 300) -> None:
        super().__init__()
        self.vendor_id = vendor_id
        self.access_key = access_key
        self.secret_key = secret_key
        self.skew_seconds = skew_seconds
        self.sheets: list[dict[str, Any]] = []  # each with "createdAt" (KST date)
        self.returns: list[dict[str, Any]] = []
        self.stock: dict[str, int] = {}
        self.duplicate_pages = False

    def _denied(self, request: Request) -> str | None:
        match = HEADER.match(request.headers.get("authorization", ""))
        if not match or match["key"] != self.access_key:
            return "Invalid access key or header"
        expected = authorization_header(
            method=request.method, path=request.path, query=request.query,
            access_key=self.access_key, secret_key=self.secret_key,
            signed_date=match["date"])
        if not hmac.compare_digest(expected, request.headers["authorization"]):
            return "Invalid signature"
        signed = dt.datetime.strptime(match["date"], "%y%m%dT%H%M%SZ").replace(
            tzinfo=dt.UTC)
        if abs((dt.datetime.now(dt.UTC) - signed).total_seconds()) > self.skew_seconds:
            return "Specified signature is expired."
        return None

    def handle(self, request: Request):
        problem = self._denied(request)
        if problem:
            return 401, {}, {"code": 401, "message": problem}
        match = ORDERS.match(request.path)
        if match and request.method == "GET":
            if match["vendor"] != self.vendor_id:
                return 403, {}, {"code": 403, "message": "vendor mismatch"}
            return self._list(request, match["what"])
        match = PUSH.match(request.path)
        if match and request.method == "PUT":
            quantity = int(match["qty"])
            if quantity < 0:
                return 400, {}, {"code": "ERROR", "message": "유효하지 않은 재고수량입니다."}
            with self.lock:
                self.stock[match["item"]] = quantity
            return 200, {}, {"code": "SUCCESS", "message": "재고 변경을 완료했습니다."}
        return 404, {}, {"code": 404, "message": "not found"}

    def _list(self, request: Request, what: str):
        start, end = request.param("createdAtFrom"), request.param("createdAtTo")
        status = request.param("status")
        try:
            first, last = dt.date.fromisoformat(start[:10]), dt.date.fromisoformat(end[:10])
        except ValueError:
            return 400, {}, {"code": 400, "message": "createdAtFrom/To must be dates"}
        if (last - first).days > 31 or last < first:
            return 400, {}, {"code": 400, "message": "the window must be 0-31 days"}
        if not status:
            return 400, {}, {"code": 400, "message": "status is required"}
        size = int(request.param("maxPerPage", "50") or 50)
        if not 1 <= size <= 50:
            return 400, {}, {"code": 400, "message": "maxPerPage must be 1-50"}
        with self.lock:
            if what == "ordersheets":
                rows = [s for s in self.sheets if s["status"] == status
                        and start[:10] <= s["createdAt"] <= end[:10]]
            else:
                rows = [r for r in self.returns if r["receiptStatus"] == status
                        and start[:10] <= r["createdAt"][:10] <= end[:10]]
            rows = [{k: v for k, v in row.items() if k != "createdAt"} for row in rows]
        offset = int(request.param("nextToken") or 0)
        chunk = rows[offset:offset + size]
        if self.duplicate_pages and offset:
            chunk = rows[max(0, offset - size // 2):offset + size]
        following = offset + size
        return 200, {}, {"code": 200, "message": "OK", "data": chunk,
                         "nextToken": str(following) if following < len(rows) else ""}

    # -- scenario helpers ------------------------------------------------------
    def set_status(self, box: str, status: str) -> None:
        with self.lock:
            for sheet in self.sheets:
                if str(sheet["shipmentBoxId"]) == box:
                    sheet["status"] = status

    def return_line(self, *, box: str, vendor_item: str, count: int, day: str) -> None:
        """A return completed after dispatch (반품완료, CC)."""
        with self.lock:
            self.returns.append({
                "receiptId": 900000 + len(self.returns), "orderId": 1,
                "receiptType": "RETURN", "receiptStatus": "CC", "createdAt": day,
                "modifiedAt": f"{day}T12:00:00", "cancelCountSum": count,
                "returnItems": [{"vendorItemId": int(vendor_item), "cancelCount": count,
                                 "shipmentBoxId": int(box), "purchaseCount": count}]})
