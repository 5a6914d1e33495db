"""What the row parser's parts share: the caller's options, one row's scratch
state, and the movements a valid row produced before the cross-row rules."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..files import RawRow
from ..messages import Message
from ..resolve import Resolution
from ..results import OUTBOUND, ParsedRow, Problem


@dataclass(frozen=True)
class RowOptions:
    """Caller's choices that change how rows are read."""

    default_date: dt.date | None = None  # used when a row has no date
    quantity_kind: str = OUTBOUND  # meaning of a plain quantity column
    channel: str = ""  # channel name when the file has no channel column
    today: dt.date | None = None  # later dates are refused (organization's day)
    earliest: dt.date | None = None  # first day of the ledger: far earlier warns


@dataclass
class _Candidate:
    """The movements one valid row produced, before cross-row rules."""

    row: int
    movements: list[ParsedRow]
    ref: str
    line_id: str
    parent: str  # Sabangnet set-split parent line, "" otherwise


@dataclass
class _RowContext:
    """Per-row scratch state: the row's cells and its problems so far."""

    raw: RawRow
    cells: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    cancelled: int = 0  # units of the quantity cancelled since (취소수량)

    def fail(self, message: Message, column: str) -> None:
        self.problems.append(Problem.of(message, row=self.raw.number, column=column))


def _movement(
    row: int, kind: str, quantity: int, resolution: Resolution | None,
    matched_column: str = "",
) -> ParsedRow:
    key = resolution.key if resolution else None
    sku = resolution.sku if resolution else ""
    matched_by = resolution.matched_by if resolution else ""
    return ParsedRow(row=row, product_key=key, sku=sku, kind=kind,
                     quantity=quantity, date=dt.date.min, matched_by=matched_by,
                     matched_column=matched_column)
