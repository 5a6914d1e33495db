"""A row's fields (a mixin of RowParser): its date and the allowed range, the
quantities in pieces (boxes converted), unit, amount, channel, and the fields
every movement of the row shares."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..messages import msg
from ..resolve import Resolution
from ..results import INBOUND, OUTBOUND, STOCK_COUNT, WARNING, ParsedRow, Problem
from ..values import (
    ValueProblem,
    cell_text,
    channel_text,
    is_blank,
    parse_amount,
    parse_date,
    parse_quantity,
    parse_unit,
)
from .codes import CACHE_SIZE, key_code
from .context import _movement, _RowContext

_FIELD_KINDS = {"inbound": INBOUND, "outbound": OUTBOUND, "stock": STOCK_COUNT}
_blank = is_blank


class FieldsMixin:
    """Per-field parsing of one row; needs RowParser's attributes."""

    def _date(self, context: _RowContext) -> dt.date | None:
        value = context.cells.get("date")
        if _blank(value):
            if self.options.default_date is not None:
                return self.options.default_date
            context.fail(msg("date_blank"), self._column("date"))
            return None
        cached = self._dates.get(value) if isinstance(value, str) else None
        if cached is not None:
            return cached
        try:
            day = parse_date(value)
        except ValueProblem as problem:
            context.fail(problem.message, self._column("date"))
            return None
        if isinstance(value, str) and len(self._dates) < CACHE_SIZE:
            self._dates[value] = day  # a history file repeats each date many times
        return day

    def _date_in_range(self, context: _RowContext, day: dt.date) -> bool:
        """After today: an error (nothing has moved yet). More than a year before
        the ledger's first day: a warning (a typo such as 2016 for 2026?)."""
        column = self._column("date")
        if self.today is not None and day > self.today:
            context.fail(msg("date_future", value=day.isoformat(),
                             today=self.today.isoformat()), column)
            return False
        if self.earliest is not None and day < self.earliest - dt.timedelta(days=365):
            self.upload.problems.append(Problem.of(
                msg("date_long_before", value=day.isoformat(),
                    earliest=self.earliest.isoformat()),
                row=context.raw.number, column=column, severity=WARNING,
            ))
        return True

    def _amount(self, context: _RowContext) -> int | None:
        """The line's paid amount in won (blank: unknown)."""
        try:
            return parse_amount(context.cells.get("amount"))
        except ValueProblem as problem:
            context.fail(problem.message, self._column("amount"))
            return None

    def _optional_date(self, context: _RowContext, name: str) -> dt.date | None:
        value = context.cells.get(name)
        if _blank(value):
            return None
        try:
            return parse_date(value)
        except ValueProblem as problem:
            context.fail(problem.message, self._column(name))
            return None

    def _channel(self, cells: dict[str, Any]) -> str:
        return channel_text(cells.get("channel")) or self.default_channel

    def _movements(
        self, context: _RowContext, quantities: dict[str, Any],
        resolution: Resolution | None,
    ) -> list[ParsedRow]:
        unit = self._unit(context)
        movements = []
        for name, value in quantities.items():
            if _blank(value) and not self.is_orders:
                continue  # blank inbound/outbound/stock in an inventory sheet = 0
            pieces = self._pieces(context, name, value, unit, resolution)
            kind = _FIELD_KINDS.get(name, self._plain_kind())
            if pieces is not None and (pieces or kind == STOCK_COUNT):
                column = self._slot_column(resolution.slot) if (
                    resolution and resolution.slot) else ""
                movements.append(_movement(context.raw.number, kind, pieces,
                                           resolution, column))
        if any(m.kind == STOCK_COUNT for m in movements) and len(movements) > 1:
            self.upload.problems.append(Problem.of(
                msg("count_with_movement"), row=context.raw.number,
                column=self._column("stock"), severity=WARNING,
            ))
        return movements

    def _plain_kind(self) -> str:
        return OUTBOUND if self.is_orders else self.options.quantity_kind

    def _unit(self, context: _RowContext) -> str:
        value = context.cells.get("unit")
        try:
            return parse_unit(value)
        except ValueProblem as problem:
            context.fail(problem.message, self._column("unit"))
            return ""

    def _pieces(
        self, context: _RowContext, name: str, value: Any, unit: str,
        resolution: Resolution | None,
    ) -> int | None:
        parsed = self._quantities.get(value) if isinstance(value, (str, int)) else None
        if parsed is None:
            try:
                parsed = parse_quantity(value)
            except ValueProblem as problem:
                context.fail(problem.message, self._column(name))
                return None
            if isinstance(value, (str, int)) and len(self._quantities) < CACHE_SIZE:
                self._quantities[value] = parsed
        number, suffix = parsed
        if name == "quantity":
            number -= context.cancelled  # checked: never more than the quantity
        if "box" not in (unit, suffix) or resolution is None:
            return number
        per_box = self.resolver.units_per_box(resolution.key)
        if not per_box:
            context.fail(msg("box_units_unknown", code=resolution.sku),
                         self._column(name))
            return None
        return number * per_box

    def _shared_fields(
        self, context: _RowContext, day: dt.date, expiry: dt.date | None,
        resolution: Resolution | None,
    ) -> dict[str, Any]:
        cells = context.cells
        code = (cell_text(cells.get("sku")) or cell_text(cells.get("playauto_sku"))
                or cell_text(cells.get("channel_code")))
        return {
            "date": day,
            "expiry": expiry,
            "channel": self._channel(cells),
            "lot": cell_text(cells.get("lot")),
            "note": cell_text(cells.get("note"))[:500],
            "external_ref": self._line_key(context, key_code(code, resolution)),
            "code": code,
            "product_name": cell_text(cells.get("product_name")),
            "option": cell_text(cells.get("option")),
        }

    def _set_parent(self, cells: dict[str, Any]) -> str:
        """Parent line of a Sabangnet set-split component row, else ''."""
        parent = cell_text(cells.get("parent_line"))
        if "set_split" in self.mapping and _blank(cells.get("set_split")):
            return ""
        return parent
