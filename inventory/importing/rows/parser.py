"""The row parser: one data row at a time, from its cells to its candidate
movements or its problems (skipped rows are counted and shown)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from ..files import RawRow
from ..headers import HeaderMatch, normalise
from ..messages import Message, msg
from ..resolve import ProductCodes, Resolution, Resolver
from ..results import OUTBOUND, ParsedUpload, SkippedRow, UnknownCode
from ..synonyms import (
    FORMAT_CHANNELS,
    KEY_FIELDS,
    ORDER_FORMATS,
    PAYMENT_DATE_HEADERS,
    QUANTITY_FIELDS,
    TEXT_KEY_FIELDS,
)
from ..values import (
    cell_text,
    display,
    excluded_status,
    is_blank,
    total_label,
    unescape_text,
)
from .cancelled import CancelledMixin
from .codes import CodesMixin, key_code, key_columns, other_code_columns
from .context import RowOptions, _Candidate, _movement, _RowContext
from .expiry import ExpiryMixin
from .fields import FieldsMixin
from .finish import FinishMixin

_blank = is_blank


class RowParser(FieldsMixin, CancelledMixin, CodesMixin, ExpiryMixin, FinishMixin):
    """Feed it the data rows in order, then call `finish()`."""

    def __init__(
        self, header: HeaderMatch, upload: ParsedUpload, resolver: Resolver,
        options: RowOptions,
    ) -> None:
        self.header = header
        self.mapping = header.mapping
        self.upload = upload
        self.resolver = resolver
        self.options = options
        self.is_orders = header.format in ORDER_FORMATS
        self.default_channel = options.channel or FORMAT_CHANNELS.get(
            header.format, ""
        )
        self._candidates: list[_Candidate] = []
        self._unknown: dict[str, UnknownCode] = {}
        self.key_columns = key_columns(header)
        self._dates: dict[str, dt.date] = {}
        self._quantities: dict[str | int, tuple[int, str]] = {}
        self._resolved: dict[ProductCodes, Resolution | None] = {}
        self.other_codes = other_code_columns(header)
        date_column = self.mapping.get("date")
        self.payment_date = self.is_orders and date_column is not None and (
            normalise(date_column.header) in {normalise(h) for h in PAYMENT_DATE_HEADERS})
        self.today = options.today
        self.earliest = options.earliest

    @property
    def read_columns(self) -> list[int]:
        """Every column index the parser reads beyond the mapping."""
        return [*self.key_columns.values(), *(i for i, _h in self.other_codes)]

    def _column(self, name: str) -> str:
        column = self.mapping.get(name)
        return column.header if column else ""

    # ---------------------------------------------------------------- one row

    def feed(self, raw: RawRow) -> None:
        """Validate one data row and keep its movements or its problems."""
        context = _RowContext(raw, self._cells(raw))
        if self._total_row(context):
            return
        if (self._formula_problems(context) or self._excluded(context)
                or self._cancellation_done(context)):
            self.upload.problems += context.problems
            return
        if self.payment_date and _blank(context.cells.get("date")):
            # Not paid yet (Cafe24 입금전): no sale, as channel sync sees it too.
            self._skip(context.raw.number, "unpaid",
                       msg("skip_unpaid", column=self._column("date")))
            return
        quantities = {f: context.cells[f] for f in QUANTITY_FIELDS if f in self.mapping}
        if all(_blank(value) for value in quantities.values()) and not self.is_orders:
            self.upload.skipped_counts["no_quantity"] += 1
            return
        candidate = self._validated(context, quantities)
        self.upload.problems += context.problems
        if candidate is not None and not context.problems:
            self._candidates.append(candidate)

    def _cells(self, raw: RawRow) -> dict[str, Any]:
        values = raw.values
        cells = {
            name: values[column.index] if column.index < len(values) else None
            for name, column in self.mapping.columns.items()
        }
        for name in TEXT_KEY_FIELDS:
            if name in cells:
                cells[name] = unescape_text(cells[name])
        return cells

    def _total_row(self, context: _RowContext) -> bool:
        """A 합계/소계 (total/subtotal) row of a sales report: skipped, shown.

        The label sits in a label column (date, code, name, order) or in the
        row's first filled cell, whatever that column is: a row-number column
        such as Coupang's 번호, or Sabangnet's line number 주문번호(사방넷)."""
        first = next((value for value in context.raw.values if not _blank(value)),
                     None)
        for value in (first, *(context.cells.get(name) for name in (
                "date", "sku", "playauto_sku", "channel_code", "product_name",
                "order_id"))):
            label = total_label(value)
            if label:
                self._skip(context.raw.number, "total_row",
                           msg("skip_total_row", value=label))
                return True
        return False

    def _formula_problems(self, context: _RowContext) -> bool:
        for name, column in self.mapping.columns.items():
            if column.index not in context.raw.formulas:
                continue
            if name in KEY_FIELDS:
                value = display(context.cells[name])  # "" when no result was saved
                message = msg("formula_cell", value=value) if value else msg(
                    "formula_cell_no_value")
                context.fail(message, column.header)
            context.cells[name] = None  # an informational formula counts as blank
        return bool(context.problems)

    def _excluded(self, context: _RowContext) -> bool:
        cells = context.cells
        reason = excluded_status(cells.get("status"), cells.get("cancel_flag"))
        if not reason:
            return False
        shown = cell_text(cells.get("status")) or cell_text(cells.get("cancel_flag"))
        self._skip(context.raw.number, reason, msg(f"skip_{reason}", value=shown))
        self._cancelled_line(context)
        return True

    def _cancelled_line(self, context: _RowContext) -> None:
        """A cancelled/returned line with a key: it takes nothing from stock now,
        so a line recorded earlier is reversed (quantity 0); unknown ones are
        left out silently, as before."""
        if not self.is_orders:
            return
        cells = context.cells
        codes = self._codes(cells, context.raw)
        if not codes.primary():
            return
        resolution = self._resolve(codes)
        if resolution is None:
            return
        ref = self._line_key(context, key_code(codes.primary(), resolution))
        scratch = _RowContext(context.raw, cells)
        day = self._date(scratch) if ref else None
        if day is None:
            return
        movement = replace(
            _movement(context.raw.number, OUTBOUND, 0, resolution),
            **self._shared_fields(scratch, day, None, resolution), cancelled=True,
        )
        self._candidates.append(_Candidate(
            row=context.raw.number, movements=[movement], ref=ref,
            line_id=cell_text(cells.get("order_line_id")), parent="",
        ))

    def _skip(self, row: int, reason: str, message: Message) -> None:
        self.upload.skipped_counts[reason] += 1
        self.upload.skipped.append(
            SkippedRow(row, reason, message.message, dict(message.params))
        )

    def _validated(
        self, context: _RowContext, quantities: dict[str, Any]
    ) -> _Candidate | None:
        day = self._date(context)
        resolution = self._product(context)
        expiry = self._optional_date(context, "expiry")
        movements = self._movements(context, quantities, resolution)
        if context.problems or resolution is None or day is None:
            return None
        if not self._date_in_range(context, day):
            return None
        if not movements:
            self._skip(context.raw.number, "zero_quantity", msg("skip_zero_quantity"))
            return None
        amount = self._amount(context)
        if context.problems:
            return None
        shared = self._shared_fields(context, day, expiry, resolution)
        movements = [replace(m, **shared) for m in movements]
        movements = self._with_expiry_lots(context, [
            replace(m, amount=amount) if m.kind == OUTBOUND
            else replace(m, channel="") for m in movements
        ], expiry)
        if movements is None:
            return None
        cells = context.cells
        return _Candidate(
            row=context.raw.number,
            movements=movements,
            ref=shared["external_ref"],
            line_id=cell_text(cells.get("order_line_id")),
            parent=self._set_parent(cells),
        )
