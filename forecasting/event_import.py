"""Parse an uploaded calendar of promotions/channel events (CSV or .xlsx).

Pure code: no Django. The file checks (size, magic bytes, zip bombs, macros,
encoding) come from `inventory.importing.files`; this module recognises the
header row, reads each row and validates what can be checked without the
database. Messages are English templates with %(name)s params, marked with the
no-op `_` so `makemessages` finds them; the Django side runs them through
gettext and applies the params.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from inventory.importing.files import Limits, RawRow, UploadRefused, open_upload

MB = 1024 * 1024
MAX_BYTES = 1 * MB
MAX_ROWS = 2_000
MAX_NAME_LENGTH = 200
MAX_NOTE_LENGTH = 500
LIMITS = Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_unpacked_bytes=50 * MB)
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel serials from 1950-01-01 to 2099-12-31: anything else is not a date.
SERIAL_RANGE = (18_264, 73_050)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00)?)?$")


def _(text: str) -> str:
    """Mark `text` for translation; the Django side runs it through gettext."""
    return text


FIELDS = ("kind", "name", "start_date", "end_date", "sku", "category", "channel", "note")
REQUIRED_FIELDS = ("name", "start_date", "end_date")
# How a missing required column is named in the refusal, in both languages.
REQUIRED_HEADERS = {
    "name": "행사명 (name)",
    "start_date": "시작일 (start)",
    "end_date": "종료일 (end)",
}
# Column labels shown in problems (translated like any message).
FIELD_LABELS: dict[str, str] = {
    "kind": _("kind"),
    "name": _("name"),
    "start_date": _("start date"),
    "end_date": _("end date"),
    "sku": _("SKU"),
    "category": _("category"),
    "channel": _("channel"),
    "note": _("note"),
    "file": _("file"),
}
# Header spellings, compared after _normalise_header (lower case, no spaces).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "kind": ("구분", "유형", "종류", "kind", "type", "eventtype"),
    "name": ("이름", "행사명", "행사이름", "이벤트명", "name", "eventname", "event"),
    "start_date": ("시작일", "시작", "시작일자", "start", "startdate", "from"),
    "end_date": ("종료일", "종료", "종료일자", "end", "enddate", "to"),
    "sku": ("sku", "상품코드", "mastersku", "productsku", "품번"),
    "category": ("카테고리", "category", "분류"),
    "channel": ("채널", "channel", "판매채널"),
    "note": ("메모", "note", "notes", "비고"),
}

# The kind column's values (compared like headers); an empty cell is a promotion.
KIND_PROMOTION = "promotion"
KIND_PAUSE = "pause"
KIND_SYNONYMS: dict[str, tuple[str, ...]] = {
    KIND_PROMOTION: (
        "행사", "프로모션", "이벤트", "할인", "promotion", "promo", "event", "deal",
    ),
    KIND_PAUSE: (
        "휴무", "판매중지", "판매중단", "휴업", "휴가", "pause",
        "salespause", "closed", "closure", "break",
    ),
}

TEXTS: dict[str, str] = {
    "no_header": _(
        "No header row found. The first row must name the columns, e.g. "
        "name, start, end (or 행사명, 시작일, 종료일)."
    ),
    "missing_column": _("The header row has no %(column)s column."),
    "duplicate_column": _("The column %(column)s appears twice in the header row."),
    "too_many_rows": _(
        "The file has more than %(limit)s rows. Split it into smaller files."
    ),
    "no_rows": _("The file has a header row but no events."),
    "required": _("This value is required."),
    "kind_invalid": _(
        "“%(value)s” is not a kind of event; write 행사 (promotion) or 휴무 "
        "(sales pause), or leave it empty for a promotion."
    ),
    "too_long": _("The text is longer than %(limit)s characters."),
    "formula": _(
        "This cell holds a formula; copy the column and paste it as values."
    ),
    "date_invalid": _(
        "“%(value)s” is not a date; write it as YYYY-MM-DD (e.g. 2026-11-11)."
    ),
    "end_before_start": _("The end date %(end)s is before the start date %(start)s."),
    "product_and_category": _(
        "Give a SKU or a category, not both (leave both empty for every product)."
    ),
    "unknown_sku": _("No product with SKU “%(value)s” in your catalogue."),
    "unknown_category": _("No category named “%(value)s”."),
    "unknown_channel": _("No channel named “%(value)s”."),
}


@dataclass(frozen=True)
class Problem:
    """A problem of one row (0 = the whole file) and one column, as a template."""

    row: int
    column: str  # a key of FIELD_LABELS
    message: str
    params: Mapping[str, str | int] = field(default_factory=dict)

    def text(self) -> str:
        """The English text with the params filled in (for logs and tests)."""
        return self.message % dict(self.params) if self.params else self.message


def problem(row: int, column: str, code: str, **params: str | int) -> Problem:
    """Build the catalogue problem `code` for a row and column."""
    return Problem(row=row, column=column, message=TEXTS[code], params=params)


@dataclass(frozen=True)
class EventRow:
    """One data row as read; dates are None where `problems` says why."""

    number: int
    name: str
    start_date: dt.date | None
    end_date: dt.date | None
    kind: str = KIND_PROMOTION
    sku: str = ""
    category: str = ""
    channel: str = ""
    note: str = ""
    problems: tuple[Problem, ...] = ()


class EventFileRefused(Exception):
    """The whole file is refused; `message` and `params` say why."""

    def __init__(self, message: str, params: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.params = dict(params or {})
        super().__init__(message % self.params if self.params else message)


class EventRowsInvalid(Exception):
    """At least one row is wrong; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.row, _column_position(p)))
        super().__init__("; ".join(p.text() for p in self.problems[:5]))


def _column_position(item: Problem) -> int:
    """Position of the problem's column, so problems read left to right."""
    return FIELDS.index(item.column) if item.column in FIELDS else -1


def parse_event_file(data: bytes, filename: str) -> list[EventRow]:
    """Check the file, find its header and return every non-empty data row."""
    try:
        table = open_upload(data, filename, LIMITS)
    except UploadRefused as refusal:
        raise EventFileRefused(refusal.message.message, refusal.message.params) from None
    with table:
        try:
            rows = list(_capped(table.sheets[0].open_rows(None)))
        except UploadRefused as refusal:
            raise EventFileRefused(
                refusal.message.message, refusal.message.params
            ) from None
    return parse_rows(rows)


def _capped(rows: Iterator[RawRow]) -> Iterator[RawRow]:
    """Non-empty rows; refuse the file past the header plus MAX_ROWS rows."""
    count = 0
    for row in rows:
        if not any(_text(value) for value in row.values):
            continue
        count += 1
        if count > MAX_ROWS + 1:
            raise EventFileRefused(TEXTS["too_many_rows"], {"limit": MAX_ROWS})
        yield row


def parse_rows(rows: list[RawRow]) -> list[EventRow]:
    """The first row is the header; the others are events."""
    if not rows:
        raise EventFileRefused(TEXTS["no_header"])
    header, *data = rows
    columns = recognise_header(header)
    if not data:
        raise EventFileRefused(TEXTS["no_rows"])
    return [parse_row(row, columns) for row in data]


def _normalise_header(value: Any) -> str:
    text = unicodedata.normalize("NFKC", _text(value)).lower()
    return re.sub(r"[\s_\-().*]", "", text)


def recognise_header(header: RawRow) -> dict[str, int]:
    """Map each known field to its column index, or refuse the file."""
    lookup = {
        spelling: name for name, words in HEADER_SYNONYMS.items() for spelling in words
    }
    columns: dict[str, int] = {}
    for index, value in enumerate(header.values):
        name = lookup.get(_normalise_header(value))
        if name is None:
            continue  # extra columns are ignored
        if name in columns:
            raise EventFileRefused(
                TEXTS["duplicate_column"], {"column": _text(value)}
            )
        columns[name] = index
    if not columns:
        raise EventFileRefused(TEXTS["no_header"])
    for name in REQUIRED_FIELDS:
        if name not in columns:
            raise EventFileRefused(
                TEXTS["missing_column"], {"column": REQUIRED_HEADERS[name]}
            )
    return columns


def parse_row(row: RawRow, columns: dict[str, int]) -> EventRow:
    """Read one data row, collecting every problem rather than stopping."""
    problems: list[Problem] = []
    cells = {name: _cell(row, index) for name, index in columns.items()}
    for name, index in columns.items():
        if index in row.formulas:
            problems.append(problem(row.number, name, "formula"))
    texts = {
        name: _text(cells.get(name))
        for name in ("name", "sku", "category", "channel", "note")
    }
    if not texts["name"]:
        problems.append(problem(row.number, "name", "required"))
    for name, limit in (("name", MAX_NAME_LENGTH), ("note", MAX_NOTE_LENGTH)):
        if len(texts[name]) > limit:
            problems.append(problem(row.number, name, "too_long", limit=limit))
    start = _date_or_problem(row.number, "start_date", cells["start_date"], problems)
    end = _date_or_problem(row.number, "end_date", cells["end_date"], problems)
    if start and end and end < start:
        problems.append(
            problem(row.number, "end_date", "end_before_start",
                    end=end.isoformat(), start=start.isoformat())
        )
    if texts["sku"] and texts["category"]:
        problems.append(problem(row.number, "category", "product_and_category"))
    kind = _kind_or_problem(row.number, cells.get("kind"), problems)
    return EventRow(number=row.number, start_date=start, end_date=end, kind=kind,
                    problems=tuple(problems), **texts)


def _kind_or_problem(number: int, value: Any, problems: list[Problem]) -> str:
    """The event kind of a cell; empty is a promotion."""
    text = _normalise_header(value)
    if not text:
        return KIND_PROMOTION
    for kind, words in KIND_SYNONYMS.items():
        if text in words:
            return kind
    problems.append(problem(number, "kind", "kind_invalid", value=_text(value)))
    return KIND_PROMOTION


def _cell(row: RawRow, index: int) -> Any:
    return row.values[index] if index < len(row.values) else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a SKU typed as 1001 comes back as 1001.0
    return str(value).strip()


def _date_or_problem(
    number: int, column: str, value: Any, problems: list[Problem]
) -> dt.date | None:
    if value is None or _text(value) == "":
        problems.append(problem(number, column, "required"))
        return None
    try:
        return parse_date(value)
    except ValueError:
        problems.append(problem(number, column, "date_invalid", value=_text(value)))
        return None


def parse_date(value: Any) -> dt.date:
    """A date from a YYYY-MM-DD text, an Excel date cell or an Excel serial."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(value)
    match = _ISO_DATE.match(unicodedata.normalize("NFKC", str(value)).strip().lower())
    if not match:
        raise ValueError(value)
    year, month, day = (int(part) for part in match.groups())
    return dt.date(year, month, day)  # ValueError for 2026-02-30
