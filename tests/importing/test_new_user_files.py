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


PLAYAUTO_HEADER = ["묶음번호", "주문고유번호", "쇼핑몰", "쇼핑몰 주문번호", "주문상태",
                   "결제완료일", "주문수량", "SKU코드"]


def test_playauto_line_key_ignores_the_case_and_padding_of_its_sku_code(
        tmp_path, parse):
    # Day 1 has the SKU코드 typed lower-case with spaces, day 2 as in the
    # catalogue: the same line (주문고유번호 U1), so the same key, or day 2's
    # cancellation would not reverse day 1's sale and U2 would count twice.
    day1 = [PLAYAUTO_HEADER,
            ["B1", "U1", "쿠팡", "O1", "출고완료", "2026-12-02 10:00", 2, " ss-tee-bk-m "],
            ["B2", "U2", "쿠팡", "O2", "출고완료", "2026-12-02 10:00", 1, "SS-SOCK-3P"]]
    day2 = [PLAYAUTO_HEADER,
            ["B1", "U1", "쿠팡", "O1", "취소완료", "2026-12-02 10:00", 0, "SS-TEE-BK-M"],
            ["B2", "U2", "쿠팡", "O2", "출고완료", "2026-12-02 10:00", 1, "ss-sock-3p"]]
    first = parse(write_xlsx(tmp_path / "pa1.xlsx", day1), today=TODAY)
    second = parse(write_xlsx(tmp_path / "pa2.xlsx", day2), today=TODAY)

    assert first.ok and second.ok, (first.problems, second.problems)
    assert [r.external_ref for r in first.rows] == ["U1:SS-TEE-BK-M", "U2:SS-SOCK-3P"]
    assert [r.external_ref for r in second.cancelled_lines] == ["U1:SS-TEE-BK-M"]
    assert [r.external_ref for r in second.rows] == ["U2:SS-SOCK-3P"]


def test_generic_order_line_key_ignores_the_case_of_its_product_code(tmp_path, parse):
    # A file with an order number and a SKU but no line number: order + SKU.
    header = ["주문번호", "일자", "SKU", "수량"]
    first = parse(write_csv(tmp_path / "a.csv", [
        header, ["A-1", "2026-12-02", "ss-tee-bk-m", 1]]), today=TODAY)
    second = parse(write_csv(tmp_path / "b.csv", [
        header, ["A-1", "2026-12-02", "SS-TEE-BK-M", 1]]), today=TODAY)

    assert [r.external_ref for r in first.rows] == ["A-1:SS-TEE-BK-M"]
    assert [r.external_ref for r in second.rows] == ["A-1:SS-TEE-BK-M"]


def test_invisible_characters_pasted_from_a_web_page_are_ignored(tmp_path, parse):
    # Copied from a channel's admin page, cells carry a zero-width space, a
    # byte-order mark, a word joiner or a direction mark that no one can see:
    # "PASTA-1​ matches no product" would name a code that looks right.
    rows = [["일자", "SKU", "출고", "주문번호"],
            ["2026-12-01", "SS-TEE-BK-M\u200b", 1, "A-1"],
            ["2026-12-01", "\ufeffSS-TEE-WH-L", "\u200b2", "A-2\u2060"],
            ["2026-12-01\u200b", "\u200eSS-SOCK-3P", "3\u00ad", "A-3"]]
    upload = parse(write_xlsx(tmp_path / "pasted.xlsx", rows), today=TODAY)

    assert upload.ok, [(p.row, p.column, p.code) for p in upload.problems]
    assert [(r.sku, r.quantity, r.date) for r in upload.rows] == [
        ("SS-TEE-BK-M", 1, dt.date(2026, 12, 1)),
        ("SS-TEE-WH-L", 2, dt.date(2026, 12, 1)),
        ("SS-SOCK-3P", 3, dt.date(2026, 12, 1))]
    assert [r.external_ref for r in upload.rows] == [
        "A-1:SS-TEE-BK-M", "A-2:SS-TEE-WH-L", "A-3:SS-SOCK-3P"]


def test_invisible_characters_in_a_header_do_not_hide_the_column(tmp_path, parse):
    rows = [["\ufeff일자", "SKU\u200b", "수량"], ["2026-12-01", "SS-TEE-BK-M", 1]]
    upload = parse(write_csv(tmp_path / "h.csv", rows, encoding="utf-8"), today=TODAY)

    assert upload.ok, upload.problems
    assert {"date", "sku", "quantity"} <= set(upload.mapping.columns)
