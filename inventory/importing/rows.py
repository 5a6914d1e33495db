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
from .headers import HeaderMatch, field_matches, normalise
from .line_keys import (
    EXPORT_KEY_COLUMNS,
    LineKeyError,
    export_line_key,
    generic_line_key,
)
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
    ProductTotals,
    SkippedRow,
    UnknownCode,
)
from .synonyms import (
    CODE_FIELDS,
    FORMAT_CHANNELS,
    KEY_FIELDS,
    ORDER_FORMATS,
    QUANTITY_FIELDS,
    TEXT_KEY_FIELDS,
)
from .values import (
    ValueProblem,
    cell_text,
    channel_text,
    display,
    excluded_status,
    parse_date,
    parse_quantity,
    parse_unit,
    total_label,
    unescape_text,
)

MAX_SUGGESTED_CODES = 200  # difflib is O(catalogue) per code
CACHE_SIZE = 100_000  # distinct dates / code sets remembered while parsing
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


class RowParser:
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
        self.key_columns = _key_columns(header)
        self._dates: dict[str, dt.date] = {}
        self._quantities: dict[str | int, tuple[int, str]] = {}
        self._resolved: dict[ProductCodes, Resolution | None] = {}
        self.other_codes = _other_code_columns(header)
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
                value = display(context.cells[name])
                context.fail(msg("formula_cell", value=value), column.header)
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
        shared = self._shared_fields(context, day, expiry)
        movements = [replace(m, **shared) for m in movements]
        movements = [
            m if m.kind == OUTBOUND else replace(m, channel="") for m in movements
        ]
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

    def _resolve(self, codes: ProductCodes) -> Resolution | None:
        """The resolver's answer, remembered per distinct set of codes."""
        if codes in self._resolved:
            return self._resolved[codes]
        resolution = self.resolver.resolve(codes)
        if len(self._resolved) < CACHE_SIZE:
            self._resolved[codes] = resolution
        return resolution

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

    def _optional_date(self, context: _RowContext, name: str) -> dt.date | None:
        value = context.cells.get(name)
        if _blank(value):
            return None
        try:
            return parse_date(value)
        except ValueProblem as problem:
            context.fail(problem.message, self._column(name))
            return None

    def _codes(self, cells: dict[str, Any], raw: RawRow | None = None) -> ProductCodes:
        others: tuple[str, ...] = ()
        if raw is not None and self.other_codes:
            values = raw.values
            others = tuple(
                cell_text(unescape_text(values[index])) if index < len(values) else ""
                for index, _header in self.other_codes
            )
        return ProductCodes(
            sku=cell_text(cells.get("sku")),
            playauto_sku=cell_text(cells.get("playauto_sku")),
            channel_code=cell_text(cells.get("channel_code")),
            channel=self._channel(cells),
            others=others,
        )

    def _slot_column(self, slot: str) -> str:
        if slot.startswith("other:"):
            return self.other_codes[int(slot.split(":")[1])][1]
        return self._column(slot)

    def _product(self, context: _RowContext) -> Resolution | None:
        cells = context.cells
        codes = self._codes(cells, context.raw)
        attempts = codes.attempts()
        if not attempts:
            code_column = next(
                (self._column(f) for f in ("sku", "playauto_sku", "channel_code")
                 if f in self.mapping), "",
            )
            context.fail(msg("code_blank"), code_column)
            return None
        resolution = self._resolve(codes)
        if resolution is None:
            # Name the column of the code shown (the first non-blank one).
            context.fail(msg("code_unknown", code=codes.primary()),
                         self._slot_column(attempts[0][0]))
            self._remember_unknown(codes.primary(), context)
        return resolution

    def _remember_unknown(self, code: str, context: _RowContext) -> None:
        entry = self._unknown.get(code)
        if entry is None:
            entry = self._unknown[code] = UnknownCode(
                code=code, rows=[],
                product_name=cell_text(context.cells.get("product_name")),
                option=cell_text(context.cells.get("option")),
            )
        entry.rows.append(context.raw.number)

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

    def _line_key(self, context: _RowContext, code: str) -> str:
        """The order line's key: the channel's canonical key (line_keys) when the
        export carries its columns, else order id + line id, else order id +
        product code (two SKU lines of one order stay two lines)."""
        values = context.raw.values
        if self.key_columns:
            cells = {name: values[index] if index < len(values) else None
                     for name, index in self.key_columns.items()}
            if self.header.format == "playauto":
                cells["code"] = code
            key = export_line_key(self.header.format, cells)
            if key:
                return key
        order_id = context.cells.get("order_id")
        line_id = cell_text(context.cells.get("order_line_id"))
        if _blank(order_id):
            return line_id
        try:
            return generic_line_key(order_id=order_id, line=line_id or code)
        except LineKeyError:
            return ""

    def _set_parent(self, cells: dict[str, Any]) -> str:
        """Parent line of a Sabangnet set-split component row, else ''."""
        parent = cell_text(cells.get("parent_line"))
        if "set_split" in self.mapping and _blank(cells.get("set_split")):
            return ""
        return parent

    # --------------------------------------------------------------- all rows

    def finish(self) -> ParsedUpload:
        """Apply cross-row rules and fill in rows, totals and date range."""
        upload = self.upload
        line_ids = {c.line_id for c in self._candidates if c.line_id}
        first_seen: dict[str, int] = {}
        # A cancelled row of a line that also has a live row (Cafe24's T and F
        # rows of a partly refunded line) is only the refund: the live row counts.
        live = {c.ref for c in self._candidates if not _is_cancelled(c)}
        for candidate in self._candidates:
            if _is_cancelled(candidate) and candidate.ref in live:
                continue
            if candidate.parent and candidate.parent in line_ids:
                # Count the set line (exploded by our BOM later), not its parts.
                self._skip(candidate.row, "set_component",
                           msg("skip_set_component", parent=candidate.parent))
                continue
            if candidate.ref and candidate.ref in first_seen:
                self._duplicate(candidate, first_seen[candidate.ref])
                continue
            if candidate.ref:
                first_seen[candidate.ref] = candidate.row
            if _is_cancelled(candidate):
                upload.cancelled_lines += candidate.movements
            else:
                upload.rows += candidate.movements
        self._summarise()
        return upload

    def _duplicate(self, candidate: _Candidate, first_row: int) -> None:
        message = msg("duplicate_line", ref=candidate.ref, first_row=first_row)
        self.upload.problems.append(
            Problem.of(message, row=candidate.row, severity=WARNING)
        )
        self._skip(candidate.row, "duplicate",
                   msg("skip_duplicate", first_row=first_row))

    def _summarise(self) -> None:
        upload = self.upload
        for movement in upload.rows:
            totals = upload.totals.setdefault(movement.product_key, ProductTotals())
            if movement.kind == INBOUND:
                totals.inbound += movement.quantity
            elif movement.kind == OUTBOUND:
                totals.outbound += movement.quantity
            else:
                totals.stock_count = movement.quantity
        days = [movement.date for movement in upload.rows]
        upload.date_range = (min(days), max(days)) if days else None
        for index, unknown in enumerate(self._unknown.values()):
            if index < MAX_SUGGESTED_CODES:
                unknown.suggestions = self.resolver.suggest(
                    unknown.code, unknown.product_name
                )
            upload.unknown_codes.append(unknown)
        if not upload.rows and not upload.errors:
            if upload.cancelled_lines:
                # Only the ledger knows whether these lines were recorded before.
                upload.problems.append(Problem.of(msg("only_cancellations"),
                                                  severity=WARNING))
            else:
                upload.problems.append(Problem.of(msg("nothing_to_import")))


def _other_code_columns(header: HeaderMatch) -> list[tuple[int, str]]:
    """Columns naming a product code that the mapping left out, in file order
    (e.g. Coupang's 노출상품ID and 바코드 beside 업체상품코드 and 옵션ID)."""
    used = {column.index for column in header.mapping.columns.values()}
    found = []
    for index, text in enumerate(header.headers):
        if index in used or not text:
            continue
        if any(level >= 2 and name in CODE_FIELDS
               for level, _rank, name in field_matches(text)):
            found.append((index, text))
    return found


def _is_cancelled(candidate: _Candidate) -> bool:
    return any(movement.cancelled for movement in candidate.movements)


def _key_columns(header: HeaderMatch) -> dict[str, int]:
    """Column index of each key part of the export's canonical line key."""
    spec = EXPORT_KEY_COLUMNS.get(header.format)
    if spec is None:
        return {}
    normalised = [normalise(text) for text in header.headers]
    found = {}
    for name, headers in spec[1].items():
        for text in headers:
            if normalise(text) in normalised:
                found[name] = normalised.index(normalise(text))
                break
        else:
            return {}
    return found


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


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
