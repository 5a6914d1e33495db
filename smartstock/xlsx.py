"""The one .xlsx writer of the app: every spreadsheet SmartStock produces.

Each sheet is a `Sheet`: optional title lines, a bold header row, data rows.
The writer gives every sheet the same treatment: every cell through the export
sanitiser (smartstock.exports), dates formatted yyyy-mm-dd, column widths that
fit the text (Korean characters count double), the panes frozen below the
header, and an optional print set-up (A4, fit to width). openpyxl is imported
inside `workbook_bytes` so the web process does not load it at start, and the
workbook is written in write-only mode so 20,000 rows stay small in memory.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from smartstock.exports import sanitize_cell

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60
MIN_WIDTH = 8
WIDTH_SAMPLE_ROWS = 2000
DATE_FORMAT = "yyyy-mm-dd"
WON_FORMAT = '"₩"#,##0'


@dataclass
class Sheet:
    """One worksheet to write.

    `widths` maps a 0-based column index to a width (others are fitted);
    `number_formats` maps a column index to an Excel number format;
    `locked_columns`, with `protect`, greys and locks those columns (the rest
    stay editable); `customize(sheet, header_row, last_row)` adds what only one
    sheet needs (data validations); `print_fit_width` sets A4, fit to width.
    """

    title: str
    headers: Sequence[Any] = ()
    rows: Iterable[Sequence[Any]] = ()
    preamble: Sequence[Sequence[Any]] = ()
    footer: Sequence[Sequence[Any]] = ()
    widths: Mapping[int, float] = field(default_factory=dict)
    number_formats: Mapping[int, str] = field(default_factory=dict)
    freeze_columns: int = 0
    locked_columns: frozenset[int] = frozenset()
    protect: bool = False
    print_fit_width: bool = False
    landscape: bool = False
    hidden: bool = False
    customize: Callable[[Any, int, int], None] | None = None


def display_width(value: Any) -> int:
    """Excel column units of a value's text: wide (Korean) characters take two."""
    if isinstance(value, dt.date):
        return 10
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Every sheet written into one workbook; its .xlsx bytes."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    for spec in sheets:
        _write_sheet(workbook, spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook, spec: Sheet) -> None:
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(_sheet_title(spec.title))
    if spec.hidden:
        sheet.sheet_state = "hidden"
    rows = [list(row) for row in spec.rows]
    header_row = len(spec.preamble) + (1 if spec.headers else 0)
    _set_widths(sheet, spec, rows, get_column_letter)
    if spec.headers:
        sheet.freeze_panes = (
            f"{get_column_letter(spec.freeze_columns + 1)}{header_row + 1}")
    if spec.print_fit_width:
        _print_setup(sheet, spec, header_row)
    if spec.customize is not None:
        spec.customize(sheet, header_row, header_row + len(rows))
    if spec.protect:
        sheet.protection.sheet = True
        sheet.protection.autoFilter = False
        sheet.protection.formatColumns = False
    styles = _Styles()
    for line in spec.preamble:
        sheet.append([_cell(sheet, value, styles, bold=index == 0)
                      for index, value in enumerate(line)])
    if spec.headers:
        sheet.append([_cell(sheet, value, styles, header=True)
                      for value in spec.headers])
    for row in rows:
        sheet.append([_data_cell(sheet, spec, index, value, styles)
                      for index, value in enumerate(row)])
    for line in spec.footer:
        sheet.append([_cell(sheet, value, styles, bold=True,
                            number_format=spec.number_formats.get(index))
                      for index, value in enumerate(line)])


def _sheet_title(title: str) -> str:
    """Excel's limits: 31 characters, none of []:*?/\\."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in str(title))
    return cleaned[:31] or "Sheet"


def _set_widths(sheet, spec: Sheet, rows: list[list], letter) -> None:
    count = max([len(spec.headers), *(len(row) for row in rows[:1])], default=0)
    for index in range(count):
        width = spec.widths.get(index)
        if width is None:
            texts = [spec.headers[index] if index < len(spec.headers) else ""]
            texts += [row[index] for row in rows[:WIDTH_SAMPLE_ROWS]
                      if index < len(row)]
            width = min(max(max(map(display_width, texts)) + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[letter(index + 1)].width = width


def _print_setup(sheet, spec: Sheet, header_row: int) -> None:
    """A4, fit to one page wide, the header repeated on every printed page."""
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.orientation = "landscape" if spec.landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    if spec.headers:
        sheet.print_title_rows = f"{header_row}:{header_row}"


class _Styles:
    """openpyxl style objects, built once per sheet."""

    def __init__(self) -> None:
        from openpyxl.styles import Font, PatternFill, Protection

        self.bold = Font(bold=True)
        self.grey = PatternFill("solid", start_color="FFE9ECEF")
        self.unlocked = Protection(locked=False)


def _cell(sheet, value: Any, styles: _Styles, *, header: bool = False,
          bold: bool = False, number_format: str | None = None):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=sanitize_cell(value))
    if header or bold:
        cell.font = styles.bold
    if header:
        cell.fill = styles.grey
    if number_format and isinstance(value, int | float):
        cell.number_format = number_format
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def _data_cell(sheet, spec: Sheet, index: int, value: Any, styles: _Styles):
    cell = _cell(sheet, value, styles, number_format=spec.number_formats.get(index))
    if spec.protect:
        if index in spec.locked_columns:
            cell.fill = styles.grey
        else:
            cell.protection = styles.unlocked
    return cell


def xlsx_response(content: bytes, filename: str):
    """An HTTP download of .xlsx bytes."""
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
