"""What every connector returns: normalised order lines, in pages, with cursors.

Why a line was skipped is kept as an English template and its params (plain
JSON), never as finished text: the sync log says it in its reader's language.
The `_` marker is a no-op so that `makemessages` collects the templates here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from inventory.importing.values import MAX_QUANTITY, ValueProblem, parse_amount

KST = ZoneInfo("Asia/Seoul")


def _(text: str) -> str:
    """Mark `text` for translation; the Django side runs it through gettext."""
    return text


# Why a line is skipped (field names are the channel's own, left as they are).
MISSING_FIELD = _("missing field %(field)s")
NOT_WHOLE = _("%(field)s is not a whole number: %(value)s")
NEGATIVE = _("%(field)s is negative: %(number)s")
TOO_LARGE = _("%(field)s %(number)s is larger than the maximum of %(limit)s")
BAD_VALUE = _("%(field)s: %(problem)s")
UNKNOWN_STATUS = _("unknown status %(status)s")
MORE_THAN = _("%(part)s is larger than %(whole)s")
ITEM_NOT_OBJECT = _("order item is not an object")
ORDER_NOT_OBJECT = _("order is not an object")
RECEIPT_NOT_OBJECT = _("return receipt is not an object")

# A param that is itself a message: {"template": ..., "params": {...}}.
Params = Mapping[str, Any]


def english(template: str, params: Params) -> str:
    """The template filled in English (logs, tests); a nested message too."""
    values = {key: english(value["template"], value.get("params") or {})
              if isinstance(value, Mapping) else value
              for key, value in params.items()}
    try:
        return template % values if values else template
    except (KeyError, TypeError, ValueError):
        return template


class LineState(StrEnum):
    """What a channel status means for stock (the per-channel tables map to it).

    PENDING: not paid yet, nothing happens. RESERVED: paid, waiting to ship: on
    the pick list and held back from the quantity pushed to channels, no ledger
    row. SHIPPED: dispatched, the line's net quantity is out of stock (outbound).
    CANCELLED / RETURNED: nothing is out any more; if the line had been recorded
    out, the order-line service writes the reversal.
    """

    PENDING = "pending"
    RESERVED = "reserved"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"
    RETURNED = "returned"


class LineRejected(ValueError):
    """A line of bad data: skipped and reported, never written; `template` and
    `params` say why, `str()` in English."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(english(template, params))
        self.template = template
        self.params = params


@dataclass(frozen=True)
class ChannelLine:
    """One order line as the channel reports it now."""

    key_parts: tuple[str, ...]
    order_id: str
    status: str
    state: LineState
    quantity: int  # ordered
    cancelled_quantity: int  # cancelled / returned part of it
    seller_code: str
    channel_code: str
    product_name: str
    option_name: str
    business_date: dt.date
    # Coupang return receipts only name the line and the returned quantity:
    # they update a line already known (its state becomes RETURNED).
    update_only: bool = False
    # What the customer paid for the `quantity` ordered, in whole won (Coupang
    # orderPrice, Naver totalPaymentAmount, Cafe24 payment_amount); None when
    # the channel did not say.
    amount: int | None = None

    @property
    def net_quantity(self) -> int:
        """Units this line keeps out of stock (or waiting to ship) now."""
        return max(0, self.quantity - self.cancelled_quantity)

    @property
    def out_quantity(self) -> int:
        """Units the ledger must show as out for this line right now."""
        return self.net_quantity if self.state == LineState.SHIPPED else 0


@dataclass(frozen=True)
class Reject:
    """A skipped line: its reference, and why (a template and its params)."""

    ref: str
    template: str
    params: Params = field(default_factory=dict)

    @classmethod
    def of(cls, ref: str, error: LineRejected) -> Reject:
        return cls(ref, error.template, error.params)

    @property
    def reason(self) -> str:
        """Why, in English (the technical record)."""
        return english(self.template, self.params)


@dataclass
class Page:
    """One page of lines; `cursor` resumes after it, `watermark` when complete."""

    lines: list[ChannelLine] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    cursor: dict[str, Any] | None = None
    watermark: dt.datetime | None = None


def require(row: dict, name: str) -> Any:
    value = row.get(name)
    if value is None or value == "":
        raise LineRejected(MISSING_FIELD, field=name)
    return value


def quantity(row: dict, name: str, *, required: bool = True) -> int:
    value = row.get(name)
    if value is None or value == "":
        if required:
            raise LineRejected(MISSING_FIELD, field=name)
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise LineRejected(NOT_WHOLE, field=name, value=repr(value)[:50]) from None
    if number < 0:
        raise LineRejected(NEGATIVE, field=name, number=str(number))
    if number > MAX_QUANTITY:
        # The ledger's (and the upload's) limit; far larger numbers do not even
        # fit the order-line table, and one such line crashed the whole page.
        raise LineRejected(TOO_LARGE, field=name, number=str(number),
                           limit=f"{MAX_QUANTITY:,}")
    return number


def amount(row: dict, *names: str) -> int | None:
    """The first of the named money fields present, in whole won (None: none
    given). A negative, fractional, non-numeric or absurd amount rejects the
    line (listed in the sync log, like a bad quantity)."""
    for name in names:
        value = row.get(name)
        if value is None or value == "":
            continue
        try:
            return parse_amount(value if not isinstance(value, bool) else str(value))
        except ValueProblem as problem:
            raise LineRejected(BAD_VALUE, field=name, problem={
                "template": problem.message.message,
                "params": dict(problem.message.params)}) from None
    return None


def parse_date(value: Any, fallback: dt.date) -> dt.date:
    """A channel timestamp (ISO, with or without offset; KST assumed) as a date."""
    if not value:
        return fallback
    text = str(value).strip().replace(" ", "T")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return fallback
    if moment.tzinfo is not None:
        moment = moment.astimezone(KST)
    return moment.date()


def text(value: Any) -> str:
    """IDs arrive as numbers or strings; keep them as text without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
