"""Find the header row, map columns to fields and recognise the export format.

Columns are matched by name, never by position. Matching levels: exact after
normalisation (3), exact once bracketed hints such as `(YYYY-MM-DD HH:MM)` are
dropped (2), synonym contained in the header (1). Each column serves one field:
exact matches (levels 2-3) beat substring ones, then earlier synonyms win (the
payment date beats the order date), then the higher level.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .files import RawRow
from .messages import Message, field_label, msg
from .synonyms import FIELDS, NEVER_MAP, SIGNATURE_AMOUNTS, SIGNATURES
from .values import cell_text

_BRACKETS = str.maketrans("[]{}<>〔〕【】「」『』〈〉《》", "()()()()()()()()()")
_NOISE = re.compile(r"[\s_\-./:·,]+")
_HINT = re.compile(r"\([^()]*\)")
MAX_HEADER_LENGTH = 40  # longer cells are instruction text, never a header
MIN_HEADER_MATCHES = 2

# Our own upload template: bilingual headers, so it is recognised whatever the
# user's language (the bracketed English is dropped by normalisation).
TEMPLATE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sku", "마스터 SKU (Master SKU)"),
    ("product_name", "상품명 (Product name)"),
    ("option", "옵션 (Option)"),
    ("date", "일자 (Date)"),
    ("inbound", "입고 (Inbound)"),
    ("outbound", "출고 (Outbound)"),
    ("stock", "재고 실사 (Stock count)"),
    ("channel", "채널 (Channel)"),
    ("lot", "로트 (Lot)"),
    ("expiry", "유통기한 (Expiry)"),
    ("note", "메모 (Note)"),
    # Optional: what customers paid for the row's outbound units (won).
    ("amount", "판매금액 (Amount)"),
)


def normalise(text: Any) -> str:
    """NFKC, lower case, one bracket style, no spaces or `_-./:` separators."""
    folded = unicodedata.normalize("NFKC", cell_text(text)).lower()
    return _NOISE.sub("", folded.translate(_BRACKETS))


def base_form(normalised: str) -> str:
    """The normalised header without bracketed hints: 주문일시(yyyymmdd) → 주문일시."""
    return _HINT.sub("", normalised) or normalised


def _is_ascii(text: str) -> bool:
    return all(ord(char) < 128 for char in text)


_SYNONYMS = {
    name: tuple(normalise(s) for s in synonyms) for name, synonyms in FIELDS.items()
}
_NEVER = frozenset(normalise(h) for h in NEVER_MAP)
# Fast exact lookups for scanning candidate header rows: a header matches at
# level 3 or 2 when its normalised form is a synonym or a synonym's base form,
# or when its base form is a synonym (see `_level`).
_EXACT: dict[str, set[str]] = {}
_EXACT_BASE: dict[str, set[str]] = {}
for _name, _synonyms in _SYNONYMS.items():
    for _synonym in _synonyms:
        _EXACT.setdefault(_synonym, set()).add(_name)
        _EXACT.setdefault(base_form(_synonym), set()).add(_name)
        _EXACT_BASE.setdefault(_synonym, set()).add(_name)
_TEMPLATE = frozenset(normalise(header) for _, header in TEMPLATE_COLUMNS)


@dataclass(frozen=True)
class MappedColumn:
    """Where a field lives: 0-based column index and the header as written."""

    index: int
    header: str


@dataclass
class ColumnMapping:
    """Field name → column; `as_headers()` is what the Django side remembers."""

    columns: dict[str, MappedColumn] = field(default_factory=dict)

    def get(self, name: str) -> MappedColumn | None:
        return self.columns.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    def as_headers(self) -> dict[str, str]:
        """Field → header text: stable when columns are reordered."""
        return {name: column.header for name, column in self.columns.items()}


@dataclass
class HeaderMatch:
    """The detected header row (1-based), its texts, mapping and format."""

    row: int
    headers: list[str]
    mapping: ColumnMapping
    format: str
    signature: str
    score: int


def field_matches(header: str) -> list[tuple[int, int, str]]:
    """(level, synonym rank, field) for every field the header could be."""
    full = normalise(header)
    if not full or full in _NEVER or len(full) > MAX_HEADER_LENGTH:
        return []
    base = base_form(full)
    found = []
    for name, synonyms in _SYNONYMS.items():
        scored = [
            (level, -rank if level >= 2 else len(synonym) - 1000)
            for rank, synonym in enumerate(synonyms)
            if (level := _level(full, base, synonym))
        ]
        if scored:
            # Exact: earlier synonym is better. Substring: longer is more specific.
            level, preference = max(scored)
            found.append((level, -preference, name))
    return found


def _level(full: str, base: str, synonym: str) -> int:
    if full == synonym:
        return 3
    if base == synonym or base_form(synonym) == full:
        return 2
    long_enough = len(synonym) >= (6 if _is_ascii(synonym) else 2)
    if long_enough and len(base) <= 20 and synonym in base:
        return 1
    return 0


NUMERIC_FIELDS = frozenset(("quantity", "inbound", "outbound", "stock"))
# A header that only *contains* a quantity word is a quantity only when it ends
# like one: 출고지 (dispatch address), 입고지, 재고위치, 출고예정일 are not.
_QUANTITY_ENDINGS = ("수량", "량", "수", "qty", "quantity", "ea", "개", "pcs", "units")
# Dates that are not the day of the sale or movement (CHANNEL_FORMATS §4 traps).
_NOT_SALE_DATE = ("취소", "반품", "교환", "예정", "기한", "희망", "환불", "송장")
# The quantity column each channel export names (its signature's quantity).
SIGNATURE_QUANTITY = {
    "coupang": "구매수(수량)", "smartstore": "수량", "cafe24": "수량",
    "playauto": "주문수량", "sabangnet": "EA(확정)",
}
SAMPLE_SHARE = 0.5  # share of sampled values that must look right
# An exactly named column is refused for its values only when it holds text in
# this many sampled rows at least: a column of addresses, not a typo or two in
# a mostly blank column (those are the rows' errors, shown with their cells).
MIN_TEXT_VALUES = 3


def _plausible(name: str, level: int, header: str) -> bool:
    """Whether a substring match (level 1) can be meant as this field."""
    if level >= 2:
        return True
    base = base_form(normalise(header))
    if name in NUMERIC_FIELDS:
        return base.endswith(_QUANTITY_ENDINGS)
    if name == "date":
        return not any(word in base for word in _NOT_SALE_DATE)
    # 총결제금액, 쿠폰할인금액, 정산예정금액 … contain the amount's words but are
    # order totals, discounts or settlements: only a whole header is an amount
    # (and only a whole 취소수량 is a cancelled quantity).
    return name not in ("amount", "cancelled_quantity")


_PHONE = re.compile(r"^\+?\d{2,4}-\d{3,4}-\d{4}$")
_HANGUL_WORD = re.compile(r"[가-힣]{2,}")


def _is_wordy(value: Any) -> bool:
    """An address, a name or a phone number: never a quantity."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return bool(_PHONE.match(text) or _HANGUL_WORD.search(text)
                or len(text.split()) >= 3)


def _values_fit(name: str, values: Sequence[Any], strict: bool = True) -> bool:
    """Numeric fields need numbers (addresses, names, phones never win one);
    a date field found by a substring needs dates."""
    from .values import ValueProblem, parse_date, parse_quantity

    present = [v for v in values if v is not None and cell_text(v) != ""]
    if not present:
        return True
    if strict is False:  # an exact header: refuse only clear text columns
        wordy = sum(1 for v in present if _is_wordy(v))
        return wordy < max(MIN_TEXT_VALUES, SAMPLE_SHARE * len(present))
    check = parse_quantity if name in NUMERIC_FIELDS else parse_date
    good = 0
    for value in present:
        try:
            check(value)
            good += 1
        except (ValueProblem, ValueError, TypeError, OverflowError):
            pass
    return good >= SAMPLE_SHARE * len(present)


def _column_fits(
    name: str, level: int, values: Sequence[Any], file_format: str = ""
) -> bool:
    if file_format == "template" and level >= 2:
        return True  # our own headers: a bad value is that cell's error
    if name == "amount":
        return _values_fit(name, values, strict=False)
    if name in NUMERIC_FIELDS:
        return _values_fit(name, values, strict=level < 2)
    if name == "date" and level < 2:
        return _values_fit(name, values)
    return True


def auto_mapping(
    headers: Sequence[str], samples: Sequence[Sequence[Any]] = (),
    file_format: str = "",
) -> ColumnMapping:
    """Assign each field its best column; a column serves one field.

    Whole-header matches beat substring ones; a substring match must end like
    its field (see `_plausible`); with `samples` (data rows below the header) a
    numeric field never goes to a column of text, nor a substring-found date
    field to a column of non-dates. In a channel export the quantity is the
    column its signature names and no other column is read as a quantity;
    likewise its amount is one of the amount columns the format names.
    """
    columns = list(zip(*[list(row) + [None] * (len(headers) - len(row))
                         for row in samples], strict=False)) if samples else []
    candidates = []
    for index, header in enumerate(headers):
        matches = [
            (level, rank, name) for level, rank, name in field_matches(header)
            if _plausible(name, level, header)
            and _column_fits(name, level, columns[index] if index < len(columns)
                             else (), file_format)
        ]
        top = max((level for level, _, _ in matches), default=0)
        # A column only competes for the fields it names best: 주문번호(사방넷)
        # is a line number (exact) before it is an order number (hint dropped).
        candidates += [
            (level < 2, rank, -level, index, name)
            for level, rank, name in matches
            if level == top
        ]
    mapping = ColumnMapping()
    used: set[int] = set()
    preferred = _signature_quantity(headers, file_format)
    if preferred is not None:
        mapping.columns["quantity"] = MappedColumn(preferred, headers[preferred])
        used.add(preferred)
    amount = _signature_amount(headers, file_format)
    if amount is not None:
        mapping.columns["amount"] = MappedColumn(amount, headers[amount])
        used.add(amount)
    for *_key, index, name in sorted(candidates):
        if preferred is not None and name in NUMERIC_FIELDS:
            continue
        if name == "amount" and file_format in SIGNATURE_AMOUNTS:
            continue
        if name not in mapping.columns and index not in used:
            mapping.columns[name] = MappedColumn(index, headers[index])
            used.add(index)
    return mapping


def _signature_quantity(headers: Sequence[str], file_format: str) -> int | None:
    wanted = SIGNATURE_QUANTITY.get(file_format)
    if not wanted:
        return None
    normalised = [normalise(header) for header in headers]
    target = normalise(wanted)
    return normalised.index(target) if target in normalised else None


def _signature_amount(headers: Sequence[str], file_format: str) -> int | None:
    """The column of the first amount header the export's format names."""
    normalised = [normalise(header) for header in headers]
    for wanted in SIGNATURE_AMOUNTS.get(file_format, ()):
        if normalise(wanted) in normalised:
            return normalised.index(normalise(wanted))
    return None


def header_texts(values: Iterable[Any]) -> list[str]:
    """Header cells as stripped text ('' for blanks)."""
    return [cell_text(value) for value in values]


def row_score(values: Sequence[Any]) -> int:
    """How many distinct fields a row's cells name exactly (levels 2-3)."""
    names: set[str] = set()
    for value in values:
        # Numbers and dates are data, never headers; skip them cheaply.
        if isinstance(value, str) and len(value) <= 2 * MAX_HEADER_LENGTH:
            full = normalise(value)
            if full not in _NEVER and len(full) <= MAX_HEADER_LENGTH:
                names |= _EXACT.get(full, set())
                names |= _EXACT_BASE.get(base_form(full), set())
    return len(names)


def find_header(rows: Sequence[RawRow]) -> HeaderMatch | None:
    """The best header row among `rows` (most exact field names, earliest)."""
    best: tuple[int, RawRow] | None = None
    for raw in rows:
        score = row_score(raw.values)
        if score >= MIN_HEADER_MATCHES and (best is None or score > best[0]):
            best = (score, raw)
    if best is None:
        return None
    score, raw = best
    headers = header_texts(raw.values)
    file_format = detect_format(headers)
    samples = [row.values for row in rows if row.number > raw.number]
    return HeaderMatch(
        row=raw.number,
        headers=headers,
        mapping=auto_mapping(headers, samples, file_format),
        format=file_format,
        signature=header_signature(headers),
        score=score,
    )


def detect_format(headers: Sequence[str]) -> str:
    """'template', a channel name from SIGNATURES, or 'generic'."""
    present = {normalise(header) for header in headers if header}
    if len(_TEMPLATE & present) >= 5:
        return "template"
    for name, alternatives in SIGNATURES:
        for required in alternatives:
            if all(normalise(header) in present for header in required):
                return name
    return "generic"


def header_signature(headers: Sequence[str]) -> str:
    """Stable hash of the normalised header set (insensitive to column order)."""
    names = sorted({normalise(header) for header in headers if normalise(header)})
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()[:16]


def apply_override(
    mapping: ColumnMapping,
    headers: Sequence[str],
    override: Mapping[str, int | str | None],
) -> tuple[ColumnMapping, list[Message]]:
    """Apply a user's corrections (field → column index, header text or None)."""
    columns = dict(mapping.columns)
    problems: list[Message] = []
    for name, choice in override.items():
        if name not in FIELDS:
            problems.append(msg("unknown_mapping_field", field=name))
            continue
        if choice is None or choice == "":
            columns.pop(name, None)
            continue
        index = _column_index(headers, choice)
        if index is None:
            problems.append(
                msg("unknown_mapping_column", column=str(choice),
                    field=field_label(name))
            )
            continue
        # The chosen column leaves any other field it was serving.
        columns = {k: v for k, v in columns.items() if v.index != index}
        columns[name] = MappedColumn(index, headers[index])
    return ColumnMapping(columns), problems


def _column_index(headers: Sequence[str], choice: int | str) -> int | None:
    if isinstance(choice, int):
        return choice if 0 <= choice < len(headers) else None
    if choice in headers:
        return list(headers).index(choice)
    wanted = normalise(choice)
    normalised = [normalise(header) for header in headers]
    return normalised.index(wanted) if wanted in normalised else None


def template_headers() -> list[str]:
    """Header row of our own upload template (see TEMPLATE_COLUMNS)."""
    return [header for _, header in TEMPLATE_COLUMNS]
