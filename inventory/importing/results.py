"""The pipeline's output types: what the Django side previews and applies."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from .headers import ColumnMapping
from .messages import Message, ParamValue
from .resolve import ProductKey

INBOUND = "inbound"
OUTBOUND = "outbound"
STOCK_COUNT = "stock_count"
ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class ParsedRow:
    """One movement or count to record (kinds match StockMovement.Kind)."""

    row: int  # row number as the user sees it in Excel / the CSV
    product_key: ProductKey
    sku: str  # master SKU of the matched product
    kind: str  # INBOUND, OUTBOUND or STOCK_COUNT
    quantity: int  # pieces, always >= 0; the kind gives the sign
    date: dt.date
    channel: str = ""  # outbound rows only; "" when unknown
    lot: str = ""
    expiry: dt.date | None = None
    external_ref: str = ""  # order id + line id (or code): the dedup key
    note: str = ""
    code: str = ""  # the code as written in the file
    matched_by: str = ""  # "sku", "playauto_sku" or "listing"
    matched_column: str = ""  # header of the code column that matched
    product_name: str = ""
    option: str = ""
    cancelled: bool = False  # a cancelled/returned line (quantity 0): reverses it
    amount: int | None = None  # won paid for the line (outbound only); None: unknown


@dataclass(frozen=True)
class Problem:
    """An error (blocks the upload) or warning, tied to a row and column."""

    row: int | None  # None for problems about the whole file or mapping
    column: str  # header text as written in the file, "" if none
    code: str
    message: str  # English template, translated by the Django side
    params: Mapping[str, ParamValue]
    severity: str = ERROR

    @classmethod
    def of(
        cls, message: Message, *, row: int | None = None, column: str = "",
        severity: str = ERROR,
    ) -> Problem:
        """A problem from a catalogue message."""
        return cls(row, column, message.code, message.message,
                   dict(message.params), severity)

    def text(self) -> str:
        """English text with the params applied."""
        return self.message % dict(self.params) if self.params else self.message


@dataclass(frozen=True)
class SkippedRow:
    """A row left out on purpose (cancelled, duplicate, ...), with the reason."""

    row: int
    reason: str  # cancelled, returned, exchanged, duplicate, zero_quantity, ...
    message: str
    params: Mapping[str, ParamValue]


@dataclass
class UnknownCode:
    """A product code that matched nothing, where it appears and look-alikes."""

    code: str
    rows: list[int]
    product_name: str = ""
    option: str = ""
    suggestions: list[str] = field(default_factory=list)


@dataclass
class ProductTotals:
    """Per-product sums for the preview."""

    inbound: int = 0
    outbound: int = 0
    stock_count: int | None = None  # the last count in the file


@dataclass
class ParsedUpload:
    """Everything the preview shows and the apply step needs."""

    format: str  # coupang, smartstore, cafe24, playauto, sabangnet, template, generic
    encoding: str  # CSV text encoding ("utf-8-sig", "utf-8", "cp949"); "" for xlsx
    sheet: str
    header_row: int
    headers: list[str]
    mapping: ColumnMapping
    signature: str
    rows: list[ParsedRow] = field(default_factory=list)
    # Cancelled/returned lines with a key (quantity 0): a line recorded before
    # is reversed when the upload is applied; others write nothing.
    cancelled_lines: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    skipped_counts: Counter[str] = field(default_factory=Counter)
    unknown_codes: list[UnknownCode] = field(default_factory=list)
    totals: dict[ProductKey, ProductTotals] = field(default_factory=dict)
    date_range: tuple[dt.date, dt.date] | None = None
    data_rows: int = 0  # non-empty rows below the header
    needs_mapping: bool = False  # True when required columns were not found

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        """True when the upload can be applied as it is."""
        return not self.needs_mapping and not self.errors
