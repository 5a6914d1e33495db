"""Writes the demo organization: users, catalog and five years of real sales.

The plan (catalog, ledger rows) comes from the pure inventory.demo module; this
module only turns it into rows. Everything is written in one transaction, and a
second run finds the demo organization and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.models import Membership, Organization, User
from accounts.roles import Role
from inventory import demo
from inventory.models import (
    Category,
    Channel,
    ChannelListing,
    Product,
    SetComponent,
    StockMovement,
    Supplier,
)
from inventory.services.integrity import movements_bulk_import
from inventory.services.stock import movement_record

DEMO_ORGANIZATION_NAME = "데모 파스타 상회 (Demo Pasta Store)"
# Public demo credentials, printed by `load_demo`; never use them for real data.
DEMO_PASSWORD = "demo-pass-2026"
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    (Role.MASTER, "master@demo.smartstock.local", "데모 대표 (Demo master)"),
    (Role.MANAGER, "manager@demo.smartstock.local", "데모 매니저 (Demo manager)"),
    (Role.STAFF, "staff@demo.smartstock.local", "데모 직원 (Demo staff)"),
    (Role.VIEWER, "viewer@demo.smartstock.local", "데모 열람자 (Demo viewer)"),
)
DEMO_SOURCE_REF = "demo:italian-pasta"
CHANNELS: tuple[tuple[str, str], ...] = (
    (Channel.Kind.COUPANG, "쿠팡 (Coupang)"),
    (Channel.Kind.SMARTSTORE, "네이버 스마트스토어 (SmartStore)"),
    (Channel.Kind.OWN_MALL, "자사몰 (Own mall)"),
)
SET_CATEGORY = "선물·묶음 세트 (Gift sets and bundles)"
LOT_RECEIPTS = 3


@dataclass(frozen=True)
class DemoLoadResult:
    organization: Organization
    created: bool
    users: dict[str, User]
    products: int = 0
    sets: int = 0
    movements: int = 0
    expedited_receipts: int = 0
    lot_receipts: int = 0
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    shift_days: int = 0


def demo_organization() -> Organization | None:
    """The demo organization, if it was loaded."""
    return Organization.objects.filter(is_demo=True).order_by("pk").first()


def demo_load(
    *,
    products: int | None = None,
    days: int | None = None,
    today: dt.date | None = None,
    dataset_path: Path | str | None = None,
    progress: bool = False,
) -> DemoLoadResult:
    """Create the demo organization once; a second call changes nothing."""
    with transaction.atomic():
        existing = demo_organization()
        if existing is not None:
            users = _users_ensure(organization=existing)
            return DemoLoadResult(organization=existing, created=False, users=users)
        sales = demo.load_sales(
            dataset_path or settings.SMARTSTOCK_DEMO_DATASET,
            products=products,
            days=days,
        )
        plans = demo.catalog_plan(sales)
        yesterday = (today or timezone.localdate()) - dt.timedelta(days=1)
        shift_days = demo.history_shift_days(yesterday=yesterday)
        history = demo.build_movement_rows(sales, plans, shift_days=shift_days)
        return _demo_write(
            plans=plans, history=history, shift_days=shift_days, progress=progress
        )


def _demo_write(
    *,
    plans: Sequence[demo.ProductPlan],
    history: demo.DemoHistory,
    shift_days: int,
    progress: bool,
) -> DemoLoadResult:
    """Organization, users, catalog, then the history in bulk and a few lot receipts."""
    organization = Organization.objects.create(
        name=DEMO_ORGANIZATION_NAME,
        is_demo=True,
        purchasing_emails="purchasing@demo.smartstock.local",
    )
    users = _users_ensure(organization=organization)
    catalog = _catalog_create(organization=organization, plans=plans)
    channels = _channels_create(organization=organization)
    _listings_create(organization=organization, catalog=catalog, channels=channels)
    movements = movements_bulk_import(
        organization=organization,
        movements=_progress(
            _ledger_rows(organization, history, catalog, channels, users),
            total=len(history.rows),
            enabled=progress,
        ),
    )
    lots = _lot_receipts_record(
        organization=organization,
        plans=plans,
        catalog=catalog,
        user=users[Role.MANAGER],
        day=history.last_day,
    )
    return DemoLoadResult(
        organization=organization,
        created=True,
        users=users,
        products=len(catalog),
        sets=SetComponent.objects.filter(organization=organization)
        .values("set_product")
        .distinct()
        .count(),
        movements=movements + lots,
        expedited_receipts=history.expedited_receipts,
        lot_receipts=lots,
        first_day=history.first_day,
        last_day=history.last_day,
        shift_days=shift_days,
    )


def _users_ensure(*, organization: Organization) -> dict[str, User]:
    """Demo users with verified primary emails and their memberships."""
    users: dict[str, User] = {}
    for role, email, name in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, name=name
            )
        # Verified and primary, so login works with mandatory verification too.
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(
            organization=organization, user=user, defaults={"role": role}
        )
        users[role] = user
    return users


def _catalog_create(
    *, organization: Organization, plans: Sequence[demo.ProductPlan]
) -> dict[str, Product]:
    """Suppliers, categories, one product per plan and the set products."""
    suppliers = {
        plan.key: Supplier.objects.create(
            organization=organization,
            name=plan.name,
            lead_time_days=plan.lead_time_days,
            email=plan.email,
            phone=plan.phone,
            notes=plan.notes,
        )
        for plan in demo.SUPPLIERS
    }
    categories = {
        brand: Category.objects.create(organization=organization, name=profile.category)
        for brand, profile in demo.BRANDS.items()
    }
    catalog: dict[str, Product] = {}
    for plan in plans:
        profile = demo.BRANDS[plan.brand]
        # Created one by one (not bulk) so django-simple-history records them.
        catalog[plan.dataset_sku] = Product.objects.create(
            organization=organization,
            sku=plan.sku,
            playauto_sku=plan.playauto_sku,
            name=plan.name,
            category=categories[plan.brand],
            supplier=suppliers[profile.supplier_key],
            manufacturer=profile.manufacturer,
            moq=plan.moq,
            order_multiple=plan.order_multiple,
            # The engine's service-level safety stock is what the demo shows;
            # the simulated buyer's days of cover stay as the entered value
            # (used by the simple rule before a forecast and by "below safety
            # stock"), not as a manual override.
            safety_stock=plan.safety_stock,
            safety_stock_mode=Product.SafetyStockMode.AUTOMATIC,
            unit_cost=Decimal(plan.unit_cost_krw),
            selling_price=Decimal(plan.selling_price_krw),
            shelf_life_days=plan.shelf_life_days,
        )
    _sets_create(
        organization=organization, singles=[catalog[p.dataset_sku] for p in plans]
    )
    return catalog


def _sets_create(*, organization: Organization, singles: Sequence[Product]) -> None:
    """A 3-pack gift set of two pastas and a 2-pack bundle of one pasta."""
    if not singles:
        return
    category = Category.objects.create(organization=organization, name=SET_CATEGORY)
    first = singles[0]
    specs: list[tuple[str, str, list[tuple[Product, int]]]] = [
        (f"SET-{first.sku}-X2", f"{first.name} 2개 묶음 (2-pack bundle)", [(first, 2)]),
    ]
    if len(singles) > 1:
        second = singles[1]
        specs.insert(
            0,
            (
                "SET-GIFT-3",
                "파스타 선물세트 3입 (Pasta gift set, 3 packs)",
                [(first, 2), (second, 1)],
            ),
        )
    for sku, name, parts in specs:
        cost = sum(part.unit_cost * quantity for part, quantity in parts)
        price = sum(part.selling_price * quantity for part, quantity in parts)
        set_product = Product.objects.create(
            organization=organization,
            sku=sku,
            playauto_sku=f"PA-{sku}",
            name=name,
            category=category,
            kind=Product.Kind.SET,
            unit_cost=cost,
            # A bundle sells ~5 % under the sum of its parts, in whole 100 won.
            selling_price=(price * Decimal("0.0095")).quantize(Decimal(1)) * 100,
        )
        for part, quantity in parts:
            SetComponent.objects.create(
                organization=organization,
                set_product=set_product,
                component=part,
                quantity=quantity,
            )


def _channels_create(*, organization: Organization) -> dict[str, Channel]:
    return {
        kind: Channel.objects.create(organization=organization, name=name, kind=kind)
        for kind, name in CHANNELS
    }


def _listings_create(
    *,
    organization: Organization,
    catalog: dict[str, Product],
    channels: dict[str, Channel],
) -> None:
    """A few channel product codes mapped to the master products."""
    listed = list(catalog.values())[:5]
    listed += list(
        Product.objects.filter(organization=organization, kind=Product.Kind.SET)
    )
    for index, product in enumerate(listed):
        codes = {
            Channel.Kind.COUPANG: str(7_100_000_000 + 1_379 * (index + 1)),
            Channel.Kind.SMARTSTORE: str(5_100_000_000 + 2_113 * (index + 1)),
            Channel.Kind.OWN_MALL: f"MALL-{product.sku}",
        }
        for kind, code in codes.items():
            ChannelListing.objects.create(
                organization=organization,
                channel=channels[kind],
                code=code,
                option_name=product.name,
                product=product,
            )


def _ledger_rows(
    organization: Organization,
    history: demo.DemoHistory,
    catalog: dict[str, Product],
    channels: dict[str, Channel],
    users: dict[str, User],
) -> Iterator[StockMovement]:
    """Unsaved ledger rows: sales by the staff user, receipts by the manager."""
    product_ids = {sku: product.pk for sku, product in catalog.items()}
    channel_ids = {kind: channel.pk for kind, channel in channels.items()}
    staff_id, manager_id = users[Role.STAFF].pk, users[Role.MANAGER].pk
    for row in history.rows:
        is_sale = row.kind == demo.OUTBOUND
        yield StockMovement(
            organization_id=organization.pk,
            product_id=product_ids[row.dataset_sku],
            business_date=row.business_date,
            quantity=row.quantity,
            kind=row.kind,
            channel_id=channel_ids.get(row.channel),
            source=StockMovement.Source.IMPORT,
            source_ref=DEMO_SOURCE_REF,
            created_by_id=staff_id if is_sale else manager_id,
            note=row.note,
        )


def _progress(rows: Iterator[StockMovement], *, total: int, enabled: bool):
    return tqdm(rows, total=total, disable=not enabled, unit=" rows", desc="ledger")


def _lot_receipts_record(
    *,
    organization: Organization,
    plans: Sequence[demo.ProductPlan],
    catalog: dict[str, Product],
    user: User,
    day: dt.date,
) -> int:
    """A few recent receipts with lot codes and expiry dates, through the ledger."""
    chosen: list[demo.ProductPlan] = []
    for plan in plans:
        if plan.brand not in {c.brand for c in chosen}:
            chosen.append(plan)
    written = 0
    for index, plan in enumerate(chosen[:LOT_RECEIPTS]):
        written += len(
            movement_record(
                organization=organization,
                user=user,
                product=catalog[plan.dataset_sku],
                kind=StockMovement.Kind.INBOUND,
                quantity=plan.order_multiple * 2,
                business_date=day,
                lot_code=f"L{day:%y%m%d}{'ABC'[index]}",
                expiry_date=day + dt.timedelta(days=plan.shelf_life_days),
                note="로트 입고 (Lot receipt)",
            )
        )
    return written
