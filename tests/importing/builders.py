"""File builders for the upload-pipeline tests (xlsx, CSV, forged zips)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl

Rows = Sequence[Sequence[object]]


def write_xlsx(
    path: Path, rows: Rows, *, title: str = "Sheet1",
    more_sheets: dict[str, Rows] | None = None,
) -> Path:
    """An .xlsx with `rows` on the first sheet (and optional other sheets)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for name, other in (more_sheets or {}).items():
        extra = workbook.create_sheet(name)
        for row in other:
            extra.append(list(row))
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Rows, *, encoding: str = "utf-8-sig") -> Path:
    """A CSV of `rows` in `encoding` (quotes cells that contain commas)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def rewrite_zip_entry(path: Path, name: str, change: Callable[[bytes], bytes]) -> None:
    """Replace one entry of an xlsx (to forge hostile or odd workbooks)."""
    with zipfile.ZipFile(path) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    entries[name] = change(entries[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry, data in entries.items():
            target.writestr(entry, data)


SIMPLE_HEADER = ["일자", "SKU", "수량"]


def simple_rows(*body: Sequence[object]) -> list[list[object]]:
    """A small generic sheet: date, SKU, quantity."""
    return [SIMPLE_HEADER, *[list(row) for row in body]]


DAY = dt.date(2025, 10, 1)
