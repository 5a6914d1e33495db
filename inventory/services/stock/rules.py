"""What every ledger entry must be, whichever path writes it.

The web forms, the API, uploads, channel sync and purchase receiving all reach
the ledger writers (writer.py, bulk.py), which check each entry here before
anything is written: one rule, one translated message. The messages are the
upload pipeline's (`inventory.importing.messages`), so the same refusal reads
the same in the upload preview, on a form and in an API error.

A product's active flag is deliberately not a rule: a deactivated product
still has stock, and its last sales (channel sync, uploads), returns, counts,
write-offs and late deliveries must be recorded like any other. The web form
only warns.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from inventory.importing.messages import TEXTS
from inventory.importing.values import (
    EARLIEST_BUSINESS_DATE,
    MAX_AMOUNT,
    MAX_COMPONENT_QUANTITY,
    MAX_QUANTITY,
    component_quantity_problem,
    expiry_lot_code,
)
from inventory.models import StockMovement

from .entry import MovementEntry
from .errors import StockError

__all__ = [
    "MAX_COMPONENT_QUANTITY",
    "MAX_QUANTITY",
    "adds_stock",
    "amount_check",
    "business_date_check",
    "business_today",
    "component_quantity_check",
    "entry_check",
    "expiry_check",
    "expiry_lot_code",
    "expiry_without_lot_message",
    "inbound_lot_code",
    "lot_expiry_check",
    "quantity_check",
    "quantity_sign_check",
    "set_units_check",
]


def business_today() -> dt.date:
    """The business day (the project's time zone, Asia/Seoul by default)."""
    return timezone.localdate()


def _refusal(field: str, code: str, **params: str) -> StockError:
    # Template and params kept apart (rendered when read): a failed upload or a
    # refused channel line stores them and says it in its reader's language.
    return StockError({field: [ValidationError(gettext_lazy(TEXTS[code]), code=code,
                                               params=params)]})


def business_date_check(
    day: dt.date, *, today: dt.date | None = None, field: str = "business_date"
) -> None:
    """Refuse a day after today (nothing can have moved on it yet) or before
    EARLIEST_BUSINESS_DATE (a typo, or an empty Excel date cell read as 1900)."""
    today = today or business_today()
    if day > today:
        raise _refusal(field, "date_future", value=day.isoformat(),
                       today=today.isoformat())
    if day < EARLIEST_BUSINESS_DATE:
        raise _refusal(field, "date_too_early", value=day.isoformat(),
                       earliest=EARLIEST_BUSINESS_DATE.isoformat())


def quantity_check(quantity: int, *, field: str = "quantity") -> None:
    """Refuse more than MAX_QUANTITY units either way (the upload's limit; far
    larger numbers do not fit the ledger's columns)."""
    if abs(quantity) > MAX_QUANTITY:
        raise _refusal(field, "quantity_too_large", value=str(quantity),
                       limit=f"{MAX_QUANTITY:,}")


def quantity_sign_check(kind: str, quantity: int, *, field: str = "quantity") -> None:
    """Refuse an inbound or outbound of no or negative units, an adjustment
    that changes nothing and a negative count, on the quantity's field (an API
    client and a form are told which field to fix)."""
    Kind = StockMovement.Kind
    if kind in (Kind.INBOUND, Kind.OUTBOUND) and quantity <= 0:
        message = gettext_lazy("The quantity must be a whole number greater than zero.")
    elif kind == Kind.ADJUSTMENT and quantity == 0:
        message = gettext_lazy("An adjustment must change the stock.")
    elif kind == Kind.STOCK_COUNT and quantity < 0:
        message = gettext_lazy("A counted quantity cannot be negative.")
    else:
        return
    raise StockError({field: [ValidationError(message, code="quantity_sign")]})


def expiry_check(
    expiry: dt.date | None, *, received: dt.date, field: str = "expiry_date"
) -> None:
    """Refuse stocking in goods already expired on the day they came in (a
    receipt recorded late, of goods that expired since, is still recorded:
    the stock is real, and the expiry alerts flag it)."""
    if expiry is not None and expiry < received:
        raise _refusal(field, "expiry_past", value=expiry.isoformat(),
                       day=received.isoformat())


def adds_stock(kind: str, quantity: int | None) -> bool:
    """True for a movement that brings units in (an expiry date belongs to it)."""
    return kind == StockMovement.Kind.INBOUND or (
        kind == StockMovement.Kind.ADJUSTMENT and (quantity or 0) > 0)


def expiry_without_lot_message() -> str:
    """Why an expiry date without a lot number is refused on a movement that
    takes units (forms and the API say it on the lot field)."""
    return gettext(TEXTS["expiry_without_lot"])


def inbound_lot_code(entry: MovementEntry) -> str:
    """The lot units coming in go to: the named lot, else (with an expiry date
    but no lot number) the product's lot of that expiry day, else none. Most
    small sellers use no lot numbers but do track expiry: the date is never
    dropped, and the expiry alerts see the units."""
    if entry.lot_code:
        return entry.lot_code
    return expiry_lot_code(entry.expiry_date) if entry.expiry_date else ""


def lot_expiry_check(
    *, lot: str, sku: str, stored: dt.date | None, given: dt.date | None,
    field: str = "expiry_date",
) -> None:
    """Refuse a receipt into an existing lot with another expiry date (a lot
    has one expiry date; changing it would silently move the alerts)."""
    if given is None or stored == given:
        return
    if stored is None:
        raise _refusal(field, "lot_expiry_missing", lot=lot, sku=sku,
                       value=given.isoformat())
    raise _refusal(field, "lot_expiry_conflict", lot=lot, sku=sku,
                   stored=stored.isoformat(), value=given.isoformat())


def set_units_check(
    *, sets: int, per_set: int, set_sku: str, component_sku: str,
    field: str = "quantity",
) -> None:
    """Refuse a set movement whose component units pass the ledger's cap."""
    units = abs(sets) * per_set
    if units > MAX_QUANTITY:
        raise _refusal(field, "set_units_too_large", quantity=f"{sets:,}",
                       sku=set_sku, units=f"{units:,}", component=component_sku,
                       limit=f"{MAX_QUANTITY:,}")


def component_quantity_check(quantity: int, *, field: str = "quantity") -> None:
    """Units of one component per set: a whole number 1…MAX_COMPONENT_QUANTITY."""
    problem = component_quantity_problem(quantity)
    if problem is not None:
        raise _refusal(field, problem.code, **{k: str(v) for k, v in
                                               problem.params.items()})


def entry_check(entry: MovementEntry, *, today: dt.date) -> None:
    """Refuse an entry no path may write (raises StockError with field errors)."""
    business_date_check(entry.business_date, today=today)
    quantity_check(entry.quantity)
    amount_check(entry.amount)


def amount_check(amount: int | None, *, field: str = "amount") -> None:
    """Refuse a negative paid amount or more than MAX_AMOUNT won for one line."""
    if amount is None:
        return
    if amount < 0:
        raise _refusal(field, "amount_negative", value=str(amount))
    if amount > MAX_AMOUNT:
        raise _refusal(field, "amount_too_large", value=f"{amount:,}",
                       limit=f"{MAX_AMOUNT:,}")
