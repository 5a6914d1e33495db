"""The ledger writer: locks products, appends rows, moves the on-hand caches."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import F, Q
from django.utils.translation import gettext as _

from accounts.models import Organization
from inventory.models import (
    ExternalReference,
    Lot,
    Product,
    SetComponent,
    StockMovement,
)

from . import rules
from .amounts import split_amount
from .entry import MovementEntry, reversal_row
from .errors import InsufficientStock, StockError

Kind = StockMovement.Kind


class _LedgerWriter:
    """Applies entries inside the caller's transaction, after `lock()`."""

    def __init__(self, organization: Organization, user, source: str, source_ref: str):
        self.organization = organization
        self.user = user
        self.source = source
        self.source_ref = source_ref
        self.written: list[StockMovement] = []
        self.components: dict[int, list[SetComponent]] = {}
        self.today = rules.business_today()  # one day per call

    # -- locking -------------------------------------------------------------
    def lock(self, products: Sequence[Product]) -> None:
        """Lock every product touched (sets: their components) in id order."""
        set_ids = {p.pk for p in products if p.kind == Product.Kind.SET}
        if set_ids:
            for component in SetComponent.objects.filter(
                set_product_id__in=set_ids
            ).select_related("component"):
                self.components.setdefault(component.set_product_id, []).append(
                    component
                )
        ids = {p.pk for p in products if p.kind != Product.Kind.SET}
        for parts in self.components.values():
            ids.update(part.component_id for part in parts)
        # Locking in sorted id order keeps concurrent writers from deadlocking.
        list(
            Product.objects.select_for_update()
            .filter(pk__in=sorted(ids))
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    # -- entries -------------------------------------------------------------
    def apply(self, entry: MovementEntry) -> None:
        rules.entry_check(entry, today=self.today)  # before anything is written
        external = self._claim_external_ref(entry)
        if entry.product.kind == Product.Kind.SET:
            self._apply_set(entry, external)
        else:
            self._apply_single(entry, entry.product, entry.quantity, None, external,
                               entry.amount)

    def _claim_external_ref(self, entry: MovementEntry) -> ExternalReference | None:
        if not entry.external_ref:
            return None
        scope = str(entry.channel.pk) if entry.channel else "-"
        exists = ExternalReference.objects.filter(
            organization=self.organization, scope=scope, ref=entry.external_ref
        ).exists()
        if exists:
            raise StockError(
                _("Order line %(ref)s was already recorded.")
                % {"ref": entry.external_ref}
            )
        # The unique key refuses a concurrent second claim with IntegrityError.
        return ExternalReference.objects.create(
            organization=self.organization, scope=scope, ref=entry.external_ref
        )

    def _apply_set(self, entry: MovementEntry, external) -> None:
        parts = self.components.get(entry.product.pk, [])
        if not parts:
            raise StockError(
                _("Set %(sku)s has no components; add them before recording movements.")
                % {"sku": entry.product.sku}
            )
        if entry.kind == Kind.STOCK_COUNT:
            raise StockError(
                _("Set %(sku)s has no stock of its own; count its components instead.")
                % {"sku": entry.product.sku}
            )
        for part in parts:
            rules.set_units_check(sets=entry.quantity, per_set=part.quantity,
                                  set_sku=entry.product.sku,
                                  component_sku=part.component.sku)
        amounts = split_amount(entry.amount, [
            (index, (part.component.selling_price or 0) * part.quantity)
            for index, part in enumerate(parts)
        ])
        for index, part in enumerate(parts):
            self._apply_single(
                entry,
                part.component,
                entry.quantity * part.quantity,
                entry.product,
                external,
                amounts[index],
            )

    def _apply_single(
        self,
        entry: MovementEntry,
        product: Product,
        quantity: int,
        set_product,
        external,
        amount: int | None = None,
    ) -> None:
        kind = entry.kind
        rules.quantity_sign_check(kind, quantity)
        if kind == Kind.INBOUND:
            self._put(entry, product, quantity, set_product, external)
        elif kind == Kind.OUTBOUND:
            self._take(entry, product, quantity, set_product, external, amount)
        elif kind == Kind.ADJUSTMENT:
            if quantity > 0:
                self._put(entry, product, quantity, set_product, external)
            else:
                self._take(entry, product, -quantity, set_product, external)
        elif kind == Kind.STOCK_COUNT:
            self._count(entry, product, quantity, external)
        else:
            raise StockError(_("Unknown movement kind: %(kind)s") % {"kind": kind})

    def _count(
        self, entry: MovementEntry, product: Product, counted: int, external
    ) -> None:
        if counted < 0:
            raise StockError(_("A counted quantity cannot be negative."))
        on_hand = Product.objects.filter(pk=product.pk).values_list(
            "on_hand", flat=True
        )[0]
        delta = counted - on_hand
        if delta > 0:
            self._put(entry, product, delta, None, external)
        elif delta < 0:
            self._take(entry, product, -delta, None, external)
        else:
            self._write(entry, product, 0, None, None, external)

    # -- primitives ----------------------------------------------------------
    def _put(
        self, entry, product: Product, quantity: int, set_product, external
    ) -> None:
        rules.expiry_check(entry.expiry_date, received=entry.business_date)
        lot_code = rules.inbound_lot_code(entry)
        lot = self._lot_for_inbound(entry, product, lot_code) if lot_code else None
        Product.objects.filter(pk=product.pk).update(on_hand=F("on_hand") + quantity)
        if lot is not None:
            Lot.objects.filter(pk=lot.pk).update(on_hand=F("on_hand") + quantity)
        self._write(entry, product, quantity, lot, set_product, external)

    def _take(
        self, entry, product: Product, quantity: int, set_product, external,
        amount: int | None = None,
    ) -> None:
        taken = Product.objects.filter(pk=product.pk, on_hand__gte=quantity).update(
            on_hand=F("on_hand") - quantity
        )
        if not taken:
            if not self.organization.allow_negative_stock:
                on_hand = Product.objects.filter(pk=product.pk).values_list(
                    "on_hand", flat=True
                )[0]
                raise InsufficientStock(
                    _(
                        "Not enough stock of %(sku)s: %(on_hand)s on hand, "
                        "%(quantity)s requested."
                    )
                    % {"sku": product.sku, "on_hand": on_hand, "quantity": quantity}
                )
            Product.objects.filter(pk=product.pk).update(
                on_hand=F("on_hand") - quantity
            )
        allocations = self._allocate_lots(entry, product, quantity)
        paid = split_amount(amount, [(index, units) for index, (_lot, units)
                                     in enumerate(allocations)])
        for index, (lot, units) in enumerate(allocations):
            if lot is not None:
                Lot.objects.filter(pk=lot.pk).update(on_hand=F("on_hand") - units)
            self._write(entry, product, -units, lot, set_product, external,
                        paid[index])

    def _allocate_lots(self, entry, product: Product, quantity: int):
        """Split a take over lots: the named lot, else first-expiry-first-out."""
        if entry.lot_code:
            lot = Lot.objects.filter(product=product, code=entry.lot_code).first()
            if lot is None:
                raise StockError(
                    _("Lot %(lot)s of %(sku)s does not exist.")
                    % {"lot": entry.lot_code, "sku": product.sku}
                )
            if lot.on_hand < quantity and not self.organization.allow_negative_stock:
                raise InsufficientStock(
                    _(
                        "Not enough stock in lot %(lot)s: %(on_hand)s on hand, %(quantity)s requested."
                    )
                    % {"lot": lot.code, "on_hand": lot.on_hand, "quantity": quantity}
                )
            return [(lot, quantity)]
        allocations: list[tuple[Lot | None, int]] = []
        remaining = quantity
        lots = Lot.objects.filter(product=product, on_hand__gt=0).order_by(
            F("expiry_date").asc(nulls_last=True), "pk"
        )
        for lot in lots:
            if remaining == 0:
                break
            amount = min(lot.on_hand, remaining)
            allocations.append((lot, amount))
            remaining -= amount
        if remaining:
            allocations.append((None, remaining))
        return allocations

    def _lot_for_inbound(
        self, entry: MovementEntry, product: Product, lot_code: str
    ) -> Lot:
        lot, created = Lot.objects.get_or_create(
            organization=self.organization,
            product=product,
            code=lot_code,
            defaults={"expiry_date": entry.expiry_date},
        )
        if not created:
            rules.lot_expiry_check(lot=lot.code, sku=product.sku,
                                   stored=lot.expiry_date, given=entry.expiry_date)
        return lot

    def _write(self, entry, product, quantity: int, lot, set_product, external,
               amount: int | None = None) -> None:
        self.written.append(
            StockMovement.objects.create(
                organization=self.organization,
                product=product,
                business_date=entry.business_date,
                quantity=quantity,
                kind=entry.kind,
                channel=entry.channel,
                lot=lot,
                source=self.source,
                source_ref=self.source_ref,
                external_ref=external,
                set_product=set_product,
                created_by=self.user,
                note=entry.note[:500],
                amount=amount,
            )
        )

    def reverse(self, movement: StockMovement, *, note: str) -> StockMovement:
        if movement.kind == Kind.REVERSAL:
            raise StockError(_("A reversal cannot be reversed; record a new movement."))
        if StockMovement.objects.filter(reversal_of=movement).exists():
            raise StockError(_("This movement was already reversed."))
        quantity = -movement.quantity
        if not self._guarded_add(Product, movement.product_id, quantity):
            raise InsufficientStock(
                _("Reversing this movement would take %(sku)s below zero.")
                % {"sku": movement.product.sku}
            )
        # Raising here rolls back the product update above with the transaction.
        if movement.lot_id and not self._guarded_add(Lot, movement.lot_id, quantity):
            raise InsufficientStock(
                _("Reversing this movement would take lot %(lot)s below zero.")
                % {"lot": movement.lot.code}
            )
        reversal = reversal_row(movement, source=self.source,
                                source_ref=movement.source_ref, user=self.user,
                                note=note)
        reversal.save()
        self.written.append(reversal)
        return reversal

    def _guarded_add(self, model, pk: int, quantity: int) -> bool:
        """Add ``quantity`` to ``on_hand`` of one row; a take that would go below
        zero (where the organization forbids it) updates nothing: False."""
        condition = Q(pk=pk)
        if quantity < 0 and not self.organization.allow_negative_stock:
            condition &= Q(on_hand__gte=-quantity)
        return bool(
            model.objects.filter(condition).update(on_hand=F("on_hand") + quantity)
        )
