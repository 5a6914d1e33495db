"""The order-line service's values: a line, its plan and the outcome."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from inventory.models import (
    Channel,
    ExternalReference,
    Product,
    StockMovement,
)

Kind = StockMovement.Kind

NEW = "new"
UNCHANGED = "unchanged"
CHANGED = "changed"
# Differs from what the ledger holds, but the export is older than the one that
# recorded the line: left as recorded (an out-of-order upload never undoes a
# cancellation, a return or a correction that a newer export brought).
OLDER = "older"
_IN_CHUNK = 1000  # ids per IN (...) list


@dataclass(frozen=True)
class OrderLine:
    """One channel order line as it stands now."""

    channel: Channel  # the organization's Channel row; scope = str(channel.pk)
    key: str  # canonical order-line key from inventory.importing.line_keys
    product: Product  # resolved product (a set: its components are moved)
    quantity: int  # net units this line has taken out of stock NOW (0 = cancelled)
    business_date: dt.date
    note: str = ""
    # What the customer paid for `quantity` units, in whole won (None: unknown;
    # revenue then falls back to units × the list price).
    amount: int | None = None
    # How new this sight of the line is: an export's newest business day (its
    # lines, cancelled ones included). None: not known (never older news).
    seen_on: dt.date | None = None

    @property
    def scope(self) -> str:
        return str(self.channel.pk) if self.channel is not None else "-"


@dataclass(frozen=True)
class PlannedLine:
    """A line and what recording it would do."""

    line: OrderLine
    state: str  # NEW, UNCHANGED or CHANGED
    recorded: int | None  # line units the ledger holds for the key (None: new key)
    # CHANGED only in what was paid (same units): the old rows are reversed and
    # the units recorded again with the new amount.
    amount_changed: bool = False
    recorded_amount: int | None = None  # what the ledger holds as paid (None: unknown)
    # OLDER: the newest day of the export that recorded the line.
    recorded_seen_on: dt.date | None = None

    @property
    def delta(self) -> int:
        """Units this line would take (+) or give back (−) now."""
        return self.line.quantity - (self.recorded or 0)

    @property
    def writes(self) -> bool:
        return self.state == CHANGED or (self.state == NEW and self.line.quantity > 0)


@dataclass(frozen=True)
class OrderLinesPlan:
    lines: tuple[PlannedLine, ...] = ()

    def of_state(self, state: str) -> list[PlannedLine]:
        return [planned for planned in self.lines if planned.state == state]

    @property
    def new(self) -> list[PlannedLine]:
        return self.of_state(NEW)

    @property
    def unchanged(self) -> list[PlannedLine]:
        return self.of_state(UNCHANGED)

    @property
    def changed(self) -> list[PlannedLine]:
        return self.of_state(CHANGED)

    @property
    def amount_changed(self) -> list[PlannedLine]:
        return [planned for planned in self.lines if planned.amount_changed]

    @property
    def older(self) -> list[PlannedLine]:
        return self.of_state(OLDER)

    def counts(self) -> dict[str, int]:
        return {state: len(self.of_state(state)) for state in (NEW, UNCHANGED, CHANGED)}


@dataclass(frozen=True)
class OrderLinesOutcome:
    """What was recorded: the plan and the ledger rows written (saved, with pks)."""

    plan: OrderLinesPlan
    movements: list[StockMovement] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return self.plan.counts()


@dataclass
class _Held:
    """A key's reference and its movements (takes that can still be reversed)."""

    reference: ExternalReference
    net: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    takes: list[StockMovement] = field(default_factory=list)
    rows: int = 0

    def paid(self, product_id: int | None = None) -> int | None:
        """What the live takes (of one product, or all) were paid; None when
        one of them has no amount or there is none."""
        takes = [m for m in self.takes
                 if product_id is None or m.product_id == product_id]
        if not takes or any(m.amount is None for m in takes):
            return None
        return sum(m.amount for m in takes)
