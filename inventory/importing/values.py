"""Cell-value parsers: text codes, dates, quantities, units and order statuses.

Each parser either returns a clean value or raises `ValueProblem` carrying a
catalogue message; it never guesses silently.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from .messages import Message, msg

KST = dt.timezone(dt.timedelta(hours=9), "KST")
EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # 1900 date system, Lotus leap-year bug
SERIAL_RANGE = (20_000, 80_000)  # 1954-10-03 .. 2119-01-10
FIRST_YEAR, LAST_YEAR = 2000, 2099
# The ledger's floor on every path (uploads read no year before FIRST_YEAR): an
# earlier day is a typo or an empty Excel date cell (day 0 reads as 1899-12-30).
EARLIEST_BUSINESS_DATE = dt.date(FIRST_YEAR, 1, 1)
MAX_QUANTITY = 1_000_000

# The most one sale line may be worth, in won: a typo guard (100 units of a
# 1,000,000-won product), far above what a small seller's line holds.
MAX_AMOUNT = 100_000_000
# Units of one component in one set (bill of materials); a set's movement of
# MAX_QUANTITY sets can then still be written (checked per movement too).
MAX_COMPONENT_QUANTITY = 1_000
# An expiry date without a lot number becomes this lot: one lot per product and
# expiry day, so the expiry alerts see the units and receipts of the same day add up.
EXPIRY_LOT_PREFIX = "EXP-"


def expiry_lot_code(expiry: dt.date) -> str:
    """The lot a stock-in with `expiry` but no lot number goes to (EXP-2027-03-31)."""
    return f"{EXPIRY_LOT_PREFIX}{expiry.isoformat()}"


def component_quantity_problem(quantity: int) -> Message | None:
    """Why `quantity` units of a component per set are refused, or None."""
    if quantity < 1 or quantity > MAX_COMPONENT_QUANTITY:
        return msg("component_quantity_range", value=quantity,
                   limit=f"{MAX_COMPONENT_QUANTITY:,}")
    return None

_TIME = (
    r"(?:[ t]+(?P<ampm>오전|오후|am|pm)?\s*(?P<h>\d{1,2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<ampm2>am|pm)?"
    r"\s*(?P<tz>z|[+-]\d{2}:?\d{2})?)?"
)
_YMD = re.compile(
    r"^(?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})\.?" + _TIME + "$"
)
_KOREAN = re.compile(
    r"^(?P<y>\d{4})\s*년\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일"
    r"(?:\s*\(?[월화수목금토일]\)?)?" + _TIME + "$"
)
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:\d{4}|\d{6})?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{2}|\d{4})\b")
_SHORT_YEAR = re.compile(r"^(\d{2})[-./](\d{1,2})[-./](\d{1,2})\b")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_DATE_SEQUENCE = re.compile(r"^(\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2})\s*-\s*\d{1,6}$")
_TOTALS = ("합계", "소계", "총계", "총합계", "누계", "total", "subtotal", "grand total",
           "sum")
_FORMULA_START = ("=", "+", "-", "@")
_TOTAL_FIRST = frozenset("합소총누[(<*tTsSgG")

_PIECE_UNITS = {"", "개", "ea", "pcs", "pc", "개입", "낱개", "piece", "pieces", "unit"}
_BOX_UNITS = {"box", "boxes", "박스", "상자", "cs", "case", "카톤", "ctn"}
_QUANTITY = re.compile(r"^(?P<num>[+-]?[\d,]*\.?\d+(?:e[+-]?\d+)?)\s*(?P<unit>\D*)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


# Characters no one sees that a cell pasted from a web page or a PDF carries:
# soft hyphen, zero-width space, direction marks and embeddings, word joiner,
# invisible operators, isolates, byte-order mark. Dropped from every value read
# ("SKU-1\u200b" is SKU-1). The joiners U+200C/U+200D stay: emoji need them.
_INVISIBLE = dict.fromkeys(map(ord, (
    "\u00ad\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")))


def clean_text(value: Any) -> str:
    """A value as text: NFKC (full-width folded), invisible characters dropped,
    trimmed."""
    return unicodedata.normalize("NFKC", str(value)).translate(_INVISIBLE).strip()


class ValueProblem(Exception):
    """A cell value that cannot be used; `message` explains it to the user."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text())
        self.message = message


def cell_text(value: Any) -> str:
    """A cell as clean text: IDs keep every digit, full-width folded, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        # Long IDs typed as numbers arrive as floats: never show "…E+15" or ".0".
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    text = clean_text(value)
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def is_blank(value: Any) -> bool:
    """None or a text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def unescape_text(value: Any) -> Any:
    """Undo the export's formula escaping of a text key: "'=A1" → "=A1"."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] in _FORMULA_START \
            and value[1:2]:
        return value[1:]
    return value


def total_label(value: Any) -> str:
    """"합계" when a cell marks a total/subtotal row (합계, 소계, [합계], Total…)."""
    if not isinstance(value, str) or len(value) > 20:
        return ""
    if value.lstrip()[:1] not in _TOTAL_FIRST:  # the usual case, cheaply
        return ""
    text = re.sub(r"[\s\[\]()<>:*]", "", clean_text(value)).lower()
    return value.strip() if text in _TOTALS or text.endswith(("합계", "소계")) else ""


def display(value: Any) -> str:
    """A short printable form of a raw cell for messages."""
    text = cell_text(value) if not isinstance(value, str) else value.strip()
    return text if len(text) <= 40 else text[:37] + "..."


# ---------------------------------------------------------------------------- dates


def parse_date(value: Any) -> dt.date:
    """A business date (Korean wall-clock) from any format the channels use."""
    if isinstance(value, dt.datetime):
        return _checked(_to_kst(value).date(), value)
    if isinstance(value, dt.date):
        return _checked(value, value)
    if isinstance(value, bool) or value is None:
        raise ValueProblem(msg("date_unrecognised", value=display(value)))
    if isinstance(value, (int, float)):
        return _date_from_number(value)
    text = clean_text(value).lower()
    if not text:
        raise ValueProblem(msg("date_blank"))
    return _date_from_text(text, display(value))


def _date_from_number(number: float) -> dt.date:
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueProblem(msg("date_unrecognised", value=display(number)))
    if float(number).is_integer() and 19_000_101 <= number <= 29_991_231:
        return _date_from_text(str(int(number)), str(int(number)))
    if SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        # The serial is already Korean wall-clock time: no time-zone shift.
        return _checked((EXCEL_EPOCH + dt.timedelta(days=number)).date(), number)
    raise ValueProblem(msg("date_unrecognised", value=display(number)))


def _date_from_text(text: str, shown: str) -> dt.date:
    if _SERIAL.match(text):
        return _date_from_number(float(text))
    sequence = _DATE_SEQUENCE.match(text)
    if sequence:  # 일자-No. of accounting reports: "2026/11/24 -1"
        text = sequence.group(1)
    if text.isdigit() and len(text) in (8, 12, 14):
        match = _COMPACT.match(text)
    else:
        match = _YMD.match(text) or _KOREAN.match(text)
    if match:
        return _date_from_match(match, shown)
    day_first = _DAY_FIRST.match(text)
    if _SHORT_YEAR.match(text) or (
        day_first and int(day_first.group(1)) <= 12 and int(day_first.group(2)) <= 12
    ):
        raise ValueProblem(msg("date_ambiguous", value=shown))
    raise ValueProblem(msg("date_unrecognised", value=shown))


def _date_from_match(match: re.Match[str], shown: str) -> dt.date:
    parts = match.groupdict()
    try:
        day = dt.date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
    except ValueError as error:
        raise ValueProblem(msg("date_impossible", value=shown)) from error
    offset = parts.get("tz")
    if offset and parts.get("h") is not None:
        moment = dt.datetime.combine(day, _time_of(parts, shown))
        return _checked(_to_kst(moment.replace(tzinfo=_zone(offset))).date(), shown)
    if parts.get("h") is not None:
        _time_of(parts, shown)  # reject 25:61 even though only the day is kept
    return _checked(day, shown)


def _time_of(parts: dict[str, str | None], shown: str) -> dt.time:
    hour = int(parts["h"] or 0)
    marker = parts.get("ampm") or parts.get("ampm2")
    if marker in ("오후", "pm") and hour < 12:
        hour += 12
    elif marker in ("오전", "am") and hour == 12:
        hour = 0
    try:
        return dt.time(hour, int(parts["mi"] or 0), int(parts.get("s") or 0))
    except ValueError as error:
        raise ValueProblem(msg("date_impossible", value=shown)) from error


def _zone(offset: str) -> dt.timezone:
    if offset == "z":
        return dt.UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return dt.timezone(sign * delta)


def _to_kst(moment: dt.datetime) -> dt.datetime:
    """Aware datetimes move to Korean time; naive ones already are."""
    return moment.astimezone(KST) if moment.tzinfo else moment


def _checked(day: dt.date, shown: Any) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueProblem(
            msg("date_out_of_range", value=display(shown), first=FIRST_YEAR,
                last=LAST_YEAR)
        )
    return day


# ------------------------------------------------------------------------ quantities


def parse_quantity(
    value: Any, *, allow_negative: bool = False, maximum: int = MAX_QUANTITY
) -> tuple[int, str]:
    """A whole number of units and its unit ('' = pieces, 'box' = boxes)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueProblem(msg("quantity_blank"))
    if isinstance(value, (bool, dt.date, dt.time)):
        raise ValueProblem(msg("quantity_not_number", value=display(value)))
    if isinstance(value, (int, float)):
        number, unit = _decimal_of(value), ""
    else:
        number, unit = _quantity_from_text(str(value))
    if number != number.to_integral_value():
        raise ValueProblem(msg("quantity_not_whole", value=display(value)))
    if number < 0 and not allow_negative:
        raise ValueProblem(msg("quantity_negative", value=display(value)))
    if abs(number) > maximum:
        raise ValueProblem(
            msg("quantity_too_large", value=display(value), limit=f"{maximum:,}")
        )
    return int(number), unit


_CURRENCY = re.compile(r"^(?:₩|krw)?(?P<num>[^원₩]*?)(?:원|krw)?$")


def parse_amount(value: Any) -> int | None:
    """A line's paid amount in whole won; None when the cell is blank.

    Accepts 12900, 12900.0, "12,900", "12,900원", "₩12,900", "30000.00" (the
    Cafe24 API's decimal strings); refuses text, fractions of a won, negative
    amounts and more than MAX_AMOUNT.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (bool, dt.date, dt.time)):
        raise ValueProblem(msg("amount_not_number", value=display(value)))
    if isinstance(value, (int, float, Decimal)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueProblem(msg("amount_not_number", value=display(value)))
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = clean_text(value).lower()
        text = text.replace(" ", "")
        if text.startswith("="):
            raise ValueProblem(msg("formula_cell", value=display(value)))
        digits = _CURRENCY.match(text).group("num")
        if "," in digits and not _THOUSANDS.match(digits.lstrip("-")):
            raise ValueProblem(msg("amount_not_number", value=display(value)))
        try:
            number = Decimal(digits.replace(",", ""))
        except InvalidOperation as error:
            raise ValueProblem(msg("amount_not_number",
                                   value=display(value))) from error
        if not number.is_finite():
            raise ValueProblem(msg("amount_not_number", value=display(value)))
    if number < 0:
        raise ValueProblem(msg("amount_negative", value=display(value)))
    if number != number.to_integral_value():
        raise ValueProblem(msg("amount_not_whole", value=display(value)))
    if number > MAX_AMOUNT:
        raise ValueProblem(msg("amount_too_large", value=display(value),
                               limit=f"{MAX_AMOUNT:,}"))
    return int(number)


def _decimal_of(value: float) -> Decimal:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueProblem(msg("quantity_not_number", value=display(value)))
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _quantity_from_text(raw: str) -> tuple[Decimal, str]:
    text = clean_text(raw).lower().replace(" ", "")
    if text.startswith("="):
        raise ValueProblem(msg("formula_cell", value=display(raw)))
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    match = _QUANTITY.match(text)
    if not match:
        raise ValueProblem(msg("quantity_not_number", value=display(raw)))
    digits, unit = match.group("num"), parse_unit(match.group("unit"), raw)
    if "," in digits and not _THOUSANDS.match(digits):
        raise ValueProblem(msg("quantity_not_number", value=display(raw)))
    try:
        number = Decimal(digits.replace(",", ""))
    except InvalidOperation as error:
        raise ValueProblem(msg("quantity_not_number", value=display(raw))) from error
    return (-number if negative else number), unit


def parse_unit(value: Any, shown: Any = None) -> str:
    """'' for pieces (EA, 개, blank) or 'box' (BOX, 박스); others refused."""
    text = cell_text(value).lower()
    text = text.replace(" ", "").rstrip(".")
    if text in _PIECE_UNITS:
        return ""
    if text in _BOX_UNITS:
        return "box"
    problem = "unit_unknown" if shown is None else "quantity_not_number"
    shown_value = shown if shown is not None else value
    raise ValueProblem(msg(problem, value=display(shown_value)))


# --------------------------------------------------------------------------- statuses

_NOT_CANCELLED = ("철회", "거부", "거절", "안함", "없음", "미처리", "withdraw", "reject")
_STATUS_WORDS = (
    ("cancelled", ("취소", "cancel")),
    ("returned", ("반품", "환불", "return", "refund")),
    ("exchanged", ("교환", "exchange")),
)
# Cafe24 API status codes: C = cancel, R = return, E = exchange.
_STATUS_CODES = re.compile(r"^(?P<kind>[cre])\d{2}$")
_CODE_KINDS = {"c": "cancelled", "r": "returned", "e": "exchanged"}
_CANCEL_FLAGS = {"f", "y", "yes", "true", "취소", "전체취소", "취소완료", "예"}


def excluded_status(status: Any, cancel_flag: Any = None) -> str:
    """'cancelled', 'returned', 'exchanged', or '' when the line counts."""
    flag = cell_text(cancel_flag).lower()
    if flag in _CANCEL_FLAGS:
        return "cancelled"
    text = cell_text(status).lower().replace(" ", "")
    if not text or any(word in text for word in _NOT_CANCELLED):
        return ""
    code = _STATUS_CODES.match(text)
    if code:
        return _CODE_KINDS[code.group("kind")]
    for kind, words in _STATUS_WORDS:
        if any(word in text for word in words):
            return kind
    return ""


def channel_text(value: Any) -> str:
    """Channel name without the account part ('스마트스토어=myshop')."""
    return cell_text(value).split("=", 1)[0].strip()
