"""A sheet's rows cut from its XML with compiled regular expressions, and each
cell's value converted (shared strings, numbers, booleans, dates by style)."""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from openpyxl.utils.datetime import from_excel

from ..xlsx_merges import CHUNK, MergedFill, column_index
from .safe_xml import CellTooLarge

if TYPE_CHECKING:
    from .workbook import Workbook

_REF = re.compile(r"([A-Z]+)(\d+)")
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ATTR = re.compile(rb'\b([rts])="([^"]*)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.S)
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_ROW_END = re.compile(rb"</(?:\w+:)?row>|<(?:\w+:)?row\b[^>]*/>")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name[0] != "#":
        return _NAMED[name]
    return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8")
    if "<![CDATA[" in text:
        text = text.replace("<![CDATA[", "").replace("]]>", "")
    return _ENTITY.sub(_entity, text) if "&" in text else text


class _RowCutter:
    """Buffers sheet XML and yields each complete row as it closes."""

    def __init__(self, book: Workbook, width: int,
                 merged: list[tuple[int, int, int]] | None = None) -> None:
        self.book = book
        self.width = width
        spans = [span for span in merged or [] if span[2] < width]
        self.merged = MergedFill(spans) if spans else None
        self.buffer = b""
        self.row_number = 0
        # A row longer than this cannot be legitimate (width × cell limit).
        self.max_row_bytes = (width + 1) * (book.max_cell_chars * 4 + 256) + CHUNK

    def feed(self, chunk: bytes, final: bool = False):
        buffer = self.buffer + chunk
        end = 0
        for match in _ROW_END.finditer(buffer):
            end = match.end()
        if not end:
            if len(buffer) > self.max_row_bytes or (final and buffer.strip()
                                                    and b"<c" in buffer):
                raise CellTooLarge(self.row_number + 1, 1, self.book.max_cell_chars)
            self.buffer = buffer
            return
        complete, self.buffer = buffer[:end], buffer[end:]
        for row in _ROW.finditer(complete):
            yield self._row(row)

    def _row(self, match: re.Match[bytes]) -> tuple[int, list, set[int]]:
        attrs = dict(_ATTR.findall(match.group(1)))
        number = attrs.get(b"r", b"")
        self.row_number = int(number) if number.isdigit() else self.row_number + 1
        values: list[Any] = []
        formulas: set[int] = set()
        body = match.group(2)
        if body:
            self._cells(body, values, formulas)
        if self.merged is not None:
            self.merged.fill(self.row_number, values, formulas)
        return self.row_number, values, formulas

    def _cells(self, body: bytes, values: list, formulas: set[int]) -> None:
        position = 0
        for cell in _CELL.finditer(body):
            cell_attrs = dict(_ATTR.findall(cell.group(1)))
            ref = cell_attrs.get(b"r")
            column = position
            if ref:
                found = _REF.match(ref.decode("ascii", "replace"))
                if found:
                    column = column_index(found.group(1))
            position = column + 1
            if column >= self.width:
                continue
            value = self._value(cell_attrs, cell.group(2) or b"", column)
            if column >= len(values):
                values.extend([None] * (column + 1 - len(values)))
            values[column] = value
            if cell.group(2) and _FORMULA.search(cell.group(2)):
                formulas.add(column)

    def _value(self, attrs: dict[bytes, bytes], body: bytes, column: int) -> Any:
        kind = attrs.get(b"t", b"n").decode("ascii", "replace")
        if kind == "inlineStr":
            if b"<rPh" in body:
                body = _PHONETIC.sub(b"", body)
            text = "".join(_text(part) for part in _TEXT.findall(body))
        else:
            found = _VALUE.search(body)
            text = _text(found.group(1)) if found else ""
        if len(text) > self.book.max_cell_chars:
            raise CellTooLarge(self.row_number, column + 1, self.book.max_cell_chars)
        style = attrs.get(b"s")
        return _convert(self.book, kind, text, style.decode() if style else None)


def _convert(book: Workbook, kind: str, text: str, style: str | None) -> Any:
    if kind == "s":
        try:
            return book.shared[int(text)]
        except (ValueError, IndexError):
            raise ValueError(f"bad shared string index {text!r}") from None
    if kind in ("inlineStr", "e"):
        return text
    if kind == "str":
        return text if text != "" else None
    if text == "":
        return None
    if kind == "b":
        return text == "1"
    if kind == "d":
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            return text
    number: Any = float(text) if any(c in text for c in ".eE") else int(text)
    if style is not None and style.isdigit() and int(style) in book.date_styles:
        try:
            return from_excel(number, epoch=book.epoch)
        except (ValueError, OverflowError):
            return number
    return number
