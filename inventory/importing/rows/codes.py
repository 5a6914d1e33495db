"""The row parser's product codes and order-line keys (a mixin of RowParser).

Every code column the format defines is tried, in a documented order
(ProductCodes.attempts); the column that matched or failed is named. The
order-line key is the channel's canonical one (line_keys) when the export
carries its columns.
"""
from __future__ import annotations

from typing import Any

from ..files import RawRow
from ..headers import HeaderMatch, field_matches, normalise
from ..line_keys import (
    EXPORT_KEY_COLUMNS,
    LineKeyError,
    export_line_key,
    generic_line_key,
)
from ..messages import msg
from ..resolve import ProductCodes, Resolution, code_key
from ..results import UnknownCode
from ..synonyms import CODE_FIELDS
from ..values import cell_text, is_blank, unescape_text

CACHE_SIZE = 100_000  # distinct dates / code sets remembered while parsing


class CodesMixin:
    """Product resolution and line keys; needs RowParser's attributes."""

    def _resolve(self, codes: ProductCodes) -> Resolution | None:
        """The resolver's answer, remembered per distinct set of codes."""
        if codes in self._resolved:
            return self._resolved[codes]
        resolution = self.resolver.resolve(codes)
        if len(self._resolved) < CACHE_SIZE:
            self._resolved[codes] = resolution
        return resolution

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

    def _product(self, context: Any) -> Resolution | None:
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

    def _remember_unknown(self, code: str, context: Any) -> None:
        entry = self._unknown.get(code)
        if entry is None:
            entry = self._unknown[code] = UnknownCode(
                code=code, rows=[],
                product_name=cell_text(context.cells.get("product_name")),
                option=cell_text(context.cells.get("option")),
            )
        entry.rows.append(context.raw.number)

    def _line_key(self, context: Any, code: str) -> str:
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
        if is_blank(order_id):
            return line_id
        try:
            return generic_line_key(order_id=order_id, line=line_id or code)
        except LineKeyError:
            return ""


def key_code(code: str, resolution: Resolution | None) -> str:
    """The product code an order-line key is built from: the catalogue's spelling
    when the code matched it but for case or padding (" pa-1 " → "PA-1"), so one
    line keeps one key whichever way a file writes its code."""
    if resolution is not None and resolution.code and code_key(
            resolution.code) == code_key(code):
        return resolution.code
    return code


def other_code_columns(header: HeaderMatch) -> list[tuple[int, str]]:
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


def key_columns(header: HeaderMatch) -> dict[str, int]:
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
