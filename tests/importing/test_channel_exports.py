"""Real-shaped channel exports (CHANNEL_FORMATS §5) parse into the right movements."""
from __future__ import annotations

import datetime as dt

import openpyxl

from inventory.importing import INBOUND, OUTBOUND, STOCK_COUNT, template_headers

from . import samples
from .builders import write_csv, write_xlsx

OCT1, OCT2, OCT3 = dt.date(2025, 10, 1), dt.date(2025, 10, 2), dt.date(2025, 10, 3)


def _summary(upload):
    return [(r.row, r.sku, r.kind, r.quantity, r.date) for r in upload.rows]


def test_coupang_delivery_list_maps_codes_and_option_id_listing(tmp_path, parse):
    rows = samples.typed(samples.rows_of(samples.COUPANG),
                         {"구매수(수량)", "결제액", "옵션ID", "번호"})
    path = write_xlsx(tmp_path / "DeliveryList(2025-10-02).xlsx", rows,
                      title="Delivery")

    upload = parse(path)

    assert upload.format == "coupang" and upload.ok, upload.problems
    assert upload.header_row == 1
    assert _summary(upload) == [
        (2, "SS-TEE-BK-M", OUTBOUND, 1, OCT1),
        (3, "SS-TEE-WH-L", OUTBOUND, 2, OCT1),
        (4, "SET-GIFT-A", OUTBOUND, 1, OCT1),  # set: the ledger explodes it later
        (5, "SS-SOCK-3P", OUTBOUND, 1, OCT2),  # no 업체상품코드: matched by 옵션ID
    ]
    assert upload.rows[3].matched_by == "listing"
    assert {r.channel for r in upload.rows} == {"쿠팡"}
    # Rows 2-3 share an order (and a box) but are two lines, not duplicates.
    # The canonical key the Coupang API gives too: shipmentBoxId:vendorItemId.
    assert upload.rows[1].external_ref == "610000000124:85000000012"
    assert upload.rows[2].external_ref == "610000000124:85000000090"
    assert upload.mapping.get("date").header == "주문일"
    assert upload.date_range == (OCT1, OCT2)


def test_smartstore_with_notice_row_addon_cancel_and_serial_date(tmp_path, parse):
    header, *body = samples.typed(samples.rows_of(samples.SMARTSTORE), {"수량"})
    # A fourth, paid line whose 결제일 is a raw Excel serial (KST wall clock).
    extra = list(body[0])
    extra[0], extra[1], extra[8] = "2025100312345604", "2025100398765403", 45933.95
    rows = [[samples.SMARTSTORE_NOTICE], header, *body, extra]
    path = write_xlsx(tmp_path / "스마트스토어_전체주문발주발송관리.xlsx", rows,
                      title="발주발송관리")
    workbook = openpyxl.load_workbook(path)
    workbook.active.merge_cells("A1:W1")  # the notice is one merged cell
    workbook.save(path)

    upload = parse(path)

    assert upload.format == "smartstore" and upload.ok, upload.problems
    assert upload.header_row == 2
    assert samples.SMARTSTORE_NOTICE not in upload.mapping.as_headers().values()
    assert _summary(upload) == [
        (3, "SS-TEE-BK-M", OUTBOUND, 2, OCT1),
        (4, "SS-SOCK-3P", OUTBOUND, 1, OCT1),  # add-on line is its own row
        (6, "SS-TEE-BK-M", OUTBOUND, 2, OCT3),  # serial 45933.95 = 2025-10-03 22:48
    ]
    assert upload.skipped_counts == {"cancelled": 1}
    assert [(s.row, s.reason) for s in upload.skipped] == [(5, "cancelled")]
    assert upload.rows[0].external_ref == "2025100112345601"
    assert upload.rows[0].channel == "스마트스토어"
    # The shipping fee repeated on both bundle rows is not imported at all.
    assert "배송비 합계" not in upload.mapping.as_headers().values()


def test_cafe24_csv_in_utf8_bom_and_cp949_give_the_same_rows(tmp_path, parse):
    rows = samples.rows_of(samples.CAFE24)
    utf8 = parse(write_csv(tmp_path / "cafe24_utf8.csv", rows, encoding="utf-8-sig"))
    cp949 = parse(write_csv(tmp_path / "cafe24_cp949.csv", rows, encoding="cp949"))

    assert (utf8.encoding, cp949.encoding) == ("utf-8-sig", "cp949")
    for upload in (utf8, cp949):
        assert upload.format == "cafe24" and upload.ok, upload.problems
        assert _summary(upload) == [
            (2, "SS-TEE-BK-M", OUTBOUND, 1, OCT1),
            (3, "SET-GIFT-A", OUTBOUND, 1, OCT1),
        ]
        assert upload.skipped_counts == {"cancelled": 1}
        assert upload.mapping.get("date").header == "결제일시(입금확인일)"
        assert upload.rows[0].channel == "카페24"
        assert upload.rows[0].option == "색상=블랙, 사이즈=M"


def test_cafe24_plain_utf8_without_bom_is_detected(tmp_path, parse):
    path = write_csv(tmp_path / "c.csv", samples.rows_of(samples.CAFE24),
                     encoding="utf-8")
    assert parse(path).encoding == "utf-8"


def test_playauto_orders_keep_presplit_sku_lines_and_skip_cancelled(tmp_path, parse):
    orders = samples.typed(samples.rows_of(samples.PLAYAUTO), {"주문수량", "금액"})
    stats = samples.typed(samples.rows_of(samples.PLAYAUTO_STATS), {"SKU 총 출고수량"})
    path = write_xlsx(tmp_path / "playauto.xlsx", orders, title="주문",
                      more_sheets={"SKU별 쇼핑몰 판매 리스트": stats})

    upload = parse(path)

    assert upload.format == "playauto" and upload.sheet == "주문" and upload.ok
    assert _summary(upload) == [
        (2, "SS-TEE-BK-M", OUTBOUND, 2, OCT1),
        (3, "SS-TEE-BK-M", OUTBOUND, 1, OCT1),
        (4, "SS-SOCK-3P", OUTBOUND, 2, OCT1),
    ]
    assert [r.channel for r in upload.rows] == ["스마트스토어", "쿠팡", "쿠팡"]
    assert upload.rows[0].matched_by == "playauto_sku"
    assert upload.skipped_counts == {"cancelled": 1}
    assert upload.mapping.get("date").header == "결제완료일"


def test_playauto_stats_sheet_by_name_uses_the_default_date(tmp_path, parse):
    orders = samples.rows_of(samples.PLAYAUTO)
    stats = samples.typed(samples.rows_of(samples.PLAYAUTO_STATS), {"SKU 총 출고수량"})
    path = write_xlsx(tmp_path / "playauto.xlsx", orders, title="주문",
                      more_sheets={"SKU별 쇼핑몰 판매 리스트": stats})

    upload = parse(path, sheet_name="SKU별 쇼핑몰 판매 리스트", default_date=OCT2)

    assert upload.ok, upload.problems
    assert [(r.sku, r.kind, r.quantity, r.date, r.channel) for r in upload.rows] == [
        ("SS-TEE-BK-M", OUTBOUND, 2, OCT2, "스마트스토어"),
        ("SS-TEE-BK-M", OUTBOUND, 1, OCT2, "쿠팡"),
        ("SS-SOCK-3P", OUTBOUND, 2, OCT2, "쿠팡"),
    ]


def test_sabangnet_set_split_counts_the_set_line_only(tmp_path, parse):
    rows = samples.typed(samples.rows_of(samples.SABANGNET), {"수량", "EA(확정)"})
    path = write_xlsx(tmp_path / "sabangnet.xlsx", rows)

    upload = parse(path)

    assert upload.format == "sabangnet" and upload.ok, upload.problems
    assert _summary(upload) == [
        (2, "SS-TEE-BK-M", OUTBOUND, 2, OCT1),
        (3, "SET-GIFT-A", OUTBOUND, 1, OCT1),
    ]
    assert upload.skipped_counts == {"set_component": 2}
    assert upload.mapping.get("quantity").header == "EA(확정)"
    assert upload.mapping.get("order_line_id").header == "주문번호(사방넷)"
    assert upload.mapping.get("date").header == "주문일시(YYYY-MM-DD HH:MM)"


def test_sabangnet_components_count_when_their_set_line_is_absent(tmp_path, parse):
    header, *body = samples.rows_of(samples.SABANGNET)
    path = write_xlsx(tmp_path / "sabangnet.xlsx", [header, body[2], body[3]])

    upload = parse(path)

    assert [(r.sku, r.quantity) for r in upload.rows] == [
        ("SS-TEE-BK-M", 1), ("SS-SOCK-3P", 2),
    ]


def test_template_skips_prefilled_rows_without_quantities(tmp_path, parse):
    blank = [None] * 7
    rows = [
        template_headers(),
        ["SS-TEE-BK-M", "반팔티", "블랙 M", dt.datetime(2025, 10, 1, 9), 50, None,
         None, *blank[:4]],
        ["SS-TEE-WH-L", "반팔티", "화이트 L", None, None, None, None, *blank[:4]],
        ["SS-SOCK-3P", "양말", "3켤레", None, None, 3, 40, "쿠팡", "L-1",
         "2026-03-31", "재고조사"],
        ["SET-GIFT-A", "기프트 세트", None, None, None, None, None, *blank[:4]],
    ]
    path = write_xlsx(tmp_path / "smartstock_template.xlsx", rows)

    upload = parse(path, default_date=OCT2)

    assert upload.format == "template" and upload.ok, upload.problems
    assert [(r.row, r.sku, r.kind, r.quantity, r.date) for r in upload.rows] == [
        (2, "SS-TEE-BK-M", INBOUND, 50, OCT1),
        (4, "SS-SOCK-3P", OUTBOUND, 3, OCT2),
        (4, "SS-SOCK-3P", STOCK_COUNT, 40, OCT2),
    ]
    assert upload.skipped_counts == {"no_quantity": 2}
    assert upload.skipped == []  # silent: the template lists every product
    outbound = upload.rows[1]
    assert (outbound.channel, outbound.lot, outbound.note) == ("쿠팡", "L-1", "재고조사")
    assert outbound.expiry == dt.date(2026, 3, 31)
    assert upload.totals[3].outbound == 3 and upload.totals[3].stock_count == 40
    assert [w.code for w in upload.warnings] == ["count_with_movement"]


def test_messy_inventory_sheet_mixes_date_formats_and_box_units(tmp_path, parse):
    rows = samples.typed(samples.rows_of(samples.MESSY), {"입고", "출고", "현재고"})
    path = write_xlsx(tmp_path / "재고.xlsx", rows)

    upload = parse(path)

    assert upload.format == "generic" and upload.ok, upload.problems
    assert [(r.row, r.sku, r.kind, r.quantity, r.date, r.channel)
            for r in upload.rows] == [
        (2, "SS-TEE-BK-M", INBOUND, 100, OCT1, ""),
        (2, "SS-TEE-BK-M", STOCK_COUNT, 100, OCT1, ""),
        (3, "SS-SOCK-3P", INBOUND, 20, OCT2, ""),  # 2 BOX x 10 per box
        (4, "SS-TEE-WH-L", OUTBOUND, 12, OCT3, "스마트스토어"),
        (4, "SS-TEE-WH-L", STOCK_COUNT, 88, OCT3, ""),
    ]
    assert upload.totals[3].inbound == 20


def test_cafe24_unpaid_order_is_skipped_not_an_error(tmp_path, parse):
    # A 무통장입금 order awaiting deposit: status 입금전, no payment date yet. It
    # is not a sale yet (channel sync treats it as pending too), so it is left
    # out with a reason instead of blocking the whole export.
    rows = samples.rows_of(samples.CAFE24)
    header = rows[0]
    unpaid = dict(zip(header, rows[1], strict=True))
    unpaid.update({"주문번호": "20251003-0000140", "품목별 주문번호": "20251003-0000140-01",
                   "결제일시(입금확인일)": "", "주문 상태": "입금전"})
    path = write_csv(tmp_path / "cafe24.csv", [*rows, list(unpaid.values())])

    upload = parse(path)

    assert upload.ok, upload.problems
    assert _summary(upload) == [
        (2, "SS-TEE-BK-M", OUTBOUND, 1, OCT1),
        (3, "SET-GIFT-A", OUTBOUND, 1, OCT1),
    ]
    assert upload.skipped_counts == {"cancelled": 1, "unpaid": 1}
    assert [(s.row, s.reason) for s in upload.skipped][-1] == (5, "unpaid")
    assert not upload.cancelled_lines or all(
        line.row != 5 for line in upload.cancelled_lines)


def test_blank_payment_date_stays_an_error_outside_channel_exports(tmp_path, parse):
    path = write_csv(tmp_path / "sheet.csv", [["결제일", "SKU", "수량"],
                                              ["", "SS-TEE-BK-M", 1]])

    upload = parse(path)

    assert [p.code for p in upload.errors] == ["date_blank"]
