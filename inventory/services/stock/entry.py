"""One requested stock movement, as passed to the ledger writer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import User
from inventory.models import Channel, ExternalReference, Product, StockMovement


@dataclass(frozen=True)
class MovementEntry:
    """One requested movement.

    `quantity` is a positive number of units for inbound and outbound, a signed
    non-zero change for adjustments, and the counted quantity for stock counts.
    """

    product: Product
    kind: str
    quantity: int
    business_date: dt.date
    channel: Channel | None = None
    lot_code: str = ""
    expiry_date: dt.date | None = None
    note: str = ""
    external_ref: str = ""
    # What the customer paid for the whole entry (an outbound sale), in won;
    # None when unknown. Kept on outbound rows only (split over a set's parts).
    amount: int | None = None


def reversal_row(
    movement: StockMovement,
    *,
    source: str,
    source_ref: str,
    user: User | None,
    note: str,
    external_ref: ExternalReference | None = None,
) -> StockMovement:
    """The (unsaved) ledger row that cancels `movement`, for both ledger writers."""
    return StockMovement(
        organization_id=movement.organization_id,
        product_id=movement.product_id,
        business_date=movement.business_date,
        quantity=-movement.quantity,
        kind=StockMovement.Kind.REVERSAL,
        channel_id=movement.channel_id,
        lot_id=movement.lot_id,
        source=source,
        source_ref=source_ref,
        external_ref=external_ref,
        set_product_id=movement.set_product_id,
        reversal_of_id=movement.pk,
        created_by=user,
        note=note[:500],
        amount=movement.amount,  # a cancelled sale gives back what it earned
    )
