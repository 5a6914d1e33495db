"""The workbook's package structure: sheets and their order, hidden sheets, the
date system, date-formatted styles, the shared strings, merged ranges, and the
sheets' rows (cut by `cells`)."""
from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

from ..xlsx_merges import CHUNK, scan_merged_down
from .cells import _RowCutter
from .safe_xml import (
    BudgetExceeded,
    CellTooLarge,
    UnsafeXml,
    _local,
    _parse_all,
    _parser,
)


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
