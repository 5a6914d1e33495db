"""The amount paid per order line, read from each channel export's own column
(CHANNEL_FORMATS §1 and §5) and refused with its row and column when wrong."""
from __future__ import annotations

import pytest

from inventory.importing import OUTBOUND
from inventory.importing.headers import auto_mapping
from inventory.importing.values import MAX_AMOUNT, ValueProblem, parse_amount

from . import samples
from .builders import write_csv, write_xlsx


def _amounts(upload):
    return [(r.row, r.sku, r.quantity, r.amount) for r in upload.rows]


def test_coupang_reads_the_line_amount_from_결제액(tmp_path, parse):
    rows = samples.typed(samples.rows_of(samples.COUPANG),
                         {"구매수(수량)", "결제액", "옵션ID", "번호"})
    upload = parse(write_xlsx(tmp_path / "DeliveryList.xlsx", rows))
    assert upload.format == "coupang" and upload.ok, upload.problems
    assert upload.mapping.get("amount").header == "결제액"
    assert _amounts(upload) == [
        (2, "SS-TEE-BK-M", 1, 12900), (3, "SS-TEE-WH-L", 2, 25800),
        (4, "SET-GIFT-A", 1, 29900), (5, "SS-SOCK-3P", 1, 15800)]


def test_smartstore_reads_최종_상품별_총_주문금액_not_the_unit_price(tmp_path, parse):
    rows = samples.typed(samples.rows_of(samples.SMARTSTORE), {"수량"})
    upload = parse(write_xlsx(tmp_path / "스마트스토어.xlsx", rows))
    assert upload.format == "smartstore" and upload.ok, upload.problems
    assert upload.mapping.get("amount").header == "최종 상품별 총 주문금액"
    # 2 × 12,900 less the 1,000 discount; the cancelled line is no sale.
    assert _amounts(upload) == [(2, "SS-TEE-BK-M", 2, 24800),
                                (3, "SS-SOCK-3P", 1, 7900)]


def test_cafe24_prefers_품목별_결제금액_over_상품구매금액(tmp_path, parse):
    header, *body = samples.rows_of(samples.CAFE24)
    path = write_csv(tmp_path / "cafe24.csv", [header, *body])
    upload = parse(path)
    assert upload.format == "cafe24" and upload.ok, upload.problems
    assert upload.mapping.get("amount").header == "상품구매금액(KRW)"
    assert _amounts(upload) == [(2, "SS-TEE-BK-M", 1, 12900),
                                (3, "SET-GIFT-A", 1, 29900)]
    # With the paid column after discounts as well, that one is the amount.
    paid = [[*header, "품목별 결제금액"], *([*row, "11900"] for row in body)]
    upload = parse(write_csv(tmp_path / "cafe24_paid.csv", paid))
    assert upload.mapping.get("amount").header == "품목별 결제금액"
    assert {r.amount for r in upload.rows} == {11900}


def test_playauto_and_sabangnet_amounts_stay_on_the_line_that_carries_them(
        tmp_path, parse):
    rows = samples.typed(samples.rows_of(samples.PLAYAUTO), {"주문수량", "금액"})
    upload = parse(write_xlsx(tmp_path / "playauto.xlsx", rows))
    assert upload.format == "playauto" and upload.ok, upload.problems
    # The set is already exploded; the channel put its amount on the first line.
    assert _amounts(upload) == [(2, "SS-TEE-BK-M", 2, 24800),
                                (3, "SS-TEE-BK-M", 1, 29900),
                                (4, "SS-SOCK-3P", 2, 0)]

    rows = samples.typed(samples.rows_of(samples.SABANGNET),
                         {"수량", "EA(확정)", "결제금액"})
    upload = parse(write_xlsx(tmp_path / "sabangnet.xlsx", rows))
    assert upload.format == "sabangnet" and upload.ok, upload.problems
    # The set line (counted, exploded by our BOM) keeps the order's amount.
    assert _amounts(upload) == [(2, "SS-TEE-BK-M", 2, 24800),
                                (3, "SET-GIFT-A", 1, 29900)]


def test_an_order_total_is_never_read_as_a_line_amount():
    headers = ["주문번호", "상품코드", "수량", "총결제금액(KRW)", "쿠폰할인금액"]
    assert "amount" not in auto_mapping(headers, [["1", "A", 1, 50000, 1000]])


def test_invalid_amount_is_refused_with_its_row_and_column(tmp_path, parse):
    rows = samples.typed(samples.rows_of(samples.COUPANG),
                         {"구매수(수량)", "결제액", "옵션ID", "번호"})
    column = rows[0].index("결제액")
    rows[2][column] = -25800
    rows[3][column] = "이만구천구백"
    upload = parse(write_xlsx(tmp_path / "DeliveryList.xlsx", rows))
    assert not upload.ok
    errors = [(p.row, p.column, p.code) for p in upload.errors]
    assert (3, "결제액", "amount_negative") in errors
    assert (4, "결제액", "amount_not_number") in errors
    assert [r.row for r in upload.rows] == [2, 5]  # an upload with errors is
    # never applied (tests/inventory/test_sale_amounts.py)


@pytest.mark.parametrize(("value", "expected"), [
    (12900, 12900), (12900.0, 12900), ("12,900", 12900), ("12,900원", 12900),
    ("₩12,900", 12900), ("30000.00", 30000), ("", None), (None, None), (0, 0),
])
def test_amount_cells_in_the_shapes_channels_write(value, expected):
    assert parse_amount(value) == expected


@pytest.mark.parametrize(("value", "code"), [
    (-1, "amount_negative"), ("12900.5", "amount_not_whole"),
    (MAX_AMOUNT + 1, "amount_too_large"), ("abc", "amount_not_number"),
    ("1,2,3", "amount_not_number"), (float("nan"), "amount_not_number"),
])
def test_amount_cells_refused(value, code):
    with pytest.raises(ValueProblem) as problem:
        parse_amount(value)
    assert problem.value.message.code == code


def test_template_amount_goes_with_the_outbound_quantity(tmp_path, parse):
    from inventory.importing import template_headers

    headers = template_headers()
    row = dict.fromkeys(headers, None)
    row.update({"마스터 SKU (Master SKU)": "SS-TEE-BK-M", "일자 (Date)": "2025-10-01",
                "입고 (Inbound)": 5, "출고 (Outbound)": 2,
                "판매금액 (Amount)": "25,000"})
    upload = parse(write_xlsx(tmp_path / "template.xlsx",
                              [headers, [row[h] for h in headers]]))
    assert upload.format == "template" and upload.ok, upload.problems
    by_kind = {r.kind: r.amount for r in upload.rows}
    assert by_kind[OUTBOUND] == 25000 and by_kind["inbound"] is None
