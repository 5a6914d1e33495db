"""A lean, streaming .xlsx reader (expat), several times faster than openpyxl's.

Why not openpyxl's read-only mode: it parses each sheet a second time just to
look for a <dimension> (the whole sheet when there is none), and its per-cell
objects cost most of an upload's parse time (profile in bench/README.md). This
reader feeds the sheet XML to expat in 64 KB chunks and yields rows as they
close, so a row cap stops reading at the first row past it and memory stays
flat whatever the sheet's size.

Safety: DOCTYPEs, entity declarations and external entities are refused
(what defusedxml does), a cell's text is refused past `max_cell_chars` while
it is being read (a 190 MB cell never reaches memory), and the shared-string
table (which must be held in memory) is refused before loading when its
unpacked size exceeds `max_shared_strings_bytes`.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from .xlsx_merges import CHUNK, MergedFill, column_index, scan_merged_down

_REF = re.compile(r"([A-Z]+)(\d+)")


class UnsafeXml(Exception):
    """The XML declares a DOCTYPE or entities (billion laughs, XXE)."""


class CellTooLarge(Exception):
    """A cell's text passed the limit; `row`/`column` say where (1-based)."""

    def __init__(self, row: int, column: int, limit: int) -> None:
        super().__init__(f"cell at row {row}, column {column} over {limit} characters")
        self.row, self.column, self.limit = row, column, limit


class BudgetExceeded(Exception):
    """A part that must be held in memory is larger than the budget."""

    def __init__(self, part: str, size: int, budget: int) -> None:
        super().__init__(f"{part}: {size} bytes, budget {budget}")
        self.part, self.size, self.budget = part, size, budget


def _local(name: str) -> str:
    """The element name without a namespace prefix (x:c → c)."""
    return name.rpartition(":")[2] if ":" in name else name


def _refuse(*_args: Any) -> None:
    raise UnsafeXml("DOCTYPE or entity declaration")


def _parser() -> expat.XMLParserType:
    # No namespace processing: prefixed names (x:c) are rare and stripped.
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.buffer_text = True
    return parser


def _parse_all(data: bytes, start: Callable, end: Callable | None = None,
               text: Callable | None = None) -> None:
    parser = _parser()
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    parser.Parse(data, True)


class Workbook:
    """The sheets of an .xlsx archive and what their cells need (strings, styles)."""

    def __init__(self, archive: zipfile.ZipFile, *, max_cell_chars: int,
                 max_shared_strings_bytes: int) -> None:
        self.archive = archive
        self.max_cell_chars = max_cell_chars
        self.names = {info.filename: info for info in archive.infolist()}
        self._lower = {name.lower(): name for name in self.names}
        workbook_path = self._workbook_path()
        rels = self._rels(workbook_path)
        self.sheets: list[tuple[str, str]] = []
        self.hidden: set[str] = set()  # names of hidden and very hidden sheets
        self.epoch = WINDOWS_EPOCH  # the date system of date-formatted serials
        shared_path = styles_path = None
        for target, kind in rels.values():
            if kind.endswith("/sharedStrings"):
                shared_path = target
            elif kind.endswith("/styles"):
                styles_path = target
        self._read_sheet_list(workbook_path, rels)
        self.date_styles = self._date_styles(styles_path) if styles_path else set()
        self.shared: list[str] = []
        self._merged: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
        if shared_path and self._find(shared_path):
            info = self.names[self._find(shared_path)]
            if info.file_size > max_shared_strings_bytes:
                raise BudgetExceeded("sharedStrings", info.file_size,
                                     max_shared_strings_bytes)
            self.shared = self._shared_strings(self._find(shared_path))

    # -- package structure ---------------------------------------------------------
    def _find(self, path: str) -> str | None:
        return self._lower.get(path.lstrip("/").lower())

    def _read(self, path: str) -> bytes:
        found = self._find(path)
        if found is None:
            raise KeyError(path)
        return self.archive.read(found)

    def _workbook_path(self) -> str:
        for target, kind in self._rels("").values():
            if kind.endswith("/officeDocument"):
                return target
        return "xl/workbook.xml"

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
        if self._find(rels_path) is None:
            return {}
        found: dict[str, tuple[str, str]] = {}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if _local(tag) == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                if target.startswith("/"):
                    path = target.lstrip("/")
                else:
                    path = posixpath.normpath(posixpath.join(folder, target))
                found[attrs.get("Id", "")] = (path, attrs.get("Type", ""))

        _parse_all(self._read(rels_path), start)
        return found

    def _read_sheet_list(self, workbook_path: str, rels: dict) -> None:
        def start(tag: str, attrs: dict[str, str]) -> None:
            if _local(tag) == "workbookPr":
                # Old Mac workbooks count days from 1904, not 1900.
                if attrs.get("date1904", "").lower() in ("1", "true"):
                    self.epoch = MAC_EPOCH
                return
            if _local(tag) != "sheet":
                return
            rel_id = attrs.get("r:id") or next(
                (v for k, v in attrs.items() if _local(k) == "id"), "")
            target = rels.get(rel_id)
            if target and self._find(target[0]):
                self.sheets.append((attrs.get("name", ""), self._find(target[0])))
                if attrs.get("state") in ("hidden", "veryHidden"):
                    self.hidden.add(attrs.get("name", ""))

        _parse_all(self._read(workbook_path), start)

    def _date_styles(self, path: str) -> set[int]:
        if self._find(path) is None:
            return set()
        custom: dict[int, str] = {}
        formats: list[int] = []
        depth = {"cellXfs": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            name = _local(tag)
            if name == "numFmt":
                custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
            elif name == "cellXfs":
                depth["cellXfs"] = True
            elif name == "xf" and depth["cellXfs"]:
                formats.append(int(attrs.get("numFmtId", "0") or 0))

        def end(tag: str) -> None:
            if _local(tag) == "cellXfs":
                depth["cellXfs"] = False

        _parse_all(self._read(path), start, end)
        dates = set()
        for index, number in enumerate(formats):
            code = custom.get(number) or BUILTIN_FORMATS.get(number, "")
            if code and is_date_format(code):
                dates.add(index)
        return dates

    def _shared_strings(self, path: str) -> list[str]:
        strings: list[str] = []
        state = {"in_si": False, "in_t": False, "in_rph": False}
        parts: list[str] = []
        limit = self.max_cell_chars
        size = [0]

        def start(tag: str, attrs: dict[str, str]) -> None:
            name = _local(tag)
            if name == "si":
                state["in_si"] = True
                parts.clear()
                size[0] = 0
            elif name == "t":
                state["in_t"] = True
            elif name == "rPh":  # phonetic hints are not the cell's text
                state["in_rph"] = True

        def end(tag: str) -> None:
            name = _local(tag)
            if name == "si":
                strings.append("".join(parts))
                state["in_si"] = False
            elif name == "t":
                state["in_t"] = False
            elif name == "rPh":
                state["in_rph"] = False

        def text(data: str) -> None:
            if state["in_t"] and not state["in_rph"]:
                size[0] += len(data)
                if size[0] > limit:
                    # The row is unknown until a cell uses it: report the table.
                    raise CellTooLarge(0, 0, limit)
                parts.append(data)

        parser = _parser()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        with self.archive.open(path) as source:
            while chunk := source.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        return strings

    # -- merged cells ------------------------------------------------------------
    def merged_down(self, path: str, max_row_elements: int) -> list[tuple[int, int, int]]:
        """(first row, last row, column) of each range merged over several rows.

        <mergeCells> follows <sheetData>, so the rows are skipped here in a
        first pass that holds one chunk at a time and only counts them: past
        `max_row_elements` rows the sheet is over the row cap anyway and is
        refused by the row pass, so the scan stops (no merges)."""
        key = (path, max_row_elements)
        if key not in self._merged:
            with self.archive.open(path) as source:
                self._merged[key] = scan_merged_down(source, max_row_elements)
        return self._merged[key]

    # -- rows ----------------------------------------------------------------------
    def rows(self, path: str, width: int,
             max_row_elements: int | None = None) -> Iterator[tuple[int, list, set[int]]]:
        """(row number, values cut to `width` columns, formula column indexes).

        The sheet XML is cut into complete <row> elements with compiled regular
        expressions (C speed, several times faster than an XML parser calling
        Python per element); text is unescaped like XML does. A DOCTYPE is
        refused, and a row that does not close within the cell-size limit is
        refused before it is buffered further.
        """
        merged = (self.merged_down(path, max_row_elements)
                  if max_row_elements is not None else [])
        reader = _RowCutter(self, width, merged)
        with self.archive.open(path) as source:
            head = True
            while chunk := source.read(CHUNK * 16):
                if head:
                    if b"<!DOCTYPE" in chunk[:4096] or b"<!ENTITY" in chunk[:4096]:
                        raise UnsafeXml("DOCTYPE in a sheet")
                    head = False
                yield from reader.feed(chunk)
            yield from reader.feed(b"", final=True)


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
