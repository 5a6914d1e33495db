"""The demo's fake channels: orders for the demo products, live changes.

`manage.py channel_demo` serves a fake Coupang, SmartStore and Cafe24 on fixed
local ports with orders of the demo organization's products. While it runs,
new orders keep arriving, paid lines get dispatched and, now and then, a
dispatched line is returned (so a reversal shows up at the next sync). The
orders are made here, so each line carries what it was priced at (the
product's selling price × units, given by the caller) as the channel's paid
amount, and synced revenue is no estimate. No Django models here except
through the callers.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Mapping, Sequence

from .fakes.cafe24 import FakeCafe24
from .fakes.coupang import FakeCoupang
from .fakes.naver import FakeNaver
from .fakes.scenario import KST, cafe24_order, coupang_sheet, naver_order

COUPANG = {"vendor_id": "A00012345", "access_key": "demo-access-key",
           "secret_key": "demo-secret-key"}
NAVER = {"client_id": "demo-naver-app", "client_secret": "$2a$04$demodemodemodemodemode"}
CAFE24 = {"mall_id": "demomall", "client_id": "demo-cafe24-app",
          "client_secret": "demo-cafe24-secret"}


class DemoChannels:
    """The three fakes plus a ticker that keeps their orders moving."""

    def __init__(self, skus: Sequence[str] | Mapping[str, int], *,
                 seed: int = 2026) -> None:
        """`skus`: the products ordered; a mapping gives each one's selling
        price (won), so an order line is paid price × units."""
        self.skus = list(skus)
        self.prices = dict(skus) if isinstance(skus, Mapping) else {}
        self.rng = random.Random(seed)
        self.coupang = FakeCoupang(**COUPANG)
        self.naver = FakeNaver(**NAVER)
        self.cafe24 = FakeCafe24(**CAFE24)
        self.serial = 0
        self._stop = threading.Event()

    def start(self, *, host: str = "127.0.0.1", base_port: int = 8701) -> dict[str, str]:
        """Serve on base_port … base_port + 2 (0: any free ports)."""
        step = 1 if base_port else 0
        return {"coupang": self.coupang.start(host, base_port),
                "naver": self.naver.start(host, base_port + step),
                "cafe24": self.cafe24.start(host, base_port + 2 * step)}

    def stop(self) -> None:
        self._stop.set()
        for fake in (self.coupang, self.naver, self.cafe24):
            fake.stop()

    def seed_orders(self, lines: int = 45) -> None:
        """A few days of orders: mostly shipped, some paid, a few cancelled."""
        now = dt.datetime.now(dt.UTC)
        for _ in range(lines):
            self.new_order(now - dt.timedelta(hours=self.rng.randrange(1, 72)))

    def new_order(self, when: dt.datetime | None = None) -> None:
        when = when or dt.datetime.now(dt.UTC)
        self.serial += 1
        serial = self.serial
        sku = self.rng.choice(self.skus)
        quantity = self.rng.randint(1, 3)
        day = when.astimezone(KST).date()
        channel = serial % 3
        roll = self.rng.random()
        price = self.prices.get(sku)
        paid = price * quantity if price else None
        if channel == 0:
            status = "ACCEPT" if roll < 0.3 else "FINAL_DELIVERY"
            cancel = quantity if 0.3 <= roll < 0.38 else 0
            with self.coupang.lock:
                self.coupang.sheets.append(coupang_sheet(
                    box=610000000000 + serial, order_id=23000000000000 + serial,
                    status=status, day=day,
                    items=[(85000000000 + serial % 50, sku, quantity, cancel,
                            paid)]))
        elif channel == 1:
            status = "PAYED" if roll < 0.3 else "CANCELED" if roll < 0.36 \
                else "DELIVERED"
            key = f"{20260000000000 + serial}01"
            with self.naver.lock:
                self.naver.orders[key] = naver_order(
                    product_order_id=key, status=status, sku=sku, quantity=quantity,
                    changed=when, product_id=9000000000 + serial % 50, item_no=1,
                    amount=paid)
        else:
            status = "N20" if roll < 0.3 else "C40" if roll < 0.36 else "N40"
            with self.cafe24.lock:
                self.cafe24.orders.append(cafe24_order(
                    order_id=f"{day:%Y%m%d}-{serial:07d}", day=day,
                    items=[(status, sku, f"P000{serial % 50:04d}000A", quantity,
                            paid)]))

    def tick(self) -> None:
        """New orders, a paid line dispatched, sometimes a return after dispatch."""
        for _ in range(self.rng.randint(1, 3)):
            self.new_order()
        now = dt.datetime.now(dt.UTC)
        with self.coupang.lock:
            paid = [s for s in self.coupang.sheets if s["status"] == "ACCEPT"]
            if paid:
                self.rng.choice(paid)["status"] = "DEPARTURE"
        with self.naver.lock:
            shipped = [key for key, o in self.naver.orders.items()
                       if o["productOrder"]["productOrderStatus"] == "DELIVERED"]
        if shipped and self.rng.random() < 0.5:
            self.naver.set_status(self.rng.choice(shipped), "RETURNED", changed=now)
        with self.cafe24.lock:
            items = [item for order in self.cafe24.orders for item in order["items"]
                     if item["order_status"] == "N20"]
            if items:
                self.rng.choice(items)["order_status"] = "N40"

    def run_ticker(self, seconds: float) -> None:
        while not self._stop.wait(seconds):
            self.tick()
