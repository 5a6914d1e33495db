"""One requested stock movement, as passed to the ledger writer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from inventory.models import Channel, Product


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
