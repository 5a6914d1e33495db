"""Writes to the stock ledger: the only code that creates StockMovement rows.

Every call runs in one transaction that (1) locks the product rows involved in
sorted id order, (2) appends ledger rows and (3) moves the on-hand caches with
database-side arithmetic (`F("on_hand") ± n`, a take guarded by `on_hand >= n`).
Either every entry of a call is applied or nothing is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from inventory.models import Channel, Product, StockMovement

from .entry import MovementEntry
from .errors import InsufficientStock, StockError
from .retry import _RETRYABLE_MYSQL_ERRORS as _RETRYABLE_MYSQL_ERRORS  # re-export
from .retry import MAX_ATTEMPTS, with_deadlock_retry
from .writer import _LedgerWriter

__all__ = [
    "MAX_ATTEMPTS",
    "InsufficientStock",
    "Kind",
    "MovementEntry",
    "Source",
    "StockError",
    "movement_record",
    "movement_reverse",
    "movements_record",
    "with_deadlock_retry",
]

Kind = StockMovement.Kind
Source = StockMovement.Source


def movements_record(
    *,
    organization: Organization,
    user: User | None,
    entries: Sequence[MovementEntry],
    source: str = Source.MANUAL,
    source_ref: str = "",
) -> list[StockMovement]:
    """Apply every entry or none; returns the ledger rows written."""
    if not entries:
        return []
    for entry in entries:
        if entry.product.organization_id != organization.pk:
            raise StockError(
                _("Product %(sku)s does not exist.") % {"sku": entry.product.sku}
            )

    def apply() -> list[StockMovement]:
        with transaction.atomic():
            writer = _LedgerWriter(organization, user, source, source_ref)
            writer.lock([entry.product for entry in entries])
            for entry in entries:
                writer.apply(entry)
            return writer.written

    return with_deadlock_retry(apply)


def movement_record(
    *,
    organization: Organization,
    user: User | None,
    product: Product,
    kind: str,
    quantity: int,
    business_date: dt.date,
    channel: Channel | None = None,
    lot_code: str = "",
    expiry_date: dt.date | None = None,
    note: str = "",
    external_ref: str = "",
    source: str = Source.MANUAL,
    source_ref: str = "",
    amount: int | None = None,
) -> list[StockMovement]:
    """Record one movement (a set becomes its components' movements); `amount`
    is what the customer paid for an outbound sale, in won (None: unknown)."""
    entry = MovementEntry(
        product=product,
        kind=kind,
        quantity=quantity,
        business_date=business_date,
        channel=channel,
        lot_code=lot_code,
        expiry_date=expiry_date,
        note=note,
        external_ref=external_ref,
        amount=amount,
    )
    return movements_record(
        organization=organization,
        user=user,
        entries=[entry],
        source=source,
        source_ref=source_ref,
    )


def movement_reverse(
    *,
    organization: Organization,
    user: User | None,
    movement: StockMovement,
    note: str = "",
) -> StockMovement:
    """Append a row that cancels `movement`; the original stays as it was."""
    if movement.organization_id != organization.pk:
        raise StockError(_("This movement does not exist."))

    def apply() -> StockMovement:
        with transaction.atomic():
            writer = _LedgerWriter(organization, user, Source.MANUAL, "")
            writer.lock([movement.product])
            return writer.reverse(movement, note=note)

    return with_deadlock_retry(apply)
