"""Issue 11: files that differ from the fixtures the way real exports do.

Extra columns, other column orders, title rows, CP949, dates in other real
formats, full-column layouts (bench/channel_exports.py), accounting reports.
"""
from __future__ import annotations

import datetime as dt
import io
import resource
import time
import zipfile

import openpyxl
import pytest

from bench import channel_exports as ce
from inventory.importing import (
    INBOUND,
    OUTBOUND,
    CatalogListing,
    CatalogProduct,
    CatalogResolver,
    Limits,
    ParseOptions,
    UploadRefused,
    parse_upload,
)
from inventory.importing.headers import NUMERIC_FIELDS, auto_mapping, field_matches
from inventory.importing.rows import RowParser

from .builders import write_csv, write_xlsx

TODAY = dt.date(2026, 11, 30)

# Every header of every layout in CHANNEL_FORMATS.md §1 (and the older ones).
LAYOUT_HEADERS = sorted(set(ce.COUPANG_HEADER) | set(ce.SMARTSTORE_HEADER) | {
    "주문번호", "품목별 주문번호", "주문일시", "결제일시(입금확인일)", "주문 상태", "결제구분",
    "취소구분", "주문경로", "매출경로", "결제수단", "총주문금액(KRW)", "총배송비(KRW)",
    "주문자ID", "주문자명", "주문자 휴대전화", "수령인", "수령인 휴대전화", "수령인 우편번호",
    "수령인 주소", "수령인 주소(전체)", "배송메시지", "배송업체", "배송시작일", "실제 환불금액",
    "상품번호", "상품코드", "자체 상품코드", "상품품목코드", "자체 품목코드", "주문상품명",
    "상품옵션", "판매가", "옵션+판매가", "상품구매금액(KRW)", "품목별 결제금액", "묶음번호",
    "주문고유번호", "쇼핑몰 주문번호", "쇼핑몰", "쇼핑몰명", "계정", "결제완료일", "출고완료일",
    "온라인 상품명", "주문선택사항", "주문수량", "금액", "SKU코드", "SKU상품명",
    "SKU 총 출고수량", "판매자관리코드", "쇼핑몰(계정)", "쇼핑몰 상품번호", "옵션조합",
    "옵션 판매수량", "출고수량", "옵션 상태", "공급가", "원가", "시중가", "모델명", "판매수량",
    "실재고", "안전재고", "주문번호(사방넷)", "원주문번호(사방넷)", "주문번호(쇼핑몰)",
    "부주문번호", "주문순번", "EA(확정)", "EA(상품)", "주문일시(YYYY-MM-DD HH:MM)",
    "수집일시(YYYY-MM-DD HH:MM:SS)", "주문 확인일자", "출고 완료일자", "취소 완료일자",
    "반품 완료일자", "교환 완료일자", "송장등록일자(YYYY-MM-DD)", "세트분리주문구분",
    "수취인주소1", "수취인전화번호1", "취소여부", "취소수량", "환불대기수량",
    "실제 출고예정일", "발주서상태", "배송희망일", "입고지", "재고위치", "배송지", "출고지",
    "출고예정일", "통합배송지", "기본배송지", "상세배송지",
})
QUANTITY_HEADERS = {"구매수(수량)", "수량", "주문수량", "SKU 총 출고수량", "출고수량",
                    "판매수량", "EA(확정)", "실재고"}


def test_no_place_or_date_header_is_read_as_a_quantity():
    for header in LAYOUT_HEADERS:
        mapped = auto_mapping([header, "SKU", "일자"])
        numeric = {name for name in mapped.columns if name in NUMERIC_FIELDS
                   and mapped.columns[name].index == 0}
        if header in QUANTITY_HEADERS:
            assert numeric, header
        else:
            assert not numeric, (header, numeric)


@pytest.mark.parametrize("header", ["출고지", "입고지", "재고위치", "출고예정일",
                                    "실제 출고예정일", "배송지"])
def test_trap_headers_never_take_a_numeric_field(header):
    assert not [m for m in field_matches(header) if m[2] in NUMERIC_FIELDS
                and m[0] >= 2]
    mapped = auto_mapping(["일자", "SKU", header], [["2026-11-01", "A", "경기도 이천시 1"]])
    assert not set(mapped.columns) & NUMERIC_FIELDS


def test_exact_quantity_header_over_text_values_is_refused_for_addresses():
    mapped = auto_mapping(["일자", "SKU", "출고"],
                          [["2026-11-01", "A", "서울특별시 강남구 테스트로 1"]] * 3)
    assert "outbound" not in mapped.columns


def test_full_smartstore_export_as_downloaded(tmp_path, resolver):
    codes = ["SS-TEE-BK-M", "SS-TEE-WH-L", "SS-SOCK-3P"]
    rows = ce.smartstore_rows(12, codes, start=dt.datetime(2026, 11, 2, 9),
                              cancelled_every=5)
    path = tmp_path / "스마트스토어_전체주문발주발송관리_20261103.xlsx"
    path.write_bytes(ce.smartstore_xlsx(rows))
    upload = parse_upload(path, path.name, resolver, ParseOptions(today=TODAY))
    assert upload.format == "smartstore" and upload.ok, upload.problems[:3]
    assert upload.header_row == 2
    assert upload.mapping.get("quantity").header == "수량"
    assert "outbound" not in upload.mapping and "inbound" not in upload.mapping
    assert len(upload.rows) == 9 and len(upload.cancelled_lines) == 3
    assert {r.external_ref for r in upload.rows} == {row[0] for i, row in
                                                    enumerate(rows) if i % 5}


def test_playauto_split_set_lines_sharing_an_order_are_two_lines(tmp_path, parse):
    header = ["쇼핑몰 주문번호", "주문상태", "SKU코드", "결제완료일", "묶음번호", "쇼핑몰",
              "주문수량", "주문고유번호", "비고"]  # other order, extra column
    rows = [
        header,
        ["2311", "출고대기", "SS-TEE-BK-M", "2026/11/02 18:02", "B1", "쿠팡", 1, "U1", ""],
        ["2311", "출고대기", "SS-SOCK-3P", "2026/11/02 18:02", "B1", "쿠팡", 2, "U1", ""],
        ["2311", "출고대기", "SS-SOCK-3P", "2026/11/02 18:02", "B1", "쿠팡", 2, "U1", ""],
    ]
    upload = parse(write_csv(tmp_path / "playauto.csv", rows, encoding="cp949"))
    assert upload.format == "playauto" and upload.encoding == "cp949"
    assert [(r.row, r.sku, r.quantity) for r in upload.rows] == [
        (2, "SS-TEE-BK-M", 1), (3, "SS-SOCK-3P", 2)]
    # The true duplicate is shown: a warning naming both rows, and a skip.
    assert [(w.row, w.code, w.params["first_row"]) for w in upload.warnings] == [
        (4, "duplicate_line", 3)]
    assert upload.skipped_counts["duplicate"] == 1


@pytest.fixture
def coupang_resolver():
    products = [CatalogProduct(1, "TEE-BK", "티"), CatalogProduct(2, "SOCK", "양말")]
    listings = [CatalogListing("쿠팡", "7100000005", 2)]  # the 노출상품ID
    return CatalogResolver(products, listings)


def test_every_code_column_is_tried_and_the_matching_column_named(tmp_path,
                                                                 coupang_resolver):
    rows = ce.coupang_rows(3, ["TEE-BK"], start=dt.datetime(2026, 11, 2, 9))
    rows[1][1] = "619999999999"  # its own box
    rows[1][16] = ""  # no 업체상품코드: the 옵션ID is not listed either
    rows[1][13] = "7100000005"  # ...but its 노출상품ID is
    rows[2][16] = "  tee-bk "  # lower-cased and padded by a seller's Excel
    path = tmp_path / "DeliveryList.xlsx"
    path.write_bytes(ce.coupang_xlsx(rows))
    upload = parse_upload(path, path.name, coupang_resolver,
                          ParseOptions(today=TODAY))
    assert upload.ok, upload.problems
    assert [(r.row, r.sku, r.matched_column) for r in upload.rows] == [
        (2, "TEE-BK", "업체상품코드"), (3, "SOCK", "노출상품ID"),
        (4, "TEE-BK", "업체상품코드")]


def test_unknown_code_names_the_column_it_came_from(tmp_path, parse):
    rows = [["일자", "SKU", "옵션ID", "수량", "판매처"],
            ["2026-11-02", "", "V-404", 1, "쿠팡"]]
    upload = parse(write_xlsx(tmp_path / "u.xlsx", rows), today=TODAY)
    assert [(p.row, p.column, p.code) for p in upload.errors] == [
        (2, "옵션ID", "code_unknown")]


def test_dates_after_today_are_refused_and_far_past_warned(tmp_path, parse):
    rows = [["날짜", "품번", "입고", "출고"],
            ["2027.06.01", "SS-TEE-BK-M", "", 3],
            ["20261201", "SS-TEE-BK-M", 5, ""],
            ["2016-11-01", "SS-TEE-BK-M", "", 1],
            ["2026년 11월 29일", "SS-TEE-BK-M", "", 1]]
    upload = parse(write_csv(tmp_path / "d.csv", rows, encoding="cp949"),
                   today=TODAY, earliest=dt.date(2026, 1, 1))
    assert [(p.row, p.code) for p in upload.errors] == [
        (2, "date_future"), (3, "date_future")]
    assert [(p.row, p.code) for p in upload.warnings] == [(4, "date_long_before")]
    assert "2027-06-01" in upload.errors[0].text()


def test_accounting_report_with_date_sequence_and_totals(tmp_path, parse):
    rows = [["판매현황"], ["회사명 : 테스트상사 / 2026/11/01 ~ 2026/11/30"],
            ["일자-No.", "품목코드", "품목명(규격)", "수량", "단가", "공급가액", "부가세"],
            ["2026/11/24 -1", "SS-TEE-BK-M", "반팔티", 2, 12900, 23455, 2345],
            ["2026/11/24 -2", "ss-sock-3p", "양말", 1, 7900, 7182, 718],
            ["합계", "", "", 3, "", 30637, 3063]]
    upload = parse(write_xlsx(tmp_path / "판매현황.xlsx", rows), today=TODAY)
    assert upload.ok, upload.problems
    assert upload.header_row == 3
    assert [(r.row, r.sku, r.quantity, r.date) for r in upload.rows] == [
        (4, "SS-TEE-BK-M", 2, dt.date(2026, 11, 24)),
        (5, "SS-SOCK-3P", 1, dt.date(2026, 11, 24))]
    assert upload.skipped_counts["total_row"] == 1
    assert [(s.row, s.reason) for s in upload.skipped] == [(6, "total_row")]


def test_cafe24_api_style_columns_use_the_payment_date(tmp_path, parse):
    rows = [["order_id", "order_item_code", "order_date", "payment_date",
             "custom_variant_code", "quantity", "order_status"],
            ["20261101-01", "20261101-01-01", "2026-11-01T23:50:00+09:00",
             "2026-11-02T00:10:00+09:00", "SS-TEE-BK-M", 2, "N10"]]
    upload = parse(write_csv(tmp_path / "cafe24.csv", rows), today=TODAY)
    assert upload.format == "cafe24" and upload.ok, upload.problems
    assert upload.mapping.get("date").header == "payment_date"
    row = upload.rows[0]
    assert (row.date, row.channel, row.external_ref) == (
        dt.date(2026, 11, 2), "카페24", "20261101-01-01")


def test_template_sku_escaped_by_the_export_reads_back(tmp_path):
    resolver = CatalogResolver([CatalogProduct(7, "=SUM-1", "수식처럼 보이는 SKU")])
    rows = [["마스터 SKU (Master SKU)", "일자 (Date)", "입고 (Inbound)", "출고 (Outbound)",
             "메모 (Note)"], ["'=SUM-1", "2026-11-02", 4, None, ""]]
    path = write_xlsx(tmp_path / "template.xlsx", rows)
    upload = parse_upload(path, path.name, resolver, ParseOptions(today=TODAY))
    assert upload.ok, upload.problems
    assert [(r.product_key, r.kind, r.quantity) for r in upload.rows] == [
        (7, INBOUND, 4)]


# -- resource bounds ---------------------------------------------------------------
def _xlsx_with_sheet_xml(sheet_xml: bytes, shared: bytes | None = None) -> bytes:
    """A minimal workbook around a hand-written sheet (and shared strings)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
            '.org/package/2006/relationships"><Relationship Id="r1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'))
        rels = ('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/worksheet" '
                'Target="worksheets/sheet1.xml"/>')
        if shared is not None:
            rels += ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
                     'officeDocument/2006/relationships/sharedStrings" '
                     'Target="sharedStrings.xml"/>')
            archive.writestr("xl/sharedStrings.xml", shared)
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
            f'.org/package/2006/relationships">{rels}</Relationships>'))
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


SHEET_OPEN = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.'
              b'org/spreadsheetml/2006/main"><sheetData>')
HEADER_ROW = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>SKU</t></is></c>'
              b'<c r="B1" t="inlineStr"><is><t>\xec\x88\x98\xeb\x9f\x89</t></is></c>'
              b'<c r="C1" t="inlineStr"><is><t>\xec\x9d\xbc\xec\x9e\x90</t></is></c>'
              b'</row>')


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_190_mb_cell_in_a_small_xlsx_is_refused_without_loading_it(resolver):
    # 209 KB on disk: one shared string of 190 MB (Excel itself stops at 32,767).
    shared = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
              + b"A" * (190 * 1024 * 1024) + b"</t></si></sst>")
    sheet = SHEET_OPEN + HEADER_ROW + (
        b'<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>1</v></c></row>'
        b"</sheetData></worksheet>")
    data = _xlsx_with_sheet_xml(sheet, shared)
    del shared
    assert len(data) < 400 * 1024
    before = _rss_mb()
    started = time.perf_counter()
    limits = Limits(max_unpacked_bytes=300 * 1024 * 1024)  # past the zip-bomb check
    with pytest.raises(UploadRefused) as refused:
        parse_upload(data, "big-cell.xlsx", resolver, ParseOptions(limits=limits))
    assert refused.value.code == "xlsx_memory_budget"
    assert time.perf_counter() - started < 5
    assert _rss_mb() - before < 100  # the process did not grow by the cell
    # Within the memory budget, the cell itself is refused while being read.
    small_budget = Limits(max_unpacked_bytes=300 * 1024 * 1024,
                          max_shared_strings_bytes=400 * 1024 * 1024)
    with pytest.raises(UploadRefused) as refused:
        parse_upload(data, "big-cell.xlsx", resolver,
                     ParseOptions(limits=small_budget))
    assert refused.value.code == "cell_too_large_table"
    assert _rss_mb() - before < 100


def test_an_inline_cell_over_excels_limit_names_its_row_and_column(resolver):
    sheet = SHEET_OPEN + HEADER_ROW + (
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"x" * 40_000
        + b"</t></is></c></row></sheetData></worksheet>")
    with pytest.raises(UploadRefused) as refused:
        parse_upload(_xlsx_with_sheet_xml(sheet), "c.xlsx", resolver)
    assert refused.value.code == "cell_too_large"
    assert refused.value.message.params["row"] == 2
    assert refused.value.message.params["column"] == 1


def test_a_900000_row_sheet_is_refused_as_soon_as_the_cap_is_passed(resolver,
                                                                   monkeypatch):
    body = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>SS-TEE-BK-M</t></is></c>'
        b'<c r="B%d"><v>1</v></c><c r="C%d" t="inlineStr"><is><t>2026-11-02</t>'
        b"</is></c></row>" % (n, n, n, n)
        for n in range(2, 900_002))
    data = _xlsx_with_sheet_xml(SHEET_OPEN + HEADER_ROW + body
                                + b"</sheetData></worksheet>")
    del body
    seen = []
    feed = RowParser.feed
    monkeypatch.setattr(RowParser, "feed",
                        lambda self, raw: (seen.append(raw.number), feed(self, raw)))
    counting = CatalogResolver([CatalogProduct(1, "SS-TEE-BK-M", "티")])
    started = time.perf_counter()
    with pytest.raises(UploadRefused) as refused:
        parse_upload(data, "huge.xlsx", counting, ParseOptions(
            limits=Limits(max_bytes=100 * 1024 * 1024,
                          max_unpacked_bytes=500 * 1024 * 1024), today=TODAY))
    assert refused.value.code == "too_many_rows"
    assert len(seen) == 20_000  # stopped at row 20,001, not after 900,000
    assert time.perf_counter() - started < 60  # generous: a loaded CI machine


def test_blank_rows_past_the_cap_are_refused_too(tmp_path, resolver):
    rows = [["일자", "SKU", "수량"], ["2026-11-02", "SS-TEE-BK-M", 1]]
    rows += [[None, None, None, "x"] for _ in range(1_100)]  # content right of them
    path = write_csv(tmp_path / "blank.csv", rows)
    with pytest.raises(UploadRefused) as refused:
        parse_upload(path, path.name, resolver, ParseOptions(
            limits=Limits(max_rows=10), today=TODAY))
    assert refused.value.code == "too_many_rows"


def test_outbound_quantity_column_in_an_inventory_sheet_still_works(tmp_path, parse):
    rows = [["일자", "품번", "입고", "출고", "현재고", "출고지"],
            ["2026-11-02", "SS-TEE-BK-M", 5, 2, "", "경기도 이천시 물류로 12"]]
    upload = parse(write_xlsx(tmp_path / "inv.xlsx", rows), today=TODAY)
    assert upload.ok, upload.problems
    assert [(r.kind, r.quantity) for r in upload.rows] == [(INBOUND, 5), (OUTBOUND, 2)]


def test_a_hidden_sheet_is_never_read_in_place_of_the_visible_one(tmp_path, resolver):
    # A seller's workbook keeps last month's stock list on a hidden sheet; it
    # names more fields than today's visible sheet but must not be imported.
    path = write_xlsx(
        tmp_path / "today.xlsx",
        [["일자", "SKU", "수량"], ["2026-11-02", "SS-TEE-BK-M", 1]],
        title="오늘",
        more_sheets={"지난달": [["일자", "SKU", "상품명", "옵션", "입고", "출고", "재고"],
                              ["2026-10-01", "SS-TEE-BK-M", "티", "M", 500, 0, 500]]},
    )
    workbook = openpyxl.load_workbook(path)
    workbook["지난달"].sheet_state = "hidden"
    workbook.save(path)

    upload = parse_upload(path, path.name, resolver, ParseOptions(today=TODAY))

    assert upload.sheet == "오늘" and upload.ok, upload.problems
    assert [(r.kind, r.quantity) for r in upload.rows] == [(OUTBOUND, 1)]
    # Asked for by name, a hidden sheet is still read.
    named = parse_upload(path, path.name, resolver,
                         ParseOptions(today=TODAY, sheet_name="지난달"))
    assert named.sheet == "지난달"


def test_dates_of_a_1904_date_system_workbook_are_not_shifted(tmp_path, resolver):
    # Old Mac Excel files count days from 1904: the same serial is 4 years and a
    # day later than in the 1900 system, so reading it as 1900 moves every date.
    workbook = openpyxl.Workbook()
    workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.append(["일자", "SKU", "수량"])
    sheet.append([dt.datetime(2026, 11, 2, 15, 30), "SS-TEE-BK-M", 1])
    sheet.append([dt.date(2026, 11, 3), "SS-TEE-BK-M", 2])
    path = tmp_path / "mac.xlsx"
    workbook.save(path)

    upload = parse_upload(path, path.name, resolver, ParseOptions(today=TODAY))

    assert upload.ok, upload.problems
    assert [r.date for r in upload.rows] == [dt.date(2026, 11, 2), dt.date(2026, 11, 3)]


def test_a_date_merged_down_several_rows_applies_to_each_row(tmp_path, resolver):
    # Hand-made Korean stock sheets merge the day's date (and often the SKU)
    # down over that day's rows; only the top cell of a merged range holds the
    # value, the rows below read as blank.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["일자", "SKU", "수량"])
    sheet.append([dt.date(2026, 11, 2), "SS-TEE-BK-M", 1])
    sheet.append([None, "SS-TEE-WH-L", 2])
    sheet.append([None, "SS-SOCK-3P", 3])
    sheet.append([dt.date(2026, 11, 3), "SS-TEE-BK-M", 4])
    sheet.append([None, None, 5])
    sheet.append([None, "SS-TEE-WH-L", 6])  # blank date, but not merged
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("A5:A6")
    sheet.merge_cells("B5:B6")
    path = tmp_path / "stock.xlsx"
    workbook.save(path)

    upload = parse_upload(path, path.name, resolver, ParseOptions(today=TODAY))

    assert [(r.row, r.date, r.quantity) for r in upload.rows] == [
        (2, dt.date(2026, 11, 2), 1), (3, dt.date(2026, 11, 2), 2),
        (4, dt.date(2026, 11, 2), 3), (5, dt.date(2026, 11, 3), 4),
        (6, dt.date(2026, 11, 3), 5)]
    assert upload.rows[4].product_key == 1  # the SKU merged over rows 5-6
    # Row 7 is blank and merged with nothing: still an error, never filled.
    assert [(p.row, p.code) for p in upload.errors] == [(7, "date_blank")]


def test_a_cell_merged_across_columns_fills_nothing_sideways(tmp_path, resolver):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["일자", "SKU", "수량", "메모"])
    sheet.append([dt.date(2026, 11, 2), "SS-TEE-BK-M", 1, None])
    sheet.append([dt.date(2026, 11, 2), "SS-TEE-WH-L", None, None])
    sheet.merge_cells("B3:D3")  # a note typed over the row, not a quantity
    path = tmp_path / "stock.xlsx"
    workbook.save(path)

    upload = parse_upload(path, path.name, resolver, ParseOptions(today=TODAY))

    assert [(r.row, r.quantity) for r in upload.rows] == [(2, 1)]


def test_the_merged_cells_scan_stops_once_the_sheet_is_past_the_row_cap():
    from inventory.importing.xlsx_merges import scan_merged_down

    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n)
                    for n in range(1, 200_001))
    xml = (SHEET_OPEN + rows + b'</sheetData><mergeCells count="1">'
           b'<mergeCell ref="A2:A4"/></mergeCells></worksheet>')
    assert scan_merged_down(io.BytesIO(xml), 300_000) == [(2, 4, 0)]
    source = io.BytesIO(xml)
    assert scan_merged_down(source, 20_000) == []
    assert source.tell() < len(xml) // 2  # stopped reading, not at the end
