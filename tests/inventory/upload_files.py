"""Builders of upload files (bytes) for the upload tests."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

import openpyxl

from inventory.importing import template_headers

DAY = dt.date(2026, 11, 2)
TEMPLATE = template_headers()  # 마스터 SKU, 상품명, 옵션, 일자, 입고, 출고, 재고 실사, ...


def xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    """An .xlsx whose first sheet holds `rows`."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def template_row(
    sku: str, *, inbound=None, outbound=None, stock=None, day: dt.date = DAY,
    channel: str = "", lot: str = "", expiry=None, note: str = "", amount=None,
) -> list[object]:
    """One row in the order of TEMPLATE (see inventory/importing/headers.py)."""
    return [sku, "", "", day, inbound, outbound, stock, channel, lot, expiry, note,
            amount]


def template_file(*rows: list[object]) -> bytes:
    return xlsx([TEMPLATE, *rows])
