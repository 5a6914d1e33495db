"""A row's cancelled quantity (a mixin of RowParser): older Coupang exports
carry 취소수량 beside 구매수(수량), and the line counts what is left, as channel
sync nets Coupang's cancelCount."""
from __future__ import annotations

from ..messages import msg
from ..values import ValueProblem, is_blank, parse_quantity
from .context import _RowContext


class CancelledMixin:
    """`_cancellation_done()`; needs RowParser's attributes."""

    def _cancellation_done(self, context: _RowContext) -> bool:
        """Keep the row's cancelled units in `context.cancelled`; True when the
        row needs nothing more: its cancelled quantity is wrong (an error), or
        every unit is cancelled (a cancelled line, like 취소여부 Y)."""
        column = self.mapping.get("cancelled_quantity")
        value = context.cells.get("cancelled_quantity")
        if column is None or "quantity" not in self.mapping or is_blank(value):
            return False
        try:
            cancelled, _unit = parse_quantity(value)
        except ValueProblem as problem:
            context.fail(problem.message, column.header)
            return True
        try:
            ordered, _unit = parse_quantity(context.cells.get("quantity"))
        except ValueProblem:
            return False  # the quantity's own error is shown on its cell
        if cancelled > ordered:
            context.fail(msg("cancelled_more_than_ordered", cancelled=cancelled,
                             quantity=ordered,
                             quantity_column=self._column("quantity")),
                         column.header)
            return True
        if cancelled and cancelled == ordered:
            self._skip(context.raw.number, "cancelled", msg(
                "skip_cancelled_quantity", column=column.header,
                cancelled=cancelled, quantity=ordered))
            self._cancelled_line(context)
            return True
        context.cancelled = cancelled
        return False
