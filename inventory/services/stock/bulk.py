"""The bulk ledger writer: many entries, a few statements.

Same rules as `_LedgerWriter` (writer.py), for thousands of entries at once:
`load()` locks every product involved in id order and reads its on-hand, lots
and set components (one query per kind); `apply()`/`reverse()` work out each
ledger row in memory, checking stock entry by entry in the given order (so a
refusal names the entry that caused it); `flush()` writes the rows with
`bulk_create` and moves each product's and lot's cache with one
`F("on_hand") + delta` statement. The caller owns the transaction; locks are
held until it ends, so the in-memory on-hand equals the database's.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext_lazy

from accounts.models import Organization
from inventory.models import Lot, Product, SetComponent, StockMovement

from . import rules
from .amounts import split_amount
from .entry import MovementEntry, reversal_row
from .errors import InsufficientStock, StockError

Kind = StockMovement.Kind
BULK_BATCH = 500


@dataclass
class _Lot:
    pk: int
    product_id: int
    code: str
    expiry_date: dt.date | None
    on_hand: int


@dataclass
class _Product:
    pk: int
    sku: str
    kind: str
    on_hand: int
    price: Decimal = Decimal(0)  # list (selling) price: splits a set's amount


class BulkLedger:
    """Ledger rows computed in memory under product locks, written by `flush()`."""

    def __init__(
        self, organization: Organization, user, source: str, source_ref: str = ""
    ) -> None:
        self.organization = organization
        self.user = user
        self.source = source
        self.source_ref = source_ref
        self.products: dict[int, _Product] = {}
        self.components: dict[int, list[tuple[int, int]]] = {}
        self.lots: dict[tuple[int, str], _Lot] = {}
        self.rows: list[StockMovement] = []
        self.reversed: set[int] = set()
        self._product_delta: dict[int, int] = defaultdict(int)
        self._lot_delta: dict[int, int] = defaultdict(int)
        self.today = rules.business_today()  # one day per call

    # -- loading and locking -------------------------------------------------------
    def load(self, product_ids: Iterable[int]) -> None:
        """Lock the products (sets: their components) in id order; read their state."""
        wanted = set(product_ids) - set(self.products)
        if not wanted:
            return
        kinds = dict(
            Product.objects.filter(
                organization=self.organization, pk__in=sorted(wanted)
            ).values_list("pk", "kind")
        )
        set_ids = [pk for pk, kind in kinds.items() if kind == Product.Kind.SET]
        for set_id, component_id, quantity in (
            SetComponent.objects.filter(set_product_id__in=set_ids)
            .order_by("set_product_id", "component_id")
            .values_list("set_product_id", "component_id", "quantity")
        ):
            self.components.setdefault(set_id, []).append((component_id, quantity))
            wanted.add(component_id)
        wanted -= set(self.products)
        # Locking in sorted id order keeps concurrent writers from deadlocking.
        for pk, sku, kind, on_hand, price in (
            Product.objects.select_for_update()
            .filter(organization=self.organization, pk__in=sorted(wanted))
            .order_by("pk")
            .values_list("pk", "sku", "kind", "on_hand", "selling_price")
        ):
            self.products[pk] = _Product(pk, sku, kind, on_hand, price or Decimal(0))
        for pk, product_id, code, expiry, on_hand in (
            Lot.objects.filter(product_id__in=sorted(wanted))
            .order_by("pk")
            .values_list("pk", "product_id", "code", "expiry_date", "on_hand")
        ):
            self.lots[(product_id, code)] = _Lot(pk, product_id, code, expiry, on_hand)

    def product(self, pk: int) -> _Product:
        try:
            return self.products[pk]
        except KeyError:
            raise StockError(gettext_lazy("This product does not exist.")) from None

    def explode(self, product_id: int, quantity: int) -> dict[int, int]:
        """Units per stocked product for `quantity` of a product (a set: its parts)."""
        product = self.product(product_id)
        if product.kind != Product.Kind.SET:
            return {product_id: quantity}
        parts = self.components.get(product_id, [])
        if not parts:
            raise StockError(
                gettext_lazy("Set %(sku)s has no components; add them before "
                             "recording movements."),
                params={"sku": product.sku})
        exploded: dict[int, int] = defaultdict(int)
        for component_id, per_set in parts:
            rules.set_units_check(sets=quantity, per_set=per_set, set_sku=product.sku,
                                  component_sku=self.product(component_id).sku)
            exploded[component_id] += quantity * per_set
        return dict(exploded)

    def split(self, amount: int | None, units: dict[int, int]) -> dict[int, int | None]:
        """A line's amount over the stocked products it takes (`explode`), in
        proportion to their list value (units × selling price)."""
        return split_amount(amount, [
            (pk, self.products[pk].price * count) for pk, count in sorted(units.items())
        ])

    # -- entries -------------------------------------------------------------------
    def apply(self, entry: MovementEntry, *, external=None) -> None:
        """Work out one entry's rows (a set: its components'); raise if refused."""
        rules.entry_check(entry, today=self.today)
        product = self.product(entry.product.pk)
        if product.kind == Product.Kind.SET:
            if entry.kind == Kind.STOCK_COUNT:
                raise StockError(
                    gettext_lazy("Set %(sku)s has no stock of its own; count its "
                                 "components instead."),
                    params={"sku": product.sku})
            exploded = self.explode(product.pk, entry.quantity)
            amounts = self.split(entry.amount, exploded)
            for component_id, units in exploded.items():
                self._single(entry, component_id, units, product.pk, external,
                             amounts[component_id])
        else:
            self._single(entry, product.pk, entry.quantity, None, external,
                         entry.amount)

    def _single(self, entry, product_id: int, quantity: int, set_id, external,
                amount: int | None = None) -> None:
        kind = entry.kind
        rules.quantity_sign_check(kind, quantity)
        if kind == Kind.INBOUND:
            self.put(entry, product_id, quantity, set_id, external)
        elif kind == Kind.OUTBOUND:
            self.take(entry, product_id, quantity, set_id, external, amount=amount)
        elif kind == Kind.ADJUSTMENT:
            if quantity > 0:
                self.put(entry, product_id, quantity, set_id, external)
            else:
                self.take(entry, product_id, -quantity, set_id, external)
        elif kind == Kind.STOCK_COUNT:
            delta = quantity - self.products[product_id].on_hand
            if delta > 0:
                self.put(entry, product_id, delta, None, external)
            elif delta < 0:
                self.take(entry, product_id, -delta, None, external)
            else:
                self._row(entry, product_id, 0, None, None, external)
        else:
            raise StockError(
                gettext_lazy("Unknown movement kind: %(kind)s"),
                params={"kind": kind})

    def put(self, entry, product_id: int, quantity: int, set_id, external) -> None:
        # put/take are also called directly (order lines): the entry is checked
        # here too.
        rules.entry_check(entry, today=self.today)
        rules.expiry_check(entry.expiry_date, received=entry.business_date)
        lot_code = rules.inbound_lot_code(entry)
        lot = self._lot_for_inbound(entry, product_id, lot_code) if lot_code else None
        self._move(product_id, quantity)
        if lot is not None:
            lot.on_hand += quantity
            self._lot_delta[lot.pk] += quantity
        self._row(entry, product_id, quantity, lot, set_id, external)

    def take(self, entry, product_id: int, quantity: int, set_id, external,
             *, amount: int | None = None) -> None:
        """Take units out (lots first-expiry-first-out); `amount` (an outbound
        sale's paid amount for these units) is split over the lot rows."""
        rules.entry_check(entry, today=self.today)
        rules.amount_check(amount)
        product = self.products[product_id]
        if product.on_hand < quantity and not self.organization.allow_negative_stock:
            # Template and params kept apart: a failed upload stores them and
            # shows the message in its reader's language.
            raise InsufficientStock(
                gettext_lazy("Not enough stock of %(sku)s: %(on_hand)s on hand, "
                             "%(quantity)s requested."),
                params={"sku": product.sku, "on_hand": product.on_hand,
                        "quantity": quantity},
            )
        self._move(product_id, -quantity)
        allocations = self._allocate(entry, product, quantity)
        paid = split_amount(amount if entry.kind == Kind.OUTBOUND else None,
                            [(index, units) for index, (_lot, units)
                             in enumerate(allocations)])
        for index, (lot, units) in enumerate(allocations):
            if lot is not None:
                lot.on_hand -= units
                self._lot_delta[lot.pk] -= units
            self._row(entry, product_id, -units, lot, set_id, external,
                      paid[index])

    def _move(self, product_id: int, quantity: int) -> None:
        self.products[product_id].on_hand += quantity
        self._product_delta[product_id] += quantity

    def _allocate(self, entry, product: _Product, quantity: int):
        """Split a take over lots: the named lot, else first-expiry-first-out."""
        if entry.lot_code:
            lot = self.lots.get((product.pk, entry.lot_code))
            if lot is None:
                raise StockError(
                    gettext_lazy("Lot %(lot)s of %(sku)s does not exist."),
                    params={"lot": entry.lot_code, "sku": product.sku})
            if lot.on_hand < quantity and not self.organization.allow_negative_stock:
                raise InsufficientStock(
                    gettext_lazy("Not enough stock in lot %(lot)s: %(on_hand)s on "
                                 "hand, %(quantity)s requested."),
                    params={"lot": lot.code, "on_hand": lot.on_hand,
                            "quantity": quantity})
            return [(lot, quantity)]
        lots = sorted(
            (lot for lot in self.lots.values()
             if lot.product_id == product.pk and lot.on_hand > 0),
            key=lambda lot: (lot.expiry_date is None, lot.expiry_date or dt.date.min,
                             lot.pk),
        ) if self.lots else []
        allocations: list[tuple[_Lot | None, int]] = []
        remaining = quantity
        for lot in lots:
            if remaining == 0:
                break
            amount = min(lot.on_hand, remaining)
            allocations.append((lot, amount))
            remaining -= amount
        if remaining:
            allocations.append((None, remaining))
        return allocations

    def _lot_for_inbound(self, entry, product_id: int, lot_code: str) -> _Lot:
        lot = self.lots.get((product_id, lot_code))
        if lot is None:
            created = Lot.objects.create(
                organization=self.organization, product_id=product_id,
                code=lot_code, expiry_date=entry.expiry_date,
            )
            lot = self.lots[(product_id, lot_code)] = _Lot(
                created.pk, product_id, created.code, created.expiry_date, 0
            )
        else:
            rules.lot_expiry_check(lot=lot.code, sku=self.products[product_id].sku,
                                   stored=lot.expiry_date, given=entry.expiry_date)
        return lot

    def _row(self, entry, product_id, quantity, lot, set_id, external,
             amount: int | None = None) -> None:
        self.rows.append(StockMovement(
            organization=self.organization,
            product_id=product_id,
            business_date=entry.business_date,
            quantity=quantity,
            kind=entry.kind,
            channel=entry.channel,
            lot_id=lot.pk if lot is not None else None,
            source=self.source,
            source_ref=self.source_ref,
            external_ref=external,
            set_product_id=set_id,
            created_by=self.user,
            note=entry.note[:500],
            amount=amount,
        ))

    # -- reversals -----------------------------------------------------------------
    def reverse(self, movement: StockMovement, *, note: str, external=None) -> None:
        """A row cancelling `movement` (loaded product), linked to it."""
        if movement.kind == Kind.REVERSAL:
            raise StockError(
                gettext_lazy("A reversal cannot be reversed; record a new movement."))
        if movement.pk in self.reversed:
            raise StockError(gettext_lazy("This movement was already reversed."))
        quantity = -movement.quantity
        product = self.product(movement.product_id)
        refuse = quantity < 0 and not self.organization.allow_negative_stock
        if refuse and product.on_hand < -quantity:
            raise InsufficientStock(
                gettext_lazy("Reversing this movement would take %(sku)s below zero."),
                params={"sku": product.sku})
        lot = next((lot for lot in self.lots.values() if lot.pk == movement.lot_id),
                   None) if movement.lot_id else None
        if lot is not None and refuse and lot.on_hand < -quantity:
            raise InsufficientStock(
                gettext_lazy("Reversing this movement would take lot %(lot)s below "
                             "zero."),
                params={"lot": lot.code})
        self._move(product.pk, quantity)
        if lot is not None:
            lot.on_hand += quantity
            self._lot_delta[lot.pk] += quantity
        self.reversed.add(movement.pk)
        self.rows.append(reversal_row(
            movement, source=self.source, source_ref=self.source_ref,
            user=self.user, note=note, external_ref=external,
        ))

    # -- writing -------------------------------------------------------------------
    def flush(self, *, returning: bool = False) -> list[StockMovement]:
        """Write the rows and move the caches (one UPDATE per product and lot).

        Returns the rows written; with `returning` they are saved with their
        primary keys (bulk_create), otherwise inserted faster with executemany
        and returned without primary keys.
        """
        for product_id, delta in sorted(self._product_delta.items()):
            if delta:
                Product.objects.filter(pk=product_id).update(
                    on_hand=F("on_hand") + delta
                )
        for lot_id, delta in sorted(self._lot_delta.items()):
            if delta:
                Lot.objects.filter(pk=lot_id).update(on_hand=F("on_hand") + delta)
        from inventory.services.integrity import _insert_rows

        written = self.rows
        if returning:
            written = StockMovement.objects.bulk_create(written, batch_size=BULK_BATCH)
        else:
            # One executemany per chunk (bulk_create splits SQLite inserts into
            # ~60-row statements).
            for start in range(0, len(written), BULK_BATCH * 4):
                _insert_rows(written[start:start + BULK_BATCH * 4])
        self.rows = []
        self._product_delta.clear()
        self._lot_delta.clear()
        return written
