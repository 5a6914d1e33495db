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
from django.utils.translation import gettext

from inventory.importing.messages import TEXTS
from inventory.importing.values import MAX_AMOUNT, MAX_QUANTITY

from .entry import MovementEntry
from .errors import StockError

__all__ = [
    "MAX_QUANTITY",
    "amount_check",
    "business_date_check",
    "business_today",
    "entry_check",
    "quantity_check",
]


def business_today() -> dt.date:
    """The business day (the project's time zone, Asia/Seoul by default)."""
    return timezone.localdate()


def _refusal(field: str, code: str, **params: str) -> StockError:
    message = gettext(TEXTS[code]) % params
    return StockError({field: [ValidationError(message, code=code)]})


def business_date_check(
    day: dt.date, *, today: dt.date | None = None, field: str = "business_date"
) -> None:
    """Refuse a day after today: nothing can have moved on it yet."""
    today = today or business_today()
    if day > today:
        raise _refusal(field, "date_future", value=day.isoformat(),
                       today=today.isoformat())


def quantity_check(quantity: int, *, field: str = "quantity") -> None:
    """Refuse more than MAX_QUANTITY units either way (the upload's limit; far
    larger numbers do not fit the ledger's columns)."""
    if abs(quantity) > MAX_QUANTITY:
        raise _refusal(field, "quantity_too_large", value=str(quantity),
                       limit=f"{MAX_QUANTITY:,}")


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
