"""Cells merged down several rows in an .xlsx sheet (pure, streaming).

Korean hand-made stock sheets merge a day's date (or a SKU) down over the rows
it belongs to; Excel keeps the value in the range's top cell only. The ranges
are listed in <mergeCells>, after <sheetData>: `scan_merged_down` finds them in
a first pass that holds one chunk at a time, and `MergedFill` gives each row
the value of the range that covers it while the rows stream.
"""
from __future__ import annotations

import re
from typing import IO, Any

CHUNK = 64 * 1024
MAX_MERGED_RANGES = 100_000
_ROW_START = re.compile(rb"<(?:\w+:)?row\b")
_SHEET_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>")
_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="\$?([A-Z]+)\$?(\d+)'
    rb'(?::\$?[A-Z]+\$?(\d+))?"')

Span = tuple[int, int, int]  # first row, last row, 0-based column


def column_index(letters: str) -> int:
    """0-based index of a column name: A → 0, AA → 26."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def _spans(part: bytes, spans: list[Span]) -> None:
    for letters, first, last in _MERGE.findall(part):
        top, bottom = int(first), int(last or first)
        if bottom > top:  # merged across columns only: nothing to fill down
            spans.append((top, bottom, column_index(letters.decode())))


def scan_merged_down(source: IO[bytes], max_row_elements: int) -> list[Span]:
    """The ranges of a sheet's XML merged over more than one row, by first row.

    The rows are only counted: past `max_row_elements` the sheet is over the
    row cap and refused by the row pass anyway, so the scan stops (no ranges)
    instead of reading a huge sheet to its end."""
    spans: list[Span] = []
    rows_seen, in_data, carry = 0, True, b""
    while chunk := source.read(CHUNK * 16):
        buffer = carry + chunk
        cut = buffer.rfind(b"<")  # never cut inside a tag
        cut = len(buffer) if cut <= 0 else cut
        part, carry = buffer[:cut], buffer[cut:]
        if in_data:
            end = _SHEET_DATA_END.search(part)
            stop = end.start() if end else len(part)
            rows_seen += len(_ROW_START.findall(part, 0, stop))
            if rows_seen > max_row_elements:
                return []
            if end is None:
                continue
            in_data, part = False, part[end.end():]
        _spans(part, spans)
        if len(spans) > MAX_MERGED_RANGES:
            break
    if not in_data:
        _spans(carry, spans)
    return sorted(spans[:MAX_MERGED_RANGES])


class MergedFill:
    """Gives the rows a range covers its top cell's value, as rows stream by
    in order; blank cells outside a merged range stay blank."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self.next = 0
        self.open: list[list[Any]] = []  # [first, last, column, top value]

    def fill(self, number: int, values: list, formulas: set[int]) -> None:
        """Fill row `number`'s merged-down cells in place."""
        while self.next < len(self.spans) and self.spans[self.next][0] <= number:
            top, bottom, column = self.spans[self.next]
            self.next += 1
            if bottom >= number:
                self.open.append([top, bottom, column, None])
        still_open = []
        for span in self.open:
            top, bottom, column, value = span
            if number > bottom:
                continue
            still_open.append(span)
            if number == top:
                span[3] = values[column] if column < len(values) else None
            elif value is not None:
                if column >= len(values):
                    values.extend([None] * (column + 1 - len(values)))
                values[column] = value
                formulas.discard(column)
        self.open = still_open
