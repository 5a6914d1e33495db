"""Older (2019) Coupang exports: 취소수량 nets the line, as channel sync's cancelCount.

CHANNEL_FORMATS §1 (older columns 취소여부, 취소수량, 환불대기수량) and §3
(cancellations). The files are the full DeliveryList layout of
bench/channel_exports.py with the older columns appended.
"""
from __future__ import annotations

import datetime as dt

import pytest

from bench import channel_exports as ce
from inventory.importing import (
    CatalogProduct,
    CatalogResolver,
    ParseOptions,
    parse_upload,
)

TODAY = dt.date(2026, 11, 30)
START = dt.datetime(2026, 11, 2, 9)
QUANTITY, AMOUNT, SKU = 22, 18, 16  # 구매수(수량), 결제액, 업체상품코드
OLDER_HEADER = [*ce.COUPANG_HEADER, "취소여부", "취소수량", "환불대기수량"]


def older_coupang(tmp_path, *lines: tuple[int, object, object], hold=None):
    """A DeliveryList with one line per (quantity, 취소수량, 취소여부)."""
    rows = ce.coupang_rows(len(lines), ["TEE-BK"], start=START)
    for index, (row, (quantity, cancelled, flag)) in enumerate(
            zip(rows, lines, strict=True)):
        row[1] = f"6190000000{index:02d}"  # 묶음배송번호: a box per line
        row[QUANTITY], row[AMOUNT] = quantity, 12900 * quantity
        row += [flag, cancelled, hold]
    path = tmp_path / "DeliveryList(2019).xlsx"
    path.write_bytes(ce._xlsx("Delivery", [OLDER_HEADER, *rows]))
    return path, rows


@pytest.fixture
def parse_older():
    resolver = CatalogResolver([CatalogProduct(1, "TEE-BK", "티")], [])

    def run(path):
        return parse_upload(path, path.name, resolver, ParseOptions(today=TODAY))

    return run


def test_cancelled_quantity_column_is_mapped_and_nets_the_line(tmp_path, parse_older):
    path, rows = older_coupang(tmp_path, (3, 1, None), (2, 0, ""), (1, None, None))
    upload = parse_older(path)
    assert upload.format == "coupang" and upload.ok, upload.problems
    assert upload.mapping.get("quantity").header == "구매수(수량)"
    assert upload.mapping.get("cancelled_quantity").header == "취소수량"
    # 환불대기수량 is a pending request, not a cancellation: never read.
    assert "환불대기수량" not in upload.mapping.as_headers().values()
    assert [(r.row, r.quantity) for r in upload.rows] == [(2, 2), (3, 2), (4, 1)]
    # The paid amount stays as the file states it; the line key is unchanged.
    assert [r.amount for r in upload.rows] == [12900 * 3, 12900 * 2, 12900]
    assert upload.rows[0].external_ref == f"{rows[0][1]}:{rows[0][14]}"
    assert upload.totals[1].outbound == 5


def test_a_pending_refund_quantity_is_not_subtracted(tmp_path, parse_older):
    path, _rows = older_coupang(tmp_path, (3, 0, None), hold=2)
    upload = parse_older(path)
    assert upload.ok and [r.quantity for r in upload.rows] == [3]


def test_everything_cancelled_is_a_cancelled_line(tmp_path, parse_older):
    path, rows = older_coupang(tmp_path, (3, 3, None), (2, 1, None))
    upload = parse_older(path)
    assert upload.ok, upload.problems
    assert [(r.row, r.quantity) for r in upload.rows] == [(3, 1)]
    # Like 취소여부 Y: skipped as cancelled, kept so a recorded line is reversed.
    assert [(r.row, r.quantity, r.cancelled) for r in upload.cancelled_lines] == [
        (2, 0, True)]
    assert upload.cancelled_lines[0].external_ref == f"{rows[0][1]}:{rows[0][14]}"
    assert upload.skipped_counts["cancelled"] == 1
    skipped = upload.skipped[0]
    assert (skipped.row, skipped.reason) == (2, "cancelled")
    assert skipped.params == {"column": "취소수량", "cancelled": 3, "quantity": 3}


def test_cancel_flag_and_cancelled_quantity_agree(tmp_path, parse_older):
    path, _rows = older_coupang(tmp_path, (2, 2, "Y"), (2, 0, "Y"))
    upload = parse_older(path)
    assert upload.rows == [] and len(upload.cancelled_lines) == 2


def test_more_cancelled_than_ordered_is_an_error_on_that_cell(tmp_path, parse_older):
    path, _rows = older_coupang(tmp_path, (1, 0, None), (2, 3, None))
    upload = parse_older(path)
    assert not upload.ok
    [error] = upload.errors
    assert (error.row, error.column, error.code) == (3, "취소수량", "cancelled_more_than_ordered")
    assert error.params == {"cancelled": 3, "quantity": 2, "quantity_column": "구매수(수량)"}
    assert error.text() == (
        "3 units are cancelled but the line has only 2 (구매수(수량)). Check the "
        "cancelled quantity.")


@pytest.mark.parametrize("value, code", [("하나", "quantity_not_number"),
                                         (-1, "quantity_negative"),
                                         (1.5, "quantity_not_whole")])
def test_a_bad_cancelled_quantity_is_an_error_on_that_cell(tmp_path, parse_older,
                                                           value, code):
    path, _rows = older_coupang(tmp_path, (2, value, None))
    upload = parse_older(path)
    assert [(e.row, e.column, e.code) for e in upload.errors] == [(2, "취소수량", code)]
    assert upload.rows == [] and upload.cancelled_lines == []

