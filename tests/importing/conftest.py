"""Helpers for the upload-pipeline tests: a small catalogue and file writers."""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest

from inventory.importing import (
    CatalogListing,
    CatalogProduct,
    CatalogResolver,
    ParsedUpload,
    ParseOptions,
    parse_upload,
)

Rows = Sequence[Sequence[object]]


@pytest.fixture
def resolver() -> CatalogResolver:
    """The master SKUs of CHANNEL_FORMATS §5; PlayAuto SKU = master SKU."""
    products = [
        CatalogProduct(1, "SS-TEE-BK-M", "반팔티 블랙 M", "SS-TEE-BK-M"),
        CatalogProduct(2, "SS-TEE-WH-L", "반팔티 화이트 L", "SS-TEE-WH-L"),
        CatalogProduct(3, "SS-SOCK-3P", "양말 3켤레", "SS-SOCK-3P", units_per_box=10),
        CatalogProduct(4, "SET-GIFT-A", "기프트 세트 A"),
    ]
    listings = [CatalogListing("쿠팡", "85000000051", 3)]
    return CatalogResolver(products, listings)


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


@pytest.fixture
def parse(resolver: CatalogResolver) -> Callable[..., ParsedUpload]:
    """parse(path, **options) with the test catalogue."""

    def run(path: Path, **options: object) -> ParsedUpload:
        return parse_upload(path, path.name, resolver, ParseOptions(**options))

    return run


SIMPLE_HEADER = ["일자", "SKU", "수량"]


def simple_rows(*body: Sequence[object]) -> list[list[object]]:
    """A small generic sheet: date, SKU, quantity."""
    return [SIMPLE_HEADER, *[list(row) for row in body]]


DAY = dt.date(2025, 10, 1)
