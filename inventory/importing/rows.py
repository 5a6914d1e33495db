"""Validate data rows one by one and collect movements, problems and skips.

A row with any error produces no movement (the upload as a whole is then not
applicable); problems carry the row number and the column header so the user
can fix the file. Cross-row rules (duplicates, Sabangnet set splits, totals)
run in `finish()` once every row has been seen.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from .files import RawRow
from .headers import HeaderMatch, normalise
from .messages import Message, msg
from .resolve import ProductCodes, Resolution, Resolver
from .results import (
    INBOUND,
    OUTBOUND,
    STOCK_COUNT,
    WARNING,
    ParsedRow,
    ParsedUpload,
    Problem,
    SkippedRow,
    UnknownCode,
)
from .row_codes import CACHE_SIZE, CodesMixin, key_columns, other_code_columns
from .row_expiry import ExpiryMixin
from .row_finish import FinishMixin
from .synonyms import (
    FORMAT_CHANNELS,
    KEY_FIELDS,
    ORDER_FORMATS,
    PAYMENT_DATE_HEADERS,
    QUANTITY_FIELDS,
    TEXT_KEY_FIELDS,
)
from .values import (
    ValueProblem,
    cell_text,
    channel_text,
    display,
    excluded_status,
    is_blank,
    parse_amount,
    parse_date,
    parse_quantity,
    parse_unit,
    total_label,
    unescape_text,
)

_FIELD_KINDS = {"inbound": INBOUND, "outbound": OUTBOUND, "stock": STOCK_COUNT}


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

    def fail(self, message: Message, column: str) -> None:
        self.problems.append(Problem.of(message, row=self.raw.number, column=column))


class RowParser(CodesMixin, ExpiryMixin, FinishMixin):
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
        if self._formula_problems(context) or self._excluded(context):
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
        """A 합계/소계 (total/subtotal) row of a sales report: skipped, shown."""
        for name in ("date", "sku", "playauto_sku", "channel_code", "product_name",
                     "order_id"):
            label = total_label(context.cells.get(name))
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
        ref = self._line_key(context, codes.primary())
        if not ref or not codes.primary():
            return
        resolution = self._resolve(codes)
        scratch = _RowContext(context.raw, cells)
        day = self._date(scratch)
        if resolution is None or day is None:
            return
        movement = replace(
            _movement(context.raw.number, OUTBOUND, 0, resolution),
            **self._shared_fields(scratch, day, None), cancelled=True,
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
        shared = self._shared_fields(context, day, expiry)
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
        if "box" not in (unit, suffix) or resolution is None:
            return number
        per_box = self.resolver.units_per_box(resolution.key)
        if not per_box:
            context.fail(msg("box_units_unknown", code=resolution.sku),
                         self._column(name))
            return None
        return number * per_box

    def _shared_fields(
        self, context: _RowContext, day: dt.date, expiry: dt.date | None
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
            "external_ref": self._line_key(context, code),
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


_blank = is_blank


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
