"""Expiry dates of the row parser (a mixin of RowParser).

An expiry date is never dropped: units coming in with an expiry date but no lot
number go to the expiry day's lot (`expiry_lot_code`, as the ledger does), so
the expiry alerts see them; the preview lists those lots. An expiry date already
past on the row's date, or one lot given two expiry dates in the file, is an error on the expiry
column. (A lot whose stored expiry date differs is checked by the Django side,
which knows the stored lots.)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from ..messages import msg
from ..results import INBOUND, OUTBOUND, ParsedRow
from ..values import expiry_lot_code


class ExpiryMixin:
    """`_with_expiry_lots()`; needs RowParser's `_column()`."""

    def _with_expiry_lots(
        self, context: Any, movements: list[ParsedRow], expiry: dt.date | None
    ) -> list[ParsedRow] | None:
        """The row's movements with their lots; None (and a problem) if refused."""
        if expiry is None:
            return movements
        column = self._column("expiry")
        day = movements[0].date if movements else None
        if day is not None and expiry < day and any(
                m.kind != OUTBOUND for m in movements):
            context.fail(msg("expiry_past", value=expiry.isoformat(),
                             day=day.isoformat()), column)
            return None
        movements = [
            replace(m, lot=expiry_lot_code(expiry))
            if m.kind == INBOUND and not m.lot else m
            for m in movements
        ]
        seen = self.__dict__.setdefault("_lot_expiries", {})
        for movement in movements:
            if movement.kind != INBOUND:
                continue
            key = (movement.product_key, movement.lot)
            first = seen.setdefault(key, (expiry, movement.row))
            if first[0] != expiry:
                context.fail(msg("lot_expiry_twice", lot=movement.lot,
                                 sku=movement.sku, first=first[0].isoformat(),
                                 first_row=first[1], value=expiry.isoformat()),
                             column)
                return None
        return movements
