"""Channel sync end to end: fake Coupang/Naver/Cafe24 → ledger, rerun, resume.

    .venv/bin/python bench/channel_sync.py [--lines 10000] [--json FILE]

Starts the three fake channel servers on 127.0.0.1, creates an organization
with products and sets and one account per channel, and syncs LINES order
lines spread over the three channels (paid, shipped, cancelled; sets included)
through the real connectors, HTTP and the order-line service into the
database: MariaDB when DATABASE_URL points there (the database must exist; the
bench migrates it and adds throwaway organizations), otherwise a new temporary
SQLite file. Then it syncs again (rerun: no new ledger row expected), then
interrupts a fresh sync of a second organization after a few pages and
resumes it. duplicates/lost compare, per product, the units the ledger took
for the channels with the units the fake channels' data says are shipped.
Target (2 cores): ≥ 300 lines/s end to end, 0 duplicates, 0 lost, rerun 0.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUPANG_OUT = {"DEPARTURE", "DELIVERING", "FINAL_DELIVERY", "NONE_TRACKING"}
NAVER_OUT = {"DELIVERING", "DELIVERED", "PURCHASE_DECIDED", "EXCHANGED"}
CAFE24_OUT = {"N30", "N40", "N50"}


def _arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/channel_sync.py",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=10_000,
                        help="order lines over the three channels (default 10000)")
    parser.add_argument("--json", metavar="FILE", help="write the figures to FILE")
    return parser.parse_args(argv)


def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartstock.settings.local")
    os.environ["REDIS_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _catalog(organization, skus_single: int = 60, sets: int = 10):
    from inventory.models import Product, SetComponent, StockMovement
    from inventory.services.stock import movement_record

    singles = [Product.objects.create(organization=organization, sku=f"B-{i:03d}",
                                      name=f"bench {i}") for i in range(skus_single)]
    for product in singles:
        movement_record(organization=organization, user=None, product=product,
                        kind=StockMovement.Kind.INBOUND, quantity=1_000_000,
                        business_date=dt.date.today() - dt.timedelta(days=60))
    components = {product.sku: {product.sku: 1} for product in singles}
    for index in range(sets):
        kit = Product.objects.create(organization=organization, sku=f"SET-{index:02d}",
                                     name=f"set {index}", kind=Product.Kind.SET)
        parts = {singles[index].sku: 1, singles[index + 20].sku: 2}
        for product in (singles[index], singles[index + 20]):
            SetComponent.objects.create(organization=organization, set_product=kit,
                                        component=product, quantity=parts[product.sku])
        components[kit.sku] = parts
    return components


def _expected_units(fakes, components) -> dict[str, int]:
    """Units per stocked SKU the channels' data says are shipped (net)."""
    coupang, naver, cafe24 = fakes
    units: dict[str, int] = defaultdict(int)

    def add(sku, quantity):
        for part, per in components[sku].items():
            units[part] += per * quantity

    for sheet in coupang.sheets:
        for item in sheet["orderItems"]:
            if sheet["status"] in COUPANG_OUT and item["cancelCount"] < item[
                    "shippingCount"]:
                add(item["externalVendorSkuCode"],
                    item["shippingCount"] - item["cancelCount"])
    for order in naver.orders.values():
        line = order["productOrder"]
        if line["productOrderStatus"] in NAVER_OUT:
            add(line["optionManageCode"], line["quantity"])
    for order in cafe24.orders:
        for item in order["items"]:
            if item["order_status"] in CAFE24_OUT:
                add(item["custom_variant_code"], item["quantity"])
    return units


def _ledger_units(organization) -> dict[str, int]:
    from django.db.models import Sum

    from inventory.models import StockMovement

    rows = (StockMovement.objects.filter(organization=organization,
                                         source="channel_sync")
            .values("product__sku").annotate(total=Sum("quantity")))
    return {row["product__sku"]: -row["total"] for row in rows}


def _setup(name: str, lines: int, seed: int):
    from accounts.models import Organization
    from channel_sync.connectors.cafe24 import Cafe24Tokens
    from channel_sync.fakes.cafe24 import FakeCafe24
    from channel_sync.fakes.coupang import FakeCoupang
    from channel_sync.fakes.naver import FakeNaver
    from channel_sync.fakes.scenario import populate
    from channel_sync.models import ChannelAccount
    from channel_sync.services.accounts import _store_tokens, account_connect

    organization = Organization.objects.create(name=name)
    components = _catalog(organization)
    secret = "$2a$04$abcdefghijklmnopqrstuu"
    fakes = (FakeCoupang(vendor_id="A0001", access_key="ak", secret_key="sk"),
             FakeNaver(client_id="cid", client_secret=secret),
             FakeCafe24(mall_id="mall", client_id="cc", client_secret="cs"))
    for fake in fakes:
        fake.start()
    counts = populate(coupang=fakes[0], naver=fakes[1], cafe24=fakes[2],
                      skus=sorted(components), lines=lines,
                      now=dt.datetime.now(dt.UTC), seed=seed)
    accounts = {
        "coupang": account_connect(
            organization=organization, user=None, kind="coupang", name="Coupang",
            base_url=fakes[0].base_url,
            credentials={"vendor_id": "A0001", "access_key": "ak", "secret_key": "sk"}),
        "naver": account_connect(
            organization=organization, user=None, kind="naver", name="SmartStore",
            base_url=fakes[1].base_url,
            credentials={"client_id": "cid", "client_secret": secret}),
        "cafe24": account_connect(
            organization=organization, user=None, kind="cafe24", name="Cafe24",
            base_url=fakes[2].base_url,
            credentials={"mall_id": "mall", "client_id": "cc", "client_secret": "cs"}),
    }
    issued = fakes[2].issue()
    _store_tokens(accounts["cafe24"].pk, Cafe24Tokens(
        access_token=issued["access_token"], refresh_token=issued["refresh_token"],
        expires_at=issued["expires_at"]))
    ChannelAccount.objects.filter(pk=accounts["cafe24"].pk).update(status="active")
    return organization, components, fakes, accounts, counts


def _compare(organization, fakes, components) -> tuple[int, int]:
    expected = _expected_units(fakes, components)
    ledger = _ledger_units(organization)
    duplicates = sum(max(0, ledger.get(sku, 0) - units) for sku, units in
                     expected.items()) + sum(units for sku, units in ledger.items()
                                             if sku not in expected)
    lost = sum(max(0, units - ledger.get(sku, 0)) for sku, units in expected.items())
    return duplicates, lost


def run(arguments) -> dict:
    from channel_sync.models import ChannelOrderLine
    from channel_sync.services import sync as sync_services
    from inventory.models import StockMovement

    stamp = int(time.time())
    organization, components, fakes, accounts, counts = _setup(
        f"bench-channel-sync-{stamp}", arguments.lines, seed=7)
    channels = {}
    started = time.perf_counter()
    for kind, account in accounts.items():
        begin = time.perf_counter()
        run_row = sync_services.account_sync(account_id=account.pk)
        seconds = time.perf_counter() - begin
        assert run_row.status == "ok", run_row.error
        channels[kind] = {"lines": counts[kind], "seconds": round(seconds, 2),
                          "lines_per_second": round(counts[kind] / seconds, 1),
                          "pages": run_row.pages, "applied": run_row.applied,
                          "movements": run_row.movements}
    seconds = time.perf_counter() - started
    duplicates, lost = _compare(organization, fakes, components)
    lost += arguments.lines - ChannelOrderLine.objects.filter(
        organization=organization).count()
    before = StockMovement.objects.filter(organization=organization).count()
    for account in accounts.values():
        assert sync_services.account_sync(account_id=account.pk).status == "ok"
    rerun_new_rows = StockMovement.objects.filter(
        organization=organization).count() - before
    for fake in fakes:
        fake.stop()

    # A fresh sync interrupted after a few committed pages, then resumed.
    organization2, components2, fakes2, accounts2, _counts = _setup(
        f"bench-channel-resume-{stamp}", min(3000, arguments.lines), seed=11)
    committed = {"pages": 0}
    original = sync_services.page_committed

    def killed(account, run_row):
        committed["pages"] += 1
        if committed["pages"] == 8:
            raise KeyboardInterrupt("bench: worker killed after 8 pages")

    interrupted = False
    sync_services.page_committed = killed
    try:
        for account in accounts2.values():
            try:
                sync_services.account_sync(account_id=account.pk)
            except KeyboardInterrupt:
                interrupted = True
    finally:
        sync_services.page_committed = original
    for account in accounts2.values():
        assert sync_services.account_sync(account_id=account.pk).status == "ok"
    duplicates2, lost2 = _compare(organization2, fakes2, components2)
    for fake in fakes2:
        fake.stop()
    return {"channels": channels, "lines": arguments.lines,
            "seconds": round(seconds, 2),
            "lines_per_second": round(arguments.lines / seconds, 1),
            "duplicates": duplicates, "lost": lost,
            "rerun_new_rows": rerun_new_rows,
            "resume_ok": interrupted and duplicates2 == 0 and lost2 == 0}


def main(argv=None) -> int:
    arguments = _arguments(argv)
    url = os.environ.get("DATABASE_URL", "")
    temporary = None
    if not url.startswith("mysql"):
        temporary = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        url = f"sqlite:///{temporary.name}"
    _django(url)
    from django.db import connection

    figures = run(arguments)
    figures["database"] = connection.vendor
    figures["load_average"] = [round(value, 2) for value in os.getloadavg()]
    print(json.dumps(figures, indent=2))
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(figures, indent=2) + "\n")
    if temporary is not None:
        os.unlink(temporary.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
