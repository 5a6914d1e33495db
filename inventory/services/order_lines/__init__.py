"""Channel order lines in the ledger: each line counted once, changes corrected.

One service for every path that records channel orders (uploaded exports and
channel_sync): a line is identified by its channel and canonical key
(`inventory.importing.line_keys`), stored as an `ExternalReference` with
`scope = str(channel.pk)`. What the ledger holds for a key is the net of the
movements linked to that reference (and of reversals of them). Recording a
line again:

- new key: an outbound movement of `quantity` (a set: its components);
- same net as `quantity` and the same amount paid (or no amount given):
  nothing is written ("unchanged");
- same net, another amount paid (a price corrected, a coupon applied later,
  an amount first unknown): "changed" too (`PlannedLine.amount_changed`): the
  line's outbound rows are reversed and the same units taken again with the
  new amount, so the ledger shows both;
- another net (partial cancellation, return, a quantity raised): the
  correcting movements. Units given back reverse the line's own outbound rows
  (a reversal linked to the original); when only part of a row comes back, the
  whole row is reversed and the rest taken again. Units added are a new
  outbound. When the rows left would not add up to the line's amount now
  (another unit price), they are reversed and the units taken again with it.
  Every correction is linked to the same ExternalReference.
- seen in an export older than the one that recorded the line (its newest
  business day earlier than `ExternalReference.seen_on`): "older", nothing is
  written, unless it cancels the line (an order line does not come back once
  cancelled or returned). Daily exports uploaded out of order thus never undo
  a cancellation, a return or a correction a newer export brought.

Concurrency: the references are created (INSERT … IGNORE on the unique key)
and then locked in key order before anything is read, so two callers with
overlapping lines serialise on them and the second sees the first's movements.
MySQL deadlocks are retried by `with_deadlock_retry`.
"""
from .plan import held_of, order_lines_plan
from .record import (
    OrderLinesStaging,
    held_correct,
    order_lines_prepare,
    order_lines_record,
    order_lines_stage,
)
from .types import (
    CHANGED,
    NEW,
    OLDER,
    UNCHANGED,
    OrderLine,
    OrderLinesOutcome,
    OrderLinesPlan,
    PlannedLine,
)

__all__ = [
    "CHANGED", "NEW", "OLDER", "UNCHANGED", "OrderLine", "OrderLinesOutcome", "OrderLinesPlan",
    "OrderLinesStaging", "PlannedLine", "held_correct", "held_of", "order_lines_plan",
    "order_lines_prepare", "order_lines_record", "order_lines_stage",
]
