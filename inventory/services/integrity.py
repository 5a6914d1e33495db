"""Checks that the on-hand caches equal the ledger, and bulk history import."""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Organization
from inventory.models import Lot, Product, StockMovement


@dataclass(frozen=True)
class CacheMismatch:
    kind: str  # "product" or "lot"
    object_id: int
    label: str
    cached: int
    ledger: int


def stock_verify(*, organization: Organization | None = None) -> list[CacheMismatch]:
    """Every product's and lot's cached on-hand compared with its ledger sum."""
    product_sum = (
        StockMovement.objects.filter(product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    lot_sum = (
        StockMovement.objects.filter(lot=OuterRef("pk"))
        .order_by()
        .values("lot")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    products = Product.objects.annotate(
        ledger=Coalesce(Subquery(product_sum, output_field=IntegerField()), Value(0))
    )
    lots = Lot.objects.select_related("product").annotate(
        ledger=Coalesce(Subquery(lot_sum, output_field=IntegerField()), Value(0))
    )
    if organization is not None:
        products = products.filter(organization=organization)
        lots = lots.filter(organization=organization)
    mismatches = [
        CacheMismatch("product", p.pk, p.sku, p.on_hand, p.ledger)
        for p in products.only("pk", "sku", "on_hand")
        if p.on_hand != p.ledger
    ]
    mismatches += [
        CacheMismatch("lot", lot.pk, str(lot), lot.on_hand, lot.ledger)
        for lot in lots
        if lot.on_hand != lot.ledger
    ]
    return mismatches


def stock_cache_rebuild(*, organization: Organization) -> int:
    """Set every cache of the organization to its ledger sum; returns rows fixed.

    The ledger is never touched: only the caches derived from it are rewritten.
    """
    fixed = 0
    with transaction.atomic():
        # Hold every product row so no movement lands while caches are rewritten.
        list(
            Product.objects.select_for_update()
            .filter(organization=organization)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for mismatch in stock_verify(organization=organization):
            model = Product if mismatch.kind == "product" else Lot
            fixed += model.objects.filter(pk=mismatch.object_id).update(
                on_hand=mismatch.ledger
            )
    return fixed


MovementRow = StockMovement | dict[str, Any]


def movements_bulk_import(
    *,
    organization: Organization,
    movements: Iterable[MovementRow],
    batch_size: int = 5000,
    progress: Iterator | None = None,
) -> int:
    """Insert many prepared ledger rows in one transaction (historical import).

    A row is an unsaved StockMovement or, cheaper for hundreds of thousands of
    rows, a dict of its field attnames (``product_id``, ``business_date``…;
    the fields left out take their defaults). Rows are validated by the caller;
    lots are not supported here. The caches of the products touched are then
    set from the ledger inside the same transaction, so the invariant
    cache == ledger sum holds when it commits.
    """
    count = 0
    touched: set[int] = set()
    with transaction.atomic():
        chunk: list[MovementRow] = []
        for movement in movements:
            get = movement.get if isinstance(movement, dict) else \
                functools.partial(getattr, movement)
            if get("organization_id") != organization.pk:
                raise ValueError("movement of another organization")
            if get("lot_id", None) is not None:
                raise ValueError("bulk import does not take lots")
            chunk.append(movement)
            touched.add(get("product_id"))
            if len(chunk) >= batch_size:
                _insert_rows(chunk)
                count += len(chunk)
                chunk = []
                if progress is not None:
                    next(progress, None)
        if chunk:
            _insert_rows(chunk)
            count += len(chunk)
        _products_cache_from_ledger(organization=organization, product_ids=touched)
    return count


def _insert_rows(movements: list[MovementRow]) -> None:
    """One executemany per chunk: Django's bulk_create splits SQLite inserts into
    ~60-row statements (999 parameters), which made history imports slow."""
    fields = [
        field for field in StockMovement._meta.concrete_fields
        if not field.primary_key
    ]
    defaults = {field.attname: field.get_default() for field in fields}
    table = connection.ops.quote_name(StockMovement._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    now = timezone.now()
    prepared: dict[tuple[str, object], object] = {}

    def value_of(field, movement):
        if isinstance(movement, dict):
            value = movement.get(field.attname, defaults[field.attname])
            if value is None and field.attname == "created_at":
                value = now
        else:
            value = getattr(movement, field.attname)
            if value is None and field.attname == "created_at":
                value = movement.created_at = now  # one timestamp per insert
        if value is None or type(value) in (int, str):
            return value  # ids, codes, quantities: the database takes them as is
        key = (field.attname, value)  # dates and times repeat: adapt each once
        if key not in prepared:
            prepared[key] = field.get_db_prep_save(value, connection)
        return prepared[key]

    rows = [[value_of(field, movement) for field in fields] for movement in movements]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows
        )


def _products_cache_from_ledger(*, organization: Organization, product_ids: set[int]) -> None:
    ledger = (
        StockMovement.objects.filter(product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    Product.objects.filter(organization=organization, pk__in=product_ids).update(
        on_hand=Coalesce(Subquery(ledger, output_field=IntegerField()), Value(0))
    )
