"""Files a new user built by hand (not the fixtures): each test is a defect the
walk-through found in the "data in" path."""
from __future__ import annotations

import datetime as dt

from inventory.importing import OUTBOUND, TEMPLATE_COLUMNS, template_headers

from .builders import write_csv, write_xlsx

TODAY = dt.date(2026, 12, 5)


def test_total_row_labelled_in_the_row_number_column_is_skipped(tmp_path, parse):
    # Coupang's first column is 번호 (never mapped); a seller's sum row puts
    # 합계 there and the sums under 결제액 and 구매수(수량).
    rows = [
        ["번호", "묶음배송번호", "주문번호", "주문일", "등록옵션명", "옵션ID", "업체상품코드",
         "결제액", "구매수(수량)"],
        [1, "610000000201", "23000000000501", "2026-12-01 13:45:00", "블랙 M",
         "85000000201", "SS-TEE-BK-M", "25,800", 2],
        [2, "610000000202", "23000000000502", "2026-12-01 14:00:00", "양말",
         "85000000202", "SS-SOCK-3P", "7,900", 1],
        [],
        ["합계", None, None, None, None, None, None, "33,700", 3],
    ]
    upload = parse(write_xlsx(tmp_path / "DeliveryList.xlsx", rows), today=TODAY)

    assert upload.format == "coupang"
    assert upload.ok, [(p.row, p.column, p.code) for p in upload.problems]
    assert [(r.sku, r.quantity) for r in upload.rows] == [
        ("SS-TEE-BK-M", 2), ("SS-SOCK-3P", 1)]
    assert [(s.row, s.reason) for s in upload.skipped] == [(5, "total_row")]


def test_total_row_labelled_in_the_line_number_column_is_skipped(tmp_path, parse):
    # Sabangnet: 합계 under 주문번호(사방넷), the order-line column.
    rows = [
        ["주문번호(사방넷)", "주문번호(쇼핑몰)", "쇼핑몰명", "주문일시(YYYY-MM-DD HH:MM)",
         "자체상품코드", "수량", "EA(확정)", "주문상태"],
        [900001, "2026120298765401", "쿠팡", "2026-12-01 13:45", "SS-TEE-BK-M", 2, 2,
         "출고완료"],
        ["합계", None, None, None, None, 2, 2, None],
    ]
    upload = parse(write_xlsx(tmp_path / "sabangnet.xlsx", rows), today=TODAY)

    assert upload.format == "sabangnet"
    assert upload.ok, [(p.row, p.column, p.code) for p in upload.problems]
    assert [(r.sku, r.quantity, r.kind) for r in upload.rows] == [
        ("SS-TEE-BK-M", 2, OUTBOUND)]
    assert upload.skipped_counts["total_row"] == 1


def test_a_product_named_like_a_total_in_a_later_column_is_still_a_row(
        tmp_path, parse):
    # Only the row's first filled cell can label a total row.
    rows = [["일자", "SKU", "비고", "수량"],
            ["2026-12-01", "SS-TEE-BK-M", "합계", 2]]
    upload = parse(write_csv(tmp_path / "memo.csv", rows), today=TODAY)

    assert upload.ok, upload.problems
    assert [(r.sku, r.quantity) for r in upload.rows] == [("SS-TEE-BK-M", 2)]


def _template_rows(*filled: dict[str, object]) -> list[list[object]]:
    """Our template's header and one row per product (SKU + date), with the
    cells of `filled` set (by field name), the rest left blank as users do."""
    header = template_headers()
    fields = [name for name, _header in TEMPLATE_COLUMNS]
    skus = ["SS-TEE-BK-M", "SS-TEE-WH-L", "SS-SOCK-3P"] * 10
    rows = []
    for index, sku in enumerate(skus):
        row = dict.fromkeys(fields)
        row.update(sku=sku, date="2026-12-04")
        if index < len(filled):
            row.update(filled[index])
        rows.append([row[name] for name in fields])
    return [header, *rows]


def test_a_typo_in_a_sparse_template_column_is_reported_not_dropped(tmp_path, parse):
    # The only inbound and amount cells filled are typos: the columns are still
    # the template's inbound and amount, so each typo is an error with its cell.
    rows = _template_rows({"inbound": "열개"}, {"outbound": 1, "amount": "만원"},
                          {"outbound": 2})
    upload = parse(write_xlsx(tmp_path / "template.xlsx", rows), today=TODAY)

    assert upload.format == "template"
    assert {"inbound", "amount"} <= set(upload.mapping.columns)
    assert [(p.row, p.column, p.code) for p in upload.errors] == [
        (2, "입고 (Inbound)", "quantity_not_number"),
        (3, "판매금액 (Amount)", "amount_not_number")]
    assert not upload.ok


def test_one_text_cell_under_an_exact_quantity_header_is_an_error(tmp_path, parse):
    # A hand-made sheet: 입고 is mostly blank and one cell says "열개".
    rows = [["일자", "SKU", "입고", "출고"],
            ["2026-12-01", "SS-TEE-BK-M", "열개", None],
            ["2026-12-01", "SS-TEE-WH-L", None, 3],
            ["2026-12-01", "SS-SOCK-3P", None, 1]]
    upload = parse(write_xlsx(tmp_path / "inout.xlsx", rows), today=TODAY)

    assert upload.mapping.get("inbound").header == "입고"
    assert [(p.row, p.column, p.code) for p in upload.errors] == [
        (2, "입고", "quantity_not_number")]
