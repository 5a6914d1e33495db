"""Reads of the channel connections, always scoped to the organization."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from accounts.models import Organization
from inventory.models import ExternalReference, Product, SetComponent, StockMovement

from .messages import skipped_line_text
from .models import ChannelAccount, ChannelOrderLine, StockPush, SyncRun

State = ChannelOrderLine.State


def account_list(*, organization: Organization) -> QuerySet[ChannelAccount]:
    return ChannelAccount.objects.filter(organization=organization).select_related(
        "channel").order_by("name", "pk")


def account_get(*, organization: Organization, account_id: int) -> ChannelAccount:
    """Raises ChannelAccount.DoesNotExist for another organization's (→ 404)."""
    return ChannelAccount.objects.select_related("channel").get(
        organization=organization, pk=account_id)


def run_list(*, organization: Organization, account: ChannelAccount | None = None,
             ) -> QuerySet[SyncRun]:
    runs = SyncRun.objects.filter(organization=organization).select_related("account")
    if account is not None:
        runs = runs.filter(account=account)
    return runs.order_by("-started_at", "-pk")


def run_details(run: SyncRun, *, limit: int = 20) -> list[tuple[str, str]]:
    """A run's skipped and refused lines as (line, reason) in the active
    language (an older row's plain reason as it was stored)."""
    return [(str(detail.get("ref", "")), skipped_line_text(detail))
            for detail in (run.details or [])[:limit]]


def push_list(*, organization: Organization, account: ChannelAccount,
              ) -> QuerySet[StockPush]:
    return StockPush.objects.filter(organization=organization, account=account
                                    ).select_related("product").order_by("-pk")


@dataclass(frozen=True)
class UnknownCode:
    account_id: int
    account_name: str
    code: str
    seller_code: str
    product_name: str
    option_name: str
    lines: int


def unknown_codes(*, organization: Organization) -> list[UnknownCode]:
    """Codes of lines that matched no product, with how many lines wait on each."""
    rows = (ChannelOrderLine.objects.filter(organization=organization,
                                            product__isnull=True)
            .values("account_id", "account__name", "channel_code", "seller_code")
            .annotate(lines=Count("pk")).order_by("account__name", "channel_code"))
    names = {}
    for account_id, channel_code, seller_code, name, option in (
            ChannelOrderLine.objects.filter(organization=organization,
                                            product__isnull=True)
            .values_list("account_id", "channel_code", "seller_code", "product_name",
                         "option_name")):
        names.setdefault((account_id, channel_code, seller_code), (name, option))
    return [UnknownCode(
        row["account_id"], row["account__name"],
        row["channel_code"] or row["seller_code"], row["seller_code"],
        *names.get((row["account_id"], row["channel_code"], row["seller_code"]),
                   ("", "")), row["lines"]) for row in rows]


def order_line_for_movement(*, organization: Organization,
                            movement_id: int) -> tuple[StockMovement,
                                                       ChannelOrderLine | None]:
    """A movement and the channel order line it was recorded for (if any)."""
    movement = StockMovement.objects.select_related(
        "external_ref", "reversal_of__external_ref", "product").get(
        organization=organization, pk=movement_id)
    reference = movement.external_ref or (
        movement.reversal_of.external_ref if movement.reversal_of_id else None)
    line = None
    if reference is not None and reference.scope.isdigit():
        line = ChannelOrderLine.objects.select_related("account", "product").filter(
            organization=organization, account__channel_id=int(reference.scope),
            key=reference.ref).first()
    return movement, line


def line_movements(*, organization: Organization, line: ChannelOrderLine,
                   ) -> list[StockMovement]:
    """The ledger rows of a channel order line (its reference), oldest first."""
    reference = ExternalReference.objects.filter(
        organization=organization, scope=str(line.account.channel_id), ref=line.key
    ).first()
    if reference is None:
        return []
    return list(StockMovement.objects.filter(organization=organization,
                                             external_ref=reference)
                .select_related("product").order_by("pk"))


# -- pick list ------------------------------------------------------------------------
@dataclass
class PickRow:
    product: Product
    total: int = 0
    per_channel: dict[str, int] = field(default_factory=dict)
    from_sets: set[str] = field(default_factory=set)


@dataclass
class PickList:
    day: dt.date
    rows: list[PickRow]
    channel_totals: dict[str, int]
    unmapped: list[ChannelOrderLine]
    lines: int


def _components(organization: Organization, set_ids: set[int]) -> dict[int, list]:
    parts: dict[int, list] = defaultdict(list)
    for part in SetComponent.objects.filter(organization=organization,
                                            set_product_id__in=set_ids
                                            ).select_related("component"):
        parts[part.set_product_id].append((part.component, part.quantity))
    return parts


def pick_list(*, organization: Organization, day: dt.date) -> PickList:
    """Lines waiting to ship (paid up to `day`), by product, sets exploded."""
    lines = list(ChannelOrderLine.objects.filter(
        organization=organization, state=State.RESERVED, business_date__lte=day,
    ).select_related("account", "product").order_by("business_date", "key"))
    waiting = [line for line in lines if line.net_quantity > 0]
    sets = {line.product_id for line in waiting
            if line.product_id and line.product.kind == Product.Kind.SET}
    parts = _components(organization, sets)
    rows: dict[int, PickRow] = {}
    totals: dict[str, int] = defaultdict(int)
    unmapped = []
    for line in waiting:
        if line.product is None:
            unmapped.append(line)
            continue
        channel = line.account.name
        pieces = parts.get(line.product_id) if line.product.kind == Product.Kind.SET \
            else [(line.product, 1)]
        for product, per_unit in pieces or []:
            row = rows.setdefault(product.pk, PickRow(product))
            units = per_unit * line.net_quantity
            row.total += units
            row.per_channel[channel] = row.per_channel.get(channel, 0) + units
            if product.pk != line.product_id:
                row.from_sets.add(line.product.sku)
            totals[channel] += units
    ordered = sorted(rows.values(), key=lambda row: row.product.sku)
    return PickList(day, ordered, dict(sorted(totals.items())), unmapped, len(waiting))


# -- stock push -----------------------------------------------------------------------
def reserved_units(*, organization: Organization) -> dict[int, int]:
    """Units paid but not shipped and not yet in the ledger, per stocked product."""
    lines = list(ChannelOrderLine.objects.filter(
        organization=organization, state=State.RESERVED, product__isnull=False,
    ).select_related("account", "product"))
    recorded = set(ExternalReference.objects.filter(
        organization=organization,
        scope__in={str(line.account.channel_id) for line in lines},
        ref__in=[line.key for line in lines], movements__isnull=False,
    ).values_list("scope", "ref"))
    sets = {line.product_id for line in lines if line.product.kind == Product.Kind.SET}
    parts = _components(organization, sets)
    reserved: dict[int, int] = defaultdict(int)
    for line in lines:
        if (str(line.account.channel_id), line.key) in recorded:
            continue  # an uploaded export already took it out of stock
        pieces = parts.get(line.product_id) if line.product.kind == Product.Kind.SET \
            else [(line.product, 1)]
        for product, per_unit in pieces or []:
            reserved[product.pk] += per_unit * line.net_quantity
    return dict(reserved)


@dataclass(frozen=True)
class PushItem:
    code: str
    product: Product
    quantity: int
    last_pushed: int | None

    @property
    def changed(self) -> bool:
        return self.last_pushed != self.quantity


def push_plan(*, organization: Organization, account: ChannelAccount) -> list[PushItem]:
    """What would be pushed: per listed code, available = stock − reserved
    (sets: the minimum over components) − the account's buffer, never below 0."""
    from inventory.models import ChannelListing

    codes: dict[str, int] = {}
    for code, product_id in ChannelOrderLine.objects.filter(
            account=account, product__isnull=False).exclude(channel_code="").values_list(
            "channel_code", "product_id").distinct():
        codes.setdefault(code, product_id)
    for code, product_id in ChannelListing.objects.filter(
            organization=organization, channel=account.channel).values_list(
            "code", "product_id"):
        codes[code] = product_id
    products = Product.objects.in_bulk(set(codes.values()))
    sets = {pk for pk, product in products.items() if product.kind == Product.Kind.SET}
    parts = _components(organization, sets)
    reserved = reserved_units(organization=organization)

    def free(product: Product) -> int:
        return product.on_hand - reserved.get(product.pk, 0)

    items = []
    for code, product_id in sorted(codes.items()):
        product = products[product_id]
        if product.kind == Product.Kind.SET:
            pieces = parts.get(product_id) or []
            available = min((free(part) // per_unit for part, per_unit in pieces),
                            default=0)
        else:
            available = free(product)
        quantity = max(0, available - account.push_buffer)
        items.append(PushItem(code, product, quantity, account.pushed.get(code)))
    return items


def product_by_sku(*, organization: Organization, sku: str) -> Product:
    """Raises Product.DoesNotExist when the organization has no such SKU."""
    return Product.objects.get(organization=organization, sku__iexact=sku.strip())
